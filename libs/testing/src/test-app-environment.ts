import { appEnvironment, type AppEnvironmentInput, type AppPorts } from '#devstack';
import { testEnv } from './test-env.js';

/**
 * The environment of the apps a test starts on the servers of the tests' global set-up: each
 * app as its own NATS user, NODE_ENV test, its file storage in `fileStorageDir`. `databaseUrl`
 * and `logLevel` as a test needs them (the set-up's database, the apps' default level).
 */
export function testAppEnvironment(
  ports: AppPorts,
  options: Pick<AppEnvironmentInput, 'fileStorageDir' | 'logLevel'> &
    Partial<Pick<AppEnvironmentInput, 'databaseUrl'>>,
): NodeJS.ProcessEnv {
  const env = testEnv();
  return appEnvironment({
    databaseUrl: options.databaseUrl ?? env.databaseUrl,
    natsUrl: env.natsUrl,
    natsCredentials: env.serviceNatsCredentials,
    temporalAddress: env.temporalAddress,
    ports,
    nodeEnv: 'test',
    ...(options.logLevel ? { logLevel: options.logLevel } : {}),
    ...(options.fileStorageDir ? { fileStorageDir: options.fileStorageDir } : {}),
  });
}
