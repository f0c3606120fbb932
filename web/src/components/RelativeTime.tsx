import { useFormat } from '../i18n/useFormat';

/** "3 days ago", with the full date and time as the title. */
export function RelativeTime({ value }: { value: string }) {
  const format = useFormat();
  return (
    <time dateTime={value} title={format.dateTime(value)}>
      {format.relative(value)}
    </time>
  );
}
