import { describe, expect, it } from 'vitest';
import { normalizeText } from '../text/normalize.js';
import { detectToxicityRules } from './toxicity-rules.js';

type Toxic = 'insult' | 'harassment' | 'threat' | 'self_harm' | 'hate';

function scores(text: string) {
  return detectToxicityRules(normalizeText(text)).scores;
}

function top(text: string): Toxic | null {
  let best: Toxic | null = null;
  let value = 0.3;
  for (const [category, score] of Object.entries(scores(text))) {
    if ((score ?? 0) >= value) {
      best = category as Toxic;
      value = score ?? 0;
    }
  }
  return best;
}

describe('detectToxicityRules', () => {
  it('speaks to every category, with zeros for a clean text', () => {
    expect(detectToxicityRules(normalizeText('Great kettle, thanks!'))).toEqual({
      detector: 'toxicity_rules',
      scores: { insult: 0, harassment: 0, threat: 0, self_harm: 0, hate: 0 },
      spans: [],
    });
  });

  it.each([
    ['you are an idiot', 'insult'],
    ['You idiot.', 'insult'],
    ["you're a fucking moron", 'insult'],
    ['you stupid b1tch', 'insult'],
    ['u r so dumb', 'insult'],
    ['are you stupid?', 'insult'],
    ['your stupid app crashed again', 'insult'],
    ['nobody wants you here', 'harassment'],
    ['No one likes you', 'harassment'],
    ['go away loser', 'harassment'],
    ['shut the f up', 'harassment'],
    ['fuck off', 'harassment'],
    ['I will kill you', 'threat'],
    ["I'm gonna hurt you", 'threat'],
    ['i will find you.', 'threat'],
    ["you'll regret this", 'threat'],
    ['watch your back', 'threat'],
    ['I know where you live', 'threat'],
    ["I'll burn down your store", 'threat'],
    ['kill yourself', 'self_harm'],
    ['kys', 'self_harm'],
    ['I want to die', 'self_harm'],
    ['I keep hurting myself', 'self_harm'],
    ['sometimes I just want to end it all', 'self_harm'],
    ["I don't want to live anymore", 'self_harm'],
    ['Immigrants are vermin', 'hate'],
    ['those muslims are animals', 'hate'],
    ['gas all the jews', 'hate'],
    ['go back to your own country', 'hate'],
  ] as const)('%s → %s', (text, category) => {
    expect(top(text)).toBe(category);
  });

  it.each([
    'you are not stupid',
    "you're not an idiot, don't listen to them",
    'I would never hurt you',
    "I'm not going to hurt you",
    "You won't regret it!",
    "I don't want to die",
    'this dress is to die for',
    'I cut myself on the packaging',
    'shut up and take my money',
    "I'll find you a size 10",
    "I'll get you a refund today",
    'I will beat you to it',
    'these shoes are trash',
    'women are not animals',
    'Thank you so much for the help',
    'The killer deal on kettles ends today',
    'I could kill for a coffee',
    'this is an idiot-proof kettle',
    'Will the rash go away?',
    'Do you accept crypto?',
  ])('keeps %s low', (text) => {
    expect(top(text)).toBeNull();
  });

  it('scores a third-party insult lower than one aimed at the reader', () => {
    expect(scores('the courier is an idiot').insult).toBeLessThan(
      scores('you are an idiot').insult!,
    );
    expect(scores('the courier is an idiot').insult).toBeGreaterThan(0.3);
  });

  it('keeps a negated "kill yourself" as a self-harm topic but not harassment', () => {
    const s = scores("please don't kill yourself");
    expect(s.self_harm).toBeGreaterThan(0.2);
    expect(s.self_harm).toBeLessThan(0.5);
    expect(s.harassment).toBeLessThan(0.2);
  });

  it('raises hate for slurs in disguise', () => {
    expect(scores('you f4gg0t').hate).toBe(1);
    expect(scores('you f4gg0t').insult).toBeGreaterThan(0.8);
  });

  it('reports spans in the original text, one per place and category', () => {
    const text = 'Honestly, YOU ARE AN IDIOT. I will kill you!';
    const result = detectToxicityRules(normalizeText(text));
    expect(
      result.spans.map((s) => `${s.category}:${s.rule}:${text.slice(s.start, s.end)}`),
    ).toEqual(['insult:insult:you_are:YOU ARE AN IDIOT', 'threat:threat:kill_you:I will kill you']);
  });

  it('reads stretched and disguised words', () => {
    expect(top('I wiiill k1ll y0u')).toBe('threat');
    expect(top('k y s')).toBe('self_harm');
  });
});

describe('user trial: calls for violence and split threats', () => {
  it.each([
    'Staff at Manchester should be shot',
    'the manager should be hanged',
    'They should all be shot',
    'those cashiers deserve to die',
    'Someone should beat the staff at the Brooklyn store',
    'somebody needs to kill him',
    'I will find where you live and hurt you',
    "I'm going to come round and kill you",
    'I will beat the crap out of you',
    "I'll find out where you live",
    'I hope you die',
    'I hope you get hit by a bus',
    'I hope the staff at Leeds get run over',
  ])('threat ≥ 0.6: %s', (text) => {
    expect(scores(text).threat).toBeGreaterThanOrEqual(0.6);
  });

  it.each([
    'the photos should be shot in daylight',
    'the model should be shot in natural light',
    'The manager should be shot in black and white for the poster',
    'the price should be killed off',
    'this deal is killer',
    'beat the queue by ordering online',
    "I'd never hurt anyone",
    'The staff should not be shot',
    'We should beat them in the final',
    'someone should beat the price at the other store',
    'the team should beat the target',
    'you should kill the lights',
    'You should shoot the video in 4k',
    'I will go to the shop and buy you a gift',
    'I hope you get the bag you wanted',
    'I hope they get killed off in the next season',
    'staff should be paid more',
  ])('threat stays low: %s', (text) => {
    expect(scores(text).threat).toBeLessThan(0.3);
  });
});

describe('user trial: disguised insults', () => {
  it.each([
    "You're a c*nt",
    "You're a cvnt",
    'Y0U 4R3 4N 1D10T',
    'Y o u  a r e  a n  i d i o t',
    'You are a f4ck1ng 1d10t',
  ])('insult ≥ 0.6: %s', (text) => {
    expect(scores(text).insult).toBeGreaterThanOrEqual(0.6);
  });
});
