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
      if (
        (error as { name?: string }).name !== 'StreamNotFoundError' &&
        !String((error as Error).message).includes('not found')
      )
        throw error;
      await jsm.streams.add(config);
    }
  }
}
