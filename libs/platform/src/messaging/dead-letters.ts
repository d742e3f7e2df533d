import { DeliverPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { headers as natsHeaders, type MsgHdrs, type NatsConnection } from '@nats-io/transport-node';
import { DEAD_LETTER_PREFIX, DEAD_LETTER_STREAM } from '#contracts';
import { DLQ_HEADERS } from './jetstream-event.server.js';

/** One dead-lettered message as an operator sees it. */
export interface DeadLetter {
  /** Its sequence in the dead-letter stream: what `replay` takes. */
  seq: number;
  time: string;
  /** The consumer (service) that gave up on it. */
  consumer: string;
  subject: string;
  reason: string;
  /** Where it came from: the context stream and its sequence there. */
  originalStream: string;
  originalSequence: number;
  /** The event id, when the message was a readable CloudEvent. */
  eventId: string | null;
  /** When the event happened (its CloudEvents `time`), when readable. */
  eventTime: string | null;
  size: number;
}

/** Header a replayed message carries: the dead-letter sequence it was replayed from. */
export const REPLAYED_FROM_HEADER = 'Civic-Replayed-From';

/** Dead-letter headers are the transport's bookkeeping; a replay drops them. */
const DLQ_HEADER_NAMES = new Set(Object.values(DLQ_HEADERS).map((h) => h.toLowerCase()));

interface RawDeadLetter {
  seq: number;
  time: Date;
  header: MsgHdrs;
  data: Uint8Array;
}

function describe(msg: RawDeadLetter): DeadLetter {
  let eventId: string | null = null;
  let eventTime: string | null = null;
  try {
    const parsed = JSON.parse(new TextDecoder().decode(msg.data)) as {
      id?: unknown;
      time?: unknown;
    };
    if (typeof parsed.id === 'string') eventId = parsed.id;
    if (typeof parsed.time === 'string' && !Number.isNaN(Date.parse(parsed.time)))
      eventTime = parsed.time;
  } catch {
    // a malformed message: no event id to show
  }
  const header = (name: string) => msg.header.get(name);
  return {
    seq: msg.seq,
    time: msg.time.toISOString(),
    consumer: header(DLQ_HEADERS.consumer),
    subject: header(DLQ_HEADERS.subject),
    reason: header(DLQ_HEADERS.reason),
    originalStream: header(DLQ_HEADERS.stream),
    originalSequence: Number(header(DLQ_HEADERS.sequence)),
    eventId,
    eventTime,
    size: msg.data.length,
  };
}

export interface ListOptions {
  /** Only what this consumer dead-lettered. */
  consumer?: string;
  /** At most this many, oldest first (default 100). */
  limit?: number;
}

/** The messages in the dead-letter stream, oldest first, without consuming them. */
export async function listDeadLetters(
  nc: NatsConnection,
  options: ListOptions = {},
): Promise<DeadLetter[]> {
  const limit = options.limit ?? 100;
  const jsm = await jetstreamManager(nc);
  const info = await jsm.streams.info(DEAD_LETTER_STREAM.name);
  if (info.state.messages === 0) return [];
  // An ephemeral ordered view of the stream: reads, acks nothing, leaves nothing behind.
  const consumer = await jetstream(nc).consumers.get(DEAD_LETTER_STREAM.name, {
    filter_subjects: [`${DEAD_LETTER_PREFIX}.${options.consumer ?? '*'}.>`],
    deliver_policy: DeliverPolicy.All,
  });
  const found: DeadLetter[] = [];
  while (found.length < limit) {
    const batch = await consumer.fetch({
      max_messages: Math.min(256, limit - found.length),
      expires: 1_000,
    });
    let got = 0;
    for await (const msg of batch) {
      got += 1;
      found.push(
        describe({
          seq: msg.seq,
          time: new Date(Math.floor(msg.info.timestampNanos / 1_000_000)),
          header: msg.headers ?? natsHeaders(),
          data: msg.data,
        }),
      );
      if (msg.info.pending === 0) break;
    }
    if (got === 0 || (await consumer.info(true)).num_pending === 0) break;
  }
  await consumer.delete().catch(() => undefined);
  return found;
}

export interface ReplayResult {
  seq: number;
  subject: string;
  eventId: string | null;
  /** The stream sequence the replayed message was stored at. */
  replayedAs: number;
}

/**
 * Publishes a dead-lettered message again on its original subject, then removes it from the
 * dead-letter stream. Its `Nats-Msg-Id` names the replay (not the event id), so JetStream's
 * dedupe window does not swallow it; consumers that handled the event already skip it through
 * their inboxes, the one that failed handles it. Replaying the same entry twice in the dedupe
 * window publishes it once.
 */
export async function replayDeadLetter(
  nc: NatsConnection,
  seq: number,
  options: {
    keep?: boolean;
    /**
     * Events from before this moment are refused: the inboxes may have forgotten that they
     * handled them, so a replay could be handled twice.
     */
    notBefore?: Date;
  } = {},
): Promise<ReplayResult> {
  const jsm = await jetstreamManager(nc);
  const stored = await jsm.streams.getMessage(DEAD_LETTER_STREAM.name, { seq });
  if (!stored) throw new Error(`no dead-lettered message #${seq}`);
  const dead = describe(stored);
  if (!dead.subject) throw new Error(`dead-lettered message #${seq} names no original subject`);
  if (options.notBefore && dead.eventTime && Date.parse(dead.eventTime) < +options.notBefore)
    throw new Error(
      `dead-lettered message #${seq} is an event of ${dead.eventTime}, before ${options.notBefore.toISOString()}: ` +
        'the inboxes may have forgotten that they handled it, so a replay could be handled twice',
    );
  const headers = natsHeaders();
  for (const [key, values] of stored.header ?? [])
    if (!DLQ_HEADER_NAMES.has(key.toLowerCase()) && key.toLowerCase() !== 'nats-msg-id')
      for (const value of values) headers.append(key, value);
  headers.set(REPLAYED_FROM_HEADER, String(seq));
  const ack = await jetstream(nc).publish(dead.subject, stored.data, {
    headers,
    msgID: `replay:${DEAD_LETTER_STREAM.name}:${seq}`,
  });
  if (!options.keep) await jsm.streams.deleteMessage(DEAD_LETTER_STREAM.name, seq, false);
  return { seq, subject: dead.subject, eventId: dead.eventId, replayedAs: ack.seq };
}
