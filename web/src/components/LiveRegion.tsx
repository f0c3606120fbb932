import { useAnnouncement } from './announcer';

/** The page's one polite live region; fill it with `announce()`. */
export function LiveRegion() {
  const message = useAnnouncement();
  return (
    <div className="visually-hidden" role="status" aria-live="polite" aria-atomic="true">
      {message}
    </div>
  );
}
