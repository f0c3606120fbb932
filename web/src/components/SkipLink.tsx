import type { MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';

export const MAIN_ID = 'main';

/** The first focusable element: jumps past the header to the page's content. */
export function SkipLink() {
  const { t } = useTranslation();
  const handleClick = (event: MouseEvent<HTMLAnchorElement>) => {
    const main = document.getElementById(MAIN_ID);
    if (main) {
      event.preventDefault();
      main.focus();
      main.scrollIntoView();
    }
  };
  return (
    <a className="skip-link" href={`#${MAIN_ID}`} onClick={handleClick}>
      {t('nav.skip')}
    </a>
  );
}
