import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PermitsErrors, type PermitTypeView } from '#contracts';
import { permitTypeView } from '../permit-type-view.js';
import { PermitTypeRepository } from '../permit-type.repository.js';

/**
 * One permit type (public): the version in force, or an older one by number (what an
 * application submitted under it is pinned to).
 */
@Injectable()
export class GetPermitTypeUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly permitTypes: PermitTypeRepository,
  ) {}

  async execute(query: { code: string; version?: number }): Promise<PermitTypeView> {
    const db = this.dataSource.manager;
    if (query.version === undefined) {
      const current = await this.permitTypes.findPublished(db, query.code);
      if (!current) throw PermitsErrors.permitTypeNotFound(query.code);
      return permitTypeView(current);
    }
    const found = await this.permitTypes.findPublishedVersion(db, query.code, query.version);
    if (found) return permitTypeView(found);
    if (!(await this.permitTypes.findPublished(db, query.code)))
      throw PermitsErrors.permitTypeNotFound(query.code);
    throw PermitsErrors.permitTypeVersionNotFound(query.code, query.version);
  }
}
