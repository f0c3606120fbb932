import { describe, expect, it } from 'vitest';
import { segmentText } from './highlight';

const span = (start: number, end: number, category = 'personal_data') => ({
  start,
  end,
  category,
  rule: 'test',
});

describe('segmentText', () => {
  it('marks the stretch a span covers and leaves the rest plain', () => {
    const text = 'Call me on +44 7700 900123 about the return.';
    const segments = segmentText(text, [span(11, 26)]);
    expect(segments.map((s) => [s.text, s.categories])).toEqual([
      ['Call me on ', []],
      ['+44 7700 900123', ['personal_data']],
      [' about the return.', []],
    ]);
  });

  it('clips spans to the slice, so a post title and body can be shown apart', () => {
    const title = 'Ring me';
    const text = `${title}\n\nat 0113 496 0000`;
    const body = title.length + 2;
    const spans = [span(5, 11), span(body + 3, text.length)];
    expect(segmentText(text, spans, 0, title.length).map((s) => s.text)).toEqual(['Ring ', 'me']);
    const inBody = segmentText(text, spans, body);
    expect(inBody.map((s) => [s.text, s.categories.length])).toEqual([
      ['at', 1],
      [' ', 0],
      ['0113 496 0000', 1],
    ]);
  });

  it('joins overlapping spans and ignores empty or out-of-range ones', () => {
    const text = 'abcdefgh';
    const segments = segmentText(text, [
      span(1, 5, 'spam'),
      span(3, 7, 'scam'),
      span(4, 4),
      span(20, 30),
      span(6, 2),
    ]);
    expect(segments.map((s) => [s.text, s.categories])).toEqual([
      ['a', []],
      ['bc', ['spam']],
      ['de', ['scam', 'spam']],
      ['fg', ['scam']],
      ['h', []],
    ]);
  });

  it('keeps characters outside the basic plane whole when spans use UTF-16 offsets', () => {
    const text = 'ok 👍 idiot';
    const start = text.indexOf('idiot');
    const segments = segmentText(text, [span(start, start + 5, 'insult')]);
    expect(segments.map((s) => s.text)).toEqual(['ok 👍 ', 'idiot']);
  });
});
