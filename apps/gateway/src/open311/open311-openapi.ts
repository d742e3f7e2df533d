import type { OpenAPIObject } from '@nestjs/swagger';
import {
  COMPLAINT_STATUSES,
  COMPLAINT_TOKEN_PATTERN,
  dateTimeMoment,
  LANGUAGE_PATTERN,
  MAX_DESCRIPTION_LENGTH,
  Open311Errors,
  SERVICE_CODE_PATTERN,
} from '#contracts';
import { IDEMPOTENCY_KEY_PATTERN } from '../idempotency/idempotency.constants.js';
import { CONTENT_TYPES, type Open311Format } from './open311-format.js';

/*
 * The Open311 routes (`/open311/v2`) in the gateway's OpenAPI document: each format its own
 * path (`services.json`, `services.xml`, `services/{service_code}.json`, ...) with its content
 * type, the standard's documents, the error list and the statuses the routes answer. The query
 * parameters are checked by the routes against the same table (`checkOpen311Query`), so the
 * document and the routes cannot disagree on them.
 */

const CODE = SERVICE_CODE_PATTERN.source.slice(1, -1);
const UUID = '[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}';

type Schema = Record<string, unknown>;
interface QueryParameter {
  schema: Schema;
  description: string;
  /** The check the route makes of a value (the schema's pattern or format). */
  accepts: (value: string) => boolean;
}

const patterned = (pattern: string, description: string, max?: number): QueryParameter => {
  const re = new RegExp(pattern);
  return {
    schema: { type: 'string', pattern, ...(max ? { maxLength: max } : {}) },
    description,
    accepts: (value) => re.test(value) && (max === undefined || value.length <= max),
  };
};

const dateTime = (description: string): QueryParameter => ({
  schema: { type: 'string', format: 'date-time' },
  description,
  accepts: (value) => dateTimeMoment(value) !== undefined,
});

/** Query parameters of the Open311 reads, by name. */
export const OPEN311_QUERY = {
  lang: patterned(LANGUAGE_PATTERN.source, 'Language of the names; the default when absent.'),
  service_request_id: patterned(
    `^${UUID}(,${UUID}){0,999}$`,
    'Comma list of request ids (at most 1000); overrides the other filters.',
  ),
  service_code: patterned(`^${CODE}(,${CODE}){0,63}$`, 'Comma list of service codes.'),
  status: patterned('^(open|closed)(,(open|closed)){0,1}$', '`open`, `closed`, or both.'),
  start_date: dateTime('Earliest time (the default window is the last 90 days).'),
  end_date: dateTime('Latest time.'),
} satisfies Record<string, QueryParameter>;
export type Open311QueryName = keyof typeof OPEN311_QUERY;

/**
 * The query's documented parameters, each sent once and as documented (400 otherwise);
 * `jurisdiction_id` is the route's own check.
 */
export function checkOpen311Query(
  query: Record<string, unknown>,
  names: readonly Open311QueryName[],
): Record<string, string | undefined> {
  const checked: Record<string, string | undefined> = {};
  for (const name of [...names, 'jurisdiction_id'] as const) {
    const value = query[name];
    if (value === undefined) continue;
    if (typeof value !== 'string')
      throw Open311Errors.badRequest(name, `${name} must be sent once`);
    if (name !== 'jurisdiction_id' && !OPEN311_QUERY[name].accepts(value))
      throw Open311Errors.badRequest(name, `${name} is not ${OPEN311_QUERY[name].description}`);
    checked[name] = value;
  }
  return checked;
}

const nullable = (type: string, extra: Schema = {}): Schema => ({
  type: [type, 'null'],
  ...extra,
});
const object = (properties: Record<string, Schema>): Schema => ({
  type: 'object',
  required: Object.keys(properties),
  properties,
});
const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const list = (name: string): Schema => ({ type: 'array', items: ref(name) });

const SCHEMAS: Record<string, Schema> = {
  Open311Error: object({
    code: { type: 'integer', description: 'The HTTP status.' },
    description: {
      type: 'string',
      description: 'Starts with the stable code (`COMPLAINTS.OUTSIDE_BOUNDARY: …`).',
    },
  }),
  Open311Service: object({
    service_code: { type: 'string' },
    service_name: { type: 'string' },
    description: { type: 'string' },
    metadata: { type: 'boolean', description: 'True when the service has attributes.' },
    type: { type: 'string', enum: ['realtime', 'batch', 'blackbox'] },
    keywords: { type: 'string', description: 'Comma list.' },
    group: { type: 'string' },
  }),
  Open311ServiceDefinition: object({
    service_code: { type: 'string' },
    attributes: {
      type: 'array',
      items: object({
        variable: { type: 'boolean' },
        code: { type: 'string' },
        datatype: {
          type: 'string',
          enum: ['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist'],
        },
        required: { type: 'boolean' },
        datatype_description: { type: 'string' },
        order: { type: 'integer' },
        description: { type: 'string' },
        values: {
          type: 'array',
          items: object({ key: { type: 'string' }, name: { type: 'string' } }),
        },
      }),
    },
  }),
  Open311Request: object({
    service_request_id: { type: 'string', format: 'uuid' },
    status: { type: 'string', enum: ['open', 'closed'] },
    status_notes: nullable('string'),
    service_name: { type: 'string' },
    service_code: { type: 'string' },
    description: nullable('string', { description: 'Once staff approved it.' }),
    agency_responsible: { type: 'string' },
    service_notice: nullable('string'),
    requested_datetime: { type: 'string', format: 'date-time' },
    updated_datetime: { type: 'string', format: 'date-time' },
    expected_datetime: nullable('string', { format: 'date-time' }),
    address: nullable('string', { description: 'The street, never the house number.' }),
    address_id: nullable('string'),
    zipcode: nullable('string'),
    lat: { type: 'number', description: 'Rounded.' },
    long: { type: 'number', description: 'Rounded.' },
    media_url: nullable('string', { description: 'The first photo staff approved.' }),
  }),
  Open311Created: object({
    service_request_id: { type: 'string', format: 'uuid' },
    token: { type: 'string' },
    service_notice: { type: 'string' },
    account_id: nullable('string', { description: 'The `account_id` sent, echoed.' }),
  }),
  Open311Token: object({
    service_request_id: { type: 'string', format: 'uuid' },
    token: { type: 'string' },
  }),
  Open311Update: object({
    update_id: { type: 'string', format: 'uuid' },
    service_request_id: { type: 'string', format: 'uuid' },
    status: { type: 'string', enum: ['open', 'closed'] },
    description: { type: 'string' },
    updated_datetime: { type: 'string', format: 'date-time' },
    media_url: nullable('string'),
    external_status_code: { type: 'string', enum: [...COMPLAINT_STATUSES] },
  }),
};

const XML_ROOTS: Record<string, string> = {
  Open311Error: '`<errors><error><code/><description/></error></errors>`',
  Open311Service: '`<services><service>…`',
  Open311ServiceDefinition: '`<service_definition>…`',
  Open311Request: '`<service_requests><request>…`',
  Open311Created: '`<service_requests><request>…`',
  Open311Token: '`<service_requests><request>…`',
  Open311Update: '`<service_request_updates><request_update>…`',
};

const mediaType = (format: Open311Format) => CONTENT_TYPES[format].split(';')[0]!;

/** A document of `name` items (a list, or one object) in `format`. */
const body = (format: Open311Format, name: string, one = false): Schema => ({
  [mediaType(format)]: {
    schema:
      format === 'json'
        ? one
          ? ref(name)
          : list(name)
        : { type: 'string', description: `XML: ${XML_ROOTS[name]}` },
  },
});

const problem = {
  'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDto' } },
};

const ERRORS: Record<number, string> = {
  400: 'Bad input (the description names the code and the field), or another `jurisdiction_id` on a report.',
  403: 'A missing, unknown or revoked `api_key`.',
  404: 'No such service, request or token, or another `jurisdiction_id`.',
  409: 'PLATFORM.IDEMPOTENCY_KEY_IN_FLIGHT: the first report with this key is still running (Retry-After).',
  413: 'The `media` file is larger than GATEWAY_UPLOAD_MAX_BYTES.',
  415: 'The `media` file is not a photo by its content (JPEG, PNG, WebP, GIF).',
  422: 'PLATFORM.IDEMPOTENCY_KEY_REUSED: the key named another report.',
  503: 'The complaints service is not running.',
  504: 'The complaints service did not answer in time.',
};

/** The error statuses of an operation, as the standard's error list; 429 is the edge's. */
function errorResponses(format: Open311Format, statuses: number[]): Record<string, Schema> {
  const responses: Record<string, Schema> = {};
  for (const status of statuses)
    responses[String(status)] = {
      description: ERRORS[status],
      content: {
        ...body(format, 'Open311Error'),
        // Before a route runs, the edge answers a body it cannot read as a problem.
        ...(status === 400 || status === 413 || status === 415 ? problem : {}),
      },
    };
  responses['429'] = {
    description: 'RATE_LIMITED (the public limit per client address), with Retry-After.',
    content: problem,
  };
  return responses;
}

const query = (name: Open311QueryName): Schema => ({
  name,
  in: 'query',
  required: false,
  description: OPEN311_QUERY[name].description,
  schema: OPEN311_QUERY[name].schema,
});

const pathParameter = (name: string, schema: Schema, description: string): Schema => ({
  name,
  in: 'path',
  required: true,
  description,
  schema,
});

/** The form of a report, in both body types (the multipart one may add a `media` photo). */
function reportForm(jurisdiction: Schema, multipart: boolean): Schema {
  const text = (description: string, max?: number): Schema => ({
    type: 'string',
    description,
    ...(max ? { maxLength: max } : {}),
  });
  return {
    type: 'object',
    required: ['api_key', 'service_code'],
    description:
      'A location is `lat` + `long`, `address_string` or `address_id`. Attributes as `attribute[code]` (repeated for a multi-value list). Unknown fields are ignored.',
    properties: {
      api_key: text("The client app's key (issued by an admin)."),
      jurisdiction_id: jurisdiction,
      service_code: { type: 'string', pattern: SERVICE_CODE_PATTERN.source },
      lat: { type: 'number', minimum: -90, maximum: 90 },
      long: { type: 'number', minimum: -180, maximum: 180 },
      address_string: text('Matched against the gazetteer.', 300),
      address_id: text("A gazetteer address's id."),
      email: text('Never public.', 254),
      device_id: text('Never public.', 200),
      account_id: text('Opaque; echoed in the answer.', 200),
      first_name: text('Never public.', 200),
      last_name: text('Never public.', 200),
      phone: text('Never public.', 50),
      description: text('Public once staff approved it.', MAX_DESCRIPTION_LENGTH),
      media_url: {
        oneOf: [
          { type: 'string', format: 'uri' },
          { type: 'array', items: { type: 'string', format: 'uri' }, maxItems: 5 },
        ],
        description: 'Photos already online (may repeat).',
      },
      ...(multipart
        ? {
            media: {
              type: 'string',
              format: 'binary',
              description:
                'One photo (JPEG, PNG, WebP, GIF by its bytes); EXIF stripped, public once moderated.',
            },
          }
        : {}),
    },
    patternProperties: {
      '^attribute\\[[^\\]]{1,64}\\](\\[\\])?$': {
        oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
      },
    },
  };
}

/** Adds the Open311 paths and their schemas to the gateway's document. */
export function addOpen311Paths(document: OpenAPIObject, jurisdictionId: string): void {
  const jurisdiction: Schema = {
    type: 'string',
    enum: [jurisdictionId, ''],
    description: 'The one jurisdiction served (empty: the same).',
  };
  const jurisdictionQuery: Schema = {
    name: 'jurisdiction_id',
    in: 'query',
    required: false,
    schema: jurisdiction,
  };
  const tags = ['open311'];
  const paths: Record<string, Record<string, Schema>> = {};
  for (const format of ['json', 'xml'] as const) {
    const get = (
      summary: string,
      parameters: Schema[],
      ok: Schema,
      errors: number[],
    ): Record<string, Schema> => ({
      get: {
        tags,
        summary: `${summary} (${format.toUpperCase()})`,
        operationId: `open311${summary.replace(/\W/g, '')}${format.toUpperCase()}`,
        description: 'Roles: anyone (Open311 GeoReport v2).',
        security: [],
        parameters: [...parameters, jurisdictionQuery],
        responses: { '200': { description: 'OK', content: ok }, ...errorResponses(format, errors) },
      },
    });
    paths[`/open311/v2/services.${format}`] = get(
      'List services',
      [query('lang')],
      body(format, 'Open311Service'),
      [400, 404, 503, 504],
    );
    paths[`/open311/v2/services/{service_code}.${format}`] = get(
      'Define a service',
      [
        pathParameter(
          'service_code',
          { type: 'string', pattern: SERVICE_CODE_PATTERN.source },
          'The service.',
        ),
        query('lang'),
      ],
      body(format, 'Open311ServiceDefinition', true),
      [400, 404, 503, 504],
    );
    paths[`/open311/v2/requests/{service_request_id}.${format}`] = get(
      'Read a request',
      [pathParameter('service_request_id', { type: 'string', format: 'uuid' }, 'The request.')],
      body(format, 'Open311Request'),
      [400, 404, 503, 504],
    );
    paths[`/open311/v2/tokens/{token}.${format}`] = get(
      'Resolve a token',
      [
        pathParameter(
          'token',
          { type: 'string', pattern: COMPLAINT_TOKEN_PATTERN.source },
          'The token a report answered.',
        ),
      ],
      body(format, 'Open311Token'),
      [400, 404, 503, 504],
    );
    paths[`/open311/v2/servicerequestupdates.${format}`] = get(
      'List updates',
      [query('start_date'), query('end_date')],
      body(format, 'Open311Update'),
      [400, 404, 503, 504],
    );
    const requests = get(
      'List requests',
      (['service_request_id', 'service_code', 'start_date', 'end_date', 'status'] as const).map(
        query,
      ),
      body(format, 'Open311Request'),
      [400, 404, 503, 504],
    );
    paths[`/open311/v2/requests.${format}`] = {
      ...requests,
      post: {
        tags,
        summary: `Report a problem (${format.toUpperCase()})`,
        operationId: `open311ReportAProblem${format.toUpperCase()}`,
        description:
          "Roles: anyone holding a client app's `api_key` (403 otherwise). Form-urlencoded, or multipart/form-data with one `media` photo (its type read from its bytes; EXIF stripped; at most GATEWAY_UPLOAD_MAX_BYTES): the key and the whole report are checked before the photo is stored. Answers a one-element list with the request id and its token.",
        security: [],
        parameters: [
          {
            name: 'Idempotency-Key',
            in: 'header',
            required: false,
            description:
              'Names this report so that a retry is safe: the same key with the same form gets the first answer again (`Idempotent-Replayed: true`); with another form 422 `PLATFORM.IDEMPOTENCY_KEY_REUSED`; while the first runs 409 `PLATFORM.IDEMPOTENCY_KEY_IN_FLIGHT`; a malformed key 400.',
            schema: {
              type: 'string',
              minLength: 1,
              maxLength: 255,
              pattern: IDEMPOTENCY_KEY_PATTERN.source,
            },
          },
        ],
        requestBody: {
          required: true,
          content: {
            'application/x-www-form-urlencoded': { schema: reportForm(jurisdiction, false) },
            'multipart/form-data': { schema: reportForm(jurisdiction, true) },
          },
        },
        responses: {
          '201': { description: 'Created', content: body(format, 'Open311Created') },
          ...errorResponses(format, [400, 403, 409, 413, 415, 422, 503, 504]),
        },
      },
    };
  }
  Object.assign(document.paths, paths);
  document.components ??= {};
  document.components.schemas = { ...document.components.schemas, ...SCHEMAS };
}
