import { SERVICES } from '#contracts';
import { serviceMain } from '#platform';
import { checkComplaintsConfig, ComplaintsConfig } from './config.js';
import { ComplaintsModule } from './complaints.module.js';

await serviceMain(SERVICES.complaints, ComplaintsConfig, (config) =>
  ComplaintsModule.forRoot(checkComplaintsConfig(config)),
);
