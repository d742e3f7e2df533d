import { SERVICES } from '#contracts';
import { migrationMain } from '#platform';
import { PermitsConfig } from './config.js';
import { permitsMigrations } from './migrations/index.js';

await migrationMain(SERVICES.permits, PermitsConfig, permitsMigrations);
