import { Injectable, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import { createFileStorage, FileStorage } from '#storage';
import type { GatewayConfig } from '../config.js';

/** The gateway's file storage, as its configuration chooses (FILE_STORAGE=local|s3). */
export const fileStorageProvider = (config: GatewayConfig): Provider => ({
  provide: FileStorage,
  useFactory: () => createFileStorage(config),
});

/** Closes the file storage's connections when the gateway stops. */
@Injectable()
export class FileStorageShutdown implements OnApplicationShutdown {
  constructor(private readonly storage: FileStorage) {}

  async onApplicationShutdown(): Promise<void> {
    await this.storage.close();
  }
}
