import { Controller, Get, Inject, Param, Res } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import {
  Dashboard,
  INSIGHTS_DASHBOARD_GET,
  INSIGHTS_OPEN_DATA_GET,
  OPEN_DATA_FILES,
  OPEN_DATASET_COLUMNS,
  type OpenDataReply,
} from '#contracts';
import { NatsBus } from '#platform';
import { Public } from '../access/access.decorators.js';
import type { GatewayConfig } from '../config.js';
import { GATEWAY_CONFIG } from '../gateway.tokens.js';
import { ProblemResponses } from '../http/problem-responses.js';
import { FiguresCache } from './figures-cache.js';
import { openDataCsv, openDataJson, parseOpenDataFile } from './open-data-files.js';

const SUPPRESSION =
  'Counts of at least 1 and fewer than the suppression threshold (the `suppressionThreshold` of the dashboard, 5 by default) are withheld, and so are medians, percentiles, shares, means and NPS computed from fewer cases or answers than it; where exactly one count of a group (all statuses, all types) is withheld, the next smallest is withheld too.';

/**
 * The transparency dashboard and open data for anyone (`/api/v1/dashboard`,
 * `/api/v1/open-data/{dataset}.{csv|json}`), answered by the insights read model over NATS:
 * public, rate-limited per address like the other public reads, kept for
 * GATEWAY_FIGURES_CACHE_SECONDS.
 */
@ApiTags('open data')
@Controller('api/v1')
export class InsightsHttpController {
  private readonly cache: FiguresCache;
  private readonly maxAge: number;

  constructor(
    private readonly nats: NatsBus,
    @Inject(GATEWAY_CONFIG) config: GatewayConfig,
  ) {
    this.maxAge = config.GATEWAY_FIGURES_CACHE_SECONDS;
    this.cache = new FiguresCache(this.maxAge * 1_000);
  }

  @Get('dashboard')
  @Public()
  @ApiOperation({
    summary: 'The transparency dashboard: every figure',
    description: `Roles: public (no login); rate-limited per address; answers may be up to GATEWAY_FIGURES_CACHE_SECONDS old (\`Cache-Control\`). Permit applications and complaints by status and by type or service, per month; median and 90th-percentile processing times (submission to decision; report to close); the share of deadlines met; satisfaction and NPS per service and month; payments per month. No personal data. ${SUPPRESSION} A withheld figure is null and its field named in its row's \`suppressed\`.`,
  })
  @ApiResponse({ status: 200, type: Dashboard })
  @ProblemResponses(429, 503, 504)
  async dashboard(@Res({ passthrough: true }) reply: FastifyReply): Promise<Dashboard> {
    this.cacheHeaders(reply);
    return this.cache.get('dashboard', () => this.nats.client.request(INSIGHTS_DASHBOARD_GET, {}));
  }

  @Get('open-data/:file')
  @Public()
  @ApiParam({
    name: 'file',
    description: '`<dataset>.<format>`: a dataset of the list, as `csv` or `json`.',
    schema: { type: 'string', enum: [...OPEN_DATA_FILES] },
  })
  @ApiProduces('text/csv', 'application/json')
  @ApiOperation({
    summary: 'An open-data file',
    description: `Roles: public (no login); rate-limited per address; up to GATEWAY_FIGURES_CACHE_SECONDS old. Datasets and their columns: ${Object.entries(
      OPEN_DATASET_COLUMNS,
    )
      .map(([d, cols]) => `\`${d}\` (${cols.join(', ')})`)
      .join(
        '; ',
      )}. CSV: a header line, then one row per line (CRLF); a withheld cell holds \`suppressed\`. JSON: an array of objects with those fields and \`suppressed\`, the names of the fields withheld (null). No personal data. ${SUPPRESSION} Any other file name: 404 \`INSIGHTS.DATASET_NOT_FOUND\`. Sent as an attachment.`,
  })
  @ApiResponse({
    status: 200,
    description: 'The dataset.',
    content: {
      'text/csv': { schema: { type: 'string' } },
      'application/json': {
        schema: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: {
              oneOf: [
                { type: 'string' },
                { type: 'number' },
                { type: 'null' },
                { type: 'array', items: { type: 'string' } },
              ],
            },
            required: ['suppressed'],
          },
        },
      },
    },
  })
  @ProblemResponses(404, 429, 503, 504)
  async openData(
    @Param('file') file: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const { dataset, format } = parseOpenDataFile(file);
    const data: OpenDataReply = await this.cache.get(`open-data:${dataset}`, () =>
      this.nats.client.request(INSIGHTS_OPEN_DATA_GET, { dataset }),
    );
    this.cacheHeaders(reply);
    void reply.header(
      'content-type',
      format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
    );
    void reply.header('content-disposition', `attachment; filename="${dataset}.${format}"`);
    return format === 'csv' ? openDataCsv(data) : openDataJson(data);
  }

  private cacheHeaders(reply: FastifyReply): void {
    void reply.header(
      'cache-control',
      this.maxAge > 0 ? `public, max-age=${this.maxAge}` : 'no-cache',
    );
  }
}
