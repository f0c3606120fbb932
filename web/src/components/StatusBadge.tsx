/** How a status reads at a glance; the text always says it too, colour only helps. */
export type StatusTone = 'good' | 'bad' | 'warn' | 'busy' | 'neutral';

/** A status as a badge: its text in words, with a colour and a symbol for the tone. */
export function StatusBadge({ tone, text }: { tone: StatusTone; text: string }) {
  return <span className={`badge status status-${tone}`}>{text}</span>;
}
