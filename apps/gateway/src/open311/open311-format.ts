import { XMLBuilder } from 'fast-xml-parser';
import type {
  ComplaintUpdateView,
  CreatedComplaint,
  PublicComplaintView,
  ServiceDefinitionView,
  ServiceView,
  TokenView,
} from '#contracts';

/**
 * Open311 GeoReport v2 documents in both formats, with the standard's names and element order.
 * A document is a root, the name of each item, and the items as ordered [name, value] pairs; a
 * value is text, a number, a boolean, null (an empty element / JSON null), a list of texts (a
 * repeated element in XML, inside a wrapper), or nested pairs. XML is written by
 * fast-xml-parser's `XMLBuilder` (UTF-8, escaping by the library).
 */
export type Open311Format = 'json' | 'xml';
type Value = string | number | boolean | null | Pairs | { list: string; items: (string | Pairs)[] };
export type Pairs = [string, Value][];
export interface Open311Document {
  root: string;
  item: string;
  items: Pairs[];
}

// Characters XML 1.0 cannot carry at all: dropped from the text (the library escapes the rest).
// eslint-disable-next-line no-control-regex -- the XML 1.0 character range, by definition
const NOT_XML = /[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/**
 * fast-xml-parser's builder: elements in the order of the object's keys (the standard's, as
 * the pairs list them), a list as a repeated element, text escaped by the library (`&`, `<`,
 * `>`, quotes), null as an empty element, no attributes, no indentation.
 */
const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  suppressEmptyNode: true,
  processEntities: true,
  format: false,
});
const DECLARATION = { '?xml': { '@_version': '1.0', '@_encoding': 'utf-8' } };

/** A value as the builder's tree: elements as keys in order, lists as arrays, text as text. */
function xmlTree(value: Value): unknown {
  if (value === null) return '';
  if (Array.isArray(value)) {
    const element: Record<string, unknown> = {};
    for (const [name, v] of value) element[name] = xmlTree(v);
    return element;
  }
  if (typeof value === 'object')
    return value.items.length === 0
      ? ''
      : { [value.list]: value.items.map((item) => xmlTree(item)) };
  return String(value).replace(NOT_XML, '');
}

const xmlDocument = (root: string, value: Value): string =>
  builder.build({ ...DECLARATION, [root]: xmlTree(value) });

function jsonOf(value: Value): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return Object.fromEntries(value.map(([n, v]) => [n, jsonOf(v)]));
  return value.items.map((item) => (typeof item === 'string' ? item : jsonOf(item)));
}

/** The document as the body of an answer (UTF-8). */
export function render(doc: Open311Document, format: Open311Format): string {
  if (format === 'json') return JSON.stringify(doc.items.map((item) => jsonOf(item)));
  return xmlDocument(doc.root, { list: doc.item, items: doc.items });
}

export const CONTENT_TYPES: Record<Open311Format, string> = {
  json: 'application/json; charset=utf-8',
  xml: 'text/xml; charset=utf-8',
};

/** W3C datetime (`2026-11-30T10:15:00+05:30`) of an instant in a time zone. */
export function w3cDateTime(iso: string | null, timeZone: string): string | null {
  if (!iso) return null;
  const at = new Date(iso);
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  ) as Record<string, string>;
  const local = `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}`;
  const offsetMin = Math.round(
    (Date.parse(`${local}Z`) - Math.floor(at.getTime() / 1000) * 1000) / 60_000,
  );
  const sign = offsetMin < 0 ? '-' : '+';
  const abs = Math.abs(offsetMin);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${local}${sign}${hh}:${mm}`;
}

export const servicesDocument = (services: ServiceView[]): Open311Document => ({
  root: 'services',
  item: 'service',
  items: services.map((s) => [
    ['service_code', s.serviceCode],
    ['service_name', s.serviceName],
    ['description', s.description],
    ['metadata', s.metadata],
    ['type', s.type],
    ['keywords', s.keywords.join(',')],
    ['group', s.group],
  ]),
});

/** `service_definition` is one object (not a list) in both formats. */
export function definitionBody(def: ServiceDefinitionView, format: Open311Format): string {
  const pairs: Pairs = [
    ['service_code', def.serviceCode],
    [
      'attributes',
      {
        list: 'attribute',
        items: [...def.attributes]
          .sort((a, b) => a.order - b.order)
          .map((a): Pairs => [
            ['variable', a.variable],
            ['code', a.code],
            ['datatype', a.datatype],
            ['required', a.required],
            ['datatype_description', a.datatypeDescription],
            ['order', a.order],
            ['description', a.description],
            [
              'values',
              {
                list: 'value',
                items: a.values.map((v): Pairs => [
                  ['key', v.key],
                  ['name', v.name],
                ]),
              },
            ],
          ]),
      },
    ],
  ];
  return format === 'json'
    ? JSON.stringify(jsonOf(pairs))
    : xmlDocument('service_definition', pairs);
}

export const createdDocument = (created: CreatedComplaint): Open311Document => ({
  root: 'service_requests',
  item: 'request',
  items: [
    [
      ['service_request_id', created.serviceRequestId],
      ['token', created.token],
      ['service_notice', created.serviceNotice],
      ['account_id', created.open311AccountId],
    ],
  ],
});

export const tokenDocument = (token: TokenView): Open311Document => ({
  root: 'service_requests',
  item: 'request',
  items: [
    [
      ['service_request_id', token.serviceRequestId],
      ['token', token.token],
    ],
  ],
});

export const requestsDocument = (
  requests: PublicComplaintView[],
  timeZone: string,
): Open311Document => ({
  root: 'service_requests',
  item: 'request',
  items: requests.map((r) => [
    ['service_request_id', r.serviceRequestId],
    ['status', r.status],
    ['status_notes', r.statusNotes],
    ['service_name', r.serviceName],
    ['service_code', r.serviceCode],
    ['description', r.description],
    ['agency_responsible', r.agencyResponsible],
    ['service_notice', r.serviceNotice],
    ['requested_datetime', w3cDateTime(r.requestedDatetime, timeZone)],
    ['updated_datetime', w3cDateTime(r.updatedDatetime, timeZone)],
    ['expected_datetime', w3cDateTime(r.expectedDatetime, timeZone)],
    ['address', r.address],
    ['address_id', r.addressId],
    ['zipcode', r.zipcode],
    ['lat', r.lat],
    ['long', r.long],
    ['media_url', r.mediaUrl],
  ]),
});

export const updatesDocument = (
  updates: ComplaintUpdateView[],
  timeZone: string,
): Open311Document => ({
  root: 'service_request_updates',
  item: 'request_update',
  items: updates.map((u) => [
    ['update_id', u.updateId],
    ['service_request_id', u.serviceRequestId],
    ['status', u.status],
    ['description', u.description],
    ['updated_datetime', w3cDateTime(u.updatedDatetime, timeZone)],
    ['media_url', u.mediaUrl],
    ['external_status_code', u.externalStatusCode],
  ]),
});

export const errorsDocument = (
  errors: { code: number; description: string }[],
): Open311Document => ({
  root: 'errors',
  item: 'error',
  items: errors.map((e) => [
    ['code', e.code],
    ['description', e.description],
  ]),
});
