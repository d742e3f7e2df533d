import { SERVICES } from '#contracts';
import { serviceMain } from '#platform';
import { checkPaymentsConfig, PaymentsConfig } from './config.js';
import { PaymentsModule } from './payments.module.js';

await serviceMain(SERVICES.payments, PaymentsConfig, (config) =>
  PaymentsModule.forRoot(checkPaymentsConfig(config)),
);
