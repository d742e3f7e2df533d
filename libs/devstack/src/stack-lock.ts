import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { StackError } from './errors.js';
import { isAlive } from './processes.js';

/** One `npm start` per data folder: a second one would fight the first over its servers. */
export function acquireStackLock(dataDir: string): () => void {
  const file = join(dataDir, 'stack.pid');
  if (existsSync(file)) {
    const pid = Number(readFileSync(file, 'utf8').trim());
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid)) {
      throw new StackError(
        `another stack (pid ${pid}) is running on ${dataDir}`,
        'stop it with Ctrl-C, or set CIVIC_DATA_DIR to another folder',
      );
    }
  }
  writeFileSync(file, String(process.pid));
  return () => rmSync(file, { force: true });
}
