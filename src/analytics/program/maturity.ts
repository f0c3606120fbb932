/**
 * The program maturity questionnaire and its scoring (docs/PROGRAM.md). Eighteen questions in
 * eight dimensions, each answered 0 to 4. A dimension scores the mean of its answers, the whole
 * program the mean of its dimensions (each dimension weighs the same); a band of the score gives
 * the level's name. The gaps are the lowest dimensions, and each weak answer in them brings the
 * recommendation of its question, naming the Guild feature that closes it. Pure functions.
 */

export const QUESTIONNAIRE_VERSION = 1;

export const DIMENSIONS = [
  'strategy',
  'community',
  'moderation',
  'gamification',
  'ambassadors',
  'compliance',
  'data',
  'measurement',
] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export const DIMENSION_NAMES: Record<Dimension, string> = {
  strategy: 'Strategy',
  community: 'Community',
  moderation: 'Moderation',
  gamification: 'Gamification',
  ambassadors: 'Ambassadors',
  compliance: 'Compliance and privacy',
  data: 'Data and integrations',
  measurement: 'Measurement',
};

export interface Question {
  id: string;
  dimension: Dimension;
  text: string;
  /** What 0, 1, 2, 3 and 4 mean, in order. */
  scale: readonly [string, string, string, string, string];
  /** What to do when the answer is below 3, and where in Guild. */
  recommendation: string;
}

export const QUESTIONS: readonly Question[] = [
  {
    id: 'strategy_goals',
    dimension: 'strategy',
    text: 'Does the program have written goals with measurable KPIs and an owner for each?',
    scale: [
      'No goals',
      'Ideas only',
      'Goals without KPIs',
      'Goals with KPIs',
      'KPIs reviewed monthly',
    ],
    recommendation:
      'Write the goals with their KPIs, owners and due dates in Guild (POST /api/v1/analytics/program/goals) and read them against live data each month.',
  },
  {
    id: 'strategy_sponsor',
    dimension: 'strategy',
    text: 'Is there an executive sponsor and a budget for the program?',
    scale: [
      'Neither',
      'Informal support',
      'Sponsor, no budget',
      'Sponsor and budget',
      'Budget tied to ROI',
    ],
    recommendation:
      'Enter the program costs by month (POST /api/v1/analytics/costs) so the ROI report shows the sponsor what the budget returns.',
  },
  {
    id: 'community_spaces',
    dimension: 'community',
    text: 'Are spaces organised by region, segment, topic or store, each with a clear purpose?',
    scale: [
      'No community',
      'One open forum',
      'A few spaces',
      'Spaces by audience',
      'Spaces reviewed by use',
    ],
    recommendation:
      'Create spaces per region, segment, topic and store (POST /api/v1/spaces) and expand a working region as a template (POST /api/v1/analytics/program/expansions).',
  },
  {
    id: 'community_activity',
    dimension: 'community',
    text: 'How many members contribute each month (posts, comments, reactions, answers)?',
    scale: ['Unknown', 'Under 5%', '5–10%', '10–20%', 'Over 20%'],
    recommendation:
      'Watch the engagement rate and DAU/MAU (GET /api/v1/analytics/engagement) and set a KPI on the engagement rate.',
  },
  {
    id: 'moderation_pipeline',
    dimension: 'moderation',
    text: 'Is every post, comment and profile checked before it is shown, with a review queue for the uncertain ones?',
    scale: [
      'No moderation',
      'After complaints',
      'Manual review',
      'Automatic checks and a queue',
      'Tuned per space and region',
    ],
    recommendation:
      'Set a moderation policy per region and space (PUT /api/v1/moderation/policies), start in shadow mode, then enforce.',
  },
  {
    id: 'moderation_learning',
    dimension: 'moderation',
    text: "Does the moderation model learn from the moderators' own decisions?",
    scale: [
      'No model',
      'Vendor rules only',
      'Labels collected',
      'A trained model in shadow',
      'A live model retrained on schedule',
    ],
    recommendation:
      'Train the local model from moderator decisions and promote it when it beats the live version (moderation models API).',
  },
  {
    id: 'moderation_sla',
    dimension: 'moderation',
    text: 'Are review times measured against an SLA, with escalation for threats and self-harm?',
    scale: ['No', 'Informally', 'Measured', 'SLA with escalation', 'SLA met and audited'],
    recommendation:
      'Set review deadlines in the moderation policy and audit a sample of automatic decisions (review queue).',
  },
  {
    id: 'gamification_rules',
    dimension: 'gamification',
    text: 'Do points, badges and levels reward the behaviour the program wants, with caps against farming?',
    scale: [
      'None',
      'Points only',
      'Points and badges',
      'Rules with caps and cooldowns',
      'Rules tuned from data',
    ],
    recommendation:
      'Define point rules with caps, cooldowns and diminishing returns (/api/v1/gamification/rules) and watch the farming signals.',
  },
  {
    id: 'gamification_rewards',
    dimension: 'gamification',
    text: 'Are there challenges and rewards, and is fatigue watched?',
    scale: [
      'None',
      'Occasional',
      'A reward catalog',
      'Challenges and rewards',
      'Fatigue trends acted on',
    ],
    recommendation:
      'Run time-boxed challenges and a reward catalog, and read their participation trends (/api/v1/gamification/signals).',
  },
  {
    id: 'ambassadors_recruiting',
    dimension: 'ambassadors',
    text: 'How are ambassadors found?',
    scale: [
      'Not at all',
      'By word of mouth',
      'Applications',
      'Scored candidates',
      'Scored, explained and reviewed',
    ],
    recommendation:
      'Score candidates from purchases, loyalty, contribution and reach (ambassador programs) and invite the best with consent.',
  },
  {
    id: 'ambassadors_onboarding',
    dimension: 'ambassadors',
    text: 'Is onboarding a tracked workflow with missions and workload caps?',
    scale: ['No', 'By e-mail', 'A checklist', 'Workflow and missions', 'Burnout signals acted on'],
    recommendation:
      'Use the onboarding checklist, missions under the workload cap and the burnout signals (/api/v1/ambassadors).',
  },
  {
    id: 'ambassadors_retention',
    dimension: 'ambassadors',
    text: 'Is ambassador retention measured and acted on?',
    scale: ['No', 'Anecdotally', 'Counted yearly', 'Measured monthly', 'Churn risk acted on'],
    recommendation:
      'Read the ambassador retention rate and churn risk (/api/v1/ambassadors retention) and run feedback surveys.',
  },
  {
    id: 'compliance_disclosure',
    dimension: 'compliance',
    text: 'Is sponsored content checked for disclosure by market before it is published?',
    scale: [
      'No',
      'Guidelines only',
      'Spot checks',
      'Checked before publishing',
      'Checked with evidence kept',
    ],
    recommendation:
      'Turn on the disclosure checks per market (/api/v1/compliance/disclosure) and approve ambassador content in the review queue.',
  },
  {
    id: 'compliance_contracts',
    dimension: 'compliance',
    text: 'Does every active ambassador hold a signed, current contract?',
    scale: ['No contracts', 'Some', 'Most', 'All, tracked', 'All, enforced before missions'],
    recommendation:
      'Publish a contract template per market and offer it to each ambassador; Guild refuses missions without one (contract templates API).',
  },
  {
    id: 'compliance_privacy',
    dimension: 'compliance',
    text: 'Are consent, data requests and retention periods handled?',
    scale: [
      'No',
      'By hand',
      'Consent recorded',
      'Consent, requests and retention',
      'Audited regularly',
    ],
    recommendation:
      'Publish consent notices, set retention periods (/api/v1/privacy/retention) and answer data requests on the privacy board.',
  },
  {
    id: 'data_crm',
    dimension: 'data',
    text: 'Are CRM customers and orders joined to community members?',
    scale: [
      'No',
      'Exports by hand',
      'Imported once',
      'Imported regularly',
      'Live by webhook, identities resolved',
    ],
    recommendation:
      'Import customers and orders (/api/v1/integrations/imports) and connect a signed webhook source for live updates.',
  },
  {
    id: 'data_loyalty',
    dimension: 'data',
    text: 'Is the loyalty program connected both ways?',
    scale: ['No', 'Separate systems', 'One-way export', 'Two-way sync', 'Sync with reconciliation'],
    recommendation:
      'Connect the loyalty adapter and outbound webhooks (/api/v1/integrations) so points and tiers stay in step.',
  },
  {
    id: 'measurement_roi',
    dimension: 'measurement',
    text: 'Is the program ROI measured with a retention lift against a matched group?',
    scale: [
      'No',
      'Vanity metrics',
      'Engagement only',
      'ROI estimated',
      'ROI with lift and interval, reported',
    ],
    recommendation:
      'Run a retention-lift estimate (POST /api/v1/analytics/lift-runs) and read the ROI report with its benchmark (GET /api/v1/analytics/roi).',
  },
];

/** Level names by band of the score (0–4): [from, name]; a score on a bound takes the band above. */
export const LEVELS: readonly (readonly [number, string])[] = [
  [0, 'Ad hoc'],
  [0.8, 'Emerging'],
  [1.6, 'Defined'],
  [2.4, 'Managed'],
  [3.2, 'Optimising'],
];

/** Answers at or above this need no recommendation. */
export const GOOD_ANSWER = 3;
/** How many of the lowest dimensions are reported as gaps (those below GOOD_ANSWER only). */
export const GAP_COUNT = 3;

export type Answers = Record<string, number>;

export interface DimensionScore {
  dimension: Dimension;
  name: string;
  /** Mean of its answers, 0–4, to 2 places. */
  score: number;
  /** score ÷ 4 × 100, rounded. */
  percent: number;
  level: string;
}

export interface Recommendation {
  dimension: Dimension;
  questionId: string;
  answer: number;
  text: string;
}

export interface MaturityReport {
  overall: { score: number; percent: number; level: string };
  dimensions: DimensionScore[];
  gaps: Dimension[];
  recommendations: Recommendation[];
}

export interface MaturityChange {
  previousId: string;
  previousSubmittedAt: Date;
  overall: number;
  dimensions: Record<Dimension, number>;
}

const round2 = (value: number) => Math.round(value * 100) / 100;

export function levelOf(score: number): string {
  let name = LEVELS[0]![1];
  for (const [from, level] of LEVELS) {
    if (score >= from) {
      name = level;
    }
  }
  return name;
}

/** Problems with a set of answers (each question once, a whole number 0..4), or []. */
export function answerProblems(answers: Answers): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  const known = new Set(QUESTIONS.map((q) => q.id));
  for (const id of Object.keys(answers)) {
    if (!known.has(id)) {
      problems.push({ field: `answers/${id}`, message: `There is no question "${id}".` });
    }
  }
  for (const question of QUESTIONS) {
    const answer = answers[question.id];
    if (answer === undefined) {
      problems.push({ field: `answers/${question.id}`, message: 'Answer every question.' });
    } else if (!Number.isInteger(answer) || answer < 0 || answer > 4) {
      problems.push({
        field: `answers/${question.id}`,
        message: 'An answer is a whole number from 0 to 4.',
      });
    }
  }
  return problems;
}

/** The scored report of complete, valid answers. */
export function scoreAnswers(answers: Answers): MaturityReport {
  const dimensions = DIMENSIONS.map((dimension): DimensionScore => {
    const values = QUESTIONS.filter((q) => q.dimension === dimension).map((q) => answers[q.id]!);
    const score = round2(values.reduce((sum, v) => sum + v, 0) / values.length);
    return {
      dimension,
      name: DIMENSION_NAMES[dimension],
      score,
      percent: Math.round((score / 4) * 100),
      level: levelOf(score),
    };
  });
  const overall = round2(dimensions.reduce((sum, d) => sum + d.score, 0) / dimensions.length);
  const gaps = dimensions
    .map((d, index) => ({ d, index }))
    .filter(({ d }) => d.score < GOOD_ANSWER)
    .sort((a, b) => a.d.score - b.d.score || a.index - b.index)
    .slice(0, GAP_COUNT)
    .map(({ d }) => d.dimension);
  const recommendations = gaps.flatMap((dimension) =>
    QUESTIONS.filter((q) => q.dimension === dimension && answers[q.id]! < GOOD_ANSWER).map((q) => ({
      dimension,
      questionId: q.id,
      answer: answers[q.id]!,
      text: q.recommendation,
    })),
  );
  return {
    overall: { score: overall, percent: Math.round((overall / 4) * 100), level: levelOf(overall) },
    dimensions,
    gaps,
    recommendations,
  };
}

/** The change of each score since an earlier report (now − then). */
export function changeSince(
  report: MaturityReport,
  previous: { id: string; submittedAt: Date; report: MaturityReport },
): MaturityChange {
  const before = new Map(previous.report.dimensions.map((d) => [d.dimension, d.score]));
  return {
    previousId: previous.id,
    previousSubmittedAt: previous.submittedAt,
    overall: round2(report.overall.score - previous.report.overall.score),
    dimensions: Object.fromEntries(
      report.dimensions.map((d) => [d.dimension, round2(d.score - (before.get(d.dimension) ?? 0))]),
    ) as Record<Dimension, number>,
  };
}
