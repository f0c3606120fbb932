import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MySubmissions } from './MySubmissions';
import { SubmitContentForm } from './SubmitContentForm';

interface MyContentSectionProps {
  /** The programs the ambassador is active in, by id, with their names. */
  programs: { id: string; name: string }[];
}

/** The ambassador's content: send a new piece to one of their programs, and follow each one. */
export function MyContentSection({ programs }: MyContentSectionProps) {
  const { t } = useTranslation();
  const [programId, setProgramId] = useState(programs[0]?.id ?? '');
  const [sent, setSent] = useState(0);
  if (programs.length === 0) {
    return null;
  }
  return (
    <section className="page-section" aria-labelledby="my-content">
      <h2 id="my-content">{t('content.mine.section')}</h2>
      {programs.length > 1 ? (
        <div className="field">
          <label htmlFor="my-content-program">{t('content.mine.program')}</label>
          <select
            id="my-content-program"
            value={programId}
            onChange={(event) => setProgramId(event.target.value)}
          >
            {programs.map((program) => (
              <option key={program.id} value={program.id}>
                {program.name}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <SubmitContentForm
        key={`${programId}-${sent}`}
        programId={programId}
        onSubmitted={() => setSent((count) => count + 1)}
      />
      <MySubmissions key={sent} />
    </section>
  );
}
