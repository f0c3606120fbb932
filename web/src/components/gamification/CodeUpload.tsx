import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type UploadReport, uploadCodes } from '../../api/rewards';
import { useFormat } from '../../i18n/useFormat';
import { announce } from '../announcer';
import { describedBy, FormField } from './FormField';
import { GamificationError } from './GamificationError';
import { useProgramForm } from './useProgramForm';

/**
 * Uploads codes into a reward's pool: pasted or read from a file, one per line or CSV with the
 * code first. The answer's report lists every refused line by its number.
 */
export function CodeUpload({ rewardId, rewardName }: { rewardId: string; rewardName: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const id = useId();
  const [content, setContent] = useState('');
  const [fileFormat, setFileFormat] = useState<'lines' | 'csv'>('lines');
  const [report, setReport] = useState<UploadReport | null>(null);
  const form = useProgramForm();

  const handleFile = async (file: File | undefined) => {
    if (file) {
      setContent(await file.text());
      if (file.name.toLowerCase().endsWith('.csv')) {
        setFileFormat('csv');
      }
    }
  };

  const handleSubmit = form.submit(
    id,
    (): Record<string, 'required'> => (content.trim() === '' ? { content: 'required' } : {}),
    async () => {
      const answer = await uploadCodes(rewardId, content, fileFormat);
      setReport(answer);
      announce(
        t('gamification.codes.uploaded', {
          added: format.number(answer.added),
          problems: format.number(answer.problems.length),
        }),
      );
    },
  );

  return (
    <details className="code-upload">
      <summary>{t('gamification.codes.title')}</summary>
      <form
        className="stack"
        aria-label={t('gamification.codes.formLabel', { name: rewardName })}
        noValidate
        onSubmit={(event) => void handleSubmit(event)}
      >
        <FormField id={`${id}-file`} label={t('gamification.codes.file')}>
          <input
            id={`${id}-file`}
            type="file"
            accept=".txt,.csv,text/plain,text/csv"
            onChange={(event) => void handleFile(event.target.files?.[0])}
          />
        </FormField>
        <FormField
          id={`${id}-content`}
          label={t('gamification.codes.content')}
          hint={t('gamification.codes.contentHint')}
          error={form.errorOf('content')}
        >
          <textarea
            id={`${id}-content`}
            rows={5}
            className="mono"
            value={content}
            {...describedBy(`${id}-content`, 'hint', form.errorOf('content'))}
            onChange={(event) => setContent(event.target.value)}
          />
        </FormField>
        <FormField id={`${id}-format`} label={t('gamification.codes.format')}>
          <select
            id={`${id}-format`}
            value={fileFormat}
            onChange={(event) => setFileFormat(event.target.value === 'csv' ? 'csv' : 'lines')}
          >
            <option value="lines">{t('gamification.codes.lines')}</option>
            <option value="csv">{t('gamification.codes.csv')}</option>
          </select>
        </FormField>
        <button type="submit" className="button primary" disabled={form.pending}>
          {t('gamification.codes.upload')}
        </button>
        <GamificationError error={form.error} />
      </form>
      {report ? (
        <div
          className="upload-report"
          role="region"
          aria-label={t('gamification.codes.report', { name: rewardName })}
        >
          <p>
            {t('gamification.codes.summary', {
              added: format.number(report.added),
              lines: format.number(report.lines),
              free: format.number(report.pool.free),
              total: format.number(report.pool.total),
            })}
          </p>
          {report.problems.length > 0 ? (
            <div className="table-wrap">
              <table>
                <caption>{t('gamification.codes.problems')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('gamification.codes.line')}</th>
                    <th scope="col">{t('gamification.codes.problem')}</th>
                    <th scope="col">{t('gamification.codes.message')}</th>
                  </tr>
                </thead>
                <tbody>
                  {report.problems.map((problem) => (
                    <tr key={`${problem.line}-${problem.problem}`}>
                      <td>{format.number(problem.line)}</td>
                      <td>
                        {t(`gamification.codes.problemKinds.${problem.problem}`)}
                        {problem.firstLine !== undefined
                          ? ` ${t('gamification.codes.firstLine', { line: format.number(problem.firstLine) })}`
                          : ''}
                      </td>
                      <td>{problem.message}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <p className="muted">{t('gamification.codes.noProblems')}</p>
          )}
        </div>
      ) : null}
    </details>
  );
}
