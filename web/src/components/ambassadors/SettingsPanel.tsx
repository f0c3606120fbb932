import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  publishAgreement,
  resetTemplate,
  saveTemplate,
  TEMPLATE_KINDS,
  TEMPLATE_LOCALES,
  type TemplateKind,
  type TemplateLocale,
  useAgreement,
  useTemplate,
} from '../../api/ambassadorWork';
import { useFormat } from '../../i18n/useFormat';
import { announce } from '../announcer';
import { Loading } from '../Loading';
import { AmbassadorError } from './AmbassadorError';
import { useAction } from './useAction';

/** One e-mail template per kind and locale: the default or the program's own wording. */
function TemplateEditor({ programId }: { programId: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const id = useId();
  const [kind, setKind] = useState<TemplateKind>('invitation');
  const [locale, setLocale] = useState<TemplateLocale>('en-GB');
  const template = useTemplate(programId, kind, locale);
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  const save = useAction();
  const data = template.data;

  useEffect(() => {
    if (data) {
      setSubject(data.subject);
      setBody(data.body);
    }
  }, [data]);

  const invalidField = (save.error?.details as { field?: string } | undefined)?.field;

  return (
    <section className="page-section" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t('ambassadors.settings.templates')}</h3>
      <div className="filter-bar">
        <div className="field">
          <label htmlFor={`${id}-kind`}>{t('ambassadors.settings.kind')}</label>
          <select
            id={`${id}-kind`}
            value={kind}
            onChange={(event) => {
              setKind(event.target.value as TemplateKind);
              save.clear();
            }}
          >
            {TEMPLATE_KINDS.map((item) => (
              <option key={item} value={item}>
                {t(`ambassadors.settings.kinds.${item}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-locale`}>{t('ambassadors.settings.locale')}</label>
          <select
            id={`${id}-locale`}
            value={locale}
            onChange={(event) => {
              setLocale(event.target.value as TemplateLocale);
              save.clear();
            }}
          >
            {TEMPLATE_LOCALES.map((item) => (
              <option key={item} value={item}>
                {item}
              </option>
            ))}
          </select>
        </div>
      </div>
      {template.loading ? <Loading /> : null}
      <AmbassadorError error={template.error} onRetry={template.reload} />
      {data ? (
        <form
          className="stack"
          aria-label={t('ambassadors.settings.templateForm')}
          onSubmit={(event) => {
            event.preventDefault();
            void save
              .run(() => saveTemplate(programId, kind, locale, { subject, body }))
              .then((done) => {
                if (done) {
                  announce(t('ambassadors.settings.templateSaved'));
                  template.reload();
                }
              });
          }}
        >
          <p className="meta">
            {data.overridden && data.updatedAt
              ? t('ambassadors.settings.overridden', { date: format.dateTime(data.updatedAt) })
              : t('ambassadors.settings.default')}
          </p>
          <div className="field">
            <label htmlFor={`${id}-subject`}>{t('ambassadors.settings.subject')}</label>
            <input
              id={`${id}-subject`}
              maxLength={200}
              required
              aria-invalid={invalidField === 'subject' ? true : undefined}
              value={subject}
              onChange={(event) => setSubject(event.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor={`${id}-body`}>{t('ambassadors.settings.body')}</label>
            <textarea
              id={`${id}-body`}
              rows={10}
              maxLength={10_000}
              required
              aria-invalid={invalidField === 'body' ? true : undefined}
              aria-describedby={`${id}-placeholders`}
              value={body}
              onChange={(event) => setBody(event.target.value)}
            />
            <p className="hint" id={`${id}-placeholders`}>
              {t('ambassadors.settings.placeholders', {
                all: data.placeholders.map((item) => `{{${item}}}`).join(', '),
                required: data.required.map((item) => `{{${item}}}`).join(', '),
              })}
            </p>
          </div>
          <div className="actions">
            <button type="submit" className="button primary" disabled={save.pending}>
              {t('ambassadors.settings.saveTemplate')}
            </button>
            {data.overridden ? (
              <button
                type="button"
                className="button"
                disabled={save.pending}
                onClick={() =>
                  void save
                    .run(() => resetTemplate(programId, kind, locale))
                    .then((done) => {
                      if (done) {
                        announce(t('ambassadors.settings.templateReset'));
                        template.reload();
                      }
                    })
                }
              >
                {t('ambassadors.settings.resetTemplate')}
              </button>
            ) : null}
          </div>
          <AmbassadorError error={save.error} />
        </form>
      ) : null}
    </section>
  );
}

/** The program's agreement: the current version and publishing a new one. */
function AgreementEditor({ programId }: { programId: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const id = useId();
  const agreement = useAgreement(programId);
  const [body, setBody] = useState('');
  const publish = useAction();
  const data = agreement.data;

  useEffect(() => {
    if (data) {
      setBody(data.body);
    }
  }, [data]);

  return (
    <section className="page-section" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t('ambassadors.settings.agreement')}</h3>
      {agreement.loading ? <Loading /> : null}
      <AmbassadorError error={agreement.error} onRetry={agreement.reload} />
      {data ? (
        <form
          className="stack"
          onSubmit={(event) => {
            event.preventDefault();
            void publish
              .run(() => publishAgreement(programId, body))
              .then((done) => {
                if (done) {
                  announce(t('ambassadors.settings.agreementPublished'));
                  agreement.reload();
                }
              });
          }}
        >
          <p className="meta">
            {t('ambassadors.settings.agreementVersion', {
              version: data.version,
              date: format.dateTime(data.publishedAt),
            })}
          </p>
          <div className="field">
            <label htmlFor={`${id}-body`}>{t('ambassadors.settings.agreementText')}</label>
            <textarea
              id={`${id}-body`}
              rows={14}
              maxLength={50_000}
              required
              value={body}
              onChange={(event) => setBody(event.target.value)}
            />
            <p className="hint">{t('ambassadors.settings.agreementHint')}</p>
          </div>
          <div className="actions">
            <button
              type="submit"
              className="button primary"
              disabled={publish.pending || body.trim() === '' || body === data.body}
            >
              {t('ambassadors.settings.publish')}
            </button>
          </div>
          <AmbassadorError error={publish.error} />
        </form>
      ) : null}
    </section>
  );
}

/** The program's settings tab: invitation e-mails and the agreement. */
export function SettingsPanel({ programId }: { programId: string }) {
  return (
    <>
      <TemplateEditor programId={programId} />
      <AgreementEditor programId={programId} />
    </>
  );
}
