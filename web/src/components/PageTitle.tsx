import { useEffect } from 'react';
import { useSession } from '../api/session';

/** Sets the browser tab's title for the current page. */
export function PageTitle({ title }: { title: string }) {
  const { tenant } = useSession();
  const site = tenant?.name ?? 'Guild';
  useEffect(() => {
    document.title = title ? `${title} · ${site}` : site;
  }, [title, site]);
  return null;
}
