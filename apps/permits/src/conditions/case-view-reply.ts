import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PermitsApplicationErrors, type ApplicationView, type RequestActor } from '#contracts';
import { ApplicationRepository } from '../applications/application.repository.js';
import { ApplicationViews } from '../applications/application-views.js';

/** The answer of a condition's or hold's step: the application view as the table says now. */
@Injectable()
export class ApplicationViewReply {
  constructor(
    private readonly dataSource: DataSource,
    private readonly applications: ApplicationRepository,
    private readonly views: ApplicationViews,
  ) {}

  async of(applicationId: string, user: RequestActor): Promise<ApplicationView> {
    const db = this.dataSource.manager;
    const application = await this.applications.findById(db, applicationId);
    if (!application) throw PermitsApplicationErrors.applicationNotFound();
    return this.views.view(db, application, user);
  }
}
