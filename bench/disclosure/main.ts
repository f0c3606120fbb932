/**
 * `npm run bench -- disclosure`: how well the disclosure checker recognises affiliate
 * disclosures, on Mathur et al.'s YouTube descriptions (../shared/data/affiliate-disclosures).
 * Every sentence of every video goes through the checker's affiliate-disclosure recogniser; a
 * video discloses when any sentence does; the verdicts are compared with `has_any_disclosure`.
 * Prints precision, recall, F1 and the confusion matrix; the last line is one JSON object.
 * Target: video-level F1 >= 0.85 (see docs/DISCLOSURE.md for where it stands and why).
 */
import { performance } from 'node:perf_hooks';
import {
  AFFILIATE_DATA_DIR,
  affiliateDataPresent,
  evaluateAffiliateDisclosures,
  keywordBaseline,
} from './evaluate.js';

if (!affiliateDataPresent()) {
  console.error(`The data set is absent: expected it in ${AFFILIATE_DATA_DIR}`);
  process.exit(2);
}

const started = performance.now();
const result = evaluateAffiliateDisclosures();
const seconds = (performance.now() - started) / 1000;
// The same data through a keyword filter ("affiliate"), in the same process: the ratio says
// what the checker's phrase recogniser adds.
const baseline = evaluateAffiliateDisclosures(keywordBaseline);
const f = (value: number) => value.toFixed(4);

console.log(`Affiliate disclosures: ${result.videos} videos, ${result.sentences} sentences`);
console.log(`precision ${f(result.precision)}  recall ${f(result.recall)}  F1 ${f(result.f1)}`);
console.log('');
console.log('                      labelled disclosing   labelled not');
console.log(
  `checker: discloses   ${String(result.tp).padStart(19)} ${String(result.fp).padStart(14)}`,
);
console.log(
  `checker: does not    ${String(result.fn).padStart(19)} ${String(result.tn).padStart(14)}`,
);
console.log('');
console.log(
  `${result.fnWithoutDisclosureWording} of the ${result.fn} misses are videos whose labelled ` +
    'sentences hold no disclosure wording ("Click this link", "Amazon Links:").',
);
console.log(
  `keyword baseline ("affiliate"): precision ${f(baseline.precision)}  recall ` +
    `${f(baseline.recall)}  F1 ${f(baseline.f1)}; checker / baseline F1 ${f(result.f1 / baseline.f1)}`,
);
console.log(`${seconds.toFixed(2)} s; target F1 >= 0.85: ${result.f1 >= 0.85 ? 'met' : 'NOT met'}`);
console.log(
  JSON.stringify({
    bench: 'disclosure',
    ...result,
    precision: Number(f(result.precision)),
    recall: Number(f(result.recall)),
    f1: Number(f(result.f1)),
    baselineF1: Number(f(baseline.f1)),
    f1VsBaseline: Number(f(result.f1 / baseline.f1)),
    seconds: Number(seconds.toFixed(2)),
  }),
);
