import { Injectable, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import { createFileStorage, FileStorage } from '#storage';
import type { PaymentsConfig } from './config.js';

/**
 * Payments' file storage: the same as the gateway's (FILE_STORAGE and its variables), where
 * the settlement reports cashiers upload are read from.
 */
export const fileStorageProvider = (config: PaymentsConfig): Provider => ({
  provide: FileStorage,
  useFactory: () => createFileStorage(config),
});

/** Closes the file storage's connections when payments stops. */
@Injectable()
export class FileStorageShutdown implements OnApplicationShutdown {
  constructor(private readonly storage: FileStorage) {}

  async onApplicationShutdown(): Promise<void> {
    await this.storage.close();
  }
}
