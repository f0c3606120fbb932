#!/usr/bin/env node
/**
 * The dependency audit CI runs: `npm audit` on the installed tree. It fails on any high or
 * critical advisory unless audit-exceptions.json explains it (the advisory's id or package,
 * and why it does not reach Guild). When the registry's advisory service cannot be reached,
 * it says so plainly and passes: an audit that could not run is reported, never faked.
 */
import { spawnSync } from 'node:child_process';
import console from 'node:console';
import { readFileSync } from 'node:fs';
import process from 'node:process';
import { URL } from 'node:url';

const exceptions = JSON.parse(readFileSync(new URL('../audit-exceptions.json', import.meta.url)));
const explained = new Map(exceptions.map((entry) => [entry.advisory, entry.reason]));

// `--report <file>` reads a saved `npm audit --json` report instead (the script's own test).
const saved = process.argv.indexOf('--report');
const run =
  saved > 0
    ? { stdout: readFileSync(process.argv[saved + 1], 'utf8'), status: 0, stderr: '' }
    : spawnSync('npm', ['audit', '--json'], { encoding: 'utf8', maxBuffer: 64 << 20 });
let report;
try {
  report = JSON.parse(run.stdout);
} catch {
  console.error(`dependency audit: npm audit gave no report (exit ${run.status}):\n${run.stderr}`);
  process.exit(1);
}

if (report.statusCode !== undefined || report.error !== undefined) {
  console.log(
    `dependency audit: NOT RUN: the registry's advisory service answered "${report.message ?? report.statusCode}". ` +
      'Run `npm run audit` where it is reachable.',
  );
  process.exit(0);
}

const severe = [];
for (const [name, found] of Object.entries(report.vulnerabilities ?? {})) {
  if (found.severity !== 'high' && found.severity !== 'critical') {
    continue;
  }
  const advisories = found.via.filter((via) => typeof via === 'object');
  const ids = advisories.map((via) => String(via.source ?? via.url ?? ''));
  const reason = explained.get(name) ?? ids.map((id) => explained.get(id)).find(Boolean);
  severe.push({ name, severity: found.severity, ids, reason });
}

for (const finding of severe) {
  const label = `${finding.severity} ${finding.name} (${finding.ids.join(', ') || 'via a dependency'})`;
  console.log(finding.reason ? `explained: ${label}: ${finding.reason}` : `UNEXPLAINED: ${label}`);
}
const unexplained = severe.filter((finding) => !finding.reason);
const counts = report.metadata?.vulnerabilities ?? {};
console.log(
  `dependency audit: ${counts.critical ?? 0} critical, ${counts.high ?? 0} high, ` +
    `${counts.moderate ?? 0} moderate, ${counts.low ?? 0} low; ${unexplained.length} high or critical unexplained`,
);
process.exit(unexplained.length === 0 ? 0 : 1);
