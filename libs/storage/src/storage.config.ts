import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsNotEmpty, IsString, Matches, ValidateIf } from 'class-validator';
import { FILE_STORAGE_KINDS, type FileStorage, type FileStorageKind } from './file-storage.js';
import { LocalFileStorage } from './local-file-storage.js';
import { S3FileStorage } from './s3-file-storage.js';

/** The variables that choose and configure an app's file storage. */
export interface FileStorageSettings {
  FILE_STORAGE: FileStorageKind;
  FILE_STORAGE_DIR: string;
  FILE_STORAGE_S3_ENDPOINT: string;
  FILE_STORAGE_S3_BUCKET: string;
  FILE_STORAGE_S3_REGION: string;
  FILE_STORAGE_S3_ACCESS_KEY_ID: string;
  FILE_STORAGE_S3_SECRET_ACCESS_KEY: string;
  FILE_STORAGE_S3_FORCE_PATH_STYLE: boolean;
}

const whenS3 = (settings: FileStorageSettings): boolean => settings.FILE_STORAGE === 's3';

/** `true`/`false` (any case) from the environment; anything else is left for IsBoolean to refuse. */
const booleanFromEnv = Transform(({ value }: { value: unknown }) => {
  if (typeof value !== 'string') return value;
  const text = value.trim().toLowerCase();
  return text === 'true' ? true : text === 'false' ? false : value;
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type ConfigClass = new (...args: any[]) => object;

/**
 * Adds the file storage variables to an app's configuration class (its defaults serve the
 * local stack: a directory under .data/), validated with the rest of it at boot:
 *
 * ```ts
 * export class GatewayConfig extends WithFileStorage(DatabaseConfig) { ... }
 * ```
 */
export function WithFileStorage<TBase extends ConfigClass>(Base: TBase) {
  class FileStorageConfig extends Base implements FileStorageSettings {
    /** `local` (a directory, the default) or `s3` (an S3-compatible bucket). */
    @IsIn(FILE_STORAGE_KINDS)
    FILE_STORAGE: FileStorageKind = 'local';

    /** The directory of `local` storage (relative to the working directory, or absolute). */
    @IsString()
    @IsNotEmpty()
    FILE_STORAGE_DIR = '.data/files';

    /** `s3`: the server's URL; empty for AWS S3 itself. */
    @ValidateIf(whenS3)
    @Matches(/^(|https?:\/\/\S+)$/, { message: 'must be empty or an http(s) URL' })
    FILE_STORAGE_S3_ENDPOINT = '';

    /** `s3`: the bucket (it must exist). */
    @ValidateIf(whenS3)
    @Matches(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { message: 'must be an S3 bucket name' })
    FILE_STORAGE_S3_BUCKET = '';

    /** `s3`: the region (S3-compatible servers mostly accept any). */
    @ValidateIf(whenS3)
    @Matches(/^[a-z0-9-]{1,40}$/, { message: 'must be a region name such as eu-west-1' })
    FILE_STORAGE_S3_REGION = 'us-east-1';

    /** `s3`: the access key id; empty: the SDK's own chain (environment, profile, role). */
    @IsString()
    @ValidateIf((s: FileStorageSettings) => whenS3(s) && s.FILE_STORAGE_S3_SECRET_ACCESS_KEY !== '')
    @IsNotEmpty({ message: 'must be set with FILE_STORAGE_S3_SECRET_ACCESS_KEY' })
    FILE_STORAGE_S3_ACCESS_KEY_ID = '';

    /** `s3`: the secret access key (a secret: from the environment or a secret store). */
    @IsString()
    @ValidateIf((s: FileStorageSettings) => whenS3(s) && s.FILE_STORAGE_S3_ACCESS_KEY_ID !== '')
    @IsNotEmpty({ message: 'must be set with FILE_STORAGE_S3_ACCESS_KEY_ID' })
    FILE_STORAGE_S3_SECRET_ACCESS_KEY = '';

    /** `s3`: path-style URLs (`host/bucket/key`), which most S3-compatible servers need. */
    @booleanFromEnv
    @IsBoolean()
    FILE_STORAGE_S3_FORCE_PATH_STYLE = false;
  }
  return FileStorageConfig;
}

/** The store the settings describe. */
export function createFileStorage(settings: FileStorageSettings): FileStorage {
  switch (settings.FILE_STORAGE) {
    case 'local':
      return new LocalFileStorage(settings.FILE_STORAGE_DIR);
    case 's3': {
      const keyId = settings.FILE_STORAGE_S3_ACCESS_KEY_ID;
      const secret = settings.FILE_STORAGE_S3_SECRET_ACCESS_KEY;
      return new S3FileStorage({
        bucket: settings.FILE_STORAGE_S3_BUCKET,
        region: settings.FILE_STORAGE_S3_REGION,
        endpoint: settings.FILE_STORAGE_S3_ENDPOINT,
        forcePathStyle: settings.FILE_STORAGE_S3_FORCE_PATH_STYLE,
        ...(keyId ? { credentials: { accessKeyId: keyId, secretAccessKey: secret } } : {}),
      });
    }
  }
}
