import { join } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { repoRoot } from '#devstack';

/**
 * Bundles `workflows/` from its TypeScript sources (with its interceptors, as the build does
 * for dist/), resolving the `#contracts/temporal` alias to the sources too: a workflow test
 * then runs and replays the code as it is now, not the last `npm run build`.
 */
export async function bundleWorkflowSources(): Promise<string> {
  const workflowsDir = join(repoRoot, 'workflows');
  const { code } = await bundleWorkflowCode({
    workflowsPath: join(workflowsDir, 'index.ts'),
    workflowInterceptorModules: [join(workflowsDir, 'interceptors.ts')],
    webpackConfigHook: (config) => ({
      ...config,
      resolve: { ...config.resolve, conditionNames: ['source', '...'] },
    }),
    logger: {
      log() {},
      trace() {},
      debug() {},
      info() {},
      warn: (message) => console.warn(message),
      error: (message) => console.error(message),
    },
  });
  return code;
}
