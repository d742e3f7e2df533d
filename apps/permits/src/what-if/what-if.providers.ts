import { GetWhatIfUseCase } from './get-what-if/get-what-if.use-case.js';
import { StartWhatIfUseCase } from './start-what-if/start-what-if.use-case.js';
import { WhatIfNatsController } from './what-if.nats.controller.js';
import { WhatIfRepository } from './what-if.repository.js';
import { WhatIfRunner } from './what-if.runner.js';

/** What-if replay (docs/permits.md, "What-if replay"): jobs, their runner, their patterns. */
export const WHAT_IF_PROVIDERS = [
  WhatIfRepository,
  WhatIfRunner,
  StartWhatIfUseCase,
  GetWhatIfUseCase,
];
export const WHAT_IF_CONTROLLERS = [WhatIfNatsController];
