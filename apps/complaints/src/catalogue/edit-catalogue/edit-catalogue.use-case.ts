import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  COMPLAINTS_SERVICE_PUT,
  ComplaintsErrors,
  enforce,
  Policy,
  type RequestActor,
  type ServiceDefinitionView,
  type ServicePutRequest,
  type TemplatePutRequest,
  type TemplateView,
} from '#contracts';
import { IdempotentCommands } from '#platform';
import { definitionView } from '../catalogue.js';
import { CatalogueRepository } from '../catalogue.repository.js';

/**
 * The catalogue as admins edit it: a service (created or replaced, its department and group
 * must exist, list attributes need values) and the response templates (supervisors too).
 */
@Injectable()
export class EditCatalogueUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly commands: IdempotentCommands,
    private readonly catalogue: CatalogueRepository,
  ) {}

  async putService(user: RequestActor, q: ServicePutRequest): Promise<ServiceDefinitionView> {
    enforce(user, {}, Policy.roles('admin'));
    // Forgotten again once committed: a report read between the put and the commit cached
    // the old entry.
    const view = await this.commands.run(COMPLAINTS_SERVICE_PUT, async (tx) => {
      if (!(await this.catalogue.departmentExists(tx, q.departmentCode)))
        throw ComplaintsErrors.departmentNotFound(q.departmentCode);
      if (!(await this.catalogue.groupExists(tx, q.groupCode)))
        throw ComplaintsErrors.catalogueInvalid('groupCode', `names no group ${q.groupCode}`);
      for (const a of q.attributes)
        if (a.datatype.endsWith('valuelist') && !(a.values ?? []).length)
          throw ComplaintsErrors.catalogueInvalid('attributes', `attribute ${a.code} needs values`);
      await this.catalogue.putService(tx, q);
      return definitionView((await this.catalogue.find(tx, q.serviceCode))!);
    });
    this.catalogue.forget(this.dataSource);
    return view;
  }

  templates(lang: string | undefined): Promise<TemplateView[]> {
    return this.catalogue.templates(this.dataSource.manager, lang);
  }

  async putTemplate(user: RequestActor, q: TemplatePutRequest): Promise<TemplateView> {
    enforce(user, {}, Policy.roles('admin', 'supervisor'));
    await this.catalogue.putTemplate(this.dataSource.manager, q);
    this.catalogue.forget(this.dataSource);
    return { status: q.status, lang: q.lang, text: q.text };
  }
}
