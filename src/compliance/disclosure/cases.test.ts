/**
 * The shared disclosure cases disc-01 and disc-03, read straight from
 * ../shared/cases/cases.jsonl (inputs and expected values both); skipped, saying so, when the
 * shared folder is absent.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkDisclosure } from './disclosure.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const casesFile = resolve(repoRoot, '../shared/cases/cases.jsonl');
const present = existsSync(casesFile);

interface SharedCase {
  id: string;
  input: { caption: string; sponsored?: boolean; preview_chars?: number };
  expected: Record<string, unknown>;
}

function sharedCase(id: string): SharedCase {
  const line = readFileSync(casesFile, 'utf8')
    .split('\n')
    .find((l) => l.includes(`"id": "${id}"`) || l.includes(`"id":"${id}"`));
  if (line === undefined) {
    throw new Error(`case ${id} is not in ${casesFile}`);
  }
  return JSON.parse(line) as SharedCase;
}

function run(c: SharedCase) {
  return checkDisclosure({
    text: c.input.caption,
    declaredPaid: c.input.sponsored === true,
    triggers: { ambassadorContract: true },
    ...(c.input.preview_chars === undefined ? {} : { previewChars: c.input.preview_chars }),
  });
}

const title = (id: string) =>
  present ? `${id} from the shared cases` : `${id}: skipped, ${casesFile} is absent`;

describe.skipIf(!present)('shared disclosure cases', () => {
  it(title('disc-01'), () => {
    const c = sharedCase('disc-01');
    const result = run(c);
    expect(result.disclosureFound).toBe(c.expected.disclosure_found);
    expect(result.disclosureProminent).toBe(c.expected.disclosure_prominent);
    expect(result.decision).toBe(c.expected.decision);
    expect(result.messages.join('\n').toLowerCase()).toContain(
      String(c.expected.message).toLowerCase(),
    );
  });

  it(title('disc-03'), () => {
    const c = sharedCase('disc-03');
    const result = run(c);
    expect(result.disclosureFound).toBe(c.expected.disclosure_found);
    expect(result.disclosurePosition).toBe(c.expected.disclosure_position);
    expect(result.visibleBeforeTruncation).toBe(c.expected.visible_before_truncation);
    expect(result.decision).toBe(c.expected.decision);
  });
});
