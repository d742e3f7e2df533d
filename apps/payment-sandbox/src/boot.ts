/**
 * What the sandbox needs to boot: its configuration read from the environment and a JSON
 * logger, in the platform's formats (one `fatal` line naming each bad variable; pino lines the
 * local stack prints readably). It stands for an outside provider and does not run on
 * libs/platform, whose index brings in Nest, TypeORM, NATS and Temporal: without them it is
 * ready in a fraction of a second and small in memory.
 */
import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import pino, { type Logger } from 'pino';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export class ConfigError extends Error {
  constructor(problems: readonly { variable: string; message: string }[]) {
    super(`invalid configuration: ${problems.map((p) => `${p.variable} ${p.message}`).join('; ')}`);
    this.name = 'ConfigError';
  }
}

/**
 * The configuration class filled from the environment: each property is a variable, its
 * initialiser the default; an unset or empty variable takes the default; every invalid one is
 * reported by name.
 */
export function loadConfig<T extends object>(
  schema: new () => T,
  env: NodeJS.ProcessEnv = process.env,
): T {
  const probe = new schema() as Record<string, unknown>;
  const plain: Record<string, string> = {};
  for (const key of Object.keys(probe)) {
    const value = env[key];
    if (value !== undefined && value !== '') plain[key] = value;
  }
  const config = plainToInstance(schema, { ...probe, ...plain }, { exposeDefaultValues: true });
  const errors = validateSync(config, { forbidUnknownValues: true, stopAtFirstError: true });
  if (errors.length > 0)
    throw new ConfigError(
      errors.flatMap((error: ValidationError) =>
        Object.values(error.constraints ?? {}).map((m) => ({
          variable: error.property,
          message: m.startsWith(`${error.property} `) ? m.slice(error.property.length + 1) : m,
        })),
      ),
    );
  return Object.freeze(config);
}

/** A pino logger writing the platform's JSON lines; secrets and card fields redacted. */
export function createLogger(service: string, level: LogLevel): Logger {
  return pino({
    level,
    base: { service, pid: process.pid },
    messageKey: 'msg',
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: {
      paths: [
        'req.headers.authorization',
        '*.card_number',
        '*.cvc',
        '*.cardholder_name',
        '*.secret',
      ],
      censor: '[redacted]',
    },
  });
}

/** Runs the boot function; a failure ends the process with one `fatal` line that says why. */
export async function runMain(service: string, boot: () => Promise<unknown>): Promise<void> {
  try {
    await boot();
  } catch (error) {
    const logger = createLogger(service, 'info');
    const message = `${service} failed to start: ${(error as Error).message}`;
    if (error instanceof ConfigError || (error as { code?: string }).code === 'EADDRINUSE')
      logger.fatal(message);
    else logger.fatal({ err: error }, message);
    logger.flush();
    process.exitCode = 1;
    setTimeout(() => process.exit(1), 200).unref();
  }
}
