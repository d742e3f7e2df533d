import type { CreatePaymentInput, CreateRefundInput } from '../payments/card-provider.js';

/** A refused API request: the field at fault and why (GOV.UK Pay's error shape). */
export interface ApiError {
  readonly code: string;
  readonly field?: string;
  readonly description: string;
}

const REFERENCE = /^[A-Za-z0-9_.:-]{1,255}$/;
const CURRENCY = /^[A-Z]{3}$/;
/** The largest amount the sandbox takes, in minor units. */
export const MAX_AMOUNT = 100_000_000_000;

const invalid = (field: string, description: string): { error: ApiError } => ({
  error: { code: 'invalid_request', field, description },
});

const isObject = (body: unknown): body is Record<string, unknown> =>
  typeof body === 'object' && body !== null && !Array.isArray(body);

const unknownField = (body: Record<string, unknown>, known: readonly string[]) =>
  Object.keys(body).find((k) => !known.includes(k));

const amountError = (value: unknown): string | undefined =>
  typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1 || value > MAX_AMOUNT
    ? `must be an integer number of minor units from 1 to ${MAX_AMOUNT}`
    : undefined;

export function parseCreatePayment(
  body: unknown,
): { input: CreatePaymentInput } | { error: ApiError } {
  if (!isObject(body)) return invalid('body', 'must be a JSON object');
  const extra = unknownField(body, [
    'reference',
    'amount',
    'currency',
    'description',
    'return_url',
  ]);
  if (extra) return invalid(extra, 'is not a known field');
  const { reference, amount, currency, description, return_url } = body;
  if (typeof reference !== 'string' || !REFERENCE.test(reference))
    return invalid('reference', 'must be 1-255 letters, digits or _ . : -');
  const amountProblem = amountError(amount);
  if (amountProblem) return invalid('amount', amountProblem);
  if (typeof currency !== 'string' || !CURRENCY.test(currency))
    return invalid('currency', 'must be an ISO 4217 code such as GBP or EUR');
  if (typeof description !== 'string' || description.trim() === '' || description.length > 255)
    return invalid('description', 'must be 1-255 characters');
  if (typeof return_url !== 'string' || return_url.length > 2_000 || !isHttpUrl(return_url))
    return invalid('return_url', 'must be an http(s) URL of at most 2000 characters');
  return {
    input: { reference, amount: amount as number, currency, description, return_url },
  };
}

export function parseCreateRefund(
  body: unknown,
): { input: CreateRefundInput } | { error: ApiError } {
  if (!isObject(body)) return invalid('body', 'must be a JSON object');
  const extra = unknownField(body, ['reference', 'amount', 'currency']);
  if (extra) return invalid(extra, 'is not a known field');
  const { reference, amount, currency } = body;
  if (typeof reference !== 'string' || !REFERENCE.test(reference))
    return invalid('reference', 'must be 1-255 letters, digits or _ . : -');
  const amountProblem = amountError(amount);
  if (amountProblem) return invalid('amount', amountProblem);
  if (currency !== undefined && (typeof currency !== 'string' || !CURRENCY.test(currency)))
    return invalid('currency', 'must be an ISO 4217 code such as GBP or EUR');
  return { input: { reference, amount: amount as number, currency } };
}

export const isReference = (value: unknown): value is string =>
  typeof value === 'string' && REFERENCE.test(value);

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
