import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { viewOf, type ApiKeyView } from '../api-key.js';
import { ApiKeyRepository } from '../api-key.repository.js';

/** Every Open311 API key, newest first, as admins see them (never the key). */
@Injectable()
export class ListApiKeysUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly keys: ApiKeyRepository,
  ) {}

  async execute(): Promise<ApiKeyView[]> {
    return (await this.keys.list(this.dataSource.manager)).map(viewOf);
  }
}
