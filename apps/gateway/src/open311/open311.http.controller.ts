import {
  Body,
  Controller,
  Get,
  Inject,
  Param,
  Post,
  Query,
  Req,
  Res,
  UseFilters,
  UseInterceptors,
} from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  COMPLAINTS_REQUEST_CREATE,
  COMPLAINTS_REQUEST_GET,
  COMPLAINTS_REQUEST_LIST,
  COMPLAINTS_SERVICE_GET,
  COMPLAINTS_SERVICE_LIST,
  COMPLAINTS_TOKEN_GET,
  COMPLAINTS_UPDATE_LIST,
  Open311Errors,
} from '#contracts';
import { NatsBus } from '#platform';
import { Public } from '../access/access.decorators.js';
import type { GatewayConfig } from '../config.js';
import { GATEWAY_CONFIG } from '../gateway.tokens.js';
import { Idempotent } from '../idempotency/idempotent.decorator.js';
import { mediaOf, type ComplaintFormRequest } from '../complaints/complaint-form.interceptor.js';
import { UPLOAD_ROUTE } from '../uploads/multipart.js';
import { Open311ErrorsFilter, formatOfUrl } from './open311-errors.filter.js';
import type { FormBody } from './open311-form.js';
import { Open311FormInterceptor } from './open311-form.interceptor.js';
import { checkOpen311Query } from './open311-openapi.js';
import { Open311Reports } from './open311-reports.js';
import {
  CONTENT_TYPES,
  createdDocument,
  definitionBody,
  render,
  requestsDocument,
  servicesDocument,
  tokenDocument,
  updatesDocument,
  type Open311Document,
} from './open311-format.js';

type Query311 = Record<string, unknown>;

/** `<name>.<json|xml>` → name and format; anything else is not a resource here. */
function split(file: string): { name: string; format: 'json' | 'xml' } {
  const match = /^(.+)\.(json|xml)$/.exec(file);
  if (!match) throw Open311Errors.badRequest('format', 'the path must end in .json or .xml');
  return { name: match[1]!, format: match[2] as 'json' | 'xml' };
}

const list = (value: string | undefined): string[] | undefined =>
  value
    ? value
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean)
    : undefined;

/**
 * Open311 GeoReport v2 (docs/complaints.md, "Open311"): the complaints service's patterns as
 * the standard's documents, chosen by the `.json` / `.xml` suffix. Public: anyone reads; a
 * report needs a client app's `api_key` (403 otherwise). Errors are the standard's list.
 */
@ApiExcludeController()
@UseFilters(Open311ErrorsFilter)
@Controller('open311/v2')
export class Open311HttpController {
  constructor(
    private readonly nats: NatsBus,
    private readonly reports: Open311Reports,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  private jurisdiction(value: string | undefined): void {
    this.reports.jurisdiction(value);
  }

  private send(reply: FastifyReply, format: 'json' | 'xml', body: Open311Document | string): void {
    void reply
      .header('content-type', CONTENT_TYPES[format])
      .send(typeof body === 'string' ? body : render(body, format));
  }

  @Get(['services.json', 'services.xml'])
  @Public()
  async services(@Req() req: FastifyRequest, @Query() query: Query311, @Res() reply: FastifyReply) {
    const q = checkOpen311Query(query, ['lang']);
    this.jurisdiction(q.jurisdiction_id);
    const services = await this.nats.client.request(COMPLAINTS_SERVICE_LIST, {
      ...(q.lang ? { lang: q.lang } : {}),
    });
    this.send(reply, formatOfUrl(req.url), servicesDocument(services));
  }

  @Get('services/:file')
  @Public()
  async definition(
    @Param('file') file: string,
    @Query() query: Query311,
    @Res() reply: FastifyReply,
  ) {
    const q = checkOpen311Query(query, ['lang']);
    this.jurisdiction(q.jurisdiction_id);
    const { name, format } = split(file);
    const def = await this.nats.client.request(COMPLAINTS_SERVICE_GET, {
      serviceCode: name,
      ...(q.lang ? { lang: q.lang } : {}),
    });
    this.send(reply, format, definitionBody(def, format));
  }

  @Post(['requests.json', 'requests.xml'])
  @Public()
  @RouteConfig({ [UPLOAD_ROUTE]: true })
  @UseInterceptors(Open311FormInterceptor)
  @Idempotent('optional')
  async create(
    @Req() req: FastifyRequest & ComplaintFormRequest,
    @Body() body: FormBody | undefined,
    @Res() reply: FastifyReply,
  ) {
    const form: FormBody = body && typeof body === 'object' ? body : {};
    const report = await this.reports.reportOf(form);
    const created = await this.nats.client.request(COMPLAINTS_REQUEST_CREATE, {
      ...report,
      ...mediaOf(req.complaintPhoto),
    });
    void reply.status(201);
    this.send(reply, formatOfUrl(req.url), createdDocument(created));
  }

  @Get('tokens/:file')
  @Public()
  async token(@Param('file') file: string, @Query() query: Query311, @Res() reply: FastifyReply) {
    const q = checkOpen311Query(query, []);
    this.jurisdiction(q.jurisdiction_id);
    const { name, format } = split(file);
    const token = await this.nats.client.request(COMPLAINTS_TOKEN_GET, { token: name });
    this.send(reply, format, tokenDocument(token));
  }

  @Get(['requests.json', 'requests.xml'])
  @Public()
  async requests(@Req() req: FastifyRequest, @Query() query: Query311, @Res() reply: FastifyReply) {
    const q = checkOpen311Query(query, [
      'service_request_id',
      'service_code',
      'start_date',
      'end_date',
      'status',
    ]);
    this.jurisdiction(q.jurisdiction_id);
    const ids = list(q.service_request_id);
    const found = ids
      ? await this.nats.client.request(COMPLAINTS_REQUEST_GET, { serviceRequestIds: ids })
      : await this.nats.client.request(COMPLAINTS_REQUEST_LIST, {
          ...(list(q.service_code) ? { serviceCodes: list(q.service_code) } : {}),
          ...(q.start_date ? { startDate: q.start_date } : {}),
          ...(q.end_date ? { endDate: q.end_date } : {}),
          ...(list(q.status) ? { statuses: list(q.status) as ('open' | 'closed')[] } : {}),
        });
    this.send(reply, formatOfUrl(req.url), requestsDocument(found, this.config.OPEN311_TIME_ZONE));
  }

  @Get('requests/:file')
  @Public()
  async request(@Param('file') file: string, @Query() query: Query311, @Res() reply: FastifyReply) {
    const q = checkOpen311Query(query, []);
    this.jurisdiction(q.jurisdiction_id);
    const { name, format } = split(file);
    const found = await this.nats.client.request(COMPLAINTS_REQUEST_GET, {
      serviceRequestIds: [name],
    });
    this.send(reply, format, requestsDocument(found, this.config.OPEN311_TIME_ZONE));
  }

  @Get(['servicerequestupdates.json', 'servicerequestupdates.xml'])
  @Public()
  async updates(@Req() req: FastifyRequest, @Query() query: Query311, @Res() reply: FastifyReply) {
    const q = checkOpen311Query(query, ['start_date', 'end_date']);
    this.jurisdiction(q.jurisdiction_id);
    if (Boolean(q.start_date) !== Boolean(q.end_date))
      throw Open311Errors.badRequest(
        'start_date',
        'start_date and end_date go together (both or neither)',
      );
    const updates = await this.nats.client.request(COMPLAINTS_UPDATE_LIST, {
      ...(q.start_date ? { startDate: q.start_date } : {}),
      ...(q.end_date ? { endDate: q.end_date } : {}),
    });
    this.send(reply, formatOfUrl(req.url), updatesDocument(updates, this.config.OPEN311_TIME_ZONE));
  }
}
