import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  COMPLAINTS_MAP_GET,
  COMPLAINTS_SERVICE_DEFINITIONS,
  COMPLAINTS_SERVICE_GET,
  COMPLAINTS_SERVICE_LIST,
  COMPLAINTS_SERVICE_PUT,
  COMPLAINTS_TEMPLATE_LIST,
  COMPLAINTS_TEMPLATE_PUT,
  ServiceGetRequest,
  ServiceListRequest,
  ServicePutRequest,
  TemplateListRequest,
  TemplatePutRequest,
  type RpcReply,
} from '#contracts';
import { signedIn, staffMember } from '../request-actor.js';
import { ReadCityMapUseCase } from '../gazetteer/read-city-map/read-city-map.use-case.js';
import { EditCatalogueUseCase } from './edit-catalogue/edit-catalogue.use-case.js';
import { ReadCatalogueUseCase } from './read-catalogue/read-catalogue.use-case.js';

/** The catalogue's patterns (services, response templates, the city's map), each mapped to its use case. */
@Controller()
export class CatalogueNatsController {
  constructor(
    private readonly readCatalogue: ReadCatalogueUseCase,
    private readonly editCatalogue: EditCatalogueUseCase,
    private readonly readCityMap: ReadCityMapUseCase,
  ) {}

  @MessagePattern(COMPLAINTS_SERVICE_LIST)
  services(@Payload() q: ServiceListRequest): Promise<RpcReply<typeof COMPLAINTS_SERVICE_LIST>> {
    return this.readCatalogue.list(q.lang);
  }

  @MessagePattern(COMPLAINTS_SERVICE_GET)
  service(@Payload() q: ServiceGetRequest): Promise<RpcReply<typeof COMPLAINTS_SERVICE_GET>> {
    return this.readCatalogue.get(q.serviceCode, q.lang);
  }

  @MessagePattern(COMPLAINTS_SERVICE_DEFINITIONS)
  definitions(): Promise<RpcReply<typeof COMPLAINTS_SERVICE_DEFINITIONS>> {
    return this.readCatalogue.definitions(signedIn());
  }

  @MessagePattern(COMPLAINTS_MAP_GET)
  map(): Promise<RpcReply<typeof COMPLAINTS_MAP_GET>> {
    return this.readCityMap.execute();
  }

  @MessagePattern(COMPLAINTS_SERVICE_PUT)
  putService(@Payload() q: ServicePutRequest): Promise<RpcReply<typeof COMPLAINTS_SERVICE_PUT>> {
    return this.editCatalogue.putService(signedIn(), q);
  }

  @MessagePattern(COMPLAINTS_TEMPLATE_LIST)
  templates(@Payload() q: TemplateListRequest): Promise<RpcReply<typeof COMPLAINTS_TEMPLATE_LIST>> {
    staffMember();
    return this.editCatalogue.templates(q.lang);
  }

  @MessagePattern(COMPLAINTS_TEMPLATE_PUT)
  putTemplate(@Payload() q: TemplatePutRequest): Promise<RpcReply<typeof COMPLAINTS_TEMPLATE_PUT>> {
    return this.editCatalogue.putTemplate(signedIn(), q);
  }
}
