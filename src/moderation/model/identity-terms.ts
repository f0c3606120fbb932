/**
 * Words that name a group of people: sexuality, gender, ethnicity, religion, nationality,
 * disability, family role. Guild's moderation model never learns from them: they are dropped
 * from the word and character features, so two neutral sentences that differ only by such a word
 * score the same. Abuse aimed at a group is caught by slurs (which are NOT on this list) and by
 * the hostile words around the mention, not by the mention itself.
 *
 * Words are stored in the prepared form (lower case); plurals are listed explicitly so that the
 * check is one set lookup. A trailing possessive ('s) is removed before the lookup.
 */

const TERMS = `
gay gays lesbian lesbians bisexual bisexuals bi queer queers homosexual homosexuals
heterosexual heterosexuals straight lgbt lgbtq lgbtqia trans transgender transgenders
transsexual transsexuals nonbinary enby cis cisgender intersex asexual asexuals pansexual
pansexuals
woman women man men girl girls boy boys lady ladies gentleman gentlemen female females male
males mum mums mom moms mother mothers mummy mommy dad dads father fathers daddy parent parents
grandma grandmas grandmother grandmothers grandpa grandpas grandfather grandfathers wife wives
husband husbands daughter daughters son sons sister sisters brother brothers
black blacks white whites brown asian asians african africans latino latinos latina latinas
latinx hispanic hispanics arab arabs indian indians native natives aboriginal indigenous
mexican mexicans chinese japanese korean koreans vietnamese filipino filipina filipinos
pakistani pakistanis bangladeshi nigerian nigerians somali somalis caribbean european europeans
american americans british irish scottish welsh polish roma romani gypsy gypsies immigrant
immigrants refugee refugees migrant migrants
muslim muslims islam islamic jewish jew jews judaism christian christians christianity catholic
catholics protestant protestants hindu hindus hinduism sikh sikhs buddhist buddhists atheist
atheists mormon mormons
disabled disability disabilities deaf blind autistic autism wheelchair neurodivergent
dyslexic amputee elderly
`;

/** Every identity term, in prepared (lower-case) form. */
export const IDENTITY_TERMS: ReadonlySet<string> = new Set(TERMS.split(/\s+/).filter(Boolean));

/**
 * A quick filter over (first letter, second letter): most words cannot be terms and are
 * rejected without hashing the whole string.
 */
const PREFIXES = new Uint8Array(1024);
for (const term of IDENTITY_TERMS) {
  PREFIXES[prefixSlot(term)] = 1;
}

function prefixSlot(word: string): number {
  return (Math.imul(word.charCodeAt(0), 31) + word.charCodeAt(1)) & 1023;
}

/** True when a prepared word names a group of people (possessive 's ignored). */
export function isIdentityTerm(word: string): boolean {
  if (word.length < 2 || PREFIXES[prefixSlot(word)] === 0) {
    return false;
  }
  if (IDENTITY_TERMS.has(word)) {
    return true;
  }
  if (word.length > 2 && word.endsWith("'s")) {
    return IDENTITY_TERMS.has(word.slice(0, -2));
  }
  return false;
}
