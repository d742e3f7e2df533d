import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { CityMapView } from '#contracts';
import { COMPLAINTS_CONFIG } from '../../complaints.tokens.js';
import type { ComplaintsConfig } from '../../config.js';
import { parseBoundary } from '../geo.js';
import { GazetteerRepository } from '../gazetteer.repository.js';

/**
 * `complaints.map.get` (public): what a map of the city needs when no map tiles exist — the
 * boundary ring of the configuration and the gazetteer's addresses (public data of the city,
 * nothing personal), by street and house number.
 */
@Injectable()
export class ReadCityMapUseCase {
  private readonly boundary: [number, number][];

  constructor(
    private readonly dataSource: DataSource,
    private readonly gazetteer: GazetteerRepository,
    @Inject(COMPLAINTS_CONFIG) config: ComplaintsConfig,
  ) {
    this.boundary = parseBoundary(config.COMPLAINTS_BOUNDARY).map((p) => [p.lat, p.long]);
  }

  async execute(): Promise<CityMapView> {
    return {
      boundary: this.boundary,
      addresses: await this.gazetteer.all(this.dataSource.manager),
    };
  }
}
