import { newId as uuidv7 } from '../context/ids.js';
import { payloadProblemsOf } from './payload-validation.js';
import {
  EVENT_MAP,
  formatActor,
  isActor,
  isEventSubject,
  parseSubject,
  type Actor,
  type CloudEvent,
  type EventMap,
  type EventSubject,
} from '#contracts';

export interface NewEvent<K extends EventSubject> {
  subject: K;
  /** The aggregate the event is about (the CloudEvents `subject`). */
  aggregateId: string;
  data: EventMap[K];
  actor: Actor;
  causationId?: string;
}

/** Raised when an event about to be written does not satisfy its contract (a programming error). */
export class EventContractError extends Error {
  constructor(
    readonly subject: string,
    readonly fields: string[],
  ) {
    super(`event ${subject} breaks its contract: ${fields.join(', ')}`);
    this.name = 'EventContractError';
  }
}

/** The payload's fields that break its subject's class (checked on every write and read). */
const payloadProblems = (subject: EventSubject, data: unknown): string[] =>
  payloadProblemsOf(EVENT_MAP[subject], data);

export function buildEnvelope<K extends EventSubject>(
  service: string,
  event: NewEvent<K>,
  sequence: number,
  correlationId: string,
): CloudEvent<EventMap[K], K> {
  const problems = payloadProblems(event.subject, event.data);
  if (problems.length > 0) throw new EventContractError(event.subject, problems);
  const parts = parseSubject(event.subject);
  return {
    specversion: '1.0',
    id: uuidv7(),
    source: `/gov/${service}`,
    type: event.subject,
    subject: event.aggregateId,
    time: new Date().toISOString(),
    datacontenttype: 'application/json',
    data: event.data,
    correlationid: correlationId,
    ...(event.causationId ? { causationid: event.causationId } : {}),
    actor: formatActor(event.actor),
    dataversion: String(parts?.version ?? 1),
    sequence,
  };
}

export type ParsedEvent =
  { ok: true; event: CloudEvent<unknown, EventSubject> } | { ok: false; reason: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Checks bytes received from a stream: JSON, a CloudEvent of a known type, a valid payload. */
export function parseEnvelope(bytes: Uint8Array, natsSubject: string): ParsedEvent {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return { ok: false, reason: 'malformed: not UTF-8 JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { ok: false, reason: 'malformed: not a JSON object' };
  const e = value as Partial<CloudEvent>;
  if (e.specversion !== '1.0') return { ok: false, reason: 'malformed: specversion must be 1.0' };
  if (typeof e.type !== 'string' || !isEventSubject(e.type))
    return { ok: false, reason: `unknown type ${String(e.type)}` };
  if (e.type !== natsSubject)
    return { ok: false, reason: `type ${e.type} does not match subject ${natsSubject}` };
  const missing = (
    ['id', 'source', 'subject', 'time', 'correlationid', 'dataversion'] as const
  ).filter((k) => typeof e[k] !== 'string' || e[k] === '');
  if (missing.length > 0) return { ok: false, reason: `malformed: missing ${missing.join(', ')}` };
  if (!UUID.test(e.id as string)) return { ok: false, reason: 'malformed: id is not a UUID' };
  if (!isActor(e.actor)) return { ok: false, reason: 'malformed: actor' };
  if (!Number.isInteger(e.sequence) || (e.sequence as number) < 1)
    return { ok: false, reason: 'malformed: sequence' };
  const problems = payloadProblems(e.type, e.data);
  if (problems.length > 0) return { ok: false, reason: `schema: invalid ${problems.join(', ')}` };
  return { ok: true, event: e as CloudEvent<unknown, EventSubject> };
}
