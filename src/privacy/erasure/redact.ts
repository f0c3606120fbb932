/**
 * Rewriting other people's text when a member is erased: @mentions of the erased name become a
 * neutral placeholder with no profile link (so a later account with the same name is never
 * joined to them), quotes of the erased member are removed, and any other appearance of their
 * names, e-mail addresses or handles is replaced. Pure functions; erasure.service.ts applies
 * them to every table that holds text.
 */

/** What an @mention of the erased member becomes: plain text, so nothing links it. */
export const MENTION_PLACEHOLDER = 'a former member';
/** What any other appearance of an erased name, address or handle becomes. */
export const NAME_PLACEHOLDER = '[removed]';
/** What a quote of the erased member becomes. */
export const QUOTE_PLACEHOLDER = '> [quote removed at a member’s request]';

/** Words in a row that, found inside a quote, show it quotes the erased member's text. */
const SHINGLE_WORDS = 4;

export interface ErasedIdentity {
  /** Usernames (current and former) that @mentions use. */
  usernames: string[];
  /** Names, e-mail addresses and social handles: replaced wherever they appear. */
  terms: string[];
  /** The erased member's own texts, to recognise quotes of them. */
  texts: string[];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Matches `term` as a whole word, without case (letters, digits and _ are word characters). */
function wholeWord(term: string, prefix = ''): RegExp {
  return new RegExp(`(?<![\\p{L}\\p{N}_])${prefix}${escapeRegExp(term)}(?![\\p{L}\\p{N}_])`, 'giu');
}

function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

function shingles(text: string): Set<string> {
  const list = words(text);
  const found = new Set<string>();
  for (let i = 0; i + SHINGLE_WORDS <= list.length; i += 1) {
    found.add(list.slice(i, i + SHINGLE_WORDS).join(' '));
  }
  return found;
}

/** A prepared rewriter for one erased member. */
export class Redactor {
  private readonly mentions: RegExp[];
  private readonly terms: RegExp[];
  private readonly bare: RegExp[];
  private readonly erasedShingles = new Set<string>();

  constructor(identity: ErasedIdentity) {
    const usernames = unique(identity.usernames);
    const terms = unique(identity.terms).sort((a, b) => b.length - a.length);
    this.mentions = usernames.map((name) => wholeWord(name, '@'));
    this.bare = usernames.map((name) => wholeWord(name));
    this.terms = terms.map((term) => wholeWord(term));
    for (const text of identity.texts) {
      for (const shingle of shingles(text)) {
        this.erasedShingles.add(shingle);
      }
    }
  }

  /** Whether `text` names or quotes the erased member (so it needs rewriting). */
  touches(text: string): boolean {
    return this.rewrite(text) !== text;
  }

  /** `text` with every mention, quote and appearance of the erased member rewritten. */
  rewrite(text: string): string {
    let result = this.removeQuotes(text);
    for (const pattern of this.mentions) {
      result = result.replace(pattern, MENTION_PLACEHOLDER);
    }
    for (const pattern of [...this.terms, ...this.bare]) {
      result = result.replace(pattern, NAME_PLACEHOLDER);
    }
    return result;
  }

  /** Every string inside a JSON value rewritten (keys too); other values kept. */
  rewriteJson(value: unknown): unknown {
    if (typeof value === 'string') {
      return this.rewrite(value);
    }
    if (Array.isArray(value)) {
      return value.map((item) => this.rewriteJson(item));
    }
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value).map(([key, item]) => [this.rewrite(key), this.rewriteJson(item)]),
      );
    }
    return value;
  }

  /** Blocks of quoted lines (`> …`) that name the member or repeat their words are removed. */
  private removeQuotes(text: string): string {
    const lines = text.split('\n');
    const out: string[] = [];
    for (let i = 0; i < lines.length;) {
      if (!/^\s*>/.test(lines[i]!)) {
        out.push(lines[i]!);
        i += 1;
        continue;
      }
      let end = i;
      while (end < lines.length && /^\s*>/.test(lines[end]!)) {
        end += 1;
      }
      const block = lines.slice(i, end);
      out.push(...(this.quotesErased(block.join('\n')) ? [QUOTE_PLACEHOLDER] : block));
      i = end;
    }
    return out.join('\n');
  }

  private quotesErased(block: string): boolean {
    if ([...this.bare, ...this.terms].some((pattern) => new RegExp(pattern).test(block))) {
      return true;
    }
    for (const shingle of shingles(block)) {
      if (this.erasedShingles.has(shingle)) {
        return true;
      }
    }
    return false;
  }
}

function unique(values: string[]): string[] {
  return [...new Set(values.map((value) => value.trim()).filter((value) => value.length >= 3))];
}
