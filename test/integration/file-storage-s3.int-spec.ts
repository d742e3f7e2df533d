/**
 * The S3 store against a real S3-compatible server process (moto's server, pinned, installed
 * into .tools/moto on first use): the same behaviour as the local directory
 * (libs/storage/src/file-storage.medium-fixture.ts), with parts of 5 MiB so that large content
 * goes up as a real multipart upload, plus what only S3 can leave behind (open multipart
 * uploads, temporary objects) and its configuration.
 */
import { Readable } from 'node:stream';
import {
  CreateBucketCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, describe, expect, it } from '@jest/globals';
import { startS3Server, type S3Server } from '#devstack';
import { BaseConfig, loadConfig } from '#platform';
import { createFileStorage, S3FileStorage, WithFileStorage } from '#storage';
import { describeFileStorage } from '../../libs/storage/src/file-storage.medium-fixture.js';

const CREDENTIALS = { accessKeyId: 'civic-test', secretAccessKey: 'civic-test-secret' };
const MIB = 1_048_576;

let server: S3Server | undefined;
let buckets = 0;

/** The test server (started once for the file), and a fresh bucket on it. */
async function freshBucket(): Promise<{ endpoint: string; bucket: string; admin: S3Client }> {
  server ??= await startS3Server();
  const bucket = `civic-test-${(buckets += 1)}`;
  const admin = new S3Client({
    endpoint: server.endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: CREDENTIALS,
  });
  await admin.send(new CreateBucketCommand({ Bucket: bucket }));
  return { endpoint: server.endpoint, bucket, admin };
}

/** Temporary objects and unfinished multipart uploads in `bucket`. */
async function leftoversIn(admin: S3Client, bucket: string): Promise<string[]> {
  const objects = await admin.send(
    new ListObjectsV2Command({ Bucket: bucket, Prefix: '.incoming/' }),
  );
  const uploads = await admin.send(new ListMultipartUploadsCommand({ Bucket: bucket }));
  return [
    ...(objects.Contents ?? []).map((o) => `object ${o.Key}`),
    ...(uploads.Uploads ?? []).map((u) => `multipart upload ${u.Key}`),
  ];
}

afterAll(async () => {
  await server?.stop();
});

describeFileStorage(
  'S3 (moto server)',
  async () => {
    const { endpoint, bucket, admin } = await freshBucket();
    const storage = new S3FileStorage({
      bucket,
      region: 'us-east-1',
      endpoint,
      forcePathStyle: true,
      credentials: CREDENTIALS,
      partSizeBytes: 5 * MIB,
    });
    return {
      storage,
      leftovers: () => leftoversIn(admin, bucket),
      close: async () => {
        await storage.close();
        admin.destroy();
      },
    };
  },
  // More than two parts of 5 MiB: a multipart upload. moto does not honour If-None-Match on
  // CopyObject (AWS S3 does), so racing puts of the same bytes may each write them there.
  { largeBytes: 12 * MIB, exclusiveCreate: false },
);

describe('S3FileStorage', () => {
  class Config extends WithFileStorage(BaseConfig) {}

  it('is chosen and configured by FILE_STORAGE=s3 and its variables', async () => {
    const { endpoint, bucket, admin } = await freshBucket();
    const config = loadConfig('test', Config, {
      FILE_STORAGE: 's3',
      FILE_STORAGE_S3_ENDPOINT: endpoint,
      FILE_STORAGE_S3_BUCKET: bucket,
      FILE_STORAGE_S3_REGION: 'eu-west-1',
      FILE_STORAGE_S3_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
      FILE_STORAGE_S3_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
      FILE_STORAGE_S3_FORCE_PATH_STYLE: 'true',
    });
    const storage = createFileStorage(config);
    try {
      expect(storage.kind).toBe('s3');
      const stored = await storage.put('reports', Readable.from(['a,b\n1,2\n']), {
        contentType: 'text/csv',
        maxBytes: 1_000,
      });
      // Seen by another client of the bucket under that key, with its type and digest.
      const listed = await admin.send(
        new ListObjectsV2Command({ Bucket: bucket, Prefix: 'reports/' }),
      );
      expect((listed.Contents ?? []).map((o) => [o.Key, o.Size])).toEqual([[stored.key, 8]]);
      expect(await storage.head(stored.key)).toEqual({
        key: stored.key,
        size: 8,
        contentType: 'text/csv',
        sha256: stored.sha256,
      });
    } finally {
      await storage.close();
      admin.destroy();
    }
  });

  it('refuses an unusable configuration at load, naming the variable', () => {
    const load = (env: NodeJS.ProcessEnv) => {
      try {
        loadConfig('test', Config, env);
        return 'loaded';
      } catch (error) {
        return (error as Error).message;
      }
    };
    expect(load({ FILE_STORAGE: 's3' })).toMatch(
      /FILE_STORAGE_S3_BUCKET must be an S3 bucket name/,
    );
    expect(load({ FILE_STORAGE: 'ftp' })).toMatch(/FILE_STORAGE must be one of/);
    expect(
      load({
        FILE_STORAGE: 's3',
        FILE_STORAGE_S3_BUCKET: 'b-1',
        FILE_STORAGE_S3_ACCESS_KEY_ID: 'k',
      }),
    ).toMatch(/FILE_STORAGE_S3_SECRET_ACCESS_KEY must be set with FILE_STORAGE_S3_ACCESS_KEY_ID/);
    expect(
      load({
        FILE_STORAGE: 's3',
        FILE_STORAGE_S3_BUCKET: 'b-1',
        FILE_STORAGE_S3_ENDPOINT: 'ftp://x',
      }),
    ).toMatch(/FILE_STORAGE_S3_ENDPOINT must be empty or an http\(s\) URL/);
    expect(
      load({
        FILE_STORAGE: 's3',
        FILE_STORAGE_S3_BUCKET: 'b-1',
        FILE_STORAGE_S3_FORCE_PATH_STYLE: 'yes',
      }),
    ).toMatch(/FILE_STORAGE_S3_FORCE_PATH_STYLE must be a boolean/);
    // Local by default: nothing else needed.
    expect(load({})).toBe('loaded');
  });
});
