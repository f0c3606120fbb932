import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { seg } from '../../api/client';
import type { ReviewItemDetail } from '../../api/moderation';
import { HighlightedText } from './HighlightedText';
import { useCodeLabel, useStateLabel } from './labels';

/**
 * The content under review as plain text, with the check's spans marked. Post spans count
 * from the start of `title + "\n\n" + body`; comment spans from the start of the body.
 */
export function ReviewContent({ item }: { item: ReviewItemDetail }) {
  const { t } = useTranslation();
  const codeLabel = useCodeLabel();
  const stateLabel = useStateLabel();
  const content = item.content;
  if (!content) {
    return <p className="muted">{t('moderation.item.noContent')}</p>;
  }
  const spans = item.check?.spans ?? [];
  const title = content.title;
  const isPost = item.itemType === 'post' && title !== null;
  const text = isPost ? `${title}\n\n${content.body}` : content.body;
  const bodyStart = isPost ? title.length + 2 : 0;
  const postId = content.postId ?? (item.itemType === 'post' ? item.itemId : null);

  return (
    <>
      {content.deleted ? <p className="notice">{t('moderation.item.deleted')}</p> : null}
      <div className="review-content">
        {isPost ? (
          <h3 className="review-text-title">
            <HighlightedText text={text} spans={spans} from={0} to={title.length} />
          </h3>
        ) : null}
        <p className="review-text">
          <HighlightedText text={text} spans={spans} from={bodyStart} />
        </p>
      </div>
      {spans.length > 0 ? (
        <>
          <h3>{t('moderation.item.found')}</h3>
          <ul className="compact-list">
            {spans.map((span, index) => (
              <li key={`${span.start}-${span.end}-${index}`}>
                <strong>{codeLabel(span.category)}</strong>{' '}
                <span className="muted">({span.rule})</span>:{' '}
                <q className="mono">{text.slice(span.start, span.end)}</q>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <p className="small">
        {t('moderation.item.contentState', { state: stateLabel(content.state) })}
        {postId && !content.deleted ? (
          <>
            {' · '}
            <Link
              to={`/p/${seg(postId)}${item.itemType === 'comment' ? `#comment-${item.itemId}` : ''}`}
            >
              {item.itemType === 'comment'
                ? t('moderation.item.openComment')
                : t('moderation.item.openPost')}
            </Link>
          </>
        ) : null}
      </p>
    </>
  );
}
