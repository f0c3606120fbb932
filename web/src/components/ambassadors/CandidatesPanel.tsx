import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  addToPipeline,
  type Candidate,
  type CandidateFilters,
  type IdentifyResult,
  useCandidates,
} from '../../api/ambassadors';
import { announce } from '../announcer';
import { Loading } from '../Loading';
import { AmbassadorError } from './AmbassadorError';
import { CandidateDrawer } from './CandidateDrawer';
import { ReasonList, ScoreValue } from './ScoreDetails';
import { StateBadge } from './StateBadge';
import { useAction } from './useAction';

const NO_FILTERS: CandidateFilters = {
  regionCode: '',
  segmentKey: '',
  minScore: '',
  includeExcluded: false,
  notInPipeline: false,
};

/**
 * The program's candidates best first, with their top reasons and any exclusions; filters,
 * a multi-select to add members to the pipeline, and the detail drawer of one candidate.
 */
export function CandidatesPanel({
  programId,
  version,
  onIdentified,
}: {
  programId: string;
  /** Changes when a scoring run ends: the list is read again. */
  version: number;
  onIdentified: () => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [draft, setDraft] = useState<CandidateFilters>(NO_FILTERS);
  const [filters, setFilters] = useState<CandidateFilters>(NO_FILTERS);
  const candidates = useCandidates(programId, filters, version);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [open, setOpen] = useState<string | null>(null);
  const [result, setResult] = useState<IdentifyResult | null>(null);
  const action = useAction();

  const names = new Map(candidates.items.map((c) => [c.userId, c.displayName]));
  const selectable = (candidate: Candidate) =>
    candidate.score !== null && candidate.exclusions.length === 0 && candidate.state === null;

  const toggle = (userId: string) =>
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(userId)) {
        next.delete(userId);
      } else {
        next.add(userId);
      }
      return next;
    });

  const handleFilter = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSelected(new Set());
    setFilters(draft);
  };

  const handleAdd = () => {
    const userIds = [...selected];
    void action
      .run(async () => {
        const answer = await addToPipeline(programId, userIds);
        setResult(answer);
        announce(
          t('ambassadors.candidates.addedMessage', {
            added: answer.identified.length,
            skipped: answer.skipped.length,
          }),
        );
      })
      .then((done) => {
        if (done) {
          setSelected(new Set());
          candidates.reload();
          onIdentified();
        }
      });
  };

  return (
    <section className="page-section" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('ambassadors.candidates.title')}</h2>
      <form
        className="filter-bar"
        onSubmit={handleFilter}
        aria-label={t('ambassadors.candidates.filters')}
      >
        <div className="field">
          <label htmlFor={`${id}-region`}>{t('ambassadors.candidates.region')}</label>
          <input
            id={`${id}-region`}
            value={draft.regionCode}
            onChange={(event) => setDraft({ ...draft, regionCode: event.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-segment`}>{t('ambassadors.candidates.segment')}</label>
          <input
            id={`${id}-segment`}
            value={draft.segmentKey}
            onChange={(event) => setDraft({ ...draft, segmentKey: event.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-min`}>{t('ambassadors.candidates.minScore')}</label>
          <input
            id={`${id}-min`}
            type="number"
            min={0}
            max={100}
            value={draft.minScore}
            onChange={(event) => setDraft({ ...draft, minScore: event.target.value })}
          />
        </div>
        <div className="checkbox-field">
          <input
            id={`${id}-excluded`}
            type="checkbox"
            checked={draft.includeExcluded}
            onChange={(event) => setDraft({ ...draft, includeExcluded: event.target.checked })}
          />
          <label htmlFor={`${id}-excluded`}>{t('ambassadors.candidates.showExcluded')}</label>
        </div>
        <div className="checkbox-field">
          <input
            id={`${id}-not-in`}
            type="checkbox"
            checked={draft.notInPipeline}
            onChange={(event) => setDraft({ ...draft, notInPipeline: event.target.checked })}
          />
          <label htmlFor={`${id}-not-in`}>{t('ambassadors.candidates.notInPipeline')}</label>
        </div>
        <button type="submit" className="button">
          {t('ambassadors.candidates.apply')}
        </button>
      </form>

      <div className="actions">
        <button
          type="button"
          className="button primary"
          disabled={action.pending || selected.size === 0}
          onClick={handleAdd}
        >
          {t('ambassadors.candidates.add', { count: selected.size })}
        </button>
      </div>
      <AmbassadorError error={action.error} />
      {result ? (
        <div className="notice" role="region" aria-label={t('ambassadors.candidates.result')}>
          <p>
            {t('ambassadors.candidates.addedMessage', {
              added: result.identified.length,
              skipped: result.skipped.length,
            })}
          </p>
          {result.skipped.length > 0 ? (
            <ul className="compact-list">
              {result.skipped.map((skip) => (
                <li key={skip.userId}>
                  {t('ambassadors.candidates.skipped', {
                    name: names.get(skip.userId) ?? skip.userId,
                    reason: skip.reason,
                  })}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}

      {candidates.loading && candidates.items.length === 0 ? <Loading /> : null}
      <AmbassadorError error={candidates.error} onRetry={candidates.reload} />
      {!candidates.loading && !candidates.error && candidates.items.length === 0 ? (
        <p className="muted">{t('ambassadors.candidates.empty')}</p>
      ) : null}
      {candidates.items.length > 0 ? (
        <div className="table-wrap">
          <table>
            <caption>{t('ambassadors.candidates.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">
                  <span className="visually-hidden">{t('ambassadors.candidates.select')}</span>
                </th>
                <th scope="col">{t('ambassadors.candidates.member')}</th>
                <th scope="col" className="number">
                  {t('ambassadors.candidates.score')}
                </th>
                <th scope="col">{t('ambassadors.candidates.reasons')}</th>
                <th scope="col">{t('ambassadors.candidates.state')}</th>
              </tr>
            </thead>
            <tbody>
              {candidates.items.map((candidate) => (
                <tr key={candidate.userId}>
                  <td>
                    {selectable(candidate) ? (
                      <input
                        type="checkbox"
                        aria-label={t('ambassadors.candidates.selectOne', {
                          name: candidate.displayName,
                        })}
                        checked={selected.has(candidate.userId)}
                        onChange={() => toggle(candidate.userId)}
                      />
                    ) : null}
                  </td>
                  <th scope="row">
                    <button
                      type="button"
                      className="link-button"
                      aria-expanded={open === candidate.userId}
                      onClick={() => setOpen(open === candidate.userId ? null : candidate.userId)}
                    >
                      {candidate.displayName}
                    </button>
                    <span className="muted small"> @{candidate.username}</span>
                    {candidate.regionCode ? (
                      <span className="muted small"> · {candidate.regionCode}</span>
                    ) : null}
                  </th>
                  <td className="number">
                    <ScoreValue score={candidate.score} />
                  </td>
                  <td>
                    <ReasonList candidate={candidate} />
                  </td>
                  <td>
                    {candidate.state ? (
                      <StateBadge state={candidate.state} />
                    ) : (
                      <span className="muted">{t('ambassadors.candidates.notInPipelineYet')}</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {candidates.nextCursor ? (
        <button
          type="button"
          className="button"
          disabled={candidates.loading}
          onClick={candidates.loadMore}
        >
          {t('actions.loadMore')}
        </button>
      ) : null}
      {open ? (
        <CandidateDrawer programId={programId} userId={open} onClose={() => setOpen(null)} />
      ) : null}
    </section>
  );
}
