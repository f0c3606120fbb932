import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../api/client';
import { REACTION_KINDS, type ReactionKind, type ReactionState } from '../api/types';
import { toApiError } from '../api/useResource';
import { useFormat } from '../i18n/useFormat';
import { ErrorAlert } from './ErrorAlert';

interface ReactionBarProps extends ReactionState {
  /** Anonymous visitors see the counts but cannot react. */
  canReact: boolean;
  toggle: (kind: ReactionKind, on: boolean) => Promise<ReactionState>;
  onChange: (state: ReactionState) => void;
}

/** One toggle button per reaction kind, named like "Like (3)", pressed when it is mine. */
export function ReactionBar({
  reactions,
  myReactions,
  canReact,
  toggle,
  onChange,
}: ReactionBarProps) {
  const { t } = useTranslation();
  const format = useFormat();
  const [pending, setPending] = useState<ReactionKind | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  const handleToggle = async (kind: ReactionKind) => {
    setPending(kind);
    setError(null);
    try {
      onChange(await toggle(kind, !myReactions.includes(kind)));
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setPending(null);
    }
  };

  return (
    <div className="reactions">
      <div className="reaction-buttons" role="group" aria-label={t('reactions.group')}>
        {REACTION_KINDS.map((kind) => (
          <button
            key={kind}
            type="button"
            className="button toggle reaction"
            aria-pressed={myReactions.includes(kind)}
            disabled={!canReact || pending !== null}
            onClick={() => void handleToggle(kind)}
          >
            {t('reactions.button', {
              label: t(`reactions.${kind}`),
              count: format.number(reactions[kind] ?? 0),
            })}
          </button>
        ))}
      </div>
      <ErrorAlert error={error} />
    </div>
  );
}
