/**
 * `npm run bench -- <name>` runs the benchmark in bench/<name>/main.ts. Each benchmark prints
 * what it measured and ends with one JSON line of its figures.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const name = process.argv[2];
const here = path.dirname(fileURLToPath(import.meta.url));
if (!name || !/^[a-z0-9-]+$/.test(name)) {
  console.error('Usage: npm run bench -- <name>   (a folder under bench/)');
  process.exit(2);
}
const entry = path.join(here, name, 'main.ts');
if (!existsSync(entry)) {
  console.error(`No benchmark "${name}": expected ${path.relative(process.cwd(), entry)}`);
  process.exit(2);
}
await import(pathToFileURL(entry).href);
