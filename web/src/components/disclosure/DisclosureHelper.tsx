import { useTranslation } from 'react-i18next';
import { type DisclosureResult, FEED_CARD_CHARS } from '../../api/disclosure';

/** Rules that a label written first fixes (clear label missing, cut off or buried). */
const FIXED_BY_LABEL_FIRST = new Set([
  'DISC-01',
  'DISC-02',
  'DISC-04',
  'DISC-05',
  'UK-01',
  'UK-04',
  'IE-01',
  'IE-02',
  'DE-01',
  'DE-02',
]);

/** The label the one-click fix writes first: German wants its own word (docs/DISCLOSURE.md). */
export function fixLabelFor(result: DisclosureResult): string {
  return result.market === 'DE' ? 'Werbung:' : 'Ad:';
}

interface DisclosureHelperProps {
  /** The latest check of the draft; null before the first one. */
  result: DisclosureResult | null;
  /** The author's "contains paid or sponsored content" toggle. */
  declaredPaid: boolean;
  /** The draft's text, to tell whether it already starts with the fix's label. */
  body: string;
  /** Writes `label` at the start of the text. */
  onFix: (label: string) => void;
}

/**
 * What the draft still needs before it can be published as sponsored content: each failed rule
 * with its message, where the label sits against the feed card's cut, and a one-click fix that
 * writes the label first. Shown only when a disclosure is needed or the author declared the post
 * paid; the summary line is a polite live region, so it is read out as the check answers.
 */
export function DisclosureHelper({ result, declaredPaid, body, onFix }: DisclosureHelperProps) {
  const { t } = useTranslation();
  const shown = declaredPaid || result?.needed.required === true;
  const failed = result?.rules.filter((rule) => rule.outcome === 'failed') ?? [];
  const label = result ? fixLabelFor(result) : 'Ad:';
  const canFix =
    failed.some((rule) => FIXED_BY_LABEL_FIRST.has(rule.id)) &&
    !body.trimStart().toLowerCase().startsWith(label.toLowerCase());

  const handleFix = () => onFix(label);

  return (
    <div className="disclosure-helper">
      {shown ? <h2>{t('disclosure.heading')}</h2> : null}
      <div role="status" aria-live="polite" aria-atomic="true">
        {shown ? (
          <p className="disclosure-summary">
            <Summary result={result} />
          </p>
        ) : null}
      </div>
      {shown && result ? (
        <>
          <Triggers triggers={result.needed.triggers} />
          <Placement result={result} />
          {failed.length > 0 ? (
            <ul className="disclosure-rules">
              {failed.map((rule) => (
                <li key={rule.id}>
                  <strong>{rule.id}</strong>{' '}
                  <span className="muted">
                    ({rule.severity === 'B' ? t('disclosure.blocks') : t('disclosure.review')})
                  </span>{' '}
                  {rule.message}
                </li>
              ))}
            </ul>
          ) : null}
          {canFix ? (
            <button type="button" className="button" onClick={handleFix}>
              {t('disclosure.fix', { label })}
            </button>
          ) : null}
        </>
      ) : null}
    </div>
  );
}

const TRIGGERS = [
  'ambassador_contract',
  'staff_or_family',
  'recent_gift',
  'affiliate_link',
  'discount_code',
  'paid_challenge',
  'declared_paid',
] as const;

function isTrigger(name: string): name is (typeof TRIGGERS)[number] {
  return (TRIGGERS as readonly string[]).includes(name);
}

/** The summary line read out as the check answers. */
function Summary({ result }: { result: DisclosureResult | null }) {
  const { t } = useTranslation();
  if (!result) {
    return t('disclosure.declared');
  }
  switch (result.decision) {
    case 'needs_fix':
      return t('disclosure.needsFix', {
        count: result.rules.filter((r) => r.outcome === 'failed' && r.severity === 'B').length,
      });
    case 'review':
      return t('disclosure.needsReview');
    case 'ok':
      return t('disclosure.ok');
  }
}

function Triggers({ triggers }: { triggers: string[] }) {
  const { t } = useTranslation();
  if (triggers.length === 0) {
    return null;
  }
  const reasons = triggers.map((trigger) =>
    isTrigger(trigger) ? t(`disclosure.triggers.${trigger}`) : trigger,
  );
  return <p className="hint">{t('disclosure.why', { reasons: reasons.join(', ') })}</p>;
}

/** "Your #ad is at character 270; feed cards cut at 125 — move it to the start." */
function Placement({ result }: { result: DisclosureResult }) {
  const { t } = useTranslation();
  const cut = result.rules.find((rule) => rule.id === 'DISC-04' && rule.outcome === 'failed');
  const span = cut?.evidence[0];
  if (result.disclosurePosition === null || !span) {
    return null;
  }
  return (
    <p className="disclosure-placement">
      {t('disclosure.placement', {
        label: span.text,
        position: result.disclosurePosition + 1,
        cut: FEED_CARD_CHARS,
      })}
    </p>
  );
}
