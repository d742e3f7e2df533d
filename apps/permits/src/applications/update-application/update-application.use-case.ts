import { Injectable } from '@nestjs/common';
import {
  enforce,
  PERMITS_APPLICATION_UPDATE,
  PermitsApplicationErrors,
  PermitsApplicationsAccess,
  type ApplicationView,
  type RequestActor,
  type UpdateApplicationRequest,
} from '#contracts';
import { IdempotentCommands } from '#platform';
import { isEditable } from '../application.js';
import { ApplicationRepository } from '../application.repository.js';
import { ApplicationViews } from '../application-views.js';

export type UpdateApplication = UpdateApplicationRequest & { user: RequestActor };

/**
 * The applicant changes their application while it is a draft or changes were requested: what
 * is sent replaces what was there (title, site, details, quantities). Nothing is announced:
 * the change shows when the application is submitted or resubmitted.
 */
@Injectable()
export class UpdateApplicationUseCase {
  constructor(
    private readonly commands: IdempotentCommands,
    private readonly applications: ApplicationRepository,
    private readonly views: ApplicationViews,
  ) {}

  execute(command: UpdateApplication): Promise<ApplicationView> {
    return this.commands.run(PERMITS_APPLICATION_UPDATE, async (tx) => {
      const application = await this.applications.findById(tx, command.applicationId, {
        lock: true,
      });
      if (!application) throw PermitsApplicationErrors.applicationNotFound();
      enforce(
        command.user,
        { ownerId: application.applicantId },
        ...PermitsApplicationsAccess.change(),
      );
      if (!isEditable(application.status))
        throw PermitsApplicationErrors.notEditable(application.status);
      if (command.title !== undefined) application.title = command.title;
      if (command.site !== undefined)
        application.site = {
          address: command.site.address,
          lat: command.site.lat ?? null,
          lon: command.site.lon ?? null,
        };
      if (command.details !== undefined) application.details = command.details;
      if (command.quantities !== undefined) application.quantities = command.quantities;
      application.updatedAt = new Date();
      await this.applications.save(tx, application);
      return this.views.view(tx, application, command.user);
    });
  }
}
