import { describe, expect, it } from '@jest/globals';
import { SERVICE_NAMES } from '#contracts';
import { appEnvironment, appProcessEnvironment, type AppPorts } from './apps.js';

const ports: AppPorts = {
  gateway: 3000,
  ops: Object.fromEntries(SERVICE_NAMES.map((n) => [n, 9400])) as AppPorts['ops'],
  paymentSandbox: 3100,
};

const input = {
  databaseUrl: 'postgres://postgres@127.0.0.1:5432/civic',
  natsUrl: 'nats://127.0.0.1:4222',
  temporalAddress: '127.0.0.1:7233',
  ports,
  fileStorageDir: '/data/stack/files',
};

describe('file storage in the local stack', () => {
  it('gives payments the folder the gateway streams uploads into, so it reads the reports', () => {
    const env = appEnvironment(input, { PATH: '/bin' });
    const gateway = appProcessEnvironment('gateway', env);
    const payments = appProcessEnvironment('payments', env);
    expect(gateway.FILE_STORAGE_DIR).toBe('/data/stack/files');
    expect(payments.FILE_STORAGE_DIR).toBe(gateway.FILE_STORAGE_DIR);
  });

  it('keeps a FILE_STORAGE_DIR already set, for every app alike', () => {
    const env = appEnvironment(input, { PATH: '/bin', FILE_STORAGE_DIR: '/elsewhere' });
    expect(appProcessEnvironment('payments', env).FILE_STORAGE_DIR).toBe('/elsewhere');
    expect(appProcessEnvironment('gateway', env).FILE_STORAGE_DIR).toBe('/elsewhere');
  });
});
