/**
 * Tests of the data loaders, the fixed split and the operator's labelled CSV reader. The tests
 * on the public data sets skip, saying so, when ../shared/data is absent.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  SHARED_DATA_DIR,
  cleanComment,
  hateOffensiveFile,
  loadHateOffensive,
  loadYoutubeSpam,
  readLabelledCsv,
  splitOf,
  splitRows,
  youtubeSpamFile,
} from './datasets.js';

describe('fixed split', () => {
  it('depends only on source and id, and puts about 20 % in test', () => {
    expect(splitOf('hate-offensive', '17')).toBe(splitOf('hate-offensive', '17'));
    let test = 0;
    for (let i = 0; i < 10_000; i++) {
      test += splitOf('toy', String(i)) === 'test' ? 1 : 0;
    }
    expect(test).toBeGreaterThan(1850);
    expect(test).toBeLessThan(2150);
  });

  it('gives the same answer on every machine (pinned values)', () => {
    const sides = Array.from({ length: 10 }, (_, i) => splitOf('hate-offensive', String(i)));
    // sha256("hate-offensive:<i>") decides; these are what it decides for 0..9.
    expect(sides).toMatchInlineSnapshot(`
      [
        "train",
        "train",
        "train",
        "train",
        "train",
        "train",
        "train",
        "train",
        "test",
        "train",
      ]
    `);
  });

  it('keeps rows without source or id in train', () => {
    const { train, test } = splitRows([{ text: 'x', labels: { toxic: 0 } }]);
    expect(train).toHaveLength(1);
    expect(test).toHaveLength(0);
  });
});

describe('cleanComment', () => {
  it('removes tags and U+FEFF and decodes entities', () => {
    expect(cleanComment('I&#39;m <b>here</b><br />now&amp;then\uFEFF')).toBe("I'm  here  now&then");
  });
});

describe('readLabelledCsv', () => {
  it('reads text, heads, id and weight, leaving empty cells unlabelled', () => {
    const csv = 'id,text,toxic,spam,weight\na1,"you, idiot",1,,2\n,buy now,0,1,\n';
    const { heads, rows, errors } = readLabelledCsv(csv, 'mine.csv');
    expect(errors).toEqual([]);
    expect(heads).toEqual(['toxic', 'spam']);
    expect(rows).toEqual([
      { text: 'you, idiot', labels: { toxic: 1 }, source: 'mine.csv', id: 'a1', weight: 2 },
      { text: 'buy now', labels: { toxic: 0, spam: 1 }, source: 'mine.csv', id: 'line-3' },
    ]);
  });

  it('reports bad rows with their line and column and keeps the good ones', () => {
    const csv = [
      'text,toxic,weight',
      'fine,1,',
      '"two',
      'lines",yes,',
      ',0,',
      'short',
      'heavy,0,-1',
      'nothing,,',
      'last,0,',
    ].join('\n');
    const { rows, errors } = readLabelledCsv(csv);
    expect(rows.map((row) => row.text)).toEqual(['fine', 'last']);
    expect(errors).toEqual([
      { line: 3, column: 'toxic', columnNumber: 2, message: '"yes" is not 0, 1 or empty' },
      { line: 5, column: 'text', columnNumber: 1, message: 'the text is empty' },
      { line: 6, message: 'expected 3 fields, found 1' },
      { line: 7, column: 'weight', columnNumber: 3, message: '"-1" is not a positive number' },
      { line: 8, message: 'no head is labelled' },
    ]);
  });

  it('refuses a header without text or heads', () => {
    expect(() => readLabelledCsv('body,toxic\nx,1\n')).toThrow(/"text"/);
    expect(() => readLabelledCsv('text,id\nx,1\n')).toThrow(/no head/);
    expect(() => readLabelledCsv('')).toThrow(/empty/);
  });
});

const hatePresent = existsSync(hateOffensiveFile());
const spamPresent = existsSync(youtubeSpamFile());

describe('public data sets', () => {
  it.skipIf(!hatePresent)(
    hatePresent
      ? 'hate-offensive: 24,783 tweets, classes 1,430 / 19,190 / 4,163, entities decoded'
      : `hate-offensive: skipped, ${SHARED_DATA_DIR} has no hate-offensive/labeled_data.csv`,
    () => {
      const rows = loadHateOffensive();
      expect(rows).toHaveLength(24_783);
      const hate = rows.filter((row) => row.labels.hate === 1).length;
      const toxic = rows.filter((row) => row.labels.toxic === 1).length;
      expect(hate).toBe(1_430);
      expect(toxic - hate).toBe(19_190);
      expect(rows.length - toxic).toBe(4_163);
      expect(rows.some((row) => row.text.includes('&amp;'))).toBe(false);
      expect(rows.filter((row) => row.text.includes('\n')).length).toBe(917);
      expect(new Set(rows.map((row) => row.id)).size).toBe(rows.length);
      const { train, test } = splitRows(rows);
      expect(test.length / rows.length).toBeGreaterThan(0.18);
      expect(test.length / rows.length).toBeLessThan(0.22);
      expect(train.length + test.length).toBe(rows.length);
    },
  );

  it.skipIf(!spamPresent)(
    spamPresent
      ? 'youtube-spam: 1,956 comments, 1,005 spam, no tags or U+FEFF, comment text only'
      : `youtube-spam: skipped, ${SHARED_DATA_DIR} has no youtube-spam/youtube_spam_all.csv`,
    () => {
      const rows = loadYoutubeSpam();
      expect(rows).toHaveLength(1_956);
      expect(rows.filter((row) => row.labels.spam === 1)).toHaveLength(1_005);
      for (const row of rows) {
        expect(row.text).not.toMatch(/\uFEFF/);
        expect(Object.keys(row.labels)).toEqual(['spam']);
      }
      // Markup is gone; the one comment left with tags had them escaped in the source, so its
      // viewers saw them as text, and so does the model.
      const tagged = rows.filter((row) => /<br|<a /.test(row.text));
      expect(tagged.map((row) => row.text.slice(0, 24))).toEqual(["<script>document.write('"]);
    },
  );
});
