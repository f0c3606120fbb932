import { describe, expect, it } from 'vitest';
import type { Finding } from '../../api/content';
import { findingSpans } from './findingSpans';

const finding = (id: string, ruleId: string, spans: [number, number][]): Finding => ({
  id,
  source: 'disclosure',
  ruleId,
  severity: 'B',
  message: '',
  spans: spans.map(([start, end]) => ({ start, end, text: '' })),
});

describe('findingSpans', () => {
  const findings = [
    finding('f1', 'DISC-01', [[3, 9]]),
    finding('f2', 'BRAND-01', [
      [0, 2],
      [5, 7],
    ]),
  ];

  it('labels every span with its rule and finding', () => {
    expect(findingSpans(findings)).toEqual([
      { start: 3, end: 9, category: 'DISC-01', rule: 'f1' },
      { start: 0, end: 2, category: 'BRAND-01', rule: 'f2' },
      { start: 5, end: 7, category: 'BRAND-01', rule: 'f2' },
    ]);
  });

  it('keeps only the selected findings, or all when none is selected', () => {
    expect(findingSpans(findings, new Set(['f1'])).map((s) => s.rule)).toEqual(['f1']);
    expect(findingSpans(findings, new Set())).toHaveLength(3);
  });
});
