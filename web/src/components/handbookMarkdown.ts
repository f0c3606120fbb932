/**
 * The manager's handbook (docs/HANDBOOK.md) as the web app reads it: the Markdown parsed into
 * a small tree of plain elements that the page renders with React, with heading anchors that
 * match the ones GitHub gives the same file, and its contents. Raw HTML in the file is never
 * interpreted: markdown-it runs with `html: false`, and the tree holds text, never markup.
 * Only the handbook page imports this module (and so markdown-it).
 */
import MarkdownIt, { type Token } from 'markdown-it';

/**
 * A heading's anchor as GitHub makes it: lower case, punctuation dropped, each space a hyphen
 * ("Checklist: moderation" → `checklist-moderation`).
 */
export function slugify(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

/** Gives repeated slugs a suffix (`-1`, `-2`, …) in document order, as GitHub does. */
export function createSlugger(): (text: string) => string {
  const seen = new Map<string, number>();
  return (text) => {
    const base = slugify(text);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    return count === 0 ? base : `${base}-${count}`;
  };
}

/** The elements the handbook may contain; anything else in the Markdown is left out. */
export const HANDBOOK_TAGS = [
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'p',
  'ul',
  'ol',
  'li',
  'blockquote',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
  'strong',
  'em',
  's',
  'a',
] as const;
export type HandbookTag = (typeof HANDBOOK_TAGS)[number];

export type HandbookNode =
  | { kind: 'text'; text: string }
  | { kind: 'code'; text: string }
  | { kind: 'pre'; text: string }
  | { kind: 'break' }
  | { kind: 'rule' }
  /** A task-list marker (`- [ ]` / `- [x]`) at the start of a list item. */
  | { kind: 'check'; checked: boolean }
  | {
      kind: 'element';
      tag: HandbookTag;
      /** Headings: the anchor. */
      id?: string;
      /** Links: a same-page anchor, an app path or an http(s) address. */
      href?: string;
      /** Ordered lists: the first number. */
      start?: number;
      children: HandbookNode[];
    };

export interface TocEntry {
  level: number;
  text: string;
  id: string;
}

export interface HandbookDocument {
  /** The text of the first `#` heading (the document's title). */
  title: string | null;
  /** The body without that title. */
  nodes: HandbookNode[];
  /** The `##` and `###` headings in order. */
  toc: TocEntry[];
}

const markdown = new MarkdownIt({ html: false, linkify: false, typographer: false });

/** Parses the handbook's Markdown into a tree, headings anchored, and its contents. */
export function parseHandbook(source: string): HandbookDocument {
  const tokens = markdown.parse(source, {});
  const slug = createSlugger();
  const toc: TocEntry[] = [];
  const root: HandbookNode[] = [];
  const stack: HandbookNode[][] = [root];
  let title: string | null = null;

  for (let index = 0; index < tokens.length; index += 1) {
    const token = tokens[index];
    const children = stack[stack.length - 1];

    if (token.type === 'inline') {
      children.push(...inlineNodes(token.children ?? []));
    } else if (token.type === 'fence' || token.type === 'code_block') {
      children.push({ kind: 'pre', text: token.content });
    } else if (token.type === 'hr') {
      children.push({ kind: 'rule' });
    } else if (token.hidden && token.tag === 'p') {
      // the paragraphs of a tight list: their text goes straight into the list item
    } else if (token.nesting === 1) {
      const element = blockElement(token, tokens[index + 1], slug);
      if (element.tag === 'h1' && title === null) {
        title = plainText(tokens[index + 1]?.children ?? []);
        index += 2;
        continue;
      }
      if (element.id && (element.tag === 'h2' || element.tag === 'h3')) {
        const text = plainText(tokens[index + 1]?.children ?? []);
        toc.push({ level: element.tag === 'h2' ? 2 : 3, text, id: element.id });
      }
      children.push(element);
      stack.push(element.children);
    } else if (token.nesting === -1) {
      stack.pop();
    }
  }
  return { title, nodes: markTaskItems(root), toc };
}

/** The element a block token opens; headings get their anchor from the inline token after. */
function blockElement(
  token: Token,
  next: Token | undefined,
  slug: (text: string) => string,
): HandbookNode & { kind: 'element' } {
  const tag = knownTag(token.tag);
  const element: HandbookNode & { kind: 'element' } = { kind: 'element', tag, children: [] };
  if (/^h[1-6]$/.test(tag)) {
    element.id = slug(plainText(next?.children ?? []));
  }
  const start = Number(token.attrGet('start'));
  if (tag === 'ol' && Number.isInteger(start) && start > 1) {
    element.start = start;
  }
  return element;
}

/** Inline tokens as nodes: text, code, emphasis, links and line breaks. */
function inlineNodes(tokens: readonly Token[]): HandbookNode[] {
  const root: HandbookNode[] = [];
  const stack: HandbookNode[][] = [root];
  for (const token of tokens) {
    const children = stack[stack.length - 1];
    if (token.type === 'text') {
      children.push({ kind: 'text', text: token.content });
    } else if (token.type === 'code_inline') {
      children.push({ kind: 'code', text: token.content });
    } else if (token.type === 'softbreak') {
      children.push({ kind: 'text', text: '\n' });
    } else if (token.type === 'hardbreak') {
      children.push({ kind: 'break' });
    } else if (token.nesting === 1) {
      const element: HandbookNode & { kind: 'element' } = {
        kind: 'element',
        tag: knownTag(token.tag),
        children: [],
      };
      const target = token.attrGet('href');
      const href = safeHref(typeof target === 'string' ? target : null);
      if (element.tag === 'a' && href) {
        element.href = href;
      }
      children.push(element);
      stack.push(element.children);
    } else if (token.nesting === -1) {
      stack.pop();
    }
  }
  return root;
}

/** A tag outside the handbook's list (an image, say) is shown as its text in a paragraph. */
function knownTag(tag: string): HandbookTag {
  return HANDBOOK_TAGS.find((known) => known === tag) ?? 'p';
}

/** Keeps links to this page, to app paths and to http(s) addresses; drops anything else. */
export function safeHref(href: string | null): string | null {
  if (href === null) {
    return null;
  }
  if (/^#[^\s]*$/.test(href) || /^\/(?!\/)/.test(href) || /^https?:\/\//i.test(href)) {
    return href;
  }
  return null;
}

/** The visible text of inline tokens (for anchors and the contents). */
function plainText(tokens: readonly Token[]): string {
  return tokens
    .filter((token) => token.type === 'text' || token.type === 'code_inline')
    .map((token) => token.content)
    .join('');
}

/** Turns a leading `[ ] ` or `[x] ` in a list item into a check marker. */
function markTaskItems(nodes: HandbookNode[]): HandbookNode[] {
  for (const node of nodes) {
    if (node.kind !== 'element') {
      continue;
    }
    if (node.tag === 'li') {
      markTaskItem(node.children);
    }
    markTaskItems(node.children);
  }
  return nodes;
}

/** Marks one list item's content, looking inside its first paragraph in a loose list. */
function markTaskItem(children: HandbookNode[]): void {
  const first = children[0];
  if (first?.kind === 'element' && first.tag === 'p') {
    markTaskItem(first.children);
    return;
  }
  const match = first?.kind === 'text' ? /^\[( |x|X)\] /.exec(first.text) : null;
  if (first?.kind === 'text' && match) {
    first.text = first.text.slice(match[0].length);
    children.unshift({ kind: 'check', checked: match[1] !== ' ' });
  }
}
