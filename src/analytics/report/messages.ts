/**
 * The ROI report's wording in each of its languages: headings, the six key metrics' names and
 * definitions (English as in src/analytics/metrics/definitions.ts and the ROI service; German
 * said the same way), the notes the report adds itself and the methods appendix. Notes that the
 * ROI service writes come in English whatever the report's language.
 */
import { DEFINITIONS } from '../metrics/definitions.js';
import { ROI_DEFINITIONS } from '../roi/roi.service.js';
import type { CostCategory } from '../roi/costs.service.js';
import type { ReportLanguage } from './format.js';

/** The six key metrics of PRODUCT.md, in the order the report shows them. */
export const KEY_METRICS = [
  'engagementRate',
  'ambassadorRetention',
  'contentApprovalTime',
  'customerRetentionLift',
  'moderationCostReduction',
  'programRoi',
] as const;
export type KeyMetric = (typeof KEY_METRICS)[number];

export interface ReportMessages {
  title: string;
  subtitle: string;
  tenant: string;
  period: string;
  scope: string;
  wholeTenant: string;
  region: string;
  segment: string;
  generatedAt: string;
  currency: string;
  summary: string;
  keyMetrics: string;
  supporting: string;
  costs: string;
  notes: string;
  noNotes: string;
  methods: string;
  definitions: string;
  month: string;
  value: string;
  category: string;
  amount: string;
  total: string;
  page: (page: number, pages: number) => string;
  names: Record<KeyMetric, string>;
  definitionsOf: Record<KeyMetric, string>;
  summaryLines: {
    roi: string;
    roiInterval: string;
    benchmark: string;
    band: string;
    percentile: (percentile: string, below: string, programs: string) => string;
    lift: string;
    liftInterval: string;
    groups: (matched: string, controls: string) => string;
    cost: string;
    benefits: string;
    retentionMargin: string;
    referrals: (count: string) => string;
    ugc: (count: string) => string;
    noRoi: string;
    noLift: string;
  };
  periodValue: Record<KeyMetric, string>;
  bands: Record<string, string>;
  categories: Record<CostCategory, string>;
  supportingRows: {
    firstResponse: string;
    postsAnswered: string;
    pointsIssued: string;
    pointsRedeemed: string;
    challengeJoined: string;
    challengeCompleted: string;
    queueOpenAtEnd: string;
    slaBreaches: string;
    contributors: string;
    dauMau: string;
  };
  chartTitles: {
    trend: (metric: string) => string;
    lift: string;
    roi: string;
    costs: string;
  };
  chartTable: string;
  lowHigh: { low: string; estimate: string; high: string };
  series: { median: string; p90: string };
  detail: {
    ofMembers: (part: string, whole: string) => string;
    ofAmbassadors: (part: string, whole: string) => string;
    decisions: (count: string) => string;
    items: (items: string, reviews: string) => string;
    precision: (precision: string) => string;
  };
  benchmarkPoints: { p25: string; median: string; p75: string };
  reportNotes: {
    noLiftRun: string;
    liftRefused: (reason: string, matched: string, minimum: string) => string;
    scopeTenantWide: string;
    noCost: string;
  };
  methodParagraphs: { title: string; text: string }[];
}

const en: ReportMessages = {
  title: 'Community and ambassador program: ROI and impact',
  subtitle: 'A report for stakeholders, made by Guild from its own data.',
  tenant: 'Community',
  period: 'Period',
  scope: 'Scope',
  wholeTenant: 'the whole community',
  region: 'region',
  segment: 'segment',
  generatedAt: 'Generated',
  currency: 'Currency',
  summary: 'Executive summary',
  keyMetrics: 'The six key metrics',
  supporting: 'Supporting figures',
  costs: 'Program costs by category',
  notes: 'Notes',
  noNotes: 'No notes on the figures of this period.',
  methods: 'Methods',
  definitions: 'Definition',
  month: 'Month',
  value: 'Value',
  category: 'Category',
  amount: 'Amount',
  total: 'Total',
  page: (page, pages) => `Page ${page} of ${pages}`,
  names: {
    engagementRate: 'Community engagement rate',
    ambassadorRetention: 'Ambassador retention rate',
    contentApprovalTime: 'Content approval time',
    customerRetentionLift: 'Customer retention lift',
    moderationCostReduction: 'Moderation cost reduction',
    programRoi: 'Program ROI',
  },
  definitionsOf: {
    engagementRate: DEFINITIONS.engagementRate,
    ambassadorRetention: DEFINITIONS.ambassadorRetention,
    contentApprovalTime: DEFINITIONS.contentApprovalTime,
    customerRetentionLift: DEFINITIONS.customerRetentionLift,
    moderationCostReduction: DEFINITIONS.moderationCostReduction,
    programRoi: `${ROI_DEFINITIONS.roi} ${ROI_DEFINITIONS.programCost}`,
  },
  summaryLines: {
    roi: 'Program ROI',
    roiInterval: '95% interval',
    benchmark: 'Industry benchmark (120 programs)',
    band: 'Band',
    percentile: (percentile, below, programs) =>
      `Percentile ${percentile} of ${programs} surveyed programs: about ${below} had a lower ROI.`,
    lift: 'Customer retention lift',
    liftInterval: '95% bootstrap interval',
    groups: (matched, controls) => `${matched} matched members, ${controls} distinct controls`,
    cost: 'Program cost',
    benefits: 'Benefits',
    retentionMargin: 'Incremental gross margin from the retention lift',
    referrals: (count) => `Referral value (${count} converted)`,
    ugc: (count) => `Approved content value (${count} approved)`,
    noRoi: 'No ROI: no program cost was entered for the period.',
    noLift: 'No lift estimate is available.',
  },
  periodValue: {
    engagementRate: 'over the period',
    ambassadorRetention: 'start to end of the period',
    contentApprovalTime: 'median (90th percentile)',
    customerRetentionLift: 'from the lift run used',
    moderationCostReduction: 'over the period',
    programRoi: 'over the period',
  },
  bands: {
    'below p25': 'below the 25th percentile',
    'p25–median': 'between the 25th percentile and the median',
    'median–p75': 'between the median and the 75th percentile',
    'above p75': 'above the 75th percentile',
  },
  categories: {
    platform: 'Platform',
    staff: 'Staff',
    rewards: 'Rewards',
    incentives: 'Incentives',
    moderation: 'Moderation',
  },
  supportingRows: {
    firstResponse: 'Time to first response (median)',
    postsAnswered: 'Posts answered / published',
    pointsIssued: 'Points issued',
    pointsRedeemed: 'Points redeemed',
    challengeJoined: 'Challenge joins',
    challengeCompleted: 'Challenge completions',
    queueOpenAtEnd: 'Review queue open at month end',
    slaBreaches: 'Review SLA breaches',
    contributors: 'Contributors (posts, comments)',
    dauMau: 'DAU/MAU',
  },
  chartTitles: {
    trend: (metric) => `${metric} by month`,
    lift: 'Customer retention lift with its 95% interval',
    roi: 'Program ROI with its interval against the industry quartiles',
    costs: 'Program cost by category',
  },
  chartTable: 'The chart’s figures',
  lowHigh: { low: 'Low', estimate: 'Estimate', high: 'High' },
  series: { median: 'Median', p90: '90th percentile' },
  detail: {
    ofMembers: (part, whole) => `${part} of ${whole} members`,
    ofAmbassadors: (part, whole) => `${part} of ${whole} ambassadors`,
    decisions: (count) => `${count} decisions`,
    items: (items, reviews) => `${items} items checked, ${reviews} human reviews`,
    precision: (precision) => `precision of automatic decisions ${precision}`,
  },
  benchmarkPoints: { p25: '25th percentile', median: 'Median', p75: '75th percentile' },
  reportNotes: {
    noLiftRun:
      'No stored lift run has an estimate, so the retention lift adds nothing to the benefits.',
    liftRefused: (reason, matched, minimum) =>
      `The newest lift run was refused (${reason}): ${matched} matched members against a minimum of ${minimum}; the groups are too small for an estimate.`,
    scopeTenantWide:
      'Program cost, benefits, the retention lift and the ROI cover the whole community; the region and segment apply to the monthly metrics and supporting figures.',
    noCost: 'No program cost was entered for the period, so there is no ROI.',
  },
  methodParagraphs: [
    {
      title: 'Definitions',
      text:
        'Every figure is computed by Guild from its own records for whole calendar months in UTC ' +
        '(engagement uses each member’s local days). Monthly figures come from rollups the ' +
        'database keeps as activity happens; the period value pools the months as each metric’s ' +
        'definition asks: distinct engaged members over the members at the period’s end, ' +
        'ambassadors active at the period’s start and still active at its end, the median and 90th ' +
        'percentile of all first decisions in the period, and the cost reduction over all items ' +
        'checked. Money is in the analytics settings’ currency; rates are shares of one.',
    },
    {
      title: 'Matching',
      text:
        'The retention lift compares members who joined in a cohort with customers who never ' +
        'joined. Each member is matched, within the same region, to the nearest non-member by ' +
        'Euclidean distance on the logarithms of recency, frequency and spend before a common ' +
        'reference date, each standardised; controls may serve several members. Repeat purchase ' +
        'is buying again within the window after that date. Fewer matched members or distinct ' +
        'controls than the minimum group size and no estimate is made.',
    },
    {
      title: 'Bootstrap',
      text:
        'The 95% interval of the lift is a percentile bootstrap over 1,000 seeded replicates: ' +
        'each redraws the matched members with their controls and also redraws the distinct ' +
        'controls, so reusing a control widens the interval as it should. The ROI’s interval puts ' +
        'the lift’s interval bounds in place of the lift; referral and content values and the cost ' +
        'are taken as entered.',
    },
    {
      title: 'Benchmark',
      text:
        'The ROI is placed against an industry survey of 120 programs that gives three points: ' +
        '25th percentile 30%, median 50%, 75th percentile 75%. Between the quartiles the ' +
        'percentile is interpolated linearly; beyond them each tail follows a normal centred on ' +
        'the median and fitted to the quartile on that side. It is an estimate from three ' +
        'published points, not a rank among the surveyed programs.',
    },
  ],
};

const de: ReportMessages = {
  title: 'Community- und Botschafterprogramm: ROI und Wirkung',
  subtitle: 'Ein Bericht für Stakeholder, von Guild aus den eigenen Daten erstellt.',
  tenant: 'Community',
  period: 'Zeitraum',
  scope: 'Umfang',
  wholeTenant: 'die ganze Community',
  region: 'Region',
  segment: 'Segment',
  generatedAt: 'Erstellt',
  currency: 'Währung',
  summary: 'Zusammenfassung',
  keyMetrics: 'Die sechs Kennzahlen',
  supporting: 'Ergänzende Zahlen',
  costs: 'Programmkosten nach Kategorie',
  notes: 'Hinweise',
  noNotes: 'Keine Hinweise zu den Zahlen dieses Zeitraums.',
  methods: 'Methoden',
  definitions: 'Definition',
  month: 'Monat',
  value: 'Wert',
  category: 'Kategorie',
  amount: 'Betrag',
  total: 'Summe',
  page: (page, pages) => `Seite ${page} von ${pages}`,
  names: {
    engagementRate: 'Community-Engagement-Rate',
    ambassadorRetention: 'Bindungsrate der Botschafter',
    contentApprovalTime: 'Freigabezeit für Inhalte',
    customerRetentionLift: 'Steigerung der Kundenbindung',
    moderationCostReduction: 'Senkung der Moderationskosten',
    programRoi: 'Programm-ROI',
  },
  definitionsOf: {
    engagementRate:
      'Mitglieder mit mindestens einem Beitrag im Monat (ein veröffentlichter Beitrag oder ' +
      'Kommentar, eine Reaktion, eine akzeptierte Antwort oder ein Challenge-Schritt) geteilt ' +
      'durch die Mitglieder, die bis zu seinem Ende beigetreten und bis dahin nicht entfernt ' +
      'worden waren.',
    ambassadorRetention:
      'Botschafter, die zu Beginn des Zeitraums aktiv waren und an seinem Ende noch aktiv sind ' +
      '(keine Alumni, mindestens eine abgeschlossene Mission oder genehmigte Einreichung in den ' +
      'letzten 60 Tagen), geteilt durch die zu Beginn aktiven Botschafter.',
    contentApprovalTime:
      'Zeit von der Einreichung eines Botschafters bis zur ersten endgültigen Entscheidung ' +
      '(Freigabe oder Ablehnung): Median und 90. Perzentil, für automatische und menschliche ' +
      'Entscheidungen, nach dem Monat der Entscheidung.',
    customerRetentionLift:
      '(Wiederkaufrate der Mitglieder − Rate vergleichbarer Nicht-Mitglieder) ÷ Rate der ' +
      'Vergleichsgruppe, in einem Zeitfenster nach dem Beitritt, mit einem 95-%-Bootstrap-' +
      'Intervall und den Gruppengrößen.',
    moderationCostReduction:
      '1 − (menschliche Prüfungen × Kosten je Prüfung + geprüfte Elemente × KI-Kosten je ' +
      'Element) ÷ (geprüfte Elemente × Kosten je Prüfung), daneben die Genauigkeit ' +
      'automatischer Entscheidungen aus der Audit-Stichprobe.',
    programRoi:
      'Programm-ROI = (zusätzliche Bruttomarge aus der Kundenbindung + Wert von Empfehlungen und ' +
      'Inhalten − Programmkosten) ÷ Programmkosten; 0,5 sind 50 %. Die Programmkosten sind die ' +
      'für die Monate des Zeitraums erfassten Kosten (Plattform, Personal, Prämien zum ' +
      'Einstandspreis, Anreize und Moderation) in der Währung der Einstellungen.',
  },
  summaryLines: {
    roi: 'Programm-ROI',
    roiInterval: '95-%-Intervall',
    benchmark: 'Branchenvergleich (120 Programme)',
    band: 'Bereich',
    percentile: (percentile, below, programs) =>
      `Perzentil ${percentile} unter ${programs} befragten Programmen: etwa ${below} hatten einen niedrigeren ROI.`,
    lift: 'Steigerung der Kundenbindung',
    liftInterval: '95-%-Bootstrap-Intervall',
    groups: (matched, controls) =>
      `${matched} zugeordnete Mitglieder, ${controls} verschiedene Vergleichskunden`,
    cost: 'Programmkosten',
    benefits: 'Nutzen',
    retentionMargin: 'Zusätzliche Bruttomarge aus der Kundenbindung',
    referrals: (count) => `Wert der Empfehlungen (${count} abgeschlossen)`,
    ugc: (count) => `Wert freigegebener Inhalte (${count} freigegeben)`,
    noRoi: 'Kein ROI: Für den Zeitraum wurden keine Programmkosten erfasst.',
    noLift: 'Keine Schätzung der Steigerung verfügbar.',
  },
  periodValue: {
    engagementRate: 'über den Zeitraum',
    ambassadorRetention: 'Beginn bis Ende des Zeitraums',
    contentApprovalTime: 'Median (90. Perzentil)',
    customerRetentionLift: 'aus der verwendeten Messung',
    moderationCostReduction: 'über den Zeitraum',
    programRoi: 'über den Zeitraum',
  },
  bands: {
    'below p25': 'unter dem 25. Perzentil',
    'p25–median': 'zwischen dem 25. Perzentil und dem Median',
    'median–p75': 'zwischen dem Median und dem 75. Perzentil',
    'above p75': 'über dem 75. Perzentil',
  },
  categories: {
    platform: 'Plattform',
    staff: 'Personal',
    rewards: 'Prämien',
    incentives: 'Anreize',
    moderation: 'Moderation',
  },
  supportingRows: {
    firstResponse: 'Zeit bis zur ersten Antwort (Median)',
    postsAnswered: 'Beantwortete / veröffentlichte Beiträge',
    pointsIssued: 'Vergebene Punkte',
    pointsRedeemed: 'Eingelöste Punkte',
    challengeJoined: 'Challenge-Teilnahmen',
    challengeCompleted: 'Abgeschlossene Challenges',
    queueOpenAtEnd: 'Offene Prüfungen am Monatsende',
    slaBreaches: 'Überschrittene Prüffristen',
    contributors: 'Beitragende (Beiträge, Kommentare)',
    dauMau: 'DAU/MAU',
  },
  chartTitles: {
    trend: (metric) => `${metric} nach Monat`,
    lift: 'Steigerung der Kundenbindung mit 95-%-Intervall',
    roi: 'Programm-ROI mit Intervall im Vergleich zu den Branchenquartilen',
    costs: 'Programmkosten nach Kategorie',
  },
  chartTable: 'Die Zahlen des Diagramms',
  lowHigh: { low: 'Untergrenze', estimate: 'Schätzung', high: 'Obergrenze' },
  series: { median: 'Median', p90: '90. Perzentil' },
  detail: {
    ofMembers: (part, whole) => `${part} von ${whole} Mitgliedern`,
    ofAmbassadors: (part, whole) => `${part} von ${whole} Botschaftern`,
    decisions: (count) => `${count} Entscheidungen`,
    items: (items, reviews) => `${items} geprüfte Elemente, ${reviews} menschliche Prüfungen`,
    precision: (precision) => `Genauigkeit automatischer Entscheidungen ${precision}`,
  },
  benchmarkPoints: { p25: '25. Perzentil', median: 'Median', p75: '75. Perzentil' },
  reportNotes: {
    noLiftRun:
      'Keine gespeicherte Messung der Kundenbindung hat eine Schätzung; die Steigerung trägt nichts zum Nutzen bei.',
    liftRefused: (reason, matched, minimum) =>
      `Die neueste Messung der Kundenbindung wurde abgelehnt (${reason}): ${matched} zugeordnete Mitglieder bei einem Minimum von ${minimum}; die Gruppen sind zu klein für eine Schätzung.`,
    scopeTenantWide:
      'Programmkosten, Nutzen, Steigerung der Kundenbindung und ROI gelten für die ganze Community; Region und Segment gelten für die monatlichen Kennzahlen und die ergänzenden Zahlen.',
    noCost: 'Für den Zeitraum wurden keine Programmkosten erfasst, daher gibt es keinen ROI.',
  },
  methodParagraphs: [
    {
      title: 'Definitionen',
      text:
        'Jede Zahl berechnet Guild aus den eigenen Daten für ganze Kalendermonate in UTC (das ' +
        'Engagement nach den lokalen Tagen der Mitglieder). Monatswerte stammen aus ' +
        'Zusammenfassungen, die die Datenbank laufend aktuell hält; der Wert des Zeitraums fasst ' +
        'die Monate so zusammen, wie es die Definition verlangt: verschiedene aktive Mitglieder ' +
        'geteilt durch die Mitglieder am Ende des Zeitraums, zu Beginn aktive Botschafter, die am ' +
        'Ende noch aktiv sind, Median und 90. Perzentil aller ersten Entscheidungen sowie die ' +
        'Kostensenkung über alle geprüften Elemente. Beträge stehen in der Währung der ' +
        'Analyse-Einstellungen; Raten sind Anteile von eins.',
    },
    {
      title: 'Zuordnung',
      text:
        'Die Steigerung der Kundenbindung vergleicht Mitglieder einer Beitrittskohorte mit ' +
        'Kunden, die nie beigetreten sind. Jedes Mitglied wird in derselben Region dem ' +
        'nächstgelegenen Nicht-Mitglied zugeordnet, nach euklidischem Abstand der standardisierten ' +
        'Logarithmen von Aktualität, Häufigkeit und Umsatz vor einem gemeinsamen Stichtag; ein ' +
        'Vergleichskunde kann mehreren Mitgliedern dienen. Wiederkauf heißt erneuter Kauf im ' +
        'Zeitfenster nach diesem Tag. Sind weniger Mitglieder oder Vergleichskunden zugeordnet ' +
        'als die Mindestgröße, gibt es keine Schätzung.',
    },
    {
      title: 'Bootstrap',
      text:
        'Das 95-%-Intervall der Steigerung ist ein Perzentil-Bootstrap über 1.000 ' +
        'reproduzierbare Wiederholungen: Jede zieht die zugeordneten Mitglieder mit ihren ' +
        'Vergleichskunden neu und zieht auch die verschiedenen Vergleichskunden neu, sodass ' +
        'mehrfach genutzte Vergleichskunden das Intervall angemessen verbreitern. Das Intervall ' +
        'des ROI setzt die Grenzen der Steigerung an ihre Stelle; Empfehlungs- und Inhaltswerte ' +
        'und die Kosten gelten wie erfasst.',
    },
    {
      title: 'Branchenvergleich',
      text:
        'Der ROI wird in eine Branchenumfrage unter 120 Programmen eingeordnet, die drei Punkte ' +
        'nennt: 25. Perzentil 30 %, Median 50 %, 75. Perzentil 75 %. Zwischen den Quartilen wird ' +
        'linear interpoliert; außerhalb folgt jede Seite einer Normalverteilung um den Median, ' +
        'angepasst an das Quartil auf dieser Seite. Das ist eine Schätzung aus drei ' +
        'veröffentlichten Punkten, kein Rang unter den befragten Programmen.',
    },
  ],
};

const MESSAGES: Record<ReportLanguage, ReportMessages> = { en, de };

export function messagesFor(language: ReportLanguage): ReportMessages {
  return MESSAGES[language];
}
