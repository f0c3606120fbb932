import { useTranslation } from 'react-i18next';
import type { SubmissionDetail } from '../../api/content';
import { RelativeTime } from '../RelativeTime';

interface VersionHistoryProps {
  detail: SubmissionDetail;
  shown: number;
  onShow: (version: number) => void;
}

/** Every version with the decision it got; picking one shows its text and findings. */
export function VersionHistory({ detail, shown, onShow }: VersionHistoryProps) {
  const { t } = useTranslation();
  return (
    <ol className="version-list" aria-label={t('content.versions.title')}>
      {detail.versions.map((version) => {
        const decision = detail.decisions.find((d) => d.version === version.version);
        return (
          <li key={version.version} aria-current={version.version === shown ? 'true' : undefined}>
            <button type="button" className="link-button" onClick={() => onShow(version.version)}>
              {t('content.versions.version', { version: version.version })}
            </button>{' '}
            <RelativeTime value={version.createdAt} />
            {decision ? (
              <span className="small">
                {' · '}
                {t(`content.decision.done.${decision.decision}`)}
                {decision.automatic ? ` (${t('content.decision.automatic')})` : ''}
                {decision.note ? `: ${decision.note}` : ''}
              </span>
            ) : null}
            {decision && decision.changes.length > 0 ? (
              <ul className="plain-list small">
                {decision.changes.map((change) => (
                  <li key={change.findingId}>
                    <span className="mono">
                      {version.findings.find((f) => f.id === change.findingId)?.ruleId ??
                        change.findingId}
                    </span>
                    {change.note ? `: ${change.note}` : ''}
                  </li>
                ))}
              </ul>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}
