import { useTranslation } from 'react-i18next';
import type { AuthorHistory, ReviewItem } from '../../api/moderation';
import { useFormat } from '../../i18n/useFormat';
import { UserLink } from '../UserLink';
import { useItemTypeLabel } from './kindLabels';
import { useCheckDecisionLabel, useCodeLabel } from './labels';

interface AuthorHistoryPanelProps {
  author: ReviewItem['author'];
  history: AuthorHistory;
}

const STAFF_ROLES = ['moderator', 'manager', 'admin', 'ambassador'] as const;

function isStaffRole(role: string): role is (typeof STAFF_ROLES)[number] {
  return (STAFF_ROLES as readonly string[]).includes(role);
}

/** The author's record beside an item: how long a member, verified or not, and past checks. */
export function AuthorHistoryPanel({ author, history }: AuthorHistoryPanelProps) {
  const { t } = useTranslation();
  const format = useFormat();
  const codeLabel = useCodeLabel();
  const decisionLabel = useCheckDecisionLabel();
  const typeLabel = useItemTypeLabel();
  const figures: [string, number][] = [
    [t('moderation.author.published'), history.published],
    [t('moderation.author.waiting'), history.waiting],
    [t('moderation.author.rejected'), history.rejected],
    [t('moderation.author.flagged'), history.flagged],
  ];

  return (
    <>
      {author ? (
        <p>
          <UserLink user={author} /> <span className="muted">@{author.username}</span>
        </p>
      ) : null}
      <dl className="details">
        <div>
          <dt>{t('moderation.author.memberSince')}</dt>
          <dd>{history.memberSince ? format.date(history.memberSince) : t('common.none')}</dd>
        </div>
        <div>
          <dt>{t('moderation.author.emailVerified')}</dt>
          <dd>{history.emailVerified ? t('common.yes') : t('common.no')}</dd>
        </div>
        {history.role && isStaffRole(history.role) ? (
          <div>
            <dt>{t('moderation.author.role')}</dt>
            <dd>{t(`roles.${history.role}`)}</dd>
          </div>
        ) : null}
      </dl>
      <dl className="figures">
        {figures.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{format.number(value)}</dd>
          </div>
        ))}
      </dl>
      {history.recent.length > 0 ? (
        <div className="table-wrap">
          <table>
            <caption>{t('moderation.author.recent')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('moderation.author.when')}</th>
                <th scope="col">{t('moderation.author.what')}</th>
                <th scope="col">{t('moderation.author.automatic')}</th>
                <th scope="col">{t('moderation.author.final')}</th>
                <th scope="col">{t('moderation.author.reason')}</th>
              </tr>
            </thead>
            <tbody>
              {history.recent.map((entry) => (
                <tr key={entry.id}>
                  <td>{format.dateTime(entry.createdAt)}</td>
                  <td>{typeLabel(entry.itemType)}</td>
                  <td>{decisionLabel(entry.decision)}</td>
                  <td>{decisionLabel(entry.finalDecision)}</td>
                  <td>{codeLabel(entry.reasonCode)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="muted">{t('moderation.author.noRecent')}</p>
      )}
    </>
  );
}
