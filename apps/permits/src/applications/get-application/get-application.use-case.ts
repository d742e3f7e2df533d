import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  enforce,
  PermitsApplicationErrors,
  PermitsApplicationsAccess,
  type ApplicationView,
  type RequestActor,
} from '#contracts';
import { ApplicationRepository } from '../application.repository.js';
import { ApplicationViews } from '../application-views.js';

/**
 * One application with its documents, open revision items, inspections, timeline and permit:
 * its applicant, or staff who read cases (clerk, supervisor, inspector, auditor).
 */
@Injectable()
export class GetApplicationUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly applications: ApplicationRepository,
    private readonly views: ApplicationViews,
  ) {}

  async execute(query: { applicationId: string; user: RequestActor }): Promise<ApplicationView> {
    const db = this.dataSource.manager;
    const application = await this.applications.findById(db, query.applicationId);
    if (!application) throw PermitsApplicationErrors.applicationNotFound();
    enforce(query.user, { ownerId: application.applicantId }, ...PermitsApplicationsAccess.read());
    return this.views.view(db, application, query.user);
  }
}
