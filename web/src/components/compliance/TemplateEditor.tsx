import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type ClauseCheck,
  type ContractTemplate,
  checkContractText,
  createContractTemplate,
  type TemplateInput,
  updateContractTemplate,
} from '../../api/contracts';
import { AmbassadorError } from '../ambassadors/AmbassadorError';
import { useAction } from '../ambassadors/useAction';
import { announce } from '../announcer';
import { ClauseCheckResult } from './ClauseCheckResult';

interface FormState {
  title: string;
  markets: string;
  allMarkets: boolean;
  body: string;
}

function formOf(template: ContractTemplate | null): FormState {
  return template
    ? {
        title: template.title,
        markets: template.markets.join(', '),
        allMarkets: template.allMarkets,
        body: template.body,
      }
    : { title: '', markets: '', allMarkets: false, body: '' };
}

function inputOf(form: FormState): TemplateInput {
  return {
    title: form.title.trim(),
    body: form.body,
    markets: [
      ...new Set(
        form.markets
          .split(',')
          .map((market) => market.trim().toUpperCase())
          .filter((market) => market !== ''),
      ),
    ],
    allMarkets: form.allMarkets,
  };
}

interface TemplateEditorProps {
  programId: string;
  /** The template to write the next version of; null writes a new draft. */
  template: ContractTemplate | null;
  onSaved: (template: ContractTemplate) => void;
  onCancel?: () => void;
}

/**
 * Writes a contract template: title, markets (or all markets) and the Markdown body with its
 * clause headings tagged `{#CON-01}` … `{#CON-10}`. "Check clauses" tests the unsaved text and
 * shows every clause passing or failing; saving a template writes its next version.
 */
export function TemplateEditor({ programId, template, onSaved, onCancel }: TemplateEditorProps) {
  const { t } = useTranslation();
  const id = useId();
  const save = useAction();
  const checking = useAction();
  const [form, setForm] = useState<FormState>(() => formOf(template));
  const [check, setCheck] = useState<ClauseCheck | null>(null);
  const set = <K extends keyof FormState>(key: K, value: FormState[K]) =>
    setForm((current) => ({ ...current, [key]: value }));

  const handleCheck = () =>
    void checking.run(async () => {
      const result = await checkContractText(form.body);
      setCheck(result);
      announce(
        result.publishable
          ? t('contracts.check.announcePass', { warnings: result.warnings.length })
          : t('contracts.check.announceFail', { missing: result.missing.length }),
      );
    });

  const label = template
    ? t('contracts.editor.editForm', { title: template.title })
    : t('contracts.editor.newForm');

  return (
    <form
      className="stack card"
      aria-label={label}
      onSubmit={(event) => {
        event.preventDefault();
        const input = inputOf(form);
        void save.run(async () => {
          const saved = template
            ? await updateContractTemplate(template.id, input)
            : await createContractTemplate(programId, input);
          announce(t('contracts.editor.saved', { title: saved.title, version: saved.version }));
          if (!template) {
            setForm(formOf(null));
            setCheck(null);
          }
          onSaved(saved);
        });
      }}
    >
      <h3>{label}</h3>
      <div className="field">
        <label htmlFor={`${id}-title`}>{t('contracts.editor.title')}</label>
        <input
          id={`${id}-title`}
          required
          minLength={3}
          maxLength={200}
          value={form.title}
          onChange={(event) => set('title', event.target.value)}
        />
      </div>
      <div className="field-row">
        <div className="field">
          <label htmlFor={`${id}-markets`}>{t('contracts.editor.markets')}</label>
          <input
            id={`${id}-markets`}
            aria-describedby={`${id}-markets-hint`}
            disabled={form.allMarkets}
            value={form.markets}
            onChange={(event) => set('markets', event.target.value)}
          />
          <p id={`${id}-markets-hint`} className="hint">
            {t('contracts.editor.marketsHint')}
          </p>
        </div>
        <div className="checkbox-field">
          <input
            id={`${id}-all`}
            type="checkbox"
            checked={form.allMarkets}
            onChange={(event) => set('allMarkets', event.target.checked)}
          />
          <label htmlFor={`${id}-all`}>{t('contracts.editor.allMarkets')}</label>
        </div>
      </div>
      <div className="field">
        <label htmlFor={`${id}-body`}>{t('contracts.editor.body')}</label>
        <textarea
          id={`${id}-body`}
          rows={16}
          required
          maxLength={100_000}
          aria-describedby={`${id}-body-hint`}
          value={form.body}
          onChange={(event) => set('body', event.target.value)}
        />
        <p id={`${id}-body-hint`} className="hint">
          {t('contracts.editor.bodyHint')}
        </p>
      </div>
      <div className="actions">
        <button
          type="button"
          className="button"
          disabled={checking.pending || form.body.trim() === ''}
          aria-busy={checking.pending}
          onClick={handleCheck}
        >
          {t('contracts.editor.check')}
        </button>
        <button
          type="submit"
          className="button primary"
          disabled={save.pending}
          aria-busy={save.pending}
        >
          {template ? t('contracts.editor.saveVersion') : t('contracts.editor.saveDraft')}
        </button>
        {onCancel ? (
          <button type="button" className="button" onClick={onCancel}>
            {t('actions.cancel')}
          </button>
        ) : null}
      </div>
      {template?.status === 'published' ? (
        <p className="hint">{t('contracts.editor.publishedHint')}</p>
      ) : null}
      <AmbassadorError error={checking.error} />
      <AmbassadorError error={save.error} />
      {check ? <ClauseCheckResult check={check} /> : null}
    </form>
  );
}
