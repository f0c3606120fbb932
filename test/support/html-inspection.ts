/**
 * Test-side HTML inspection, written independently of the code under test: what a browser would
 * treat as a tag, an attribute or a link scheme, and what in a piece of HTML could run.
 */

export interface Tag {
  name: string;
  attrs: Map<string, string>;
}

function decodeHtmlAttribute(value: string): string {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

  return value.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);?/gi, (whole, ref: string) => {
    if (ref.startsWith('#x') || ref.startsWith('#X')) {
      return String.fromCodePoint(parseInt(ref.slice(2), 16));
    }
    if (ref.startsWith('#')) {
      return String.fromCodePoint(parseInt(ref.slice(1), 10));
    }
    return named[ref.toLowerCase()] ?? whole;
  });
}

export function tagsOf(html: string): Tag[] {
  const tags: Tag[] = [];

  for (const match of html.matchAll(/<([a-zA-Z][a-zA-Z0-9-]*)\b([^>]*)>/g)) {
    const attrs = new Map<string, string>();
    for (const attr of (match[2] ?? '').matchAll(/([^\s"'=<>/]+)(?:\s*=\s*"([^"]*)")?/g)) {
      attrs.set((attr[1] ?? '').toLowerCase(), decodeHtmlAttribute(attr[2] ?? ''));
    }
    tags.push({ name: (match[1] ?? '').toLowerCase(), attrs });
  }

  return tags;
}

/** Scheme as a browser would see it: entity-decoded, tab/newline removed, WHATWG-parsed. */
function browserProtocol(url: string): string {
  let cleaned = url.replace(/[\t\n\r]/g, '');
  while (cleaned !== '' && cleaned.charCodeAt(0) <= 0x20) {
    cleaned = cleaned.slice(1);
  }

  return new URL(cleaned, 'https://page.example/').protocol;
}

const FORBIDDEN_PROTOCOLS = ['javascript:', 'vbscript:', 'data:'];

export function anchorsWithForbiddenScheme(html: string): number {
  return tagsOf(html)
    .filter((tag) => tag.name === 'a' && tag.attrs.has('href'))
    .filter((tag) => FORBIDDEN_PROTOCOLS.includes(browserProtocol(tag.attrs.get('href') ?? '')))
    .length;
}

/** Everything that could execute: script-ish tags, on* handlers, bad URL schemes anywhere. */
export function executableBits(html: string): string[] {
  const problems: string[] = [];

  for (const tag of tagsOf(html)) {
    if (['script', 'svg', 'iframe', 'object', 'embed', 'style', 'math'].includes(tag.name)) {
      problems.push(`<${tag.name}>`);
    }
    for (const [name, value] of tag.attrs) {
      if (name.startsWith('on')) {
        problems.push(`${tag.name}[${name}]`);
      }
      if (name === 'style' && /url\s*\(|expression/i.test(value)) {
        problems.push('css url');
      }
      const isUrl = name === 'href' || name === 'src';
      if (isUrl && FORBIDDEN_PROTOCOLS.includes(browserProtocol(value))) {
        problems.push(`${tag.name}[${name}=${value}]`);
      }
    }
  }

  return problems;
}
