import { randomBytesPooled } from './ids.js';
import {
  ROOT_CONTEXT,
  TraceFlags,
  trace,
  type SpanContext,
  type TextMapGetter,
  type TextMapSetter,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';

/**
 * W3C Trace Context (`traceparent` / `tracestate`) on HTTP and NATS headers. The platform keeps
 * the current span context in its request context and hands each outgoing message a child
 * span id under the same trace; parsing and formatting are OpenTelemetry's own propagator, so
 * an OpenTelemetry SDK added later sees the same traces.
 */
export const TRACEPARENT_HEADER = 'traceparent';
export const TRACESTATE_HEADER = 'tracestate';

const propagator = new W3CTraceContextPropagator();

/** Reads headers from a plain record, a Fastify request's headers or a NATS MsgHdrs. */
type HeaderSource =
  { get(name: string): string | undefined } | Record<string, string | string[] | undefined>;

const getter: TextMapGetter<HeaderSource> = {
  keys: (carrier) =>
    'get' in carrier && typeof carrier.get === 'function' ? [] : Object.keys(carrier),
  get: (carrier, key) => {
    if ('get' in carrier && typeof carrier.get === 'function') {
      const value = (carrier as { get(name: string): string | undefined }).get(key);
      return value === '' ? undefined : value;
    }
    return (carrier as Record<string, string | string[] | undefined>)[key];
  },
};

const setter: TextMapSetter<Record<string, string>> = {
  set: (carrier, key, value) => {
    carrier[key] = value;
  },
};

/** The span context a carrier's `traceparent` names, or undefined when absent or invalid. */
export function extractTrace(carrier: HeaderSource | undefined): SpanContext | undefined {
  if (!carrier) return undefined;
  const context = propagator.extract(ROOT_CONTEXT, carrier, getter);
  const span = trace.getSpanContext(context);
  return span && trace.isSpanContextValid(span) ? span : undefined;
}

const randomHex = (bytes: number): string => Buffer.from(randomBytesPooled(bytes)).toString('hex');
const newSpanId = (): string => randomHex(8);
const newTraceId = (): string => randomHex(16);

/**
 * The span context of the next hop: a new span id under `parent`'s trace, or the start of a
 * new (sampled) trace when there is no parent.
 */
export function childSpan(parent: SpanContext | undefined): SpanContext {
  return parent
    ? {
        traceId: parent.traceId,
        spanId: newSpanId(),
        traceFlags: parent.traceFlags,
        ...(parent.traceState ? { traceState: parent.traceState } : {}),
      }
    : { traceId: newTraceId(), spanId: newSpanId(), traceFlags: TraceFlags.SAMPLED };
}

/** `traceparent` (and `tracestate` when there is one) for `span`. */
export function traceHeaders(span: SpanContext): Record<string, string> {
  const headers: Record<string, string> = {};
  propagator.inject(trace.setSpanContext(ROOT_CONTEXT, span), headers, setter);
  return headers;
}
