import { connect, type ConnectionOptions, type NatsConnection } from '@nats-io/transport-node';

/** User and password a process connects to NATS with (none when the server has no auth). */
export interface NatsAuth {
  user: string;
  pass: string;
}

/** NATS_USER / NATS_PASSWORD of a config, or undefined when no user is set. */
export function natsAuthOf(config: {
  NATS_USER: string;
  NATS_PASSWORD: string;
}): NatsAuth | undefined {
  return config.NATS_USER ? { user: config.NATS_USER, pass: config.NATS_PASSWORD } : undefined;
}

export interface NatsConnectOptions {
  /** Client name shown by the server's monitoring (`connz`). */
  name: string;
  servers: string;
  auth?: NatsAuth;
  /** Extra nats.js options (credentials, TLS) from configuration. */
  extra?: Partial<ConnectionOptions>;
}

export const natsServers = (servers: string): string[] =>
  servers
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/**
 * Opens a connection that keeps reconnecting for ever (a broker restart must never take a
 * service down with it) but fails fast on the first attempt, so a wrong URL stops boot.
 */
export async function connectNats(options: NatsConnectOptions): Promise<NatsConnection> {
  return connect({
    name: options.name,
    servers: natsServers(options.servers),
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
    waitOnFirstConnect: false,
    timeout: 5_000,
    // Without this, nats.js builds two Error objects with stack traces for every request
    // and JetStream publish, in case it times out: a fifth of the outbox relay's CPU. Our
    // own errors say which operation failed.
    noAsyncTraces: true,
    ...(options.auth ?? {}),
    ...options.extra,
  });
}
