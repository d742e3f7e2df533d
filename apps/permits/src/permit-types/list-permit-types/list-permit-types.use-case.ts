import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { PermitTypesList } from '#contracts';
import { permitTypeView } from '../permit-type-view.js';
import { PermitTypeRepository } from '../permit-type.repository.js';

/** The catalogue: the version in force of every permit type (public). */
@Injectable()
export class ListPermitTypesUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly permitTypes: PermitTypeRepository,
  ) {}

  async execute(): Promise<PermitTypesList> {
    const current = await this.permitTypes.listCurrent(this.dataSource.manager);
    return { items: current.map(permitTypeView) };
  }
}
