import { describe, expect, it } from '@jest/globals';
import { IsPort, TemporalConfig } from './base.config.js';
import { ConfigError, loadConfig } from './load-config.js';

class ExampleConfig extends TemporalConfig {
  @IsPort()
  EXAMPLE_OPS_PORT = 9999;
}

const problemsOf = (env: NodeJS.ProcessEnv): string[] => {
  try {
    loadConfig('example', ExampleConfig, env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems.map((p) => p.variable);
  }
  throw new Error('expected a ConfigError');
};

describe('loadConfig', () => {
  it('serves the local stack with defaults when nothing is set', () => {
    const config = loadConfig('example', ExampleConfig, {});
    expect(config).toMatchObject({
      NODE_ENV: 'development',
      LOG_LEVEL: 'info',
      NATS_URL: 'nats://127.0.0.1:4222',
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/civic',
      TEMPORAL_ADDRESS: '127.0.0.1:7233',
      TEMPORAL_NAMESPACE: 'civic',
      EXAMPLE_OPS_PORT: 9999,
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('converts numbers and keeps given strings', () => {
    const config = loadConfig('example', ExampleConfig, {
      EXAMPLE_OPS_PORT: '9100',
      DATABASE_POOL_SIZE: '3',
      NATS_URL: 'nats://a:4222,nats://b:4222',
      UNRELATED: 'ignored',
    });
    expect(config.EXAMPLE_OPS_PORT).toBe(9100);
    expect(config.DATABASE_POOL_SIZE).toBe(3);
    expect(config.NATS_URL).toBe('nats://a:4222,nats://b:4222');
    expect(config).not.toHaveProperty('UNRELATED');
  });

  it.each([
    ['DATABASE_URL', 'mysql://root@db/civic'],
    ['NATS_URL', 'http://127.0.0.1:4222'],
    ['TEMPORAL_ADDRESS', 'temporal'],
    ['TEMPORAL_NAMESPACE', 'Bad Namespace'],
    ['EXAMPLE_OPS_PORT', '70000'],
    ['EXAMPLE_OPS_PORT', 'ninety'],
    ['LOG_LEVEL', 'loud'],
    ['NODE_ENV', 'staging'],
    ['SHUTDOWN_TIMEOUT_MS', '-1'],
  ])('names %s when its value %p is invalid', (variable, value) => {
    expect(problemsOf({ [variable]: value })).toEqual([variable]);
  });

  it('reports every invalid variable at once, in a message that names them', () => {
    try {
      loadConfig('example', ExampleConfig, { DATABASE_URL: 'nope', EXAMPLE_OPS_PORT: '0' });
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect((error as Error).message).toMatch(/^invalid configuration for example: /);
      expect((error as Error).message).toContain(
        'DATABASE_URL must be a postgres:// connection URL',
      );
      expect((error as Error).message).toContain('EXAMPLE_OPS_PORT');
    }
  });
});
