/**
 * The required clauses of an ambassador contract (COMPLIANCE.md section 5, CON-01..10) and the
 * check of a template's text against them.
 *
 * A template is Markdown. Each clause is a heading tagged with its id, `## Disclosure {#CON-01}`,
 * and runs until the next heading of the same or a higher level. The check finds every clause
 * and tests that it says what it must: each clause has a few requirements (a pattern it must
 * match) and may have wording it must not contain. A missing or weak clause of severity B keeps
 * the template from being published; one of severity W is published with a warning.
 */

export const CLAUSE_IDS = [
  'CON-01',
  'CON-02',
  'CON-03',
  'CON-04',
  'CON-05',
  'CON-06',
  'CON-07',
  'CON-08',
  'CON-09',
  'CON-10',
] as const;
export type ClauseId = (typeof CLAUSE_IDS)[number];
export type Severity = 'B' | 'W';

export interface Clause {
  id: ClauseId;
  heading: string;
  /** The heading and everything under it, as written. */
  text: string;
}

export interface ClauseProblem {
  clause: ClauseId;
  severity: Severity;
  problem: string;
}

export interface TemplateCheck {
  /** No problem of severity B: the template may be published. */
  publishable: boolean;
  /** Problems of severity B. */
  missing: ClauseProblem[];
  /** Problems of severity W. */
  warnings: ClauseProblem[];
  clauses: { clause: ClauseId; severity: Severity; title: string; present: boolean }[];
}

interface Requirement {
  test: (text: string, sentences: string[]) => boolean;
  problem: string;
}

interface Rule {
  id: ClauseId;
  severity: Severity;
  title: string;
  requires: Requirement[];
  /** Wording that fails the clause whatever else it says. */
  refuses: Requirement[];
}

const has =
  (pattern: RegExp) =>
  (text: string): boolean =>
    pattern.test(text);

/** True when one sentence matches every pattern. */
const sentenceWith =
  (...patterns: RegExp[]) =>
  (_text: string, sentences: string[]): boolean =>
    sentences.some((s) => patterns.every((p) => p.test(s)));

const NEGATION = /\b(never|not|no|nor|without|won['’]t|don['’]t|doesn['’]t|cannot)\b/;
const PERIOD = /\b\d+\s*(hours?|h|days?|weeks?|months?|years?|business days?|working days?)\b/;
const MONTHS =
  /\b\d{1,2}\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{4}\b|\b\d{4}-\d{2}-\d{2}\b/;

const RULES: readonly Rule[] = [
  {
    id: 'CON-01',
    severity: 'B',
    title: 'Disclosure duty',
    requires: [
      {
        test: has(
          /["'‘“]\s*#?(ad|advert|advertisement|sponsored|paid partnership|werbung|anzeige)\s*["'’”]|#ad\b/,
        ),
        problem:
          'name the disclosure labels to use in each market, in quotes (e.g. "Ad", "Sponsored")',
      },
      {
        test: has(
          /\b(up front|upfront|at the (start|beginning|top)|start (every|each|the|all)|begin (every|each|the|all)|first (line|words?|thing)|before (the|any) (caption|text|content|post))\b/,
        ),
        problem: 'say the label comes first, up front (at the start of the post or video)',
      },
      {
        test: (text) =>
          /\b(all|every|any) (media|formats?|platforms?|channels?)\b/.test(text) ||
          (/\bvideos?\b/.test(text) && /\b(live|livestreams?|streams?|streaming)\b/.test(text)),
        problem: 'cover every medium, video and live streams included',
      },
    ],
    refuses: [],
  },
  {
    id: 'CON-02',
    severity: 'B',
    title: 'Monitoring, correction and takedown',
    requires: [
      {
        test: has(/\b(monitor|monitors|monitoring|review|reviews|check|checks)\b/),
        problem: 'say the brand monitors the ambassador’s posts',
      },
      {
        test: sentenceWith(
          /\b(fix|fixes|correct|corrects|amend|edit|remove|removes|take down|delete)\b/,
          /\b(within|no later than)\b/,
          PERIOD,
        ),
        problem: 'give a time to fix or remove a post after notice (e.g. within 24 hours)',
      },
      {
        test: has(/\bterminat(e|es|ed|ion)\b|\bend (the|this) (agreement|contract)\b/),
        problem: 'say that repeated failure to fix a post ends the contract',
      },
    ],
    refuses: [],
  },
  {
    id: 'CON-03',
    severity: 'B',
    title: 'Term',
    requires: [
      {
        test: (text) =>
          MONTHS.test(text) ||
          /\{\{\s*(startDate|endDate)\s*\}\}/i.test(text) ||
          (/\bstart(s|ing)? (date|on)\b|\bbegins?\b|\bcommences?\b/.test(text) &&
            /\bend(s)? (date|on)\b|\buntil\b|\bexpires?\b/.test(text)) ||
          /\b(term|period) of \d+\s*(weeks?|months?|years?)\b|\b\d+[- ](week|month|year)s? term\b/.test(
            text,
          ),
        problem: 'give the start and end dates, or the length of the term',
      },
      {
        test: has(/\b(renew|renews|renewal|renewed|extend|extended|extension)\b/),
        problem: 'say how the term is renewed (and that the ambassador may opt out)',
      },
      {
        test: has(
          /\bsurviv(e|es|al)\b|\bafter (the|this) (term|contract|agreement) ends\b|\bcontinues? to apply\b/,
        ),
        problem: 'say which duties survive the end (disclosure on old posts, the content licence)',
      },
    ],
    refuses: [
      {
        test: has(
          /\b(indefinite(ly)?|open-ended|no (fixed )?end( date)?|perpetual term|until further notice)\b/,
        ),
        problem: 'the term is open-ended',
      },
    ],
  },
  {
    id: 'CON-04',
    severity: 'B',
    title: 'Compensation',
    requires: [
      {
        test: has(
          /\b(cash|fees?|points|free products?|product allowance|gifts?|commission|early access|prizes?|vouchers?|discounts?)\b/,
        ),
        problem: 'list every form of compensation (cash, points, free product, commission, …)',
      },
      {
        test: has(
          /[£€$]\s?\d|\b\d+([.,]\d+)?\s?(gbp|eur|usd|£|€|\$|%|points)\b|\b(gbp|eur|usd)\s?\d|\bstandard (points )?rate\b/,
        ),
        problem: 'give the amounts or rates',
      },
      {
        test: has(
          /\b(monthly|per month|each month|weekly|quarterly|per (mission|post|video)|on approval|within \d+ days|paid (on|by|within|at))\b/,
        ),
        problem: 'say when it is paid',
      },
      { test: has(/\btax(es)?\b/), problem: 'say who pays the taxes' },
    ],
    refuses: [
      {
        test: has(
          /\b(as decided by|at the (sole )?discretion of|at (the )?(brand|company)['’]s (sole )?discretion|to be (decided|determined|agreed) later)\b/,
        ),
        problem: 'compensation is left to the brand’s discretion',
      },
    ],
  },
  {
    id: 'CON-05',
    severity: 'W',
    title: 'Scope and approvals',
    requires: [
      {
        test: has(
          /\b(platforms?|channels?|instagram|tiktok|youtube|facebook|blog|deliverables?|posts? per)\b/,
        ),
        problem: 'name the platforms and the deliverables',
      },
      {
        test: has(
          /\b(pre-?approv(al|ed)|prior (written )?approval|written approval|approved in writing|approval before)\b/,
        ),
        problem: 'name the claims that need prior approval (efficacy, prices, comparisons)',
      },
      {
        test: sentenceWith(
          /\b(must not|may not|never|prohibited|banned|not allowed|forbidden)\b/,
          /\bclaims?\b/,
        ),
        problem: 'list the claims that are banned',
      },
    ],
    refuses: [],
  },
  {
    id: 'CON-06',
    severity: 'B',
    title: 'Honest opinion',
    requires: [
      {
        test: has(
          /\b(own (honest )?(opinions?|views?|words|experiences?)|honest(ly)?|genuine(ly)?)\b/,
        ),
        problem: 'say every opinion must be the ambassador’s own, honestly held',
      },
      {
        test: has(
          /\b(actually|personally|really) (used?|tried|tested)\b|\bhas (used|tried)\b|\bhave (used|tried)\b/,
        ),
        problem: 'say the ambassador endorses only products they actually used',
      },
      {
        test: sentenceWith(
          /\b(negative|critical|criticism|criticise|criticize|dislikes?|drawbacks?|bad)\b/,
          /\b(allowed|welcome|free|may|can|permitted)\b/,
        ),
        problem: 'say the ambassador is free to voice negative views',
      },
    ],
    refuses: [
      {
        test: (_text, sentences) =>
          sentences.some(
            (s) =>
              (/\b(must|shall|should|have to|has to|need to|needs to|required to|are to|is to)\b[^.]*\b(positive|favou?rable|glowing|5-star|five-star|flattering)\b/.test(
                s,
              ) &&
                !/\b(need not|not required|do not have to|does not have to|don['’]t have to)\b/.test(
                  s,
                )) ||
              /\b(only positive|no negative|nothing negative)\b/.test(s),
          ),
        problem: 'asks for positive content: opinions may not be prescribed',
      },
    ],
  },
  {
    id: 'CON-07',
    severity: 'W',
    title: 'Content licence',
    requires: [
      {
        test: has(/\b(owns?|ownership|licen[cs]es?|licensed|rights?)\b/),
        problem: 'say who owns the content and what rights the brand has',
      },
      {
        test: has(/\b\d+\s*(weeks?|months?|years?)\b|\bfor the (term|duration)\b/),
        problem: 'say how long the licence lasts',
      },
      {
        test: has(
          /\bpaid (use|ads?|media|advertising|promotion)\b|\bwhitelist(ing)?\b|\bboost(ed|ing)?\b/,
        ),
        problem: 'say whether paid ads may use the content, and on what terms',
      },
    ],
    refuses: [],
  },
  {
    id: 'CON-08',
    severity: 'B',
    title: 'Data protection',
    requires: [
      {
        test: sentenceWith(
          /\b(data|information)\b/,
          /\b(crm|purchases?|social (media )?(metrics|data|statistics)|scores?|contact details|e-?mail address(es)?|followers?)\b/,
        ),
        problem: 'list the ambassador data processed (CRM, social metrics, score, …)',
      },
      {
        test: has(
          /\b(purposes?|in order to|only (to|for)|(used|processed) (to|for)|(to|for) (run|running|manage|managing|pay|paying|measure|measuring|administer|administering))\b/,
        ),
        problem: 'say what the data is used for',
      },
      {
        test: has(
          /\b(retain(ed|s)?|retention|kept for|stored for|deleted (within|after)|erased (within|after)|delete(s)? it (within|after))\b/,
        ),
        problem: 'say how long the data is kept',
      },
      {
        test: (_text, sentences) =>
          sentences.some(
            (s) =>
              (/\bpasswords?\b/.test(s) && NEGATION.test(s)) ||
              /\b(api|oauth)\b[^.]*\b(scopes?|consent(ed)?)\b/.test(s),
          ),
        problem:
          'say social accounts are reached only through API scopes the ambassador consented to, never with passwords',
      },
    ],
    refuses: [
      {
        test: (_text, sentences) =>
          sentences.some(
            (s) =>
              /\b(provide|provides|give|gives|share|shares|hand over|disclose|send|supply)\b[^.]*\b(passwords?|login details|log-in details|credentials)\b/.test(
                s,
              ) && !NEGATION.test(s),
          ),
        problem: 'asks the ambassador for account passwords',
      },
    ],
  },
  {
    id: 'CON-09',
    severity: 'W',
    title: 'Conduct, exclusivity and termination',
    requires: [
      {
        test: sentenceWith(
          /\b(terminat(e|es|ed|ion)|end (the|this) (agreement|contract))\b/,
          /\bnotice\b/,
          /\b\d+\s*(days?|weeks?|months?)\b/,
        ),
        problem: 'give both sides the right to end the contract, with a notice period',
      },
      {
        test: has(
          /\b(conduct|behaviou?r|morals?|disrepute|reputation|competitors?|exclusiv(e|ity))\b/,
        ),
        problem: 'set the rules of conduct (morals, competitors)',
      },
      {
        test: has(/\bindependent contractor\b|\bnot an employee\b|\bself-employed\b/),
        problem: 'say the ambassador is an independent contractor, not an employee',
      },
    ],
    refuses: [],
  },
  {
    id: 'CON-10',
    severity: 'W',
    title: 'Records of gifts and payments',
    requires: [
      {
        test: sentenceWith(
          /\b(records?|recorded|logs?|logged|register)\b/,
          /\b(gifts?|products?|payments?|points|compensation)\b/,
        ),
        problem: 'say the brand records every gift and payment given to the ambassador',
      },
    ],
    refuses: [],
  },
];

const TAGGED = /^(#{1,6})\s+(.*?)\s*\{#(CON-\d{2})\}\s*$/;
const HEADING = /^(#{1,6})\s/;

/** The tagged clauses of a Markdown body, in order (a clause tagged twice is joined up). */
export function splitClauses(body: string): Clause[] {
  const lines = body.replace(/\r\n?/g, '\n').split('\n');
  const found = new Map<ClauseId, Clause>();
  let open: { id: ClauseId; level: number; lines: string[]; heading: string } | null = null;
  const close = () => {
    if (open) {
      const previous = found.get(open.id);
      const text = open.lines.join('\n').trim();
      found.set(open.id, {
        id: open.id,
        heading: previous?.heading ?? open.heading,
        text: previous ? `${previous.text}\n\n${text}` : text,
      });
      open = null;
    }
  };
  for (const line of lines) {
    const tagged = TAGGED.exec(line);
    const heading = HEADING.exec(line);
    if (heading && open && heading[1]!.length <= open.level) {
      close();
    }
    if (tagged && (CLAUSE_IDS as readonly string[]).includes(tagged[3]!)) {
      close();
      open = {
        id: tagged[3] as ClauseId,
        level: tagged[1]!.length,
        heading: tagged[2]!,
        lines: [line],
      };
    } else if (open) {
      open.lines.push(line);
    }
  }
  close();
  return CLAUSE_IDS.flatMap((id) => (found.has(id) ? [found.get(id)!] : []));
}

/** Lower case, one kind of quote and dash, and whitespace collapsed. */
function normalise(text: string): string {
  return text
    .toLowerCase()
    .replace(/[\u2010-\u2013]/g, '-')
    .replace(/\s+/g, ' ')
    .trim();
}

function sentencesOf(text: string): string[] {
  // paragraphs, headings and list items end a sentence; a line wrapped inside one does not
  return text
    .split(/\n\s*\n|\n(?=\s*(?:[-*+]|\d+\.|#{1,6})\s)/)
    .flatMap((block) => block.split(/(?<=[.!?;])\s+/))
    .map((s) => s.replace(/\s+/g, ' ').trim())
    .filter((s) => s !== '');
}

/** Checks one clause's text against its rule; returns the problems (empty when it passes). */
export function checkClause(id: ClauseId, text: string): string[] {
  const rule = RULES.find((r) => r.id === id)!;
  const plain = normalise(text);
  const sentences = sentencesOf(text.toLowerCase().replace(/[\u2010-\u2013]/g, '-'));
  const problems = rule.refuses.filter((r) => r.test(plain, sentences)).map((r) => r.problem);
  for (const requirement of rule.requires) {
    if (!requirement.test(plain, sentences)) {
      problems.push(requirement.problem);
    }
  }
  return problems;
}

/** Checks a template's body: every clause present and saying what it must. */
export function checkTemplate(body: string): TemplateCheck {
  const clauses = new Map(splitClauses(body).map((c) => [c.id, c]));
  const problems: ClauseProblem[] = [];
  for (const rule of RULES) {
    const clause = clauses.get(rule.id);
    const found = clause
      ? checkClause(rule.id, clause.text)
      : [`missing: add a section headed "## ${rule.title} {#${rule.id}}"`];
    problems.push(
      ...found.map((problem) => ({ clause: rule.id, severity: rule.severity, problem })),
    );
  }
  const missing = problems.filter((p) => p.severity === 'B');
  return {
    publishable: missing.length === 0,
    missing,
    warnings: problems.filter((p) => p.severity === 'W'),
    clauses: RULES.map((r) => ({
      clause: r.id,
      severity: r.severity,
      title: r.title,
      present: clauses.has(r.id),
    })),
  };
}
