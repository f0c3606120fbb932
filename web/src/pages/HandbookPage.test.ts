import { describe, expect, it } from 'vitest';
import handbookSource from '../../../docs/HANDBOOK.md?raw';
import { HANDBOOK_ANCHORS, HANDBOOK_SECTIONS, handbookHref } from '../components/HandbookLink';
import {
  createSlugger,
  type HandbookNode,
  parseHandbook,
  safeHref,
  slugify,
} from '../components/handbookMarkdown';

const handbook = parseHandbook(handbookSource);

/** Every node of the tree, depth first. */
function walk(nodes: readonly HandbookNode[]): HandbookNode[] {
  return nodes.flatMap((node) => [node, ...(node.kind === 'element' ? walk(node.children) : [])]);
}

describe('the handbook', () => {
  it('has the three chapters at the anchors the links use', () => {
    const chapters = handbook.toc.filter((entry) => entry.level === 2).map((entry) => entry.id);
    expect(chapters).toEqual(HANDBOOK_SECTIONS.map((section) => HANDBOOK_ANCHORS[section]));
  });

  it('gives every heading a unique anchor that the contents point to', () => {
    const headings = walk(handbook.nodes).filter(
      (node) => node.kind === 'element' && /^h[2-6]$/.test(node.tag),
    );
    const ids = headings.map((node) => (node.kind === 'element' ? node.id : undefined));
    expect(ids.every((id) => typeof id === 'string' && id !== '')).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    for (const entry of handbook.toc) {
      expect(ids).toContain(entry.id);
    }
  });

  it('ends each chapter with a checklist', () => {
    const chapters = handbook.toc.filter((entry) => entry.level === 2);
    for (const chapter of chapters) {
      const sections = handbook.toc.slice(handbook.toc.indexOf(chapter) + 1);
      const next = sections.findIndex((entry) => entry.level === 2);
      const own = next === -1 ? sections : sections.slice(0, next);
      expect(own.at(-1)?.text).toMatch(/^Checklist: /);
    }
    expect(walk(handbook.nodes).filter((node) => node.kind === 'check').length).toBeGreaterThan(9);
  });

  it('takes the title out of the body', () => {
    expect(handbook.title).toBe("Manager's handbook");
    expect(walk(handbook.nodes).some((node) => node.kind === 'element' && node.tag === 'h1')).toBe(
      false,
    );
  });
});

describe('handbookHref', () => {
  it('points each section at its chapter', () => {
    expect(handbookHref('moderation')).toBe('/handbook#moderation-and-escalation');
    expect(handbookHref('challenges')).toBe('/handbook#challenges-without-fatigue');
    expect(handbookHref('ambassadors')).toBe('/handbook#ambassador-care-and-burnout');
  });
});

describe('anchors', () => {
  it('follow GitHub: lower case, punctuation dropped, spaces as hyphens', () => {
    expect(slugify('Checklist: moderation')).toBe('checklist-moderation');
    expect(slugify('The senior queue: threats and self-harm')).toBe(
      'the-senior-queue-threats-and-self-harm',
    );
    expect(slugify('SLA timers')).toBe('sla-timers');
    expect(slugify('Prüfung & Übersicht')).toBe('prüfung--übersicht');
  });

  it('number repeated headings', () => {
    const slug = createSlugger();
    expect([slug('Notes'), slug('Notes'), slug('Notes')]).toEqual(['notes', 'notes-1', 'notes-2']);
  });
});

describe('parseHandbook', () => {
  it('never turns raw HTML into markup', () => {
    const parsed = parseHandbook('## Safe\n\n<script>alert(1)</script>\n\n<b>bold</b> text');
    const text = walk(parsed.nodes)
      .map((node) => (node.kind === 'text' ? node.text : ''))
      .join('');
    expect(text).toContain('<script>alert(1)</script>');
    expect(walk(parsed.nodes).every((node) => node.kind !== 'element' || node.tag !== 'a')).toBe(
      true,
    );
  });

  it('keeps only safe link targets', () => {
    expect(safeHref('#challenges-without-fatigue')).toBe('#challenges-without-fatigue');
    expect(safeHref('/moderation')).toBe('/moderation');
    expect(safeHref('https://example.org/x')).toBe('https://example.org/x');
    expect(safeHref('//evil.example')).toBeNull();
    expect(safeHref('javascript:alert(1)')).toBeNull();
    expect(safeHref('data:text/html,x')).toBeNull();
  });

  it('reads tables, task lists and tight lists', () => {
    const parsed = parseHandbook(
      '## A\n\n| a | b |\n| - | - |\n| 1 | `x` |\n\n- [ ] open\n- [x] done\n- plain\n',
    );
    const nodes = walk(parsed.nodes);
    expect(nodes.some((node) => node.kind === 'element' && node.tag === 'td')).toBe(true);
    expect(nodes.filter((node) => node.kind === 'check')).toEqual([
      { kind: 'check', checked: false },
      { kind: 'check', checked: true },
    ]);
    expect(nodes.some((node) => node.kind === 'element' && node.tag === 'p')).toBe(false);
  });
});
