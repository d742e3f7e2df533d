import { SERVICES } from '#contracts';
import { migrationMain } from '#platform';
import { GatewayConfig } from './config.js';
import { gatewayMigrations } from './migrations/index.js';

await migrationMain(SERVICES.gateway, GatewayConfig, gatewayMigrations);
