import type { WhatIfJobView } from '#contracts';
import type { WhatIfJob } from './what-if.repository.js';

export const whatIfJobView = (job: WhatIfJob): WhatIfJobView => ({
  id: job.id,
  status: job.status,
  proposal: job.proposal,
  requestedAt: job.requestedAt.toISOString(),
  finishedAt: job.finishedAt?.toISOString() ?? null,
  ...(job.report ? { report: job.report } : {}),
  ...(job.error ? { error: job.error } : {}),
});
