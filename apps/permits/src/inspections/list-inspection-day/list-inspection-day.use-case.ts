import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { enforce, Policy, type InspectionDay, type RequestActor } from '#contracts';
import { InspectionRepository, inspectionCaseView } from '../inspection.repository.js';

/**
 * `permits.inspection.list-day`: an inspector's inspections of a day (every status, so the
 * day's results show too); a clerk or supervisor sees every inspector's (to plan).
 */
@Injectable()
export class ListInspectionDayUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly inspections: InspectionRepository,
  ) {}

  async execute(date: string, user: RequestActor): Promise<InspectionDay> {
    enforce(user, {}, Policy.roles('inspector', 'clerk', 'supervisor'));
    const rows = await this.inspections.day(
      this.dataSource.manager,
      date,
      user.role === 'inspector' ? user.userId : null,
    );
    return { date, items: rows.map(inspectionCaseView) };
  }
}
