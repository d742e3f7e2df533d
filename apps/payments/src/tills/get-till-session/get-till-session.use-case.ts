import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  enforce,
  PaymentsAccess,
  PaymentsErrors,
  type RequestActor,
  type TillSessionView,
} from '#contracts';
import { tillSessionView } from '../till.js';
import { TillRepository } from '../till.repository.js';

/** A till session with what it recorded so far (cashiers, auditors). */
@Injectable()
export class GetTillSessionUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tills: TillRepository,
  ) {}

  async execute(query: { tillSessionId: string; user: RequestActor }): Promise<TillSessionView> {
    enforce(query.user, {}, ...PaymentsAccess.readAll());
    const manager = this.dataSource.manager;
    const session = await this.tills.findById(manager, query.tillSessionId);
    if (!session) throw PaymentsErrors.tillSessionNotFound();
    return tillSessionView(session, await this.tills.totals(manager, session.id));
  }
}
