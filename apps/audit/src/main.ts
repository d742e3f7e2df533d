import { SERVICES } from '#contracts';
import { serviceMain } from '#platform';
import { AuditConfig } from './config.js';
import { AuditModule } from './audit.module.js';

await serviceMain(SERVICES.audit, AuditConfig, (config) => AuditModule.forRoot(config));
