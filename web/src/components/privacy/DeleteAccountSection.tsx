import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fileRequest } from '../../api/privacyRequests';
import { announce } from '../announcer';
import { ConfirmButton } from '../ConfirmButton';

const ERASED = ['account', 'content', 'mentions', 'personal'] as const;
const KEPT = ['ledger', 'audit', 'others', 'records'] as const;

/**
 * "Delete my account": says plainly what erasure removes and what Guild keeps, then, after a
 * second step, files an erasure request (a deletion request for a member under the CCPA) that
 * the privacy team checks and carries out.
 */
export function DeleteAccountSection({ onFiled }: { onFiled: () => void }) {
  const { t } = useTranslation();
  const id = useId();
  const [note, setNote] = useState('');
  const [filed, setFiled] = useState(false);

  const handleErase = async () => {
    await fileRequest('erasure', note);
    setNote('');
    setFiled(true);
    announce(t('privacyCentre.erase.filed'));
    onFiled();
  };

  return (
    <section className="page-section" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('privacyCentre.erase.heading')}</h2>
      <p>{t('privacyCentre.erase.intro')}</p>
      <h3 id={`${id}-removed`}>{t('privacyCentre.erase.removedHeading')}</h3>
      <ul className="compact-list" aria-labelledby={`${id}-removed`}>
        {ERASED.map((item) => (
          <li key={item}>{t(`privacyCentre.erase.removed.${item}`)}</li>
        ))}
      </ul>
      <h3 id={`${id}-kept`}>{t('privacyCentre.erase.keptHeading')}</h3>
      <ul className="compact-list" aria-labelledby={`${id}-kept`}>
        {KEPT.map((item) => (
          <li key={item}>{t(`privacyCentre.erase.kept.${item}`)}</li>
        ))}
      </ul>
      <p className="hint">{t('privacyCentre.erase.process')}</p>
      {filed ? (
        <p className="notice">{t('privacyCentre.erase.filed')}</p>
      ) : (
        <div className="actions">
          <ConfirmButton
            label={t('privacyCentre.erase.button')}
            question={t('privacyCentre.erase.question')}
            confirmLabel={t('privacyCentre.erase.confirm')}
            danger
            run={handleErase}
          >
            <div className="field">
              <label htmlFor={`${id}-note`}>{t('privacyCentre.erase.note')}</label>
              <textarea
                id={`${id}-note`}
                rows={2}
                maxLength={2000}
                value={note}
                onChange={(event) => setNote(event.target.value)}
              />
            </div>
          </ConfirmButton>
        </div>
      )}
    </section>
  );
}
