import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { bundleWorkflowSources } from '#testing';
import { appendOnlyViolations, historyOf, readHistories } from './histories.js';
import { WORKFLOW_PATHS } from './paths.js';

// Every recorded history is replayed against the workflow code as it is now (bundled from the
// sources): a change that makes a workflow issue other commands, or the same in another
// order, fails here before it can break the runs already in flight.
describe('recorded workflow histories', () => {
  let code: string;

  beforeAll(async () => {
    Runtime.install({ logger: new DefaultLogger('WARN') });
    code = await bundleWorkflowSources();
  });

  /** The recordings of one group: its folder's histories of its workflow type. */
  const historiesOf = (group: (typeof WORKFLOW_PATHS)[number]) =>
    readHistories(group.folder).filter((h) => h.workflowType === group.workflowType);

  it('records only workflow types whose paths are listed, in each folder', () => {
    const folders = [...new Set(WORKFLOW_PATHS.map((g) => g.folder))];
    for (const folder of folders) {
      const types = WORKFLOW_PATHS.filter((g) => g.folder === folder).map((g) => g.workflowType);
      const strays = readHistories(folder)
        .filter((h) => !types.includes(h.workflowType))
        .map((h) => `${h.file} (${h.workflowType})`);
      expect(strays).toEqual([]);
    }
  });

  describe.each(
    WORKFLOW_PATHS.map((group) => [`${group.folder} ${group.workflowType}`, group] as const),
  )('workflows/%s', (folder, group) => {
    it('has at least one recorded history of every path', () => {
      const recorded = new Set(historiesOf(group).map((h) => h.path));
      expect(group.paths.map((p) => [p.name, recorded.has(p.name)])).toEqual(
        group.paths.map((p) => [p.name, true]),
      );
    });

    it('replays every recorded history without a determinism error', async () => {
      const histories = historiesOf(group);
      expect(histories.length).toBeGreaterThanOrEqual(group.paths.length);
      const outcomes: { file: string; workflowId: string; error: string | undefined }[] = [];
      // Explicit workflow ids: each history replays under the id it ran with.
      const results = Worker.runReplayHistories(
        { workflowBundle: { code }, replayName: `replay-${group.folder}-${group.workflowType}` },
        histories.map((h) => ({ workflowId: h.workflowId, history: historyOf(h) })),
      );
      let i = 0;
      for await (const result of results) {
        const h = histories[i++]!;
        expect(result.workflowId).toBe(h.workflowId);
        outcomes.push({ file: h.file, workflowId: h.workflowId, error: result.error?.message });
      }
      expect(outcomes).toEqual(
        histories.map((h) => ({ file: h.file, workflowId: h.workflowId, error: undefined })),
      );
    });
  });

  it('keeps every committed history exactly as first committed (append-only, from git)', () => {
    expect(appendOnlyViolations()).toEqual([]);
  });
});
