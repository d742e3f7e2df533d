import { SERVICES } from '#contracts';
import { serviceMain } from '#platform';
import { checkInsightsConfig, InsightsConfig } from './config.js';
import { InsightsModule } from './insights.module.js';

await serviceMain(SERVICES.insights, InsightsConfig, (config) =>
  InsightsModule.forRoot(checkInsightsConfig(config)),
);
