import { Readable } from 'node:stream';
import {
  Controller,
  Get,
  HttpCode,
  Param,
  ParseIntPipe,
  Post,
  Query,
  Res,
  StreamableFile,
  UseFilters,
} from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { NatsBus, ProblemException, validationProblem } from '#platform';
import { ServiceRefusalsFilter } from '../access/service-refusals.filter.js';
import { Public, Roles } from '../access/access.decorators.js';
import { paramProblem } from '../http/param-problems.js';
import { ProblemResponses } from '../http/problem-responses.js';
import {
  AuditEntriesPage,
  AuditEntry,
  AuditExportQuery,
  CaseState,
  CaseStateQuery,
  ConsistencyProof,
  ConsistencyProofRequest,
  InclusionProof,
  InclusionProofQuery,
  ListAuditEntriesRequest,
  PublicKey,
  TreeHead,
  TreeHeadOfSizeRequest,
} from '#contracts';

/** A CSV cell (RFC 4180): quoted when it holds a comma, quote or line break. */
const csvCell = (value: string | number | undefined): string => {
  const text = String(value ?? '');
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

const seqPipe = new ParseIntPipe({ exceptionFactory: paramProblem('seq', 'IS_INT') });

/** The audit trail for auditors (read-only), answered by the audit service over NATS. */
@ApiTags('audit')
@Controller('api/v1/audit')
// A service's own refusal becomes an access-denied event (only routes that forward).
@UseFilters(ServiceRefusalsFilter)
export class AuditHttpController {
  constructor(private readonly nats: NatsBus) {}

  private ask<T>(pattern: string, data: unknown): Promise<T> {
    return this.nats.client.request<T>(pattern, data);
  }

  @Get('entries')
  @Roles('auditor')
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'The trail: entries by case, actor, event type or time, oldest first',
    description: 'Roles: auditor. Cursor pagination: pass `nextCursor` as `cursor`.',
  })
  @ApiResponse({ status: 200, type: AuditEntriesPage })
  @ProblemResponses(401, 403, 422, 503, 504)
  entries(@Query() query: ListAuditEntriesRequest): Promise<AuditEntriesPage> {
    return this.ask('audit.entries.list', query);
  }

  @Get('entries/:seq')
  @Roles('auditor')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'One entry of the trail', description: 'Roles: auditor.' })
  @ApiResponse({ status: 200, type: AuditEntry })
  @ProblemResponses(401, 403, 404, 422, 503, 504)
  entry(@Param('seq', seqPipe) seq: number): Promise<AuditEntry> {
    return this.ask('audit.entries.get', { seq });
  }

  @Get('entries/:seq/inclusion-proof')
  @Roles('auditor')
  @ApiBearerAuth()
  @ApiOperation({
    summary: "An entry's inclusion proof in a signed tree head",
    description: 'Roles: auditor. Verify it as docs/audit.md says.',
  })
  @ApiResponse({ status: 200, type: InclusionProof })
  @ProblemResponses(401, 403, 422, 503, 504)
  inclusion(
    @Param('seq', seqPipe) seq: number,
    @Query() query: InclusionProofQuery,
  ): Promise<InclusionProof> {
    return this.ask('audit.proofs.inclusion', { seq, treeSize: query.treeSize });
  }

  @Get('cases/:subject/state')
  @Roles('auditor')
  @ApiBearerAuth()
  @ApiOperation({
    summary: "A case's state at a moment, rebuilt from its events",
    description: 'Roles: auditor. `at` defaults to now.',
  })
  @ApiResponse({ status: 200, type: CaseState })
  @ProblemResponses(401, 403, 404, 422, 503, 504)
  caseState(@Param('subject') subject: string, @Query() query: CaseStateQuery): Promise<CaseState> {
    if (subject.length > 200)
      throw validationProblem([
        { field: 'subject', code: 'MAX_LENGTH', message: 'subject is too long' },
      ]);
    return this.ask('audit.cases.state', { subject, ...(query.at ? { at: query.at } : {}) });
  }

  @Get('export')
  @Roles('auditor')
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Export a query of the trail',
    description:
      'Roles: auditor. `format=jsonl` (default): JSON Lines with the signed tree head, the public keys and each entry with its inclusion proof, verifiable offline (`npm run audit:verify`, docs/audit.md). `format=csv`: the entries as a table.',
  })
  @ApiResponse({ status: 200, description: 'application/x-ndjson or text/csv, streamed' })
  @ProblemResponses(401, 403, 404, 422, 503, 504)
  async export(
    @Query() query: AuditExportQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StreamableFile> {
    const { format = 'jsonl', cursor: _cursor, limit: _limit, ...filters } = query;
    type Page = {
      treeSize: number;
      header: string | null;
      lines: string[];
      nextCursor: number | null;
    };
    // The first page before answering: a missing head or service is a proper problem response.
    const first = await this.ask<Page>('audit.export.page', { query: filters });
    const ask = this.ask.bind(this);
    async function* pages(): AsyncGenerator<string> {
      let page: Page | undefined = first;
      if (format === 'csv') yield 'seq,type,subject,actor,occurredAt,leafHash,entryHash\n';
      while (page) {
        if (format === 'jsonl' && page.header) yield `${page.header}\n`;
        for (const line of page.lines) {
          if (format === 'jsonl') yield `${line}\n`;
          else {
            const e = JSON.parse(line) as Record<string, string | number>;
            yield `${[e.seq, e.type, e.subject, e.actor, e.occurredAt, e.leafHash, e.entryHash].map(csvCell).join(',')}\n`;
          }
        }
        page =
          page.nextCursor === null
            ? undefined
            : await ask<Page>('audit.export.page', {
                query: filters,
                treeSize: first.treeSize,
                cursor: page.nextCursor,
              });
      }
    }
    void reply.header(
      'content-type',
      format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson',
    );
    void reply.header(
      'content-disposition',
      `attachment; filename="audit-${first.treeSize}.${format}"`,
    );
    return new StreamableFile(Readable.from(pages()));
  }

  @Get('consistency-proof')
  @Roles('auditor')
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Proof that the log of `second` entries extends the log of `first`',
    description: 'Roles: auditor.',
  })
  @ApiResponse({ status: 200, type: ConsistencyProof })
  @ProblemResponses(401, 403, 422, 503, 504)
  consistency(@Query() query: ConsistencyProofRequest): Promise<ConsistencyProof> {
    return this.ask('audit.proofs.consistency', query);
  }

  @Get('tree-heads/latest')
  @Roles('auditor')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The latest signed tree head', description: 'Roles: auditor.' })
  @ApiResponse({ status: 200, type: TreeHead })
  @ProblemResponses(401, 403, 404, 503, 504)
  async latest(): Promise<TreeHead> {
    const head = await this.ask<TreeHead | null>('audit.tree-heads.latest', {});
    if (!head)
      throw new ProblemException(404, 'AUDIT.NOT_FOUND', 'The log has no signed tree head yet');
    return head;
  }

  @Post('tree-heads')
  @Roles('auditor')
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Sign a tree head for the log as it is now',
    description:
      'Roles: auditor. Answers the new head (or the latest, when the log has not grown).',
  })
  @ApiResponse({ status: 200, type: TreeHead })
  @ProblemResponses(401, 403, 503, 504)
  sign(): Promise<TreeHead> {
    return this.ask('audit.tree-heads.sign', {});
  }

  @Get('tree-heads')
  @Roles('auditor')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The signed tree head of a given size', description: 'Roles: auditor.' })
  @ApiResponse({ status: 200, type: TreeHead })
  @ProblemResponses(401, 403, 404, 422, 503, 504)
  ofSize(@Query() query: TreeHeadOfSizeRequest): Promise<TreeHead> {
    return this.ask('audit.tree-heads.of-size', { size: query.size });
  }

  @Get('public-keys')
  @Public()
  @ApiOperation({
    summary: 'The public keys that sign tree heads (every key ever used)',
    description: 'Roles: public (no login).',
  })
  @ApiResponse({ status: 200, type: [PublicKey] })
  @ProblemResponses(429, 503, 504)
  publicKeys(): Promise<PublicKey[]> {
    return this.ask('audit.public-keys', {});
  }
}
