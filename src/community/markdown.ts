/**
 * Guild post and comment rendering: Markdown to safe HTML, @mentions, and plain-text excerpts.
 *
 * Two independent layers keep member text inert:
 * 1. markdown-it runs with raw HTML disabled (typed tags come out as visible text) and with a
 *    link validator that only lets http, https, mailto and relative URLs become links.
 * 2. sanitize-html then re-parses the HTML against an allow-list of tags, attributes, classes
 *    and styles, and checks every href and src again with the same URL rule.
 */
import MarkdownIt from 'markdown-it';
import type { Env, MarkdownIt as MarkdownParser, StateCore, Token } from 'markdown-it';
import sanitizeHtml from 'sanitize-html';
import {
  USERNAME_MAX_LENGTH,
  USERNAME_MIN_LENGTH,
  canonicalUsername,
} from '../accounts/username.js';

/** Options for {@link renderMarkdown}. */
export interface RenderOptions {
  /** Canonical username key (see canonicalUsername) to the stored display username. */
  mentions?: ReadonlyMap<string, string>;
}

/** At most this many distinct members are mentioned (linked and notified) per text. */
export const MAX_MENTIONS = 20;

/* ------------------------------------------------------------------------------------------ */
/* URL rule                                                                                    */
/* ------------------------------------------------------------------------------------------ */

const LINK_PROTOCOLS: ReadonlySet<string> = new Set(['http:', 'https:', 'mailto:']);
const IMAGE_PROTOCOLS: ReadonlySet<string> = new Set(['http:', 'https:']);

/** Base for resolving relative URLs; only the resulting protocol is looked at. */
const RELATIVE_BASE = 'https://relative.guild.invalid/';

/** Entity decoding is repeated at most this often; deeper nesting is refused. */
const MAX_DECODE_ROUNDS = 4;

const NUMERIC_ENTITY = /&#(?:[xX]([0-9a-fA-F]+)|([0-9]+));?/g;
const NAMED_ENTITY = /&[a-zA-Z][a-zA-Z0-9]{1,31};/g;
const TAB_OR_NEWLINE = /[\t\n\r]/g;
const INVISIBLE_OR_SPACE = /[\p{Cc}\p{Cf}\p{Z}\s]/gu;
const SCRIPT_LIKE_SCHEME = /^(?:javascript|vbscript|livescript|data|file|blob):/i;

/** Used only for its entity table (markdown-it's own decoder). */
const entityDecoder = new MarkdownIt();

function decodeNumericEntity(hex: string | undefined, decimal: string | undefined): string {
  const code = hex !== undefined ? parseInt(hex, 16) : parseInt(decimal ?? '', 10);
  const isSurrogate = code >= 0xd800 && code <= 0xdfff;

  if (!Number.isFinite(code) || code === 0 || code > 0x10ffff || isSurrogate) {
    return '\ufffd';
  }

  return String.fromCodePoint(code);
}

/** One round of HTML character-reference decoding, numeric ones with or without ";". */
function decodeEntitiesOnce(text: string): string {
  const numeric = text.replace(NUMERIC_ENTITY, (_match, hex?: string, decimal?: string) =>
    decodeNumericEntity(hex, decimal),
  );

  return numeric.replace(NAMED_ENTITY, (entity) => entityDecoder.utils.unescapeAll(entity));
}

/**
 * Every reading of the URL a browser or a later decoding step could arrive at: the text as
 * given, then after each further round of entity decoding. Null when decoding never settles.
 */
function urlReadings(raw: string): string[] | null {
  const readings = [raw];

  let current = raw;
  for (let round = 0; round < MAX_DECODE_ROUNDS; round++) {
    const next = decodeEntitiesOnce(current);
    if (next === current) {
      return readings;
    }
    readings.push(next);
    current = next;
  }

  return null;
}

/** Percent-decode when possible, for the scheme sniff only. */
function percentDecoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** C0 control characters and the space, which browsers trim from both ends of a URL. */
function isControlOrSpace(code: number): boolean {
  return code <= 0x20;
}

function trimControlsAndSpaces(text: string): string {
  let start = 0;
  let end = text.length;

  while (start < end && isControlOrSpace(text.charCodeAt(start))) {
    start++;
  }
  while (end > start && isControlOrSpace(text.charCodeAt(end - 1))) {
    end--;
  }

  return text.slice(start, end);
}

/** Judge one reading: strip like a browser, sniff, then let the WHATWG parser decide. */
function isSafeReading(reading: string, protocols: ReadonlySet<string>): boolean {
  const cleaned = trimControlsAndSpaces(reading.replace(TAB_OR_NEWLINE, ''));

  const squeezed = percentDecoded(cleaned).replace(INVISIBLE_OR_SPACE, '');
  if (SCRIPT_LIKE_SCHEME.test(squeezed)) {
    return false;
  }

  try {
    return protocols.has(new URL(cleaned, RELATIVE_BASE).protocol);
  } catch {
    return false;
  }
}

/**
 * Whether a member-supplied URL may become a link target or image source in Guild.
 *
 * HTML entities are decoded (repeatedly, covering double-encoded input), ASCII tab, newline and
 * carriage return are removed and leading or trailing control characters and spaces trimmed, as
 * a browser does; the result is parsed with the WHATWG URL parser against a placeholder base.
 * Only http, https and mailto (links) or http and https (images) pass; relative URLs pass
 * because they resolve to the page's own https origin. Every reading must pass.
 *
 * @param raw - the href or src value, possibly still entity-encoded
 * @param kind - `link` for anchors, `image` for image sources (no mailto)
 * @returns true when the URL is safe to emit
 */
export function isSafeUserUrl(raw: string, kind: 'link' | 'image' = 'link'): boolean {
  const protocols = kind === 'image' ? IMAGE_PROTOCOLS : LINK_PROTOCOLS;

  const readings = urlReadings(raw);
  if (readings === null) {
    return false;
  }

  return readings.every((reading) => isSafeReading(reading, protocols));
}

/* ------------------------------------------------------------------------------------------ */
/* Mentions                                                                                    */
/* ------------------------------------------------------------------------------------------ */

/** "@" then a name-like run: starts with a letter or digit, like a username. */
const MENTION_RUN = /@([\p{L}\p{Nd}][\p{L}\p{M}\p{Nd}_.-]*)/gu;
/** Sentence punctuation after a name ("thanks @anna.") is not part of it. */
const TRAILING_SEPARATORS = /[.-]+$/u;
/** A character before "@" that makes it part of a word, an email address or a path. */
const JOINED_BEFORE = /[\p{L}\p{M}\p{Nd}_.+\-@/=&]/u;

const MENTION_CONTEXT = Symbol('guild.mentions');

/** Per-render state: the lookup map and the distinct keys seen so far, in order. */
class MentionContext {
  readonly keys: string[] = [];

  constructor(readonly lookup: ReadonlyMap<string, string> | undefined) {}

  /** Record a key; false when it is new and the limit of distinct mentions is reached. */
  admit(key: string): boolean {
    if (this.keys.includes(key)) {
      return true;
    }
    if (this.keys.length >= MAX_MENTIONS) {
      return false;
    }

    this.keys.push(key);
    return true;
  }
}

interface MentionCandidate {
  start: number;
  end: number;
  key: string;
}

function lastCodePoint(text: string): string {
  return Array.from(text.slice(-2)).pop() ?? '';
}

function codePointBefore(text: string, index: number): string {
  return lastCodePoint(text.slice(Math.max(0, index - 2), index));
}

function hasUsernameLength(typed: string): boolean {
  const length = [...typed.normalize('NFC')].length;

  return length >= USERNAME_MIN_LENGTH && length <= USERNAME_MAX_LENGTH;
}

/**
 * Mention candidates in one text run. `before` is the character just before the run (empty
 * at the start of a paragraph or after markup), so "anna@shop" is never a mention.
 */
function findCandidates(text: string, before: string): MentionCandidate[] {
  const found: MentionCandidate[] = [];

  for (const match of text.matchAll(MENTION_RUN)) {
    const start = match.index;
    const typed = (match[1] ?? '').replace(TRAILING_SEPARATORS, '');
    const end = start + 1 + typed.length;
    const previous = start > 0 ? codePointBefore(text, start) : before;

    if (JOINED_BEFORE.test(previous) || text[end] === '@' || !hasUsernameLength(typed)) {
      continue;
    }

    found.push({ start, end, key: canonicalUsername(typed) });
  }

  return found;
}

function textToken(state: StateCore, content: string, level: number): Token {
  const token = new state.Token('text', '', 0);
  token.content = content;
  token.level = level;

  return token;
}

/** link_open, text, link_close for one resolved mention. */
function mentionTokens(state: StateCore, stored: string, level: number): Token[] {
  const open = new state.Token('link_open', 'a', 1);
  open.attrs = [
    ['href', `/u/${encodeURIComponent(stored)}`],
    ['class', 'mention'],
  ];
  open.markup = 'mention';
  open.level = level;

  const close = new state.Token('link_close', 'a', -1);
  close.markup = 'mention';
  close.level = level;

  return [open, textToken(state, `@${stored}`, level + 1), close];
}

/** Split one text token around its resolvable mentions; record every candidate key. */
function splitText(state: StateCore, token: Token, before: string, ctx: MentionContext): Token[] {
  const output: Token[] = [];
  const text = token.content;

  let copied = 0;
  for (const candidate of findCandidates(text, before)) {
    const admitted = ctx.admit(candidate.key);
    const stored = ctx.lookup?.get(candidate.key);
    if (!admitted || stored === undefined) {
      continue;
    }

    if (candidate.start > copied) {
      output.push(textToken(state, text.slice(copied, candidate.start), token.level));
    }
    output.push(...mentionTokens(state, stored, token.level));
    copied = candidate.end;
  }

  if (copied === 0) {
    return [token];
  }
  if (copied < text.length) {
    output.push(textToken(state, text.slice(copied), token.level));
  }

  return output;
}

/** Inline children with mentions linked; link contents and code spans are left alone. */
function rewriteInline(state: StateCore, children: Token[], ctx: MentionContext): Token[] {
  const output: Token[] = [];

  let linkDepth = 0;
  let before = '';
  for (const token of children) {
    if (token.type === 'link_open') {
      linkDepth++;
    }
    if (token.type === 'link_close') {
      linkDepth--;
    }

    const isPlainText = token.type === 'text' && linkDepth === 0;
    output.push(...(isPlainText ? splitText(state, token, before, ctx) : [token]));

    const carriesText = token.type === 'text' || token.type === 'text_special';
    before = carriesText ? lastCodePoint(token.content) : '';
  }

  return output;
}

function mentionContextOf(env: Env): MentionContext | undefined {
  const value = env[MENTION_CONTEXT];

  return value instanceof MentionContext ? value : undefined;
}

/** Core rule, run after linkify so autolinked emails and URLs are already links. */
function mentionRule(state: StateCore): void {
  const ctx = mentionContextOf(state.env);
  if (ctx === undefined) {
    return;
  }

  for (const block of state.tokens) {
    if (block.type !== 'inline' || block.children === null) {
      continue;
    }
    block.children = rewriteInline(state, block.children, ctx);
  }
}

/* ------------------------------------------------------------------------------------------ */
/* Markdown and sanitiser configuration                                                        */
/* ------------------------------------------------------------------------------------------ */

function createMarkdown(): MarkdownParser {
  const md = new MarkdownIt({ html: false, linkify: true, breaks: true, typographer: false });

  md.validateLink = (url: string): boolean => isSafeUserUrl(url);
  md.core.ruler.after('linkify', 'guild_mentions', mentionRule);

  return md;
}

const markdown = createMarkdown();

const LINK_REL = 'nofollow ugc noopener noreferrer';

const TEXT_ALIGN = { 'text-align': [/^(?:left|right|center)$/] };

/** Headings move down two levels so a post never competes with the page's own h1 and h2. */
const HEADING_SHIFT: Readonly<Record<string, string>> = {
  h1: 'h3',
  h2: 'h4',
  h3: 'h5',
  h4: 'h6',
  h5: 'h6',
  h6: 'h6',
};

function transformLink(tagName: string, attribs: sanitizeHtml.Attributes): sanitizeHtml.Tag {
  const { href, ...rest } = attribs;
  const safe = href !== undefined && isSafeUserUrl(href, 'link');

  return { tagName, attribs: { ...rest, ...(safe ? { href } : {}), rel: LINK_REL } };
}

function transformImage(tagName: string, attribs: sanitizeHtml.Attributes): sanitizeHtml.Tag {
  const { src, ...rest } = attribs;
  const safe = src !== undefined && isSafeUserUrl(src, 'image');
  const extra = { loading: 'lazy', referrerpolicy: 'no-referrer' };

  return { tagName, attribs: { ...rest, ...(safe ? { src } : {}), ...extra } };
}

/** Anchors whose href was refused keep their text; images without a source are dropped. */
function dropDeadElements(frame: sanitizeHtml.IFrame): boolean | 'excludeTag' {
  if (frame.tag === 'a' && !frame.attribs.href) {
    return 'excludeTag';
  }

  return frame.tag === 'img' && !frame.attribs.src;
}

const TEXT_TAGS = ['p', 'br', 'strong', 'em', 'del', 's', 'code', 'pre', 'blockquote', 'hr'];
const LIST_TAGS = ['ul', 'ol', 'li'];
const HEADING_TAGS = ['h3', 'h4', 'h5', 'h6'];
const TABLE_TAGS = ['table', 'thead', 'tbody', 'tr', 'th', 'td'];

const SANITIZE_OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [...TEXT_TAGS, ...LIST_TAGS, ...HEADING_TAGS, ...TABLE_TAGS, 'a', 'img'],
  allowedAttributes: {
    a: ['href', 'title', 'rel'],
    img: ['src', 'alt', 'title', 'loading', 'referrerpolicy'],
    ol: ['start'],
    th: ['style'],
    td: ['style'],
  },
  allowedClasses: { a: ['mention'], code: ['language-*'] },
  allowedStyles: { th: TEXT_ALIGN, td: TEXT_ALIGN },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['http', 'https'] },
  allowedSchemesAppliedToAttributes: ['href', 'src', 'cite'],
  allowProtocolRelative: true,
  disallowedTagsMode: 'discard',
  transformTags: { ...HEADING_SHIFT, a: transformLink, img: transformImage },
  exclusiveFilter: dropDeadElements,
};

/* ------------------------------------------------------------------------------------------ */
/* Public API                                                                                  */
/* ------------------------------------------------------------------------------------------ */

/**
 * Render member-written Markdown to HTML that is safe to insert into a Guild page or e-mail.
 *
 * Raw HTML in the source is shown as text. Links and images keep only http, https, mailto
 * (links) and relative URLs; a refused link renders as its plain text. Links carry
 * `rel="nofollow ugc noopener noreferrer"`. Headings are shifted down to h3 to h6.
 * `@name` outside code, links and email addresses becomes a link to `/u/<name>` when
 * `options.mentions` maps its canonical key to a stored username; otherwise it stays text.
 *
 * @param source - the Markdown as written by the member
 * @param options - `mentions`: canonical username key to stored username
 * @returns sanitised HTML
 */
export function renderMarkdown(source: string, options: RenderOptions = {}): string {
  const env: Env = { [MENTION_CONTEXT]: new MentionContext(options.mentions) };

  const html = markdown.render(source, env);

  return sanitizePostHtml(html);
}

/**
 * The second layer of {@link renderMarkdown}, usable on its own for HTML from another trusted
 * renderer: keeps only the post allow-list of tags, attributes, classes and table alignment,
 * re-checks every href and src with {@link isSafeUserUrl}, unwraps anchors whose href was
 * refused, drops images without a safe source, shifts headings to h3-h6 and sets the
 * user-content rel on links.
 *
 * @param html - HTML to clean
 * @returns the cleaned HTML
 */
export function sanitizePostHtml(html: string): string {
  return sanitizeHtml(html, SANITIZE_OPTIONS);
}

/**
 * The members a text mentions, for notifications: canonical username keys of every `@name`
 * that {@link renderMarkdown} would consider, deduplicated, in order of first appearance,
 * at most {@link MAX_MENTIONS}.
 *
 * @param source - the Markdown as written by the member
 * @returns canonical keys to look up (whether such members exist is the caller's question)
 */
export function extractMentions(source: string): string[] {
  if (!source.includes('@')) {
    return [];
  }
  const ctx = new MentionContext(undefined);

  markdown.parse(source, { [MENTION_CONTEXT]: ctx });

  return [...ctx.keys];
}

const WHITESPACE_RUN = /\s+/gu;
/** Embedding, override and isolate controls would leak their direction into the list view. */
const STATEFUL_BIDI = /[\u202a-\u202e\u2066-\u2069]/gu;
const TRAILING_JOINERS = /[\s,.;:!?\u2013\u2014-]+$/u;
const ELLIPSIS = '\u2026';

/** Text of one inline token list: words, code spans and line breaks; images are skipped. */
function inlineText(children: readonly Token[]): string {
  return children
    .map((child) => {
      if (child.type === 'text' || child.type === 'code_inline') {
        return child.content;
      }
      return child.type === 'softbreak' || child.type === 'hardbreak' ? ' ' : '';
    })
    .join('');
}

function plainText(source: string): string {
  const tokens = markdown.parse(source, {});

  const pieces = tokens
    .filter((token) => token.type === 'inline')
    .map((token) => inlineText(token.children ?? []));

  return pieces.join(' ').replace(STATEFUL_BIDI, '').replace(WHITESPACE_RUN, ' ').trim();
}

/** Grapheme clusters longer than this many UTF-16 units may be split by an excerpt. */
const MAX_CLUSTER_UNITS = 32;

const graphemeSegmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** The first `count` grapheme clusters, segmenting only a bounded prefix of a long text. */
function leadingGraphemes(text: string, count: number): string[] {
  const prefix = text.slice(0, count * MAX_CLUSTER_UNITS);

  const clusters = Array.from(graphemeSegmenter.segment(prefix), (part) => part.segment);

  return clusters.slice(0, count);
}

/** Cut to at most `maxChars` graphemes including the ellipsis, preferring a word boundary. */
function cutOnWord(text: string, maxChars: number): string {
  if (maxChars < 1) {
    return '';
  }

  const lead = leadingGraphemes(text, maxChars + 1);
  const isWhole = lead.length <= maxChars && lead.join('').length === text.length;
  if (isWhole) {
    return text;
  }

  const kept = lead.slice(0, maxChars - 1);
  const endsOnBoundary = /\s/u.test(lead[kept.length] ?? '');
  const cut = endsOnBoundary ? kept.length : kept.lastIndexOf(' ');

  const head = (cut > 0 ? kept.slice(0, cut) : kept).join('').replace(TRAILING_JOINERS, '');

  return `${head === '' ? kept.join('') : head}${ELLIPSIS}`;
}

/**
 * Plain-text excerpt of a post for list views: no markup, whitespace collapsed, code blocks
 * and images left out, cut on a word boundary with an ellipsis when longer than `maxChars`
 * (counted in user-perceived characters, ellipsis included).
 *
 * The result is text, not HTML: insert it with a text API (textContent or an escaping
 * template), never as markup.
 *
 * @param source - the Markdown as written by the member
 * @param maxChars - the longest excerpt to return
 * @returns the excerpt
 */
export function markdownExcerpt(source: string, maxChars = 200): string {
  return cutOnWord(plainText(source), maxChars);
}

/**
 * The whole plain text of `source` and its excerpt, from one parse (what a post stores).
 * @example markdownTextAndExcerpt('**Linen** duvet', 200) // { text: 'Linen duvet', ... }
 */
export function markdownTextAndExcerpt(
  source: string,
  maxChars = 200,
): { text: string; excerpt: string } {
  const text = plainText(source);
  return { text, excerpt: cutOnWord(text, maxChars) };
}
