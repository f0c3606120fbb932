import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { exportMyData, myExportUrl, type PrivacyExport } from '../../api/privacyRequests';
import { useFormat } from '../../i18n/useFormat';
import { AmbassadorError } from '../ambassadors/AmbassadorError';
import { useAction } from '../ambassadors/useAction';
import { announce } from '../announcer';

/**
 * "Download my data": files an access request that Guild answers at once with a zip of the
 * member's data; shows that the archive is being made, then the link, its size, its files and
 * until when it can be downloaded.
 */
export function DataExportSection({ onExported }: { onExported: () => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const id = useId();
  const action = useAction();
  const [archive, setArchive] = useState<PrivacyExport | null>(null);

  const handleExport = () =>
    void action.run(async () => {
      const result = await exportMyData();
      setArchive(result.export);
      announce(t('privacyCentre.export.ready'));
      onExported();
    });

  const kilobytes = archive ? Math.max(1, Math.round(archive.bytes / 1024)) : 0;
  return (
    <section className="page-section" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('privacyCentre.export.heading')}</h2>
      <p>{t('privacyCentre.export.intro')}</p>
      <div className="actions">
        <button
          type="button"
          className="button primary"
          disabled={action.pending}
          aria-busy={action.pending}
          onClick={handleExport}
        >
          {t('privacyCentre.export.button')}
        </button>
      </div>
      <div role="status">
        {action.pending ? <p className="muted">{t('privacyCentre.export.preparing')}</p> : null}
        {archive && !action.pending ? <p>{t('privacyCentre.export.ready')}</p> : null}
      </div>
      <AmbassadorError error={action.error} />
      {archive ? (
        <div className="card">
          <p>
            <a href={myExportUrl(archive.id)} download>
              {t('privacyCentre.export.download', { size: format.number(kilobytes) })}
            </a>
          </p>
          <p className="meta">
            <span>
              {t('privacyCentre.export.made', { date: format.dateTime(archive.createdAt) })}
            </span>
            <span>
              {t('privacyCentre.export.expires', { date: format.dateTime(archive.expiresAt) })}
            </span>
          </p>
          <details>
            <summary>{t('privacyCentre.export.files', { count: archive.files.length })}</summary>
            <ul className="compact-list">
              {archive.files.map((file) => (
                <li key={file.file}>
                  {t('privacyCentre.export.file', {
                    file: file.file,
                    rows: format.number(file.rows),
                  })}
                </li>
              ))}
            </ul>
          </details>
        </div>
      ) : null}
    </section>
  );
}
