import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  enforce,
  PaymentsAccess,
  type ListStaffPaymentsRequest,
  type PaymentsPage,
  type PaymentView,
  type RequestActor,
} from '#contracts';
import { paymentView } from '../../payments/payment.js';
import { PaymentRepository } from '../../payments/payment.repository.js';
import { StaffViewsRepository } from '../staff-views.repository.js';
import { page, windowOf } from '#platform';

/** Every payer's payments by status and start date, newest first (cashiers, auditors). */
@Injectable()
export class ListStaffPaymentsUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly views: StaffViewsRepository,
    private readonly payments: PaymentRepository,
  ) {}

  async execute(query: ListStaffPaymentsRequest & { user: RequestActor }): Promise<PaymentsPage> {
    enforce(query.user, {}, ...PaymentsAccess.readAll());
    const manager = this.dataSource.manager;
    const limit = query.limit ?? 20;
    const ids = await this.views.paymentIds(
      manager,
      {
        ...(query.status ? { status: query.status } : {}),
        ...windowOf(query),
      },
      limit + 1,
    );
    const rows: PaymentView[] = (await this.payments.findManyWithExtras(manager, ids)).map((p) =>
      paymentView(p.payment, p),
    );
    return page(rows, limit, (p) => ({ at: new Date(p.createdAt), id: p.id }));
  }
}
