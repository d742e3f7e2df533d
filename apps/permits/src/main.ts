import { SERVICES } from '#contracts';
import { serviceMain } from '#platform';
import { checkPermitsConfig, PermitsConfig } from './config.js';
import { PermitsModule } from './permits.module.js';

await serviceMain(SERVICES.permits, PermitsConfig, (config) =>
  PermitsModule.forRoot(checkPermitsConfig(config)),
);
