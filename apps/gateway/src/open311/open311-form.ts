import type { FastifyInstance } from 'fastify';
import querystring from 'fast-querystring';
import { Open311Errors, type CreateComplaintRequest } from '#contracts';

/** Routes whose form bodies are read (every other route keeps answering them 415). */
const OPEN311_PREFIX = '/open311/';

/**
 * `application/x-www-form-urlencoded` bodies of the Open311 routes, parsed with a query-string
 * parser that keeps repeated fields as arrays (`attribute[lanes]=a&attribute[lanes]=b`,
 * repeated `media_url`). Other routes refuse the media type as before.
 */
export function acceptOpen311Forms(fastify: FastifyInstance): void {
  fastify.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (request, body, done) => {
      if (!request.url.startsWith(OPEN311_PREFIX)) {
        done(
          Object.assign(new Error('Unsupported Media Type'), {
            statusCode: 415,
            code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE',
          }),
          undefined,
        );
        return;
      }
      done(null, querystring.parse(body as string));
    },
  );
}

export type FormBody = Record<string, string | string[] | undefined>;

/**
 * A multipart form's text fields as the urlencoded form's body: a field sent once is its text,
 * one sent again a list (`attribute[lanes]`, `media_url`).
 */
export function formOf(fields: readonly (readonly [string, string])[]): FormBody {
  const form: FormBody = {};
  for (const [name, value] of fields) {
    const before = form[name];
    form[name] =
      before === undefined ? value : [...(Array.isArray(before) ? before : [before]), value];
  }
  return form;
}

const one = (value: string | string[] | undefined): string | undefined =>
  Array.isArray(value) ? value[0] : value;
const many = (value: string | string[] | undefined): string[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];
const ATTRIBUTE = /^attribute\[([^\]]{1,64})\](\[\])?$/;

function number(form: FormBody, field: 'lat' | 'long'): number | undefined {
  const text = one(form[field]);
  if (text === undefined || text === '') return undefined;
  const value = Number(text);
  if (!Number.isFinite(value)) throw Open311Errors.badRequest(field, `${field} must be a number`);
  return value;
}

/** `POST requests.{fmt}` form fields as `complaints.request.create` (no api_key, no media). */
export function reportOf(form: FormBody, apiClientId: string): CreateComplaintRequest {
  const attributes: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(form)) {
    const match = ATTRIBUTE.exec(name);
    if (!match || value === undefined) continue;
    const code = match[1]!;
    const values = many(value);
    const before = attributes[code];
    attributes[code] =
      before === undefined && values.length === 1 && !match[2]
        ? values[0]!
        : [...(before === undefined ? [] : many(before)), ...values];
  }
  const serviceCode = one(form.service_code);
  if (!serviceCode) throw Open311Errors.badRequest('service_code', 'service_code is required');
  const text = (field: string): string | undefined => {
    const value = one(form[field]);
    return value === undefined || value === '' ? undefined : value;
  };
  const report: CreateComplaintRequest = { serviceCode, channel: 'open311', apiClientId };
  const lat = number(form, 'lat');
  const long = number(form, 'long');
  if (lat !== undefined) report.lat = lat;
  if (long !== undefined) report.long = long;
  const optional = {
    addressString: text('address_string'),
    addressId: text('address_id'),
    description: text('description'),
    email: text('email'),
    deviceId: text('device_id'),
    open311AccountId: text('account_id'),
    firstName: text('first_name'),
    lastName: text('last_name'),
    phone: text('phone'),
  };
  for (const [key, value] of Object.entries(optional))
    if (value !== undefined) Object.assign(report, { [key]: value });
  if (Object.keys(attributes).length > 0) report.attributes = attributes;
  const mediaUrls = many(form.media_url).filter((u) => u !== '');
  if (mediaUrls.length > 0) report.mediaUrls = mediaUrls;
  return report;
}
