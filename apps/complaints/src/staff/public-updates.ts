import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ComplaintsErrors, type StatusRequest } from '#contracts';
import { CatalogueRepository } from '../catalogue/catalogue.repository.js';
import type { RequestRecord } from '../requests/request.js';
import { RequestRepository } from '../requests/request.repository.js';

/**
 * The public update of a staff step (its text, or the template of the status and language),
 * stored before the step goes to the workflow: free text never enters the workflow's history,
 * the Update carries the update's id.
 */
@Injectable()
export class PublicUpdates {
  constructor(
    private readonly dataSource: DataSource,
    private readonly requests: RequestRepository,
    private readonly catalogue: CatalogueRepository,
  ) {}

  async store(
    r: RequestRecord,
    q: Pick<StatusRequest, 'status' | 'statusNotes' | 'lang'>,
  ): Promise<string> {
    const text =
      q.statusNotes ??
      (await this.catalogue.template(this.dataSource.manager, q.status, q.lang ?? 'en'));
    if (!text) throw ComplaintsErrors.templateNotFound(`${q.status}/${q.lang ?? 'en'}`);
    const u = await this.requests.addUpdate(this.dataSource.manager, {
      requestId: r.id,
      status: 'open',
      externalStatus: q.status,
      description: text,
      mediaUrl: null,
      createdAt: new Date(),
    });
    await this.requests.change(this.dataSource.manager, r.id, { statusNotes: text }, u.createdAt);
    return u.id;
  }

  /** A request staff may still move: it exists and Open311 does not show it closed. */
  async open(requestId: string): Promise<RequestRecord> {
    const r = await this.requests.find(this.dataSource.manager, requestId);
    if (!r) throw ComplaintsErrors.requestNotFound(requestId);
    if (r.closedAt) throw ComplaintsErrors.invalidTransition(r.status, 'closed');
    return r;
  }
}
