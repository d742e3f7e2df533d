import type {
  ProviderPayment,
  ProviderPaymentStatus,
  ProviderRefund,
  ProviderRefundStatus,
  ProviderWebhookEvent,
} from '../provider.js';

/**
 * The sandbox's JSON (GOV.UK Pay's field names) read into the provider interface's shapes.
 * Everything is checked: an answer or a webhook that is not what the sandbox sends is
 * refused, never half-read.
 */
export class SandboxWireError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SandboxWireError';
  }
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const str = (o: Json, key: string): string => {
  const value = o[key];
  if (typeof value !== 'string' || value === '')
    throw new SandboxWireError(`${key} is not a string`);
  return value;
};

const optionalStr = (o: Json, key: string): string | undefined =>
  o[key] === undefined ? undefined : str(o, key);

const minor = (o: Json, key: string): number => {
  const value = o[key];
  if (typeof value !== 'number' || !Number.isSafeInteger(value))
    throw new SandboxWireError(`${key} is not an integer`);
  return value;
};

const currency = (o: Json): string => {
  const value = str(o, 'currency');
  if (!/^[A-Z]{3}$/.test(value)) throw new SandboxWireError('currency is not ISO 4217');
  return value;
};

const PAYMENT_STATUSES: Record<string, ProviderPaymentStatus> = {
  created: 'created',
  submitted: 'submitted',
  success: 'success',
  failed: 'failed',
  cancelled: 'cancelled',
  error: 'error',
};

const REFUND_STATUSES: Record<string, ProviderRefundStatus> = {
  submitted: 'submitted',
  success: 'success',
  error: 'error',
};

export function toProviderPayment(value: unknown): ProviderPayment {
  if (!isObject(value)) throw new SandboxWireError('a payment is not an object');
  const status = PAYMENT_STATUSES[str(value, 'status')];
  if (!status) throw new SandboxWireError(`unknown payment status ${String(value.status)}`);
  const code = optionalStr(value, 'code');
  const fee = value.fee === undefined ? undefined : minor(value, 'fee');
  const nextUrl = optionalStr(value, 'next_url');
  return {
    providerRef: str(value, 'payment_id'),
    reference: str(value, 'reference'),
    status,
    amount: { amountMinor: minor(value, 'amount'), currency: currency(value) },
    ...(code === undefined ? {} : { code }),
    ...(fee === undefined ? {} : { feeMinor: fee }),
    ...(nextUrl === undefined ? {} : { nextUrl }),
  };
}

export function toProviderRefund(value: unknown): ProviderRefund {
  if (!isObject(value)) throw new SandboxWireError('a refund is not an object');
  const status = REFUND_STATUSES[str(value, 'status')];
  if (!status) throw new SandboxWireError(`unknown refund status ${String(value.status)}`);
  const code = optionalStr(value, 'code');
  return {
    refundRef: str(value, 'refund_id'),
    reference: str(value, 'reference'),
    providerPaymentRef: str(value, 'payment_id'),
    status,
    amount: { amountMinor: minor(value, 'amount'), currency: currency(value) },
    ...(code === undefined ? {} : { code }),
  };
}

/** The single result of a search by reference (`{results: [...]}`), if any. */
export function firstResult<T>(value: unknown, read: (item: unknown) => T): T | undefined {
  if (!isObject(value) || !Array.isArray(value.results))
    throw new SandboxWireError('a search answer has no results');
  const [first] = value.results as unknown[];
  return first === undefined ? undefined : read(first);
}

/** A webhook's body: `{id, type, created, data: {object}}` with a payment or a refund. */
export function toWebhookEvent(rawBody: string): ProviderWebhookEvent {
  let body: unknown;
  try {
    body = JSON.parse(rawBody);
  } catch {
    throw new SandboxWireError('the body is not JSON');
  }
  if (!isObject(body) || !isObject(body.data)) throw new SandboxWireError('not an event');
  const id = str(body, 'id');
  const type = str(body, 'type');
  const object = body.data.object;
  if (!isObject(object)) throw new SandboxWireError('the event carries no object');
  if (object.object === 'payment' && type.startsWith('payment.'))
    return { id, kind: 'payment', payment: toProviderPayment(object) };
  if (object.object === 'refund' && type.startsWith('refund.'))
    return { id, kind: 'refund', refund: toProviderRefund(object) };
  throw new SandboxWireError(`unknown event type ${type}`);
}
