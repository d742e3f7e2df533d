/**
 * `npm run permit:verify -- <permitNumber | proof.json> --trusted-keys <keys.json>
 * [--export <export.jsonl>] [--url <gateway>] [--save <proof.json>]`: checks a permit's proof
 * offline (docs/audit.md, "Proving a permit") and says exactly what it proved. A permit number
 * fetches the proof from the gateway (`--url`, default `CIVIC_GATEWAY_URL` or
 * http://127.0.0.1:3000); a file is read as it is. With `--export`, a complete export of the
 * log, it also proves that no revocation or expiry was left out, up to the export's tree head.
 * Exit code 0 only when everything checked; 1 when something does not verify or cannot be read;
 * 2 on bad usage.
 */
import { createReadStream, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import {
  createPermitHistoryCheck,
  verifyPermitProof,
  type PermitHistoryResult,
  type PermitProofDocument,
} from '#audit-log';
import { permitReport } from './permit-report.js';

const USAGE =
  'usage: npm run permit:verify -- <permitNumber | proof.json> --trusted-keys <keys.json> [--export <export.jsonl>] [--url <gateway>] [--save <proof.json>]\n';

const { values, positionals } = parseArgs({
  args: process.argv.slice(2),
  allowPositionals: true,
  options: {
    'trusted-keys': { type: 'string' },
    export: { type: 'string' },
    url: { type: 'string' },
    save: { type: 'string' },
  },
});
const target = positionals[0];
const keysFile = values['trusted-keys'];
if (!target || !keysFile) {
  process.stderr.write(USAGE);
  process.exit(2);
}

/** The proof: read from a file, or fetched from the gateway by permit number. */
async function loadProof(): Promise<PermitProofDocument | string> {
  if (existsSync(target as string) || target?.endsWith('.json'))
    return JSON.parse(readFileSync(target as string, 'utf8')) as PermitProofDocument;
  const base = (values.url ?? process.env.CIVIC_GATEWAY_URL ?? 'http://127.0.0.1:3000').replace(
    /\/+$/,
    '',
  );
  const url = `${base}/api/v1/permits/${encodeURIComponent(target as string)}/proof`;
  const response = await fetch(url, { headers: { accept: 'application/json' } });
  const text = await response.text();
  if (!response.ok) {
    let problem = text;
    try {
      const body = JSON.parse(text) as { code?: string; detail?: string; title?: string };
      problem = `${body.code ?? response.status}: ${body.detail ?? body.title ?? ''}`;
    } catch {
      // not problem+json: the text as it came
    }
    return `GET ${url} answered ${response.status} (${problem.trim()})`;
  }
  if (values.save) writeFileSync(values.save, text);
  return JSON.parse(text) as PermitProofDocument;
}

try {
  const trustedKeys = new Map(
    (JSON.parse(readFileSync(keysFile, 'utf8')) as { keyId: string; publicKey: string }[]).map(
      (k) => [k.keyId, k.publicKey],
    ),
  );
  const proof = await loadProof();
  if (typeof proof === 'string') {
    process.stdout.write(`FAIL: ${proof}\n`);
    process.exitCode = 1;
  } else {
    const result = verifyPermitProof(proof, { trustedKeys });
    let history: PermitHistoryResult | undefined;
    if (result.ok && values.export) {
      const check = createPermitHistoryCheck(proof, { trustedKeys });
      for await (const line of createInterface({
        input: createReadStream(values.export),
        crlfDelay: Infinity,
      }))
        check.push(line);
      history = check.finish();
    }
    process.stdout.write(`${permitReport(result, history).join('\n')}\n`);
    process.exitCode = result.ok && (history?.ok ?? true) ? 0 : 1;
  }
} catch (error) {
  process.stderr.write(`✖ ${(error as Error).message}\n`);
  process.exitCode = 1;
}
