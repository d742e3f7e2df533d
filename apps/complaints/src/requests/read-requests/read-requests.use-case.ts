import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  ComplaintsErrors,
  type ComplaintUpdateView,
  type ListComplaintsRequest,
  type ListUpdatesRequest,
  type PublicComplaintView,
  type TokenView,
} from '#contracts';
import { inLanguage } from '../../catalogue/catalogue.js';
import { CatalogueRepository } from '../../catalogue/catalogue.repository.js';
import { publicView, updateView, type RequestRecord } from '../request.js';
import { RequestRepository } from '../request.repository.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DEFAULT_WINDOW_MS = 90 * 86_400_000;

/**
 * The public reads of Open311: requests by id, the query with its filters and its default
 * 90-day window (1000 at most), tokens, and the public updates. Every request leaves through
 * `publicView` (no personal data, rounded point, street only, moderated text and photos).
 */
@Injectable()
export class ReadRequestsUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly requests: RequestRepository,
    private readonly catalogue: CatalogueRepository,
  ) {}

  async byIds(ids: string[]): Promise<PublicComplaintView[]> {
    const valid = [...new Set(ids.filter((id) => UUID.test(id)))];
    const found = valid.length ? await this.requests.findMany(this.dataSource.manager, valid) : [];
    if (found.length === 0) throw ComplaintsErrors.requestNotFound(ids[0]);
    return this.views(this.dataSource.manager, found);
  }

  async search(q: ListComplaintsRequest): Promise<PublicComplaintView[]> {
    const end = q.endDate ? new Date(q.endDate) : new Date(Date.now() + 1);
    const start = q.startDate ? new Date(q.startDate) : new Date(end.getTime() - DEFAULT_WINDOW_MS);
    const found = await this.requests.search(this.dataSource.manager, {
      ...(q.serviceCodes ? { serviceCodes: q.serviceCodes } : {}),
      ...(q.statuses ? { statuses: q.statuses } : {}),
      start,
      end,
      limit: q.limit ?? 1000,
    });
    return this.views(this.dataSource.manager, found);
  }

  async token(token: string): Promise<TokenView> {
    const found = await this.requests.findByToken(this.dataSource.manager, token);
    if (!found) throw ComplaintsErrors.tokenNotFound();
    return { token, serviceRequestId: found.id };
  }

  async updates(q: ListUpdatesRequest): Promise<ComplaintUpdateView[]> {
    const rows = await this.requests.updates(this.dataSource.manager, {
      ...(q.startDate ? { start: new Date(q.startDate) } : {}),
      ...(q.endDate ? { end: new Date(q.endDate) } : {}),
      ...(q.serviceRequestId ? { requestIds: [q.serviceRequestId] } : {}),
      limit: q.limit ?? 1000,
    });
    return rows.map(updateView);
  }

  /** Public views of records, with their service's name and first approved photo. */
  async views(tx: EntityManager, records: RequestRecord[]): Promise<PublicComplaintView[]> {
    if (records.length === 0) return [];
    const services = new Map(
      (await this.catalogue.list(tx, { activeOnly: false })).map((s) => [s.code, s]),
    );
    const media = await this.requests.media(
      tx,
      records.map((r) => r.id),
    );
    return records.map((r) => {
      const service = services.get(r.serviceCode);
      return publicView(r, {
        serviceName: service ? inLanguage(service.names) : r.serviceCode,
        agencyResponsible: service ? inLanguage(service.departmentNames) : r.departmentCode,
        firstMediaUrl:
          media.find((m) => m.requestId === r.id && m.moderation === 'approved')?.url ?? null,
      });
    });
  }
}
