import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { previewMarkdown } from '../../api/markdown';
import { SafeHtml } from '../SafeHtml';

/** Markdown the preview renderer takes at most; a longer text is shown as written. */
const PREVIEW_LIMIT = 40_000;

/**
 * A contract's full text, rendered by the server's Markdown renderer (sanitised there); shown
 * as plain text while it renders, or when it cannot be rendered, so it is always readable.
 */
export function ContractText({ body, label }: { body: string; label: string }) {
  const { t } = useTranslation();
  const [html, setHtml] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    setHtml(null);
    if (body.length <= PREVIEW_LIMIT) {
      previewMarkdown(body)
        .then((rendered) => live && setHtml(rendered))
        .catch(() => undefined);
    }
    return () => {
      live = false;
    };
  }, [body]);

  return (
    <section className="preview" aria-label={label} tabIndex={0}>
      {html === null ? (
        <p className="review-text">{body}</p>
      ) : (
        <SafeHtml html={html} className="content" />
      )}
      <p className="visually-hidden">{t('contracts.mine.endOfText')}</p>
    </section>
  );
}
