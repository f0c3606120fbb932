import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../api/client';
import {
  type Backfill,
  createRule,
  deactivateRule,
  getBackfill,
  installDefaultRules,
  type Rule,
  ruleVersions,
  type RuleVersion,
  startBackfill,
  updateRule,
  useRules,
} from '../../api/gamification';
import { useSession } from '../../api/session';
import { useSpaces } from '../../api/spaces';
import type { Region, Space } from '../../api/types';
import { toApiError } from '../../api/useResource';
import { announce } from '../../components/announcer';
import { ConfirmButton } from '../../components/ConfirmButton';
import { GamificationError } from '../../components/gamification/GamificationError';
import { ProgramNav } from '../../components/gamification/ProgramNav';
import { RuleForm } from '../../components/gamification/RuleForm';
import { LoadMore } from '../../components/LoadMore';
import { Loading } from '../../components/Loading';
import { PageTitle } from '../../components/PageTitle';
import { StatusBadge } from '../../components/StatusBadge';
import { useFormat } from '../../i18n/useFormat';

/** How often a running backfill is read again. */
const BACKFILL_POLL_MS = 1000;

function Versions({ rule }: { rule: Rule }) {
  const { t } = useTranslation();
  const format = useFormat();
  const [versions, setVersions] = useState<RuleVersion[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => {
    let live = true;
    ruleVersions(rule.id)
      .then((items) => {
        if (live) {
          setVersions(items);
        }
      })
      .catch((caught: unknown) => {
        if (live) {
          setError(toApiError(caught));
        }
      });
    return () => {
      live = false;
    };
  }, [rule.id, rule.version]);
  return (
    <div className="stack">
      {versions === null && error === null ? <Loading /> : null}
      <GamificationError error={error} />
      {versions ? (
        <ul aria-label={t('gamification.rules.versionsOf', { name: rule.name })}>
          {versions.map((version) => (
            <li key={version.id}>
              <strong>{t('gamification.rules.version', { version: version.version })}</strong>{' '}
              {version.change} — {format.dateTime(version.createdAt)}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function RuleCard({
  rule,
  regions,
  spaces,
  onChanged,
}: {
  rule: Rule;
  regions: readonly Region[];
  spaces: readonly Space[];
  onChanged: (rule: Rule) => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const id = useId();
  const [editing, setEditing] = useState(false);
  const [showVersions, setShowVersions] = useState(false);
  const settings = rule.settings;
  const amount =
    settings.pointsPerCurrencyUnit !== null
      ? t('gamification.rules.perUnit', { points: format.number(settings.pointsPerCurrencyUnit) })
      : t('gamification.rewards.cost', { points: format.number(settings.points ?? 0) });
  const place =
    rule.scope === 'region'
      ? t('gamification.rules.inRegion', { code: rule.regionCode ?? '' })
      : rule.scope === 'space'
        ? t('gamification.rules.inSpace', { slug: rule.spaceSlug ?? '' })
        : t('gamification.rules.scopes.tenant');
  const handleDeactivate = async () => {
    const changed = await deactivateRule(rule.id);
    announce(t('gamification.rules.deactivated', { name: rule.name }));
    onChanged(changed);
  };
  return (
    <article className="card" aria-labelledby={`${id}-name`}>
      <h3 id={`${id}-name`}>{rule.name}</h3>
      <p className="meta">
        {rule.active ? (
          <StatusBadge tone="good" text={t('gamification.rules.isActive')} />
        ) : (
          <StatusBadge tone="neutral" text={t('gamification.rules.isInactive')} />
        )}
        <span>{t(`gamification.activityKinds.${rule.eventKind}`)}</span>
        <span>{amount}</span>
        <span>{place}</span>
        <span>{t('gamification.rules.version', { version: rule.version })}</span>
        {rule.bonus ? <span>{t('gamification.rules.bonus')}</span> : null}
        {settings.dailyCap?.count != null ? (
          <span>
            {t('gamification.rules.capPerDay', { count: format.number(settings.dailyCap.count) })}
          </span>
        ) : null}
      </p>
      {editing ? (
        <RuleForm
          rule={rule}
          label={t('gamification.rules.editLabel', { name: rule.name })}
          submitLabel={t('gamification.rules.saveVersion')}
          regions={regions}
          spaces={spaces}
          save={async (input) => {
            const changed = await updateRule(rule.id, input);
            announce(
              t('gamification.rules.saved', { name: changed.name, version: changed.version }),
            );
            setEditing(false);
            onChanged(changed);
          }}
          onCancel={() => setEditing(false)}
        />
      ) : (
        <div className="actions">
          <button type="button" className="button small" onClick={() => setEditing(true)}>
            {t('gamification.rules.edit')}
          </button>
          <button
            type="button"
            className="button small"
            aria-expanded={showVersions}
            onClick={() => setShowVersions(!showVersions)}
          >
            {t('gamification.rules.versions')}
          </button>
          {rule.active ? (
            <ConfirmButton
              label={t('gamification.rules.deactivate')}
              question={t('gamification.rules.deactivateQuestion', { name: rule.name })}
              confirmLabel={t('gamification.rules.deactivateYes')}
              run={handleDeactivate}
              danger
              small
            />
          ) : null}
        </div>
      )}
      {showVersions ? <Versions rule={rule} /> : null}
    </article>
  );
}

/** Starts a backfill and shows its progress until it ends (read again every second). */
function BackfillPanel() {
  const { t } = useTranslation();
  const format = useFormat();
  const id = useId();
  const [run, setRun] = useState<Backfill | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const running = run !== null && (run.status === 'queued' || run.status === 'running');

  useEffect(() => {
    if (!running || run === null) {
      return undefined;
    }
    const timer = window.setTimeout(() => {
      getBackfill(run.id)
        .then((next) => {
          setRun(next);
          if (next.status === 'done') {
            announce(
              t('gamification.backfill.done', {
                adjusted: format.number(next.adjusted),
                delta: format.number(next.pointsDelta),
              }),
            );
          } else if (next.status === 'failed') {
            announce(t('gamification.backfill.failed'));
          }
        })
        .catch((caught: unknown) => setError(toApiError(caught)));
    }, BACKFILL_POLL_MS);
    return () => window.clearTimeout(timer);
  }, [run, running, t, format]);

  const handleStart = async () => {
    setError(null);
    const started = await startBackfill();
    setRun(started);
    announce(t('gamification.backfill.started'));
  };

  const percent =
    run && run.total > 0
      ? Math.round((Math.min(run.processed, run.total) / run.total) * 100)
      : null;
  return (
    <section className="card page-section" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('gamification.backfill.title')}</h2>
      <p className="muted">{t('gamification.backfill.intro')}</p>
      <ConfirmButton
        label={t('gamification.backfill.start')}
        question={t('gamification.backfill.question')}
        confirmLabel={t('gamification.backfill.startYes')}
        run={handleStart}
        disabled={running}
      />
      <GamificationError error={error} />
      {run ? (
        <div className="progress">
          <p>
            <strong>{t(`gamification.backfill.statuses.${run.status}`)}</strong>
          </p>
          <progress
            max={100}
            value={percent ?? undefined}
            aria-label={t('gamification.backfill.progress')}
          />
          <dl className="figures">
            <div>
              <dt>{t('gamification.backfill.processed')}</dt>
              <dd>
                {format.number(run.processed)} / {format.number(run.total)}
              </dd>
            </div>
            <div>
              <dt>{t('gamification.backfill.adjusted')}</dt>
              <dd>{format.number(run.adjusted)}</dd>
            </div>
            <div>
              <dt>{t('gamification.backfill.delta')}</dt>
              <dd>{format.number(run.pointsDelta)}</dd>
            </div>
          </dl>
          {run.error ? <p className="field-error">{run.error}</p> : null}
        </div>
      ) : null}
    </section>
  );
}

/**
 * Point rules (managers): every rule with its version, create, change (a new version), the
 * version history, deactivate, install the defaults, and the backfill with its progress.
 */
export function RulesPage() {
  const { t } = useTranslation();
  const id = useId();
  const { regions } = useSession();
  const spaces = useSpaces().data?.items ?? [];
  const rules = useRules();
  const [formKey, setFormKey] = useState(0);

  const handleChanged = (changed: Rule) =>
    rules.setItems((items) => items.map((item) => (item.id === changed.id ? changed : item)));

  const handleDefaults = async () => {
    const installed = await installDefaultRules();
    announce(t('gamification.rules.defaultsInstalled', { count: installed.items.length }));
    rules.reload();
  };

  return (
    <>
      <PageTitle title={t('gamification.rules.title')} />
      <div className="page-head">
        <h1>{t('gamification.rules.title')}</h1>
        <ProgramNav />
      </div>
      <section className="card page-section" aria-labelledby={`${id}-new`}>
        <h2 id={`${id}-new`}>{t('gamification.rules.addTitle')}</h2>
        <RuleForm
          key={formKey}
          rule={null}
          label={t('gamification.rules.addTitle')}
          submitLabel={t('gamification.rules.create')}
          regions={regions}
          spaces={spaces}
          save={async (input) => {
            const created = await createRule(input);
            announce(t('gamification.rules.created', { name: created.name }));
            setFormKey((value) => value + 1);
            rules.reload();
          }}
        />
      </section>
      <section className="page-section" aria-labelledby={`${id}-list`}>
        <h2 id={`${id}-list`}>{t('gamification.rules.list')}</h2>
        <ConfirmButton
          label={t('gamification.rules.installDefaults')}
          question={t('gamification.rules.defaultsQuestion')}
          confirmLabel={t('gamification.rules.defaultsYes')}
          run={handleDefaults}
          small
        />
        {rules.loading ? <Loading /> : null}
        {rules.items.length === 0 ? (
          <GamificationError error={rules.error} onRetry={rules.reload} />
        ) : null}
        {!rules.loading && !rules.error && rules.items.length === 0 ? (
          <p className="muted">{t('gamification.rules.empty')}</p>
        ) : null}
        <div className="stack">
          {rules.items.map((rule) => (
            <RuleCard
              key={rule.id}
              rule={rule}
              regions={regions}
              spaces={spaces}
              onChanged={handleChanged}
            />
          ))}
        </div>
        <LoadMore paged={rules} />
      </section>
      <BackfillPanel />
    </>
  );
}
