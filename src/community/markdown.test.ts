import { describe, it, expect } from 'vitest';
import { canonicalUsername } from '../accounts/username.js';
import {
  extractMentions,
  isSafeUserUrl,
  markdownExcerpt,
  markdownTextAndExcerpt,
  renderMarkdown,
  sanitizePostHtml,
} from './markdown.js';
import {
  anchorsWithForbiddenScheme,
  executableBits,
  tagsOf,
} from '../../test/support/html-inspection.js';

const MD_XSS_01 = [
  '[Claim voucher](javascript&#58;alert(1))',
  '[Track parcel](jav&#x09;ascript:alert(2))',
  '[Size guide](JaVaScRiPt:alert(3))',
  '<a href="java&#9;script:alert(4)">returns</a>',
  '[Leaflet](data:text/html;base64,PHNjcmlwdD5hbGVydCg1KTwvc2NyaXB0Pg==)',
];

describe('renderMarkdown: md-xss-01', () => {
  it.each(MD_XSS_01)('renders %j with no javascript/vbscript/data anchor', (text) => {
    const html = renderMarkdown(text);

    expect(anchorsWithForbiddenScheme(html)).toBe(0);
    expect(executableBits(html)).toEqual([]);
  });

  it('shows the link text of every refused link', () => {
    expect(renderMarkdown(MD_XSS_01[0] ?? '')).toContain('Claim voucher');
    expect(renderMarkdown(MD_XSS_01[3] ?? '')).toContain('returns');
  });
});

describe('sanitizePostHtml: the second layer on its own', () => {
  it('unwraps an entity-obfuscated javascript: anchor, keeping its text', () => {
    const html = sanitizePostHtml('<p><a href="java&#9;script:alert(4)">returns</a></p>');

    expect(html).toBe('<p>returns</p>');
  });

  it('removes scripts, svg, handlers and unsafe image sources', () => {
    const dirty = [
      '<script>alert(1)</script>',
      '<svg onload="alert(1)"></svg>',
      '<img src="x" onerror="alert(1)">',
      '<img src="javascript:alert(1)">',
      '<img src="data:image/svg+xml;base64,PHN2Zz4=">',
      '<a href="https://shop.example" onclick="alert(1)" target="_blank">ok</a>',
      '<a href="&#x6A;avascript&colon;alert(1)">x</a>',
      '<a href="vbscript:msgbox(1)">y</a>',
    ].join('');

    const html = sanitizePostHtml(dirty);

    expect(executableBits(html)).toEqual([]);
    expect(anchorsWithForbiddenScheme(html)).toBe(0);
    expect(html).toContain(
      '<img src="x" loading="lazy" referrerpolicy="no-referrer" />' +
        '<a href="https://shop.example" rel="nofollow ugc noopener noreferrer">ok</a>xy',
    );
  });

  it('keeps only allowed classes and styles, and shifts headings', () => {
    const dirty =
      '<h1 class="x">T</h1><a class="mention evil" href="/u/a">@a</a>' +
      '<table><tr><td style="text-align:right;background:url(javascript:alert(1))">1</td>' +
      '</tr></table>';

    const html = sanitizePostHtml(dirty);

    expect(html).toBe(
      '<h3>T</h3><a class="mention" href="/u/a" rel="nofollow ugc noopener noreferrer">@a</a>' +
        '<table><tr><td style="text-align:right">1</td></tr></table>',
    );
  });
});

describe('isSafeUserUrl', () => {
  it('refuses script-capable schemes however they are dressed up', () => {
    const bad = [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      'java&#9;script:alert(1)',
      'java\tscript:alert(1)',
      'javascript&#58alert(1)',
      'javascript&colon;alert(1)',
      '&amp;#106;avascript:alert(1)',
      'javascript&#0000000000000058;alert(1)',
      ' \u0001javascript:alert(1)',
      'vbscript:msgbox(1)',
      'data:text/html;base64,PHNjcmlwdD4=',
      'file:///etc/passwd',
      'ftp://files.example/x',
    ];

    expect(bad.filter((url) => isSafeUserUrl(url))).toEqual([]);
  });

  it('accepts http, https, mailto and relative URLs', () => {
    const good = [
      'https://shop.example/sale?a=1&b=2',
      'http://shop.example',
      'mailto:help@shop.example',
      '/c/announcements',
      'guide.html',
      '#returns',
      '?page=2',
      '//cdn.example/x.png',
    ];

    expect(good.filter((url) => !isSafeUserUrl(url))).toEqual([]);
  });

  it('allows no mailto images', () => {
    expect(isSafeUserUrl('mailto:a@b.example', 'image')).toBe(false);
    expect(isSafeUserUrl('https://img.example/a.png', 'image')).toBe(true);
  });
});

describe('renderMarkdown: ordinary Markdown', () => {
  it('renders bold, emphasis and strikethrough', () => {
    expect(renderMarkdown('**big** *sale* ~~old~~')).toBe(
      '<p><strong>big</strong> <em>sale</em> <s>old</s></p>\n',
    );
  });

  it('renders lists', () => {
    expect(renderMarkdown('- shoes\n- socks\n\n1. pay\n2. ship')).toBe(
      '<ul>\n<li>shoes</li>\n<li>socks</li>\n</ul>\n<ol>\n<li>pay</li>\n<li>ship</li>\n</ol>\n',
    );
  });

  it('renders an https link with the user-content rel', () => {
    expect(renderMarkdown('[sale](https://shop.example/sale?a=1&b=2)')).toBe(
      '<p><a href="https://shop.example/sale?a=1&amp;b=2" ' +
        'rel="nofollow ugc noopener noreferrer">sale</a></p>\n',
    );
  });

  it('linkifies a bare https URL', () => {
    const html = renderMarkdown('see https://shop.example/x');

    expect(
      tagsOf(html)
        .find((tag) => tag.name === 'a')
        ?.attrs.get('href'),
    ).toBe('https://shop.example/x');
  });

  it('keeps @anna inside inline code as code, even when anna exists', () => {
    const mentions = new Map([[canonicalUsername('anna'), 'anna']]);

    expect(renderMarkdown('try `@anna` here', { mentions })).toBe(
      '<p>try <code>@anna</code> here</p>\n',
    );
  });

  it('turns single newlines into line breaks', () => {
    expect(renderMarkdown('line one\nline two')).toBe('<p>line one<br />\nline two</p>\n');
  });

  it('shifts headings down to h3 and keeps https images', () => {
    const html = renderMarkdown('# Big\n\n## Less\n\n![shoe](https://img.example/s.png)');

    expect(html).toContain('<h3>Big</h3>');
    expect(html).toContain('<h4>Less</h4>');
    expect(html).not.toMatch(/<h[12]/);
    expect(
      tagsOf(html)
        .find((tag) => tag.name === 'img')
        ?.attrs.get('src'),
    ).toBe('https://img.example/s.png');
  });

  it('keeps table alignment but nothing else in style', () => {
    const html = renderMarkdown('| a | b |\n|:-|-:|\n| 1 | 2 |');

    expect(html).toContain('<th style="text-align:left">a</th>');
    expect(html).toContain('<td style="text-align:right">2</td>');
  });
});

describe('renderMarkdown: mentions', () => {
  const mentions = new Map([
    [canonicalUsername('Zo\u00eb_R'), 'Zo\u00eb_R'],
    [canonicalUsername('anna'), 'anna'],
  ]);

  it('links a mention typed in another case and with a combining accent', () => {
    const html = renderMarkdown('Thanks @ZOE\u0308_r for the tip!', { mentions });

    expect(html).toBe(
      '<p>Thanks <a class="mention" href="/u/Zo%C3%AB_R" ' +
        'rel="nofollow ugc noopener noreferrer">@Zo\u00eb_R</a> for the tip!</p>\n',
    );
  });

  it('leaves mentions as text without a map or for unknown names', () => {
    expect(renderMarkdown('Thanks @anna!')).toBe('<p>Thanks @anna!</p>\n');
    expect(renderMarkdown('Thanks @nobody!', { mentions })).toBe('<p>Thanks @nobody!</p>\n');
  });

  it('does not treat trailing sentence punctuation as part of the name', () => {
    const html = renderMarkdown('ask @anna.', { mentions });

    expect(html).toContain('>@anna</a>.</p>');
  });

  it('ignores email addresses, link text, code blocks and escaped @', () => {
    const source = [
      'mail anna@shop or anna@shop.example',
      '[@anna](https://shop.example)',
      '',
      '    @anna in an indented code block',
      '',
      '```',
      '@anna in a fence',
      '```',
      '',
      '\\@anna escaped',
    ].join('\n');

    const html = renderMarkdown(source, { mentions });

    expect(html).not.toContain('class="mention"');
  });
});

describe('extractMentions', () => {
  it('returns canonical keys, deduplicated, in order', () => {
    const keys = extractMentions('Hi @ZOE\u0308_r and @anna, and again @Anna and @zo\u00eb_r');

    expect(keys).toEqual([canonicalUsername('Zo\u00eb_R'), 'anna']);
  });

  it('uses the same rule as rendering', () => {
    const source = 'anna@shop `@code` [@linked](https://x.example) @real_one\n\n```\n@fence\n```';

    expect(extractMentions(source)).toEqual(['real_one']);
  });

  it('stops at 20 distinct members', () => {
    const names = Array.from({ length: 25 }, (_, i) => `@member${String.fromCharCode(97 + i)}`);

    const keys = extractMentions(names.join(' '));

    expect(keys).toHaveLength(20);
    expect(keys[19]).toBe('membert');
  });
});

describe('markdownExcerpt', () => {
  it('returns plain text without markup', () => {
    const excerpt = markdownExcerpt('# Sale\n\n**Big** sale on [shoes](https://x.example) `today`');

    expect(excerpt).toBe('Sale Big sale on shoes today');
  });

  it('returns short text unchanged', () => {
    expect(markdownExcerpt('Hello there', 200)).toBe('Hello there');
  });

  it('cuts on a word boundary and adds an ellipsis', () => {
    const text = 'The quick brown fox jumps over the lazy dog';

    expect(markdownExcerpt(text, 20)).toBe('The quick brown fox\u2026');
    expect(markdownExcerpt(text, 18)).toBe('The quick brown\u2026');
  });

  it('never exceeds the limit, even for one long word', () => {
    const excerpt = markdownExcerpt('a'.repeat(500), 50);

    expect([...excerpt]).toHaveLength(50);
    expect(excerpt.endsWith('\u2026')).toBe(true);
  });

  it('counts and cuts whole user-perceived characters', () => {
    const accented = 'e\u0301'.repeat(10);

    expect(markdownExcerpt(accented, 5)).toBe(`${'e\u0301'.repeat(4)}\u2026`);
  });

  it('defaults to 200 characters', () => {
    const excerpt = markdownExcerpt('word '.repeat(100));

    expect([...excerpt].length).toBeLessThanOrEqual(200);
    expect(excerpt.endsWith('word\u2026')).toBe(true);
  });
});

describe('markdownTextAndExcerpt', () => {
  it('gives the whole plain text and the same excerpt as markdownExcerpt', () => {
    const source = '**Linen** duvet cover in _sage_, washed twice and still soft. '.repeat(8);
    const { text, excerpt } = markdownTextAndExcerpt(source, 60);
    expect(text).not.toContain('**');
    expect(text.startsWith('Linen duvet cover in sage')).toBe(true);
    expect(excerpt).toBe(markdownExcerpt(source, 60));
    expect(excerpt.length).toBeLessThanOrEqual(61);
  });
});
