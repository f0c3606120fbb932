/**
 * Guild moderation: explainable toxicity rules. The classifier gives a general "toxic"
 * probability; these rules name what kind of harm a text carries and where:
 *
 * - `insult`: insults aimed at the reader ("you are an idiot", "you idiot", "your stupid …");
 * - `harassment`: pushing someone out or down ("nobody wants you here", "shut up", "go away
 *   loser");
 * - `threat`: "I will kill / hurt you", "you'll regret this", "watch your back", "I know where
 *   you live";
 * - `self_harm`: "kill yourself", "kys", "I want to die", "hurt myself", "end it all";
 * - `hate`: slurs and dehumanising statements about identity groups ("X are vermin").
 *
 * Rules run on the phrase line of the normalised text (see `phrase-text.ts`), where insults,
 * slurs, group names, dehumanising nouns and intensifiers are replaced by class markers.
 * Negation is handled per rule: "you are not stupid" and "I would never hurt you" score low.
 */
import type { Category, DetectorResult, Span } from '../moderation.types.js';
import { toOriginalRange, type NormalizedText } from '../text/normalize.js';
import {
  DEHUMANISING_WORDS,
  ENGLISH_SEVERITY,
  GROUP_WORDS,
  INSULT_WORDS,
  INTENSIFIER_WORDS,
} from './lexicon.js';
import {
  buildPhraseText,
  compilePhraseRules,
  isNegated,
  type PhraseRuleSpec,
  type PhraseText,
} from './phrase-text.js';
import { compileWords, type WordEntry } from './word-matcher.js';

type ToxicCategory = Extract<Category, 'insult' | 'harassment' | 'threat' | 'self_harm' | 'hate'>;

const TOXIC_CATEGORIES: readonly ToxicCategory[] = [
  'insult',
  'harassment',
  'threat',
  'self_harm',
  'hate',
];

/** How a negation near a match is read. */
type Negation =
  /** A negation before or inside the match defuses it ("you are not stupid"). */
  | 'inside'
  /** Only a negation before the match defuses it (the match itself may say "nobody"). */
  | 'before'
  /** The negation is part of the harm ("I don't want to live anymore"). */
  | 'none';

interface Rule extends PhraseRuleSpec {
  id: string;
  scores: Partial<Record<ToxicCategory, number>>;
  negation: Negation;
  /** Score kept for a negated match, as a share of the full score. */
  negatedShare: number;
}

/** The class vocabularies, compiled once; exported for the anchor test. */
export const TOXICITY_CLASSES = compileWords<string>(
  [
    ...INSULT_WORDS.map((phrase): WordEntry<string> => ({ phrase, payload: '_ins_' })),
    ...[...ENGLISH_SEVERITY]
      .filter(([, severity]) => (severity.hate ?? 0) >= 0.7)
      .map(([phrase]): WordEntry<string> => ({ phrase, payload: '_slur_' })),
    ...GROUP_WORDS.map((phrase): WordEntry<string> => ({ phrase, payload: '_grp_' })),
    ...DEHUMANISING_WORDS.map((phrase): WordEntry<string> => ({ phrase, payload: '_dh_' })),
    ...INTENSIFIER_WORDS.map((phrase): WordEntry<string> => ({ phrase, payload: '_int_' })),
  ],
  { masked: true },
);

// Building blocks, in plain words (squeezed when compiled), with the words they can start with.
const YOU_WORDS = ['you', 'u', 'ya', 'yu', 'youre', 'ur', 'thou'];
const YOU = `(?:${YOU_WORDS.join('|')})`;
const YOU_ALL = `${YOU}(?: (?:guys|people|lot|two|all|lads|folks))?`;
const ARE_WORDS = ['are', 'r', 're', 'is', 'were', 'was'];
const ARE = `(?:${ARE_WORDS.join('|')})`;
const FILLER = '(?:(?:a|an|the|such|so|one|just|really|truly|proper|_int_|_ins_) ){0,4}';
// An insult, not the first half of a compound such as "idiot-proof".
const INSULTING = '(?:_ins_|_dh_|_slur_)(?! proof)';
const SUBJECT_WORDS = ['i', 'ill', 'im', 'ima', 'we', 'well'];
const SUBJECT = `(?:${SUBJECT_WORDS.join('|')})`;
const AUX =
  '(?:(?:will|ll|am|m|gonna|gon|going|to|would|wud|d|could|shall|about|coming|come|and|just|really|_int_|literally|personally|actually|not|never|definitely|want|wanna|finna|swear|go|seriously|honestly|totally|so|gladly|happily|wont|t|dont|don|can|cant|might|may|should|must|i|ever) ){0,5}';
const TARGET_YOU = '(?:you|u|ya|yu|you all|your family|your kids|your wife|your husband)';
const TARGET_OTHER = '(?:him|her|them|that guy|that girl|that woman|that man)';
const END = '(?= #|$)';
/** People a member may call violence down on (staff, a named group of workers, pronouns). */
const PERSON_NOUNS = [
  'staff',
  'staffer',
  'staffers',
  'employee',
  'employees',
  'worker',
  'workers',
  'manager',
  'managers',
  'boss',
  'bosses',
  'owner',
  'owners',
  'ceo',
  'founder',
  'cashier',
  'cashiers',
  'driver',
  'drivers',
  'courier',
  'couriers',
  'moderator',
  'moderators',
  'mods',
  'admin',
  'admins',
  'people',
  'person',
  'guy',
  'guys',
  'man',
  'men',
  'woman',
  'women',
  'girl',
  'boy',
  'lot',
  'team',
  'seller',
  'sellers',
  'clerk',
  'clerks',
  'assistant',
  'assistants',
  'idiots',
  'everyone',
  'everybody',
  'whoever',
  'anyone',
  '_ins_',
  '_grp_',
];
const PERSON = `(?:${PERSON_NOUNS.join('|')})`;
const PRONOUN_SUBJECTS = ['you', 'u', 'he', 'she', 'they', 'ya'];
const DETERMINER =
  '(?:(?:the|that|this|those|these|every|all|all the|some|a|your|their|our|his|her) )?';
/** A person named as the subject of a violent wish ("staff at the Leeds store"). */
const PERSON_SUBJECT = `(?:_int_ )?${PERSON}(?: (?:at|from|in|of|on|working at|who work at) (?:[^ #]+ ){0,2}[^ #]+)?`;
const PERSON_PHRASE = `${DETERMINER}${PERSON_SUBJECT}`;
const MODAL =
  '(?:should|shud|must|ought to|oughta|need to|needs to|deserve to|deserves to|deserve to be|has to|have to|gotta|got to|better|ought)';
/** Being harmed, as in "… should be shot": photo shoots and things "killed off" stay out. */
const HARMED =
  '(?:shot(?! (?:in|on|against|with|from) (?:daylight|natural|film|camera|the studio|studio|location|colour|color|black|portrait|landscape|a phone|an iphone|digital))|killed(?! off)|murdered|stabbed|hanged|hung|lynched|beaten(?: up)?|beat up|strangled|executed|burned|burnt|gassed|tortured|set on fire|strung up|put down|taken out back|punched|slapped|hurt|shot dead)';
/** Harming someone, as in "someone should beat …". */
const HARM_VERB =
  '(?:kill|murder|shoot|stab|hang|lynch|strangle|hurt|punch|slap|batter|smash|beat|beat up|torture|knife|attack|assault|jump)';
const NOT = '(?:(?:not|never|nt) )?';
const GROUP_LEAD = ['all', 'the', 'those', 'these', 'most', 'many', 'some', '_grp_'];

const RULES: readonly Rule[] = [
  // Insults aimed at the reader.
  rule(
    'insult:you_are',
    YOU_WORDS,
    `${YOU_ALL} (?:${ARE} )?(?:not |never )?${FILLER}${INSULTING}`,
    { insult: 0.9 },
  ),
  rule('insult:are_you', ['are', 'r'], `(?:are|r) ${YOU} ${FILLER}${INSULTING}`, { insult: 0.7 }),
  rule('insult:your', ['your', 'yer'], `(?:your|yer) (?:_int_ )*_ins_`, { insult: 0.65 }),
  rule('insult:what_a', ['what', 'such'], `(?:what|such) (?:a|an) (?:_int_ )*${INSULTING}`, {
    insult: 0.5,
  }),
  rule(
    'insult:is_a',
    ARE_WORDS,
    `${ARE} (?:not )?(?:a|an|such a|such an|the) (?:_int_ )*_ins_(?! proof)`,
    {
      insult: 0.45,
    },
  ),
  rule('insult:fuck_you', ['fuck', 'screw', 'f'], `(?:fuck|screw|f) ${YOU}`, {
    insult: 0.7,
    harassment: 0.8,
  }),

  // Harassment.
  rule(
    'harassment:nobody_wants_you',
    ['nobody', 'no', 'noone'],
    `(?:nobody|no one|noone|no body) (?:here )?(?:wants|likes|loves|cares about|needs|would miss|will miss|misses) ${YOU}`,
    { harassment: 0.8 },
    'before',
  ),
  rule(
    'harassment:nobody_asked',
    ['nobody', 'no', 'noone'],
    `(?:nobody|no one|noone) (?:asked|cares)`,
    { harassment: 0.4 },
    'before',
  ),
  rule(
    'harassment:everyone_hates_you',
    ['everyone', 'everybody', 'we', 'all'],
    `(?:everyone|everybody|we all|all of us) (?:hates|hate) ${YOU}`,
    { harassment: 0.75 },
  ),
  rule('harassment:i_hate_you', ['i'], `i (?:hate|despise|loathe) ${YOU}`, { harassment: 0.6 }),
  rule(
    'harassment:shut_up',
    ['shut'],
    `shut (?:up(?! and take)|it|your mouth|your face|your trap|your gob)`,
    { harassment: 0.4 },
  ),
  rule('harassment:stfu', ['shut', 'stfu', 'gtfo'], `(?:shut the (?:fuck|hell|f) up|stfu|gtfo)`, {
    harassment: 0.75,
  }),
  rule(
    'harassment:go_away_insult',
    ['go', 'get', 'piss', 'sod', 'bugger', 'fuck', 'jog'],
    `(?:go away|get lost|piss off|sod off|bugger off|fuck off|jog on|get out of here|go to hell) ${FILLER}${INSULTING}`,
    { harassment: 0.8, insult: 0.6 },
  ),
  rule(
    'harassment:get_lost',
    ['go', 'get', 'piss', 'sod', 'bugger', 'fuck', 'jog'],
    `(?:fuck off|piss off|sod off|bugger off|get lost|jog on|go to hell)`,
    { harassment: 0.55 },
  ),
  rule(
    'harassment:not_welcome',
    YOU_WORDS,
    `${YOU} (?:are |re |r )?(?:not|never|dont|don t|do not) (?:welcome|wanted|belong) (?:here|in this)`,
    { harassment: 0.7 },
    'none',
  ),
  rule(
    'harassment:leave',
    ['leave', 'get'],
    `(?:leave|get off|get out of) (?:this|the|our) (?:forum|community|group|site|chat|page|thread|place)`,
    { harassment: 0.45 },
  ),
  rule(
    'harassment:hope_you_die',
    ['i', 'hope', 'wish', 'go', 'just', 'please', 'pls', 'die'],
    `(?:i hope|hope|i wish|wish) ${YOU} (?:die|get hurt|get cancer|burn|rot|suffer|drop dead)|(?:go|just|please|pls) die|die in a fire`,
    { harassment: 0.85, threat: 0.6 },
  ),

  // Threats.
  rule(
    'threat:kill_you',
    SUBJECT_WORDS,
    `${SUBJECT} ${AUX}(?:kill|murder|stab|shoot|strangle|choke|rape|behead|slit|gut) ${TARGET_YOU}`,
    { threat: 0.9 },
  ),
  rule(
    'threat:kill_them',
    SUBJECT_WORDS,
    `${SUBJECT} ${AUX}(?:kill|murder|stab|shoot|strangle|choke|rape|behead) ${TARGET_OTHER}`,
    { threat: 0.7 },
  ),
  rule(
    'threat:hurt_you',
    SUBJECT_WORDS,
    `${SUBJECT} ${AUX}(?:(?:hurt|punch|smash|slap|batter|wreck|end) ${TARGET_YOU}|beat ${TARGET_YOU} up|(?:get|destroy) ${TARGET_YOU}${END})`,
    { threat: 0.8 },
  ),
  rule(
    'threat:harm_after_clause',
    SUBJECT_WORDS,
    `${SUBJECT} ${AUX}(?:[^ #]+ ){1,6}and (?:then )?${AUX}(?:(?:kill|murder|stab|shoot|strangle|choke|rape|hurt|punch|smash|slap|batter|end) ${TARGET_YOU}|beat ${TARGET_YOU} up|beat the (?:crap|shit|hell|life) out of ${TARGET_YOU})`,
    { threat: 0.8 },
  ),
  rule(
    'threat:beat_out_of_you',
    SUBJECT_WORDS,
    `${SUBJECT} ${AUX}(?:beat|kick|knock|punch) the (?:crap|shit|hell|life|living daylights) out of ${TARGET_YOU}`,
    { threat: 0.8 },
  ),
  rule(
    'threat:find_where_you_live',
    SUBJECT_WORDS,
    `${SUBJECT} ${AUX}(?:find|find out|track down|work out|look up) where ${YOU} (?:live|work|sleep|park)`,
    { threat: 0.75 },
  ),
  rule(
    'threat:should_be_harmed',
    [...PERSON_NOUNS, ...PRONOUN_SUBJECTS, '_int_'],
    `(?:${PERSON_SUBJECT}|(?:${PRONOUN_SUBJECTS.join('|')})) (?:all )?${MODAL} ${NOT}(?:all )?(?:be|get)(?: _int_)? (?:(?:all|just) )?${HARMED}|${PERSON_SUBJECT} (?:all )?${MODAL} ${NOT}(?:all )?(?:just )?(?:die|drop dead|rot|burn)`,
    { threat: 0.75 },
  ),
  rule(
    'threat:someone_should',
    [
      'someone',
      'somebody',
      'anyone',
      'anybody',
      'people',
      'we',
      'you',
      'u',
      'they',
      'i',
      'someones',
    ],
    `(?:someone|somebody|anyone|anybody|people|we|you|u|they|i) (?:really )?(?:${MODAL}|will|ll|is going to|s going to|gonna|s gonna|could|can|wish|hope|want|wants|wanna) ${NOT}(?:to )?(?:just |really |go |come |come and |go and )*${HARM_VERB} (?:up )?(?:${PERSON_PHRASE}|him|her|them|${TARGET_YOU})(?! at| in a| in the| to it| by| on price)`,
    { threat: 0.7 },
  ),
  rule(
    'threat:hope_harmed',
    ['i', 'hope', 'wish'],
    `(?:(?:i )?(?:hope|wish) )(?:${YOU}|he|she|they|him|them|${PERSON_PHRASE}) (?:all )?(?:get|gets|got|is|are|be)(?: _int_)? (?:hit by a (?:bus|car|truck|lorry|train)|run over|killed(?! off)|shot|stabbed|murdered|raped|beaten(?: up)?|hurt|cancer)|(?:i )?(?:hope|wish) (?:he|she|they|him|them|${PERSON_PHRASE}) (?:all )?(?:die|dies|drop dead|drops dead|rot|rots|burn|burns|suffer|suffers)`,
    { threat: 0.65, harassment: 0.8 },
  ),
  rule(
    'threat:break_bones',
    ['break', 'smash', 'snap', 'bash'],
    `(?:break|smash|snap|bash) your (?:legs|neck|face|arms|jaw|nose|head|skull|teeth)(?: in)?`,
    { threat: 0.85 },
  ),
  rule(
    'threat:find_you',
    SUBJECT_WORDS,
    `${SUBJECT} ${AUX}(?:find|hunt down|track down|come for|come after) ${YOU}(?= #|$| and)`,
    { threat: 0.75 },
  ),
  rule('threat:know_where', ['i', 'we'], `(?:i|we) know where ${YOU} (?:live|work|sleep|park)`, {
    threat: 0.9,
  }),
  rule(
    'threat:watch_your_back',
    ['watch', 'sleep', ...YOU_WORDS],
    `watch your back|sleep with one eye open|${YOU} (?:better|had better|d better|best) watch (?:out|it|yourself)`,
    { threat: 0.75 },
  ),
  rule(
    'threat:regret',
    YOU_WORDS,
    `${YOU} (?:ll |will |are going to |re going to |re gonna |gonna |won t |wont |will not )?regret (?:this|that|it|crossing me|messing with me)`,
    { threat: 0.55 },
  ),
  rule(
    'threat:you_are_dead',
    YOU_WORDS,
    `${YOU} (?:are|re|r) (?:dead|dead meat|going to die|gonna die)(?! to me)`,
    { threat: 0.7 },
  ),
  rule(
    'threat:make_you_pay',
    [...SUBJECT_WORDS, ...YOU_WORDS],
    `${SUBJECT} ${AUX}make ${YOU} pay${END}|${YOU} (?:will|ll) pay for this${END}`,
    { threat: 0.6 },
  ),
  rule(
    'threat:attack_place',
    SUBJECT_WORDS,
    `${SUBJECT} ${AUX}(?:burn down|blow up|bomb|shoot up|torch|firebomb) (?:the|your|this|that|our) (?:store|shop|warehouse|office|place|building|house|branch|hq|headquarters)`,
    { threat: 1 },
  ),

  // Self-harm.
  rule(
    'self_harm:kill_yourself',
    ['kill', 'hang', 'neck', 'shoot', 'off', 'kys'],
    `(?:kill|hang|neck|shoot|off) (?:yourself|yourselves|urself|your self|ur self)|kys`,
    { self_harm: 1, harassment: 0.8 },
    'inside',
    0.3,
  ),
  rule(
    'self_harm:want_to_die',
    ['i'],
    `i (?:(?:really|just|honestly|seriously|actually|_int_) )?(?:want|wanna|need|am ready|m ready|am going|m going|m gonna|am gonna|wish|would like) (?:to )?(?:die|be dead|not wake up|disappear forever)(?! for)|i (?:want|wish) i (?:was|were) dead`,
    { self_harm: 0.85 },
  ),
  rule(
    'self_harm:kill_myself',
    ['kill', 'killing', 'hang', 'hanging', 'off', 'offing', 'end', 'take', 'ending', 'taking'],
    `(?:kill|killing|hang|hanging|off|offing|end) myself|(?:end|take|ending|taking) my (?:own )?life|end it all|end things for good`,
    { self_harm: 0.9 },
  ),
  rule(
    'self_harm:hurt_myself',
    ['hurt', 'hurting', 'harm', 'harming', 'cut', 'cutting', 'starve', 'starving'],
    `(?:hurt|hurting|harm|harming|cut|cutting|starve|starving) myself(?! on| while| shaving| lifting| opening| with| by| when| trying| playing| carrying| accidentally)`,
    { self_harm: 0.75 },
  ),
  rule(
    'self_harm:no_will_to_live',
    ['dont', 'don', 'do', 'no', 'better', 'nothing'],
    `(?:dont|don t|do not) want to (?:live|be alive|exist|be here) (?:anymore|any more)|no reason to live|better off dead|better off without me|nothing to live for`,
    { self_harm: 0.8 },
    'none',
  ),
  rule(
    'self_harm:suicidal',
    ['suicidal', 'commit', 'committing'],
    `suicidal|(?:commit|committing) suicide`,
    { self_harm: 0.7 },
  ),
  rule('self_harm:suicide', ['suicide'], `suicide`, { self_harm: 0.35 }, 'none'),

  // Hate.
  rule('hate:slur', ['_slur_'], `_slur_`, { hate: 1 }, 'none'),
  rule(
    'hate:dehumanising',
    GROUP_LEAD,
    `(?:(?:all|the|those|these|most|many|some) )?_grp_ (?:are|r|re|is) (?:(?:all|just|nothing but|like|no better than|such|basically|literally|really|not) )*_dh_`,
    { hate: 0.9 },
  ),
  rule(
    'hate:group_insult',
    GROUP_LEAD,
    `(?:(?:all|the|those|these|most) )?_grp_ (?:are|r|re|is) (?:(?:all|just|so|such|really|not|a bunch of) )*(?:_ins_|_slur_)`,
    { hate: 0.6 },
  ),
  rule(
    'hate:violence_against_group',
    ['kill', 'exterminate', 'gas', 'shoot', 'hang', 'burn', 'eradicate', 'wipe', 'murder', 'lynch'],
    `(?:kill|exterminate|gas|shoot|hang|burn|eradicate|wipe out|murder|lynch) (?:(?:all|the|every|those|these|of) )*_grp_`,
    { hate: 1, threat: 0.8 },
  ),
  rule(
    'hate:expel_group',
    ['deport', 'get', 'ban', 'kick', 'throw'],
    `(?:deport|get rid of|ban|kick out|throw out) (?:(?:all|the|every|those|these) )+_grp_`,
    { hate: 0.7 },
  ),
  rule(
    'hate:group_should_die',
    ['_grp_'],
    `_grp_ (?:should|must|need to|ought to|deserve to|will) (?:all )?(?:die|be killed|be exterminated|be gassed|be shot|be hanged|be hung|be burned|burn|rot|be wiped out)`,
    { hate: 1, threat: 0.7 },
  ),
  rule(
    'hate:go_back',
    ['go'],
    `go back to (?:your|ur|where) (?:own )?(?:country|countries|you came from|u came from)`,
    { hate: 0.8, harassment: 0.6 },
  ),
  rule('hate:hate_group', ['i', 'hate'], `(?:i hate|hate all|i despise) (?:all )?(?:the )?_grp_`, {
    hate: 0.7,
  }),
];

function rule(
  id: string,
  anchors: readonly string[],
  source: string,
  scores: Partial<Record<ToxicCategory, number>>,
  negation: Negation = 'inside',
  negatedShare = 0.1,
): Rule {
  return { id, anchors, source, scores, negation, negatedShare };
}

/** The rules compiled once; exported for the anchor test. */
export const TOXICITY_RULES = compilePhraseRules(RULES);

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

function emptyScores(): Partial<Record<Category, number>> {
  const scores: Partial<Record<Category, number>> = {};
  for (const category of TOXIC_CATEGORIES) {
    scores[category] = 0;
  }
  return scores;
}

/**
 * Applies Guild's toxicity rules to one text: scores in [0, 1] for insult, harassment, threat,
 * self_harm and hate, with spans into the original text for every rule that fired.
 */
export function detectToxicityRules(n: NormalizedText): DetectorResult {
  const scores = emptyScores();
  const spans: Span[] = [];
  const phrases: PhraseText = buildPhraseText(n, TOXICITY_CLASSES);
  if (phrases.line === '') {
    return { detector: 'toxicity_rules', scores, spans };
  }
  TOXICITY_RULES.run(phrases, (r, match) => {
    const negated = r.negation !== 'none' && isNegated(phrases, match, r.negation === 'inside');
    const share = negated ? r.negatedShare : 1;
    const range = toOriginalRange(n, match.start, match.end);
    for (const category of TOXIC_CATEGORIES) {
      const full = r.scores[category];
      if (full === undefined) {
        continue;
      }
      // A negated "kill yourself" still touches on self-harm, but harasses nobody.
      const value = round(negated && category !== 'self_harm' ? full * 0.1 : full * share);
      scores[category] = Math.max(scores[category] ?? 0, value);
      if (value >= 0.2) {
        spans.push({ ...range, category, rule: r.id });
      }
    }
  });
  return { detector: 'toxicity_rules', scores, spans: outermostSpans(spans) };
}

/** Drops spans that sit inside a wider (or identical earlier) span of the same category. */
function outermostSpans(spans: Span[]): Span[] {
  const sorted = [...spans].sort(
    (a, b) => a.category.localeCompare(b.category) || a.start - b.start || b.end - a.end,
  );
  const kept: Span[] = [];
  let category = '';
  let reach = -1;
  for (const span of sorted) {
    if (span.category !== category) {
      category = span.category;
      reach = -1;
    }
    if (span.end <= reach) {
      continue; // inside the previous kept span
    }
    kept.push(span);
    reach = Math.max(reach, span.end);
  }
  return kept.sort((a, b) => a.start - b.start || a.end - b.end);
}
