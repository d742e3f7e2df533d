import { SERVICES } from '#contracts';
import { migrationMain } from '#platform';
import { PaymentsConfig } from './config.js';
import { paymentsMigrations } from './migrations/index.js';

await migrationMain(SERVICES.payments, PaymentsConfig, paymentsMigrations);
