import {
  jetstreamManager,
  RetentionPolicy,
  StorageType,
  DiscardPolicy,
  type StreamConfig,
} from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { StreamDeclaration } from '#contracts';

export interface StreamSettings {
  /** How long a stream keeps messages (long enough to back-fill a consumer). */
  maxAgeMs: number;
  /** JetStream's dedupe window for `Nats-Msg-Id`. */
  duplicateWindowMs: number;
  replicas?: number;
}

const ns = (ms: number) => ms * 1_000_000;

const isStreamNotFound = (error: unknown): boolean =>
  (error as { name?: string }).name === 'StreamNotFoundError' ||
  String((error as Error).message).includes('not found');

/** Creates each declared stream, or updates it to the declared settings; safe to repeat. */
export async function ensureStreams(
  nc: NatsConnection,
  streams: readonly StreamDeclaration[],
  settings: StreamSettings,
): Promise<void> {
  const jsm = await jetstreamManager(nc);
  for (const stream of streams) {
    const config: Partial<StreamConfig> & { name: string } = {
      name: stream.name,
      subjects: stream.subjects,
      storage: StorageType.File,
      retention: RetentionPolicy.Limits,
      discard: DiscardPolicy.Old,
      max_age: ns(settings.maxAgeMs),
      duplicate_window: ns(settings.duplicateWindowMs),
      num_replicas: settings.replicas ?? 1,
    };
    try {
      await jsm.streams.info(stream.name);
      await jsm.streams.update(stream.name, config);
    } catch (error) {
      if (!isStreamNotFound(error)) throw error;
      await jsm.streams.add(config);
    }
  }
}

/** A stream an app needs is missing: the operator's set-up step has not run. */
export class MissingStreamError extends Error {
  constructor(readonly stream: string) {
    super(
      `JetStream stream ${stream} does not exist: streams are created by the set-up step ` +
        '(npm run streams; the local stack runs it at every start)',
    );
    this.name = 'MissingStreamError';
  }
}

/**
 * Checks that the streams an app writes to or reads from exist. Apps never create or change
 * streams (their NATS users may not): that is the set-up step's job, `ensureStreams` run
 * with the operator's credentials.
 */
export async function requireStreams(
  nc: NatsConnection,
  streams: readonly StreamDeclaration[],
): Promise<void> {
  const jsm = await jetstreamManager(nc);
  for (const stream of streams) {
    try {
      await jsm.streams.info(stream.name);
    } catch (error) {
      if (isStreamNotFound(error)) throw new MissingStreamError(stream.name);
      throw error;
    }
  }
}
