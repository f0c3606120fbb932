import { useTranslation } from 'react-i18next';
import type { State } from '../../api/ambassadors';
import { StatusBadge, type StatusTone } from '../StatusBadge';

const TONES: Record<State, StatusTone> = {
  applied: 'busy',
  identified: 'neutral',
  invited: 'busy',
  accepted: 'good',
  declined: 'bad',
  onboarding: 'busy',
  active: 'good',
  paused: 'warn',
  alumni: 'neutral',
};

/** A place's state in words, coloured by tone. */
export function StateBadge({ state }: { state: State }) {
  const { t } = useTranslation();
  return <StatusBadge tone={TONES[state]} text={t(`ambassadors.states.${state}`)} />;
}
