/**
 * `npm run audit:verify -- <export.jsonl> [--trusted-keys <keys.json>]`: checks an audit
 * export offline (nothing but the file and, ideally, the public keys fetched beforehand from
 * /api/v1/audit/public-keys) and says which entry fails and why. Exit code 0: it verifies.
 */
import { createReadStream, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { createExportVerifier } from '#audit-log';

const { values, positionals } = parseArgs({
  args: process.argv.slice(2),
  allowPositionals: true,
  options: { 'trusted-keys': { type: 'string' } },
});
const file = positionals[0];
if (!file) {
  process.stderr.write(
    'usage: npm run audit:verify -- <export.jsonl> [--trusted-keys <keys.json>]\n',
  );
  process.exit(2);
}
const trusted = values['trusted-keys']
  ? new Map(
      (
        JSON.parse(readFileSync(values['trusted-keys'], 'utf8')) as {
          keyId: string;
          publicKey: string;
        }[]
      ).map((k) => [k.keyId, k.publicKey]),
    )
  : undefined;
const began = performance.now();
const verifier = createExportVerifier({ trustedKeys: trusted });
for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity }))
  verifier.push(line);
const result = verifier.finish();
const seconds = ((performance.now() - began) / 1_000).toFixed(1);
if (result.ok) {
  process.stdout.write(
    `OK: ${result.entries} entries verify against the signed tree head of size ${result.treeSize} (${seconds} s)${trusted ? '' : '; keys taken from the export itself (pass --trusted-keys to check who signed)'}\n`,
  );
} else {
  for (const failure of result.failures)
    process.stdout.write(
      `FAIL line ${failure.line}${failure.seq === undefined ? '' : ` (entry ${failure.seq})`}: ${failure.reason}\n`,
    );
  process.stdout.write(`${result.failures.length} problem(s) in ${result.entries} entries\n`);
  process.exitCode = 1;
}
