import { type ReactNode, useEffect, useRef } from 'react';
import { useLocation } from 'react-router-dom';
import { Footer } from './Footer';
import { Header } from './Header';
import { LiveRegion } from './LiveRegion';
import { MAIN_ID, SkipLink } from './SkipLink';

/** Page frame: skip link, header, main content, footer and the live region. */
export function Layout({ children }: { children: ReactNode }) {
  const { pathname } = useLocation();
  const mainRef = useRef<HTMLElement>(null);
  const firstRender = useRef(true);

  // After client-side navigation, start reading (and tabbing) at the new page's content.
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    mainRef.current?.focus({ preventScroll: true });
    window.scrollTo(0, 0);
  }, [pathname]);

  return (
    <>
      <SkipLink />
      <Header />
      <main id={MAIN_ID} ref={mainRef} tabIndex={-1} className="container site-main">
        {children}
      </main>
      <Footer />
      <LiveRegion />
    </>
  );
}
