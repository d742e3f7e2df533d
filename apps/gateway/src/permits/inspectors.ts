import { Injectable } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { DomainError } from '#contracts';
import { AccountRepository } from '../identity/accounts/account.repository.js';

/** An inspector a clerk or supervisor may give an inspection to. */
export class InspectorView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'Priya Inspector', description: 'The account’s full name.' })
  fullName: string;
}

export class InspectorList {
  @ApiProperty({ type: [InspectorView], description: 'Active inspectors, by name.' })
  items: InspectorView[];
}

/**
 * Whether a user may be given an inspection: an active account with the inspector role. The
 * gateway owns accounts, so it checks this before it asks permits to schedule (permits knows
 * only ids); a refusal is 422 `PERMITS.NOT_AN_INSPECTOR` naming the field. It also lists the
 * active inspectors, so the staff scheduling an inspection can choose one by name.
 */
@Injectable()
export class Inspectors {
  private readonly accounts = new AccountRepository();

  constructor(private readonly dataSource: DataSource) {}

  async require(inspectorId: string): Promise<void> {
    const account = await this.accounts.findById(this.dataSource.manager, inspectorId);
    if (account?.role === 'inspector' && account.status === 'active') return;
    throw new DomainError('PERMITS.NOT_AN_INSPECTOR', 'inspectorId names no active inspector', {
      errors: [
        {
          field: 'inspectorId',
          code: 'NOT_AN_INSPECTOR',
          message: 'no active inspector has this id',
        },
      ],
    });
  }

  /** Every active inspector (id and name only), by name. */
  async active(): Promise<InspectorList> {
    const rows = await this.dataSource.manager.query<{ id: string; full_name: string }[]>(
      `SELECT id, full_name FROM users
        WHERE role = 'inspector' AND status = 'active'
        ORDER BY full_name, id
        LIMIT 500`,
    );
    return { items: rows.map((row) => ({ id: row.id, fullName: row.full_name })) };
  }
}
