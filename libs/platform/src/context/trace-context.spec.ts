import { describe, expect, it } from '@jest/globals';
import { headers as natsHeaders } from '@nats-io/transport-node';
import { outgoingTraceHeaders, runWithContext } from './request-context.js';
import { childSpan, extractTrace, traceHeaders } from './trace-context.js';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const PARENT = `00-${TRACE_ID}-00f067aa0ba902b7-01`;

describe('W3C trace context', () => {
  it('reads traceparent and tracestate from plain headers and from NATS headers', () => {
    expect(extractTrace({ traceparent: PARENT, tracestate: 'civic=1' })).toMatchObject({
      traceId: TRACE_ID,
      spanId: '00f067aa0ba902b7',
      traceFlags: 1,
      isRemote: true,
    });
    const h = natsHeaders();
    h.set('traceparent', PARENT);
    expect(extractTrace(h)?.traceId).toBe(TRACE_ID);
  });

  it.each([
    ['missing', {}],
    ['garbage', { traceparent: 'not-a-trace' }],
    ['all-zero trace id', { traceparent: `00-${'0'.repeat(32)}-00f067aa0ba902b7-01` }],
    ['all-zero span id', { traceparent: `00-${TRACE_ID}-${'0'.repeat(16)}-01` }],
    ['version ff', { traceparent: `ff-${TRACE_ID}-00f067aa0ba902b7-01` }],
  ])('ignores a %s traceparent', (_label, headers) => {
    expect(extractTrace(headers)).toBeUndefined();
  });

  it('gives the next hop a new span under the same trace, keeping flags and state', () => {
    const parent = extractTrace({ traceparent: PARENT, tracestate: 'civic=1' });
    const child = childSpan(parent);
    expect(child.traceId).toBe(TRACE_ID);
    expect(child.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(child.spanId).not.toBe('00f067aa0ba902b7');
    const headers = traceHeaders(child);
    expect(headers.traceparent).toBe(`00-${TRACE_ID}-${child.spanId}-01`);
    expect(headers.tracestate).toBe('civic=1');
  });

  it('starts a new sampled trace when the work has none', () => {
    const headers = outgoingTraceHeaders();
    expect(headers.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    expect(outgoingTraceHeaders().traceparent).not.toBe(headers.traceparent);
  });

  it('continues the current trace inside a request context', () => {
    const trace = extractTrace({ traceparent: PARENT });
    const headers = runWithContext({ correlationId: 'c', trace }, () => outgoingTraceHeaders());
    expect(extractTrace(headers)?.traceId).toBe(TRACE_ID);
  });
});
