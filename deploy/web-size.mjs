// The JavaScript each route of the web UI loads, gzipped (issue 16: under 200 kB for the first
// route): the entry chunk and everything it imports statically, plus the route's own lazy chunk
// and its static imports. Reads dist/web/.vite/manifest.json (npm run build writes it).
// Prints one line per route; exits 1 when one passes the budget.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const BUDGET = 200 * 1024;
const dist = new URL('../dist/web/', import.meta.url).pathname;
const manifest = JSON.parse(readFileSync(join(dist, '.vite/manifest.json'), 'utf8'));
const closure = (key, seen = new Set()) => {
  if (seen.has(key)) return seen;
  seen.add(key);
  for (const next of manifest[key]?.imports ?? []) closure(next, seen);
  return seen;
};
const gzipped = (keys) =>
  [...keys].reduce(
    (sum, key) => sum + gzipSync(readFileSync(join(dist, manifest[key].file)), { level: 9 }).length,
    0,
  );
const entry = Object.keys(manifest).find((key) => manifest[key].isEntry);
const shared = closure(entry);
let over = false;
console.log(
  `route                  JavaScript, gzipped (entry ${(gzipped(shared) / 1024).toFixed(1)} kB)`,
);
for (const key of manifest[entry].dynamicImports ?? []) {
  const keys = closure(key, new Set(shared));
  const size = gzipped(keys);
  over ||= size > BUDGET;
  const name = key
    .replace(/^src\/pages\//, '')
    .replace(/\.tsx$/, '')
    .replace(/^src\/i18n\/messages\.(\w+)\.ts$/, '(texts in $1)');
  console.log(
    `${name.padEnd(22)} ${(size / 1024).toFixed(1)} kB${size > BUDGET ? '  over the 200 kB budget' : ''}`,
  );
}
process.exit(over ? 1 : 0);
