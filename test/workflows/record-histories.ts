/**
 * `npm run workflows:record`: runs each workflow path (test/workflows/*.paths.ts) on a
 * Temporal server with the platform's worker and the built workflow bundle, fetches the
 * history and writes it to workflows/<folder>/histories/<path>.<n>.json, for the workflow
 * tier to replay on every test run. Histories are append-only: by default it records only
 * the paths that have none; `-- --again` records every path once more as a new file (after a
 * workflow change, beside the old ones, which must keep replaying). It never rewrites a file.
 * `-- --only <name>` (repeatable) records the paths of that workflow folder or workflow type
 * alone (`-- --again --only complaints`, `-- --again --only permitApplicationWorkflow`).
 *
 * Server: TEMPORAL_ADDRESS when set (namespace `civic` and its search attributes are added
 * when missing), else a private headless dev server in a temporary folder, stopped at the end.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { DEFAULT_TEMPORAL_NAMESPACE } from '#contracts/temporal';
import {
  TemporalDevServer,
  ensureNamespaces,
  freePorts,
  repoRoot,
  workflowBundlePath,
} from '#devstack';
import { platformWorkerOptions } from '../../apps/worker/src/worker-options.js';
import { historiesDir, nextHistoryName, readHistories, type HistoryFile } from './histories.js';
import { historyToJson } from './history-json.js';
import { WORKFLOW_PATHS } from './paths.js';

const again = process.argv.includes('--again');
const only = process.argv.flatMap((arg, i, all) =>
  arg === '--only' && all[i + 1] ? [all[i + 1] as string] : [],
);
const namespace = DEFAULT_TEMPORAL_NAMESPACE;
Runtime.install({ logger: new DefaultLogger('WARN') });

let server: TemporalDevServer | undefined;
let serverDir: string | undefined;
let address = process.env.TEMPORAL_ADDRESS;
try {
  if (address) {
    await ensureNamespaces(address, [namespace]);
  } else {
    serverDir = mkdtempSync(join(tmpdir(), 'civic-record-'));
    const [port, uiPort] = await freePorts(2);
    server = new TemporalDevServer({
      dir: serverDir,
      port: port!,
      uiPort: uiPort!,
      headless: true,
    });
    await server.start();
    address = server.address;
  }
  const connection = await Connection.connect({ address });
  const client = new Client({ connection, namespace });
  const nativeConnection = await NativeConnection.connect({ address });
  const taskQueue = `history-recorder-${randomUUID()}`;
  const worker = await Worker.create(
    platformWorkerOptions({
      connection: nativeConnection,
      namespace,
      taskQueue,
      identity: 'history-recorder',
      workflows: { bundlePath: workflowBundlePath() },
      activities: Object.fromEntries(
        WORKFLOW_PATHS.flatMap((group) => Object.entries(group.activities?.() ?? {})),
      ),
    }),
  );
  const written: string[] = [];
  await worker.runUntil(async () => {
    for (const group of WORKFLOW_PATHS) {
      if (only.length > 0 && !only.includes(group.folder) && !only.includes(group.workflowType))
        continue;
      const recorded = new Set(
        readHistories(group.folder)
          .filter((h) => h.workflowType === group.workflowType)
          .map((h) => h.path),
      );
      for (const path of group.paths) {
        if (recorded.has(path.name) && !again) continue;
        const name = nextHistoryName(group.folder, path.name);
        const workflowId = group.workflowId(`history-${name.replace(/\.json$/, '')}`);
        await path.run(client, { workflowId, taskQueue });
        const history = await client.workflow.getHandle(workflowId).fetchHistory();
        const file: HistoryFile = {
          workflowId,
          workflowType: group.workflowType,
          path: path.name,
          history: historyToJson(history),
        };
        const dir = join(repoRoot, historiesDir(group.folder));
        mkdirSync(dir, { recursive: true });
        // flag 'wx': never overwrite a history, even if one appeared meanwhile.
        writeFileSync(join(dir, name), `${JSON.stringify(file, null, 2)}\n`, { flag: 'wx' });
        written.push(`${historiesDir(group.folder)}/${name}`);
      }
    }
  });
  await nativeConnection.close();
  await connection.close();
  process.stdout.write(
    written.length > 0
      ? `recorded:\n${written.map((f) => `  ${f}\n`).join('')}commit them with the workflow change.\n`
      : 'every path has a history already (-- --again records each path once more)\n',
  );
} catch (error) {
  process.stderr.write(`✖ workflows:record: ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
} finally {
  await server?.stop();
  if (serverDir) rmSync(serverDir, { recursive: true, force: true });
}
