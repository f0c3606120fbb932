import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../api/client';
import {
  grantRights,
  RIGHTS_CHANNELS,
  type RightsChannel,
  type SubmissionDetail,
  useRights,
} from '../../api/content';
import { toApiError } from '../../api/useResource';
import { useFormat } from '../../i18n/useFormat';
import { announce } from '../announcer';
import { ErrorAlert } from '../ErrorAlert';
import { StatusBadge } from '../StatusBadge';
import { useContentLabels } from './labels';

const DAY = 86_400_000;
const day = (at: number) => new Date(at).toISOString().slice(0, 10);
const STATE_TONES = { upcoming: 'neutral', active: 'good', expired: 'bad' } as const;

/** The usage rights of an approved submission, and the form that records new ones. */
export function RightsPanel({ detail }: { detail: SubmissionDetail }) {
  const { t } = useTranslation();
  const id = useId();
  const format = useFormat();
  const labels = useContentLabels();
  const rights = useRights(detail.id);
  const images = (detail.versions.at(-1)?.media ?? []).filter((m) => m.uploadId);
  const [channels, setChannels] = useState<ReadonlySet<RightsChannel>>(new Set(['instagram']));
  const [startsOn, setStartsOn] = useState(() => day(Date.now()));
  const [endsOn, setEndsOn] = useState(() => day(Date.now() + 90 * DAY));
  const [paidUse, setPaidUse] = useState(false);
  const [feeNote, setFeeNote] = useState('');
  const [uploadId, setUploadId] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  const toggle = (channel: RightsChannel, on: boolean) =>
    setChannels((current) => {
      const next = new Set(current);
      if (on) {
        next.add(channel);
      } else {
        next.delete(channel);
      }
      return next;
    });

  const handleSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setPending(true);
    setError(null);
    try {
      await grantRights(detail.id, {
        uploadId: uploadId || null,
        channels: [...channels],
        startsAt: new Date(`${startsOn}T00:00:00.000Z`).toISOString(),
        endsAt: new Date(`${endsOn}T00:00:00.000Z`).toISOString(),
        paidUse,
        ...(feeNote.trim() ? { feeNote: feeNote.trim() } : {}),
      });
      announce(t('content.rights.saved'));
      rights.reload();
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setPending(false);
    }
  };

  return (
    <section className="page-section stack" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t('content.rights.title')}</h3>
      <ErrorAlert error={rights.error} />
      {rights.data && rights.data.items.length > 0 ? (
        <ul className="compact-list">
          {rights.data.items.map((r) => (
            <li key={r.id}>
              <StatusBadge
                tone={STATE_TONES[r.state]}
                text={t(`content.rights.state.${r.state}`)}
              />{' '}
              {r.channels.map(labels.channel).join(', ')} ·{' '}
              {t('content.rights.window', {
                from: format.date(r.startsAt),
                to: format.date(r.endsAt),
              })}{' '}
              · {r.paidUse ? t('content.rights.paidYes') : t('content.rights.paidNo')}
              {r.feeNote ? ` · ${r.feeNote}` : ''}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t('content.rights.none')}</p>
      )}
      <form className="stack" onSubmit={(event) => void handleSubmit(event)}>
        <fieldset className="checkbox-group">
          <legend>{t('content.rights.channels')}</legend>
          {RIGHTS_CHANNELS.map((channel) => (
            <label key={channel} className="checkbox-field">
              <input
                type="checkbox"
                checked={channels.has(channel)}
                onChange={(event) => toggle(channel, event.target.checked)}
              />{' '}
              {labels.channel(channel)}
            </label>
          ))}
        </fieldset>
        {images.length > 0 ? (
          <div className="field">
            <label htmlFor={`${id}-asset`}>{t('content.rights.asset')}</label>
            <select
              id={`${id}-asset`}
              value={uploadId}
              onChange={(e) => setUploadId(e.target.value)}
            >
              <option value="">{t('content.rights.wholeSubmission')}</option>
              {images.map((image, index) => (
                <option key={image.uploadId} value={image.uploadId ?? ''}>
                  {image.altText ?? t('content.rights.image', { number: index + 1 })}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <div className="field-row">
          <div className="field">
            <label htmlFor={`${id}-from`}>{t('content.rights.startsOn')}</label>
            <input
              id={`${id}-from`}
              type="date"
              value={startsOn}
              onChange={(e) => setStartsOn(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor={`${id}-to`}>{t('content.rights.endsOn')}</label>
            <input
              id={`${id}-to`}
              type="date"
              value={endsOn}
              onChange={(e) => setEndsOn(e.target.value)}
            />
          </div>
        </div>
        <label className="checkbox-field">
          <input type="checkbox" checked={paidUse} onChange={(e) => setPaidUse(e.target.checked)} />{' '}
          {t('content.rights.paidUse')}
        </label>
        <div className="field">
          <label htmlFor={`${id}-fee`}>{t('content.rights.feeNote')}</label>
          <input
            id={`${id}-fee`}
            type="text"
            maxLength={500}
            value={feeNote}
            onChange={(e) => setFeeNote(e.target.value)}
          />
        </div>
        <button type="submit" className="button" disabled={pending || channels.size === 0}>
          {t('content.rights.save')}
        </button>
        <ErrorAlert error={error} />
      </form>
    </section>
  );
}
