import {
  NatsConnectionImpl,
  setTransportFactory,
  type ConnectionOptions,
  type NatsConnection,
} from '@nats-io/transport-node';
// The Node transport itself is not re-exported by the package's entry point.
import { NodeTransport, nodeResolveHost } from '@nats-io/transport-node/lib/node_transport.js';

/** Above this many bytes waiting, frames are written at once instead of at the next turn. */
const COALESCE_LIMIT = 64 * 1024;

/**
 * nats.js's Node transport, writing the frames of one event-loop turn in one socket write.
 *
 * nats.js hands the transport a frame from a microtask after each command, so under load a
 * process makes one write system call per request or reply, and the server one read; on a
 * small machine those calls and the wake-ups they cause were the largest cost of a
 * request crossing NATS. Here the frames a turn produces (every HTTP request the turn read,
 * every reply it answered) are joined and written once, from `setImmediate`, which runs
 * right after the turn's I/O: order is kept, and nothing waits for a timer.
 */
export class CoalescingNodeTransport extends NodeTransport {
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  private scheduled = false;

  override send(frame: Uint8Array): void {
    this.pending.push(frame);
    this.pendingBytes += frame.byteLength;
    if (this.pendingBytes >= COALESCE_LIMIT) this.writePending();
    else if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.writePending());
    }
  }

  private writePending(): void {
    this.scheduled = false;
    const frames = this.pending;
    if (frames.length === 0) return;
    this.pending = [];
    this.pendingBytes = 0;
    super.send(frames.length === 1 ? (frames[0] as Uint8Array) : Buffer.concat(frames));
  }

  /** A closing connection first writes what is waiting (nats.js then flushes the socket). */
  override close(err?: Error): Promise<void> {
    this.writePending();
    return super.close(err);
  }

  /** So does one nats.js drops to reconnect (a stale link, `reconnect()`). */
  override disconnect(): void {
    this.writePending();
    super.disconnect();
  }
}

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
 * What `connect` of @nats-io/transport-node does, with the coalescing transport. nats.js reads
 * its transport factory, which is global, at every (re)connection; every connection of the
 * platform is opened here, so they all coalesce.
 */
export function openNatsConnection(options: ConnectionOptions): Promise<NatsConnection> {
  setTransportFactory({
    factory: () => new CoalescingNodeTransport(),
    dnsResolveFn: nodeResolveHost,
  });
  return NatsConnectionImpl.connect(options);
}

/**
 * Opens a connection that keeps reconnecting for ever (a broker restart must never take a
 * service down with it) but fails fast on the first attempt, so a wrong URL stops boot.
 */
export async function connectNats(options: NatsConnectOptions): Promise<NatsConnection> {
  return openNatsConnection({
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
