import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';

/** Raised when the environment does not satisfy an app's configuration schema. */
export class ConfigError extends Error {
  constructor(
    readonly app: string,
    readonly problems: readonly { variable: string; message: string }[],
  ) {
    super(
      `invalid configuration for ${app}: ` +
        problems.map((p) => `${p.variable} ${p.message}`).join('; '),
    );
    this.name = 'ConfigError';
  }
}

function flatten(errors: ValidationError[]): { variable: string; message: string }[] {
  return errors.flatMap((error) => {
    const messages = Object.values(error.constraints ?? {}).map((m) =>
      // class-validator starts its messages with the property name; keep the sentence only.
      m.startsWith(`${error.property} `) ? m.slice(error.property.length + 1) : m,
    );
    return [
      ...messages.map((message) => ({ variable: error.property, message })),
      ...flatten(error.children ?? []),
    ];
  });
}

/**
 * Builds a typed configuration object from the environment. Properties of `schema`
 * are environment variable names; class-validator decorators state what is allowed and
 * class-transformer decorators convert strings. Unknown variables are ignored (the
 * environment holds much more than our config), missing required ones are reported by
 * name, and the first invalid value stops boot.
 */
export function loadConfig<T extends object>(
  app: string,
  schema: new () => T,
  env: NodeJS.ProcessEnv = process.env,
): T {
  const plain: Record<string, string> = {};
  const probe = new schema() as Record<string, unknown>;
  for (const key of Object.keys(probe)) {
    const value = env[key];
    if (value !== undefined && value !== '') plain[key] = value;
  }
  const config = plainToInstance(schema, { ...probe, ...plain }, { exposeDefaultValues: true });
  const errors = validateSync(config, { forbidUnknownValues: true, stopAtFirstError: true });
  if (errors.length > 0) throw new ConfigError(app, flatten(errors));
  return Object.freeze(config);
}
