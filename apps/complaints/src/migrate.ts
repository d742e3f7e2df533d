import { SERVICES } from '#contracts';
import { migrationMain } from '#platform';
import { ComplaintsConfig } from './config.js';
import { complaintsMigrations } from './migrations/index.js';

await migrationMain(SERVICES.complaints, ComplaintsConfig, complaintsMigrations);
