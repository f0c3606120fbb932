/**
 * Member-like post and comment texts for the load benchmark. Each number gives a different
 * combination of words (a mixed-radix count over the lists), so no two items share a
 * fingerprint and the moderation gate sees ordinary, varied retail talk rather than
 * duplicates.
 */

const PRODUCTS = [
  'trail shoes',
  'rain jacket',
  'wool jumper',
  'linen shirt',
  'hiking socks',
  'down vest',
  'canvas tote',
  'ceramic mug set',
  'duvet cover',
  'desk lamp',
  'garden chair',
  'travel backpack',
];
const COLOURS = [
  'navy',
  'olive',
  'sand',
  'charcoal',
  'rust',
  'sky blue',
  'cream',
  'forest',
  'plum',
];
const USES = [
  'the school run',
  'weekend walks',
  'commuting by bike',
  'a camping trip',
  'working from home',
  'a wedding abroad',
  'rainy city days',
  'gardening',
];
const VERDICTS = [
  'still looks new',
  'runs a little small',
  'washed really well',
  'was worth the price',
  'feels lighter than expected',
  'kept me dry all day',
  'has held its shape',
];
const QUESTIONS = [
  'Has anyone tried the newer version?',
  'Would you size up or stay true to size?',
  'Any tips for looking after it?',
  'Is the store version the same as online?',
  'Did the loyalty discount apply for you?',
  'How long did delivery take for you?',
];

function pick(list: readonly string[], n: number): [string, number] {
  return [list[n % list.length] ?? '', Math.floor(n / list.length)];
}

function parts(n: number) {
  let rest = n;
  const [product, a] = pick(PRODUCTS, rest);
  rest = a;
  const [colour, b] = pick(COLOURS, rest);
  rest = b;
  const [use, c] = pick(USES, rest);
  rest = c;
  const [verdict, d] = pick(VERDICTS, rest);
  rest = d;
  const [question] = pick(QUESTIONS, rest);
  return { product, colour, use, verdict, question };
}

/** A post: title, a short Markdown body and two tags. */
export function postText(n: number): { title: string; body: string; tags: string[] } {
  const p = parts(n);
  return {
    title: `The ${p.colour} ${p.product} for ${p.use}`,
    body:
      `I bought the **${p.colour} ${p.product}** for ${p.use} and so far it ${p.verdict}.\n\n` +
      `- colour: ${p.colour}\n- used for: ${p.use}\n\n${p.question}`,
    tags: [p.product.replace(/\s+/g, '-'), 'review'],
  };
}

/** A comment in reply to a post. */
export function commentText(n: number): { body: string } {
  const p = parts(n);
  return {
    body: `Mine is the ${p.colour} ${p.product} and it ${p.verdict}, I use it for ${p.use}. ${p.question}`,
  };
}
