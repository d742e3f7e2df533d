import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  ComplaintsErrors,
  enforce,
  Policy,
  type RequestActor,
  type ServiceDefinitionView,
  type ServicePutRequest,
  type ServiceView,
} from '#contracts';
import { definitionView, editableDefinition, serviceView } from '../catalogue.js';
import { CatalogueRepository } from '../catalogue.repository.js';

/** Open311 `services` and `services/{code}`: the active catalogue, names in `lang`. */
@Injectable()
export class ReadCatalogueUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly catalogue: CatalogueRepository,
  ) {}

  async list(lang?: string): Promise<ServiceView[]> {
    const services = await this.catalogue.list(this.dataSource.manager, { activeOnly: true });
    return services.map((s) => serviceView(s, lang));
  }

  /** Every service, inactive ones too, as an admin edits it (`complaints.service.put`). */
  async definitions(user: RequestActor): Promise<ServicePutRequest[]> {
    enforce(user, {}, Policy.roles('admin'));
    const services = await this.catalogue.list(this.dataSource.manager, { activeOnly: false });
    return services.map(editableDefinition);
  }

  async get(serviceCode: string, lang?: string): Promise<ServiceDefinitionView> {
    const service = await this.catalogue.find(this.dataSource.manager, serviceCode);
    if (!service || !service.active) throw ComplaintsErrors.serviceNotFound(serviceCode);
    return definitionView(service, lang);
  }
}
