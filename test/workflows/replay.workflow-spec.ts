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

  describe.each(WORKFLOW_PATHS.map((group) => [group.folder, group] as const))(
    'workflows/%s',
    (folder, group) => {
      it('has at least one recorded history of every path', () => {
        const recorded = new Set(readHistories(folder).map((h) => h.path));
        expect(group.paths.map((p) => [p.name, recorded.has(p.name)])).toEqual(
          group.paths.map((p) => [p.name, true]),
        );
      });

      it('replays every recorded history without a determinism error', async () => {
        const histories = readHistories(folder);
        expect(histories.length).toBeGreaterThanOrEqual(group.paths.length);
        for (const h of histories)
          expect([h.file, h.workflowType]).toEqual([h.file, group.workflowType]);
        const outcomes: { file: string; workflowId: string; error: string | undefined }[] = [];
        // Explicit workflow ids: each history replays under the id it ran with.
        const results = Worker.runReplayHistories(
          { workflowBundle: { code }, replayName: `replay-${folder}` },
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
    },
  );

  it('keeps every committed history exactly as first committed (append-only, from git)', () => {
    expect(appendOnlyViolations()).toEqual([]);
  });
});
