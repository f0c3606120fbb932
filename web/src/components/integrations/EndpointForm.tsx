import { type FormEvent, useId, useState } from 'react';
import { type UseTranslationResponse, useTranslation } from 'react-i18next';
import type { ApiError } from '../../api/client';
import { SUBSCRIBABLE_TOPICS, type EndpointInput } from '../../api/types';
import { toApiError } from '../../api/useResource';
import { ErrorAlert } from '../ErrorAlert';

interface EndpointFormProps {
  /** The endpoint being edited; none for a new one. */
  initial?: EndpointInput;
  submitLabel: string;
  save: (input: EndpointInput) => Promise<void>;
  onCancel?: () => void;
}

const EMPTY: EndpointInput = { url: '', description: '', topics: ['*'], enabled: true };

/** Address, description, topics and state of a webhook endpoint (new or edited). */
export function EndpointForm({ initial, submitLabel, save, onCancel }: EndpointFormProps) {
  const { t } = useTranslation();
  const id = useId();
  const start = initial ?? EMPTY;
  const [url, setUrl] = useState(start.url);
  const [description, setDescription] = useState(start.description);
  const [topics, setTopics] = useState<string[]>(start.topics);
  const [enabled, setEnabled] = useState(start.enabled);
  const [noTopic, setNoTopic] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const all = topics.includes('*');

  const toggleTopic = (topic: string, checked: boolean) => {
    setNoTopic(false);
    setTopics((current) =>
      checked ? [...current, topic] : current.filter((item) => item !== topic),
    );
  };

  const handleSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    // With "all topics" the others say nothing more.
    const chosen = all ? ['*'] : SUBSCRIBABLE_TOPICS.filter((topic) => topics.includes(topic));
    if (chosen.length === 0) {
      setNoTopic(true);
      return;
    }
    setPending(true);
    setError(null);
    try {
      await save({ url: url.trim(), description: description.trim(), topics: chosen, enabled });
      if (!initial) {
        setUrl('');
        setDescription('');
        setTopics(EMPTY.topics);
        setEnabled(true);
      }
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setPending(false);
    }
  };

  return (
    <form className="stack" onSubmit={(event) => void handleSubmit(event)}>
      <div className="field">
        <label htmlFor={`${id}-url`}>{t('endpoints.url')}</label>
        <input
          id={`${id}-url`}
          type="url"
          inputMode="url"
          required
          maxLength={2000}
          spellCheck={false}
          aria-describedby={`${id}-url-hint`}
          value={url}
          onChange={(event) => setUrl(event.target.value)}
        />
        <p id={`${id}-url-hint`} className="hint">
          {t('endpoints.urlHint')}
        </p>
      </div>
      <div className="field">
        <label htmlFor={`${id}-description`}>{t('endpoints.description')}</label>
        <input
          id={`${id}-description`}
          type="text"
          maxLength={500}
          value={description}
          onChange={(event) => setDescription(event.target.value)}
        />
      </div>
      <fieldset
        className="checkbox-group"
        aria-describedby={noTopic ? `${id}-topics-error` : undefined}
      >
        <legend>{t('endpoints.topics')}</legend>
        {SUBSCRIBABLE_TOPICS.map((topic) => (
          <div key={topic} className="checkbox-field">
            <input
              id={`${id}-topic-${topic}`}
              type="checkbox"
              checked={all ? true : topics.includes(topic)}
              disabled={all && topic !== '*'}
              onChange={(event) => toggleTopic(topic, event.target.checked)}
            />
            <label htmlFor={`${id}-topic-${topic}`}>
              {topicLabel(topic, t)}
              {topic === '*' ? null : <span className="mono small muted"> ({topic})</span>}
            </label>
          </div>
        ))}
        {noTopic ? (
          <p id={`${id}-topics-error`} className="field-error">
            {t('endpoints.topicRequired')}
          </p>
        ) : null}
      </fieldset>
      <div className="checkbox-field">
        <input
          id={`${id}-enabled`}
          type="checkbox"
          checked={enabled}
          onChange={(event) => setEnabled(event.target.checked)}
        />
        <label htmlFor={`${id}-enabled`}>{t('endpoints.enabledField')}</label>
      </div>
      <ErrorAlert error={error} />
      <div className="actions">
        <button type="submit" className="button primary" disabled={pending} aria-busy={pending}>
          {submitLabel}
        </button>
        {onCancel ? (
          <button type="button" className="button" onClick={onCancel}>
            {t('actions.cancel')}
          </button>
        ) : null}
      </div>
    </form>
  );
}

// The default namespace named: `ReturnType<typeof useTranslation>` spans every namespace,
// which makes TypeScript's key checking run out of depth once the strings grow.
type Translate = UseTranslationResponse<'translation', undefined>['t'];

/** A topic's name in words; an unknown one as it is. */
export function topicLabel(topic: string, t: Translate): string {
  switch (topic) {
    case '*':
      return t('endpoints.topicNames.all');
    case 'customer.linked':
      return t('endpoints.topicNames.customerLinked');
    case 'customer.unlinked':
      return t('endpoints.topicNames.customerUnlinked');
    case 'import.completed':
      return t('endpoints.topicNames.importCompleted');
    case 'loyalty.credit':
      return t('endpoints.topicNames.loyaltyCredit');
    case 'loyalty.debit':
      return t('endpoints.topicNames.loyaltyDebit');
    case 'member.erased':
      return t('endpoints.topicNames.memberErased');
    case 'ping':
      return t('endpoints.topicNames.ping');
    default:
      return topic;
  }
}
