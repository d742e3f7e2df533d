import { SERVICES } from '#contracts';
import { migrationMain } from '#platform';
import { InsightsConfig } from './config.js';
import { insightsMigrations } from './migrations/index.js';

await migrationMain(SERVICES.insights, InsightsConfig, insightsMigrations);
