import { Readable } from 'node:stream';
import {
  Controller,
  Get,
  HttpCode,
  Param,
  Post,
  type PipeTransform,
  Query,
  Res,
  StreamableFile,
  UseFilters,
} from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { NatsBus, validationProblem } from '#platform';
import { ServiceRefusalsFilter } from '../access/service-refusals.filter.js';
import { Public, Roles } from '../access/access.decorators.js';
import { Idempotent } from '../idempotency/idempotent.decorator.js';
import { paramProblem } from '../http/param-problems.js';
import { ProblemResponses } from '../http/problem-responses.js';
import {
  AUDIT_CASES_STATE,
  AuditErrors,
  AUDIT_ENTRIES_GET,
  AUDIT_ENTRIES_LIST,
  AUDIT_EXPORT_PAGE,
  AUDIT_PROOFS_CONSISTENCY,
  AUDIT_PROOFS_INCLUSION,
  AUDIT_PUBLIC_KEYS,
  AUDIT_TREE_HEADS_LATEST,
  AUDIT_TREE_HEADS_OF_SIZE,
  AUDIT_TREE_HEADS_SIGN,
  LARGEST,
  type ExportPage,
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

const seqProblem = paramProblem('seq', 'IS_INT');

/** An entry's sequence number: a whole number from 0 that JSON carries exactly. */
const seqPipe: PipeTransform<string, number> = {
  transform: (value) => {
    const seq = /^\d{1,16}$/.test(value) ? Number(value) : NaN;
    if (!(seq <= LARGEST)) throw seqProblem('must be a whole number from 0');
    return seq;
  },
};

const SEQ_PARAM = { name: 'seq', type: 'integer', minimum: 0, maximum: LARGEST } as const;

/** The audit trail for auditors (read-only), answered by the audit service over NATS. */
@ApiTags('audit')
@Controller('api/v1/audit')
// A service's own refusal becomes an access-denied event (only routes that forward).
@UseFilters(ServiceRefusalsFilter)
export class AuditHttpController {
  constructor(private readonly nats: NatsBus) {}

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
    return this.nats.client.request(AUDIT_ENTRIES_LIST, query);
  }

  @Get('entries/:seq')
  @Roles('auditor')
  @ApiParam(SEQ_PARAM)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'One entry of the trail', description: 'Roles: auditor.' })
  @ApiResponse({ status: 200, type: AuditEntry })
  @ProblemResponses(401, 403, 404, 422, 503, 504)
  entry(@Param('seq', seqPipe) seq: number): Promise<AuditEntry> {
    return this.nats.client.request(AUDIT_ENTRIES_GET, { seq });
  }

  @Get('entries/:seq/inclusion-proof')
  @Roles('auditor')
  @ApiParam(SEQ_PARAM)
  @ApiBearerAuth()
  @ApiOperation({
    summary: "An entry's inclusion proof in a signed tree head",
    description:
      'Roles: auditor. Verify it as docs/audit.md says. 404 when `treeSize` is larger than the log or the entry is not in that tree.',
  })
  @ApiResponse({ status: 200, type: InclusionProof })
  @ProblemResponses(401, 403, 404, 422, 503, 504)
  inclusion(
    @Param('seq', seqPipe) seq: number,
    @Query() query: InclusionProofQuery,
  ): Promise<InclusionProof> {
    return this.nats.client.request(AUDIT_PROOFS_INCLUSION, { seq, treeSize: query.treeSize });
  }

  @Get('cases/:subject/state')
  @Roles('auditor')
  @ApiParam({ name: 'subject', schema: { type: 'string', maxLength: 200 } })
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
    return this.nats.client.request(AUDIT_CASES_STATE, {
      subject,
      ...(query.at ? { at: query.at } : {}),
    });
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
    // The first page before answering: a missing head or service is a proper problem response.
    const first = await this.nats.client.request(AUDIT_EXPORT_PAGE, { query: filters });
    const client = this.nats.client;
    async function* pages(): AsyncGenerator<string> {
      let page: ExportPage | undefined = first;
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
            : await client.request(AUDIT_EXPORT_PAGE, {
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
    description:
      'Roles: auditor. 404 when `first` is larger than `second` or `second` than the log: there is no such proof.',
  })
  @ApiResponse({ status: 200, type: ConsistencyProof })
  @ProblemResponses(401, 403, 404, 422, 503, 504)
  consistency(@Query() query: ConsistencyProofRequest): Promise<ConsistencyProof> {
    return this.nats.client.request(AUDIT_PROOFS_CONSISTENCY, query);
  }

  @Get('tree-heads/latest')
  @Roles('auditor')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The latest signed tree head', description: 'Roles: auditor.' })
  @ApiResponse({ status: 200, type: TreeHead })
  @ProblemResponses(401, 403, 404, 503, 504)
  async latest(): Promise<TreeHead> {
    const head = await this.nats.client.request(AUDIT_TREE_HEADS_LATEST, {});
    if (!head) throw AuditErrors.notFound('The log has no signed tree head yet');
    return head;
  }

  @Post('tree-heads')
  @Roles('auditor')
  @Idempotent('optional')
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Sign a tree head for the log as it is now',
    description:
      'Roles: auditor. Answers the new head (or the latest, when the log has not grown).',
  })
  @ApiResponse({ status: 200, type: TreeHead })
  @ProblemResponses(401, 403, 404, 503, 504)
  async sign(): Promise<TreeHead> {
    const head = await this.nats.client.request(AUDIT_TREE_HEADS_SIGN, {});
    if (!head) throw AuditErrors.notFound('The log has no entries to sign yet');
    return head;
  }

  @Get('tree-heads')
  @Roles('auditor')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The signed tree head of a given size', description: 'Roles: auditor.' })
  @ApiResponse({ status: 200, type: TreeHead })
  @ProblemResponses(401, 403, 404, 422, 503, 504)
  ofSize(@Query() query: TreeHeadOfSizeRequest): Promise<TreeHead> {
    return this.nats.client.request(AUDIT_TREE_HEADS_OF_SIZE, { size: query.size });
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
    return this.nats.client.request(AUDIT_PUBLIC_KEYS, {});
  }
}
