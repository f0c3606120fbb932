/**
 * The manager's handbook: docs/HANDBOOK.md, bundled at build time and rendered from a parsed
 * tree as React elements (no HTML is ever inserted), with its contents and the same heading
 * anchors as the file. A link to `/handbook#<anchor>` scrolls to that heading.
 */
import { createElement, Fragment, type ReactNode, useEffect, useId, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router-dom';
import handbookSource from '../../../docs/HANDBOOK.md?raw';
import { type HandbookNode, parseHandbook, type TocEntry } from '../components/handbookMarkdown';
import { PageTitle } from '../components/PageTitle';

export function HandbookPage() {
  const { t, i18n } = useTranslation();
  const id = useId();
  const { hash } = useLocation();
  const handbook = useMemo(() => parseHandbook(handbookSource), []);
  const english = (i18n.resolvedLanguage ?? i18n.language).startsWith('en');

  useScrollToAnchor(hash);

  return (
    <>
      <PageTitle title={t('handbook.title')} />
      <div className="page-head">
        <h1>{t('handbook.title')}</h1>
        <p className="lead">{t('handbook.intro')}</p>
      </div>
      {english ? null : <p className="notice">{t('handbook.englishOnly')}</p>}
      <nav className="card" aria-labelledby={`${id}-contents`}>
        <h2 id={`${id}-contents`}>{t('handbook.contents')}</h2>
        <Contents entries={handbook.toc} />
      </nav>
      <article className="content" lang="en">
        {renderNodes(handbook.nodes)}
      </article>
    </>
  );
}

/**
 * Scrolls to the heading named by the address's hash and moves focus there. It waits a frame
 * so that the layout's own scroll to the top after a navigation comes first.
 */
function useScrollToAnchor(hash: string): void {
  useEffect(() => {
    const anchor = decodeHash(hash);
    if (!anchor) {
      return;
    }
    const frame = window.requestAnimationFrame(() => {
      const target = document.getElementById(anchor);
      target?.scrollIntoView();
      target?.focus({ preventScroll: true });
    });
    return () => window.cancelAnimationFrame(frame);
  }, [hash]);
}

function decodeHash(hash: string): string {
  try {
    return decodeURIComponent(hash.replace(/^#/, ''));
  } catch {
    return '';
  }
}

/** The chapters with their sections nested under them. */
function Contents({ entries }: { entries: readonly TocEntry[] }) {
  const chapters: { entry: TocEntry; sections: TocEntry[] }[] = [];
  for (const entry of entries) {
    const current = chapters[chapters.length - 1];
    if (entry.level === 3 && current) {
      current.sections.push(entry);
    } else {
      chapters.push({ entry, sections: [] });
    }
  }
  return (
    <ol lang="en">
      {chapters.map(({ entry, sections }) => (
        <li key={entry.id}>
          <Link to={{ hash: entry.id }}>{entry.text}</Link>
          {sections.length > 0 ? (
            <ul>
              {sections.map((section) => (
                <li key={section.id}>
                  <Link to={{ hash: section.id }}>{section.text}</Link>
                </li>
              ))}
            </ul>
          ) : null}
        </li>
      ))}
    </ol>
  );
}

function renderNodes(nodes: readonly HandbookNode[]): ReactNode[] {
  return nodes.map((node, index) => renderNode(node, index));
}

function renderNode(node: HandbookNode, key: number): ReactNode {
  switch (node.kind) {
    case 'text':
      return <Fragment key={key}>{node.text}</Fragment>;
    case 'code':
      return <code key={key}>{node.text}</code>;
    case 'pre':
      return (
        <pre key={key}>
          <code>{node.text}</code>
        </pre>
      );
    case 'break':
      return <br key={key} />;
    case 'rule':
      return <hr key={key} />;
    case 'check':
      return (
        <span key={key} aria-hidden="true">
          {node.checked ? '☑ ' : '☐ '}
        </span>
      );
    case 'element':
      return renderElement(node, key);
  }
}

function renderElement(node: HandbookNode & { kind: 'element' }, key: number): ReactNode {
  const children = renderNodes(node.children);
  if (node.tag === 'a') {
    return renderLink(node.href, children, key);
  }
  return createElement(
    node.tag,
    { key, id: node.id, tabIndex: node.id ? -1 : undefined, start: node.start },
    children,
  );
}

/** Anchors and app paths go through the router; other addresses open as plain links. */
function renderLink(href: string | undefined, children: ReactNode[], key: number): ReactNode {
  if (!href) {
    return <Fragment key={key}>{children}</Fragment>;
  }
  if (href.startsWith('#')) {
    return (
      <Link key={key} to={{ hash: href }}>
        {children}
      </Link>
    );
  }
  if (href.startsWith('/')) {
    return (
      <Link key={key} to={href}>
        {children}
      </Link>
    );
  }
  return (
    <a key={key} href={href} rel="noreferrer">
      {children}
    </a>
  );
}
