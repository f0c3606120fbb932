import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Contract, type ContractStatus, endContract } from '../../api/contracts';
import { useFormat } from '../../i18n/useFormat';
import { announce } from '../announcer';
import { ConfirmButton } from '../ConfirmButton';
import { type StatusTone, StatusBadge } from '../StatusBadge';

export const CONTRACT_TONES: Record<ContractStatus, StatusTone> = {
  offered: 'busy',
  signed: 'good',
  withdrawn: 'neutral',
  terminated: 'bad',
  expired: 'warn',
};

/**
 * One contract as a manager sees it: the ambassador, template and version, status, term, who
 * signed it and when, and how it ended; an offer can be withdrawn and a signed contract
 * terminated, each with a reason.
 */
export function ContractCard({
  contract,
  onChanged,
}: {
  contract: Contract;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const id = useId();
  const [reason, setReason] = useState('');
  const name = t('contracts.list.name', {
    name: contract.displayName,
    username: contract.username,
  });
  const open = contract.status === 'offered' || contract.status === 'signed';
  const endLabel =
    contract.status === 'offered' ? t('contracts.list.withdraw') : t('contracts.list.terminate');

  const handleEnd = async () => {
    await endContract(contract.id, reason.trim());
    announce(t('contracts.list.ended', { name: contract.displayName }));
    setReason('');
    onChanged();
  };

  return (
    <article className="card" aria-labelledby={`${id}-name`}>
      <div className="head-row">
        <h3 id={`${id}-name`}>{name}</h3>
        <StatusBadge
          tone={CONTRACT_TONES[contract.status]}
          text={t(`contracts.status.${contract.status}`)}
        />
      </div>
      <dl className="figures">
        <div>
          <dt>{t('contracts.list.template')}</dt>
          <dd>
            {t('contracts.list.templateVersion', {
              title: contract.title,
              version: contract.version,
            })}
          </dd>
        </div>
        <div>
          <dt>{t('contracts.list.term')}</dt>
          <dd>
            {t('contracts.list.termValue', {
              start: format.date(contract.startsAt),
              end: format.date(contract.endsAt),
            })}
          </dd>
        </div>
        <div>
          <dt>{t('contracts.list.signed')}</dt>
          <dd>
            {contract.signedAt
              ? t('contracts.list.signedValue', {
                  date: format.dateTime(contract.signedAt),
                  username: contract.username,
                  version: contract.signedVersion ?? contract.version,
                })
              : t('contracts.list.notSigned')}
          </dd>
        </div>
        {contract.endedAt ? (
          <div>
            <dt>{t('contracts.list.endedAt')}</dt>
            <dd>
              {t('contracts.list.endedValue', {
                date: format.dateTime(contract.endedAt),
                reason: contract.endReason ?? '—',
              })}
            </dd>
          </div>
        ) : null}
      </dl>
      {open ? (
        <div className="actions">
          <ConfirmButton
            label={endLabel}
            question={
              contract.status === 'offered'
                ? t('contracts.list.withdrawQuestion')
                : t('contracts.list.terminateQuestion')
            }
            confirmLabel={
              contract.status === 'offered'
                ? t('contracts.list.confirmWithdraw')
                : t('contracts.list.confirmTerminate')
            }
            danger
            confirmDisabled={reason.trim() === ''}
            run={handleEnd}
          >
            <div className="field">
              <label htmlFor={`${id}-reason`}>{t('contracts.list.reason')}</label>
              <input
                id={`${id}-reason`}
                required
                maxLength={500}
                value={reason}
                onChange={(event) => setReason(event.target.value)}
              />
            </div>
          </ConfirmButton>
        </div>
      ) : null}
    </article>
  );
}
