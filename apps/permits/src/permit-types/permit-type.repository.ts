import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { PermitTypeDefinition } from './permit-type.js';

/** One version of a permit type, as applications pin it. */
export interface PermitTypeVersion {
  code: string;
  version: number;
  definition: PermitTypeDefinition;
}

/** A version with what the catalogue shows beside it. */
export interface PublishedPermitType extends PermitTypeVersion {
  currentVersion: number;
  publishedAt: Date;
}

interface VersionRow {
  code: string;
  version: number;
  definition: PermitTypeDefinition | string;
  current_version: number;
  created_at: Date;
}

const published = (row: VersionRow): PublishedPermitType => ({
  code: row.code,
  version: row.version,
  definition: (typeof row.definition === 'string'
    ? JSON.parse(row.definition)
    : row.definition) as PermitTypeDefinition,
  currentVersion: row.current_version,
  publishedAt: row.created_at,
});

const SELECT_VERSION = `
  SELECT v.code, v.version, v.definition, t.current_version, v.created_at
  FROM permit_type_versions v JOIN permit_types t ON t.code = v.code`;

/**
 * Every statement on `permit_types` and `permit_type_versions`, on the EntityManager it is
 * given (the use case's transaction, or the data source's manager for a single read).
 * Versions are only ever inserted (the table refuses UPDATE and DELETE).
 */
@Injectable()
export class PermitTypeRepository {
  /** The version in force of a type, or null when there is no such type. */
  async findCurrent(db: EntityManager, code: string): Promise<PermitTypeVersion | null> {
    const found = await this.findPublished(db, code);
    return found && { code: found.code, version: found.version, definition: found.definition };
  }

  /** One version of a type (an application's pinned one), or null. */
  async findVersion(
    db: EntityManager,
    code: string,
    version: number,
  ): Promise<PermitTypeVersion | null> {
    const found = await this.findPublishedVersion(db, code, version);
    return found && { code: found.code, version: found.version, definition: found.definition };
  }

  async findPublished(db: EntityManager, code: string): Promise<PublishedPermitType | null> {
    const rows = await db.query<VersionRow[]>(
      `${SELECT_VERSION} AND v.version = t.current_version WHERE t.code = $1`,
      [code],
    );
    return rows[0] ? published(rows[0]) : null;
  }

  async findPublishedVersion(
    db: EntityManager,
    code: string,
    version: number,
  ): Promise<PublishedPermitType | null> {
    const rows = await db.query<VersionRow[]>(
      `${SELECT_VERSION} WHERE v.code = $1 AND v.version = $2`,
      [code, version],
    );
    return rows[0] ? published(rows[0]) : null;
  }

  /** The version in force of every type, by code. */
  async listCurrent(db: EntityManager): Promise<PublishedPermitType[]> {
    const rows = await db.query<VersionRow[]>(
      `${SELECT_VERSION} AND v.version = t.current_version ORDER BY t.code`,
    );
    return rows.map(published);
  }

  /**
   * Locks a type's row for a new version (concurrent changes of one type queue here) and
   * answers its current version, or null when the type does not exist.
   */
  async lockType(db: EntityManager, code: string): Promise<number | null> {
    const rows = await db.query<{ current_version: number }[]>(
      'SELECT current_version FROM permit_types WHERE code = $1 FOR UPDATE',
      [code],
    );
    return rows[0]?.current_version ?? null;
  }

  /** The type whose case-number prefix this is, other than `code`, or null. */
  async prefixOwner(db: EntityManager, prefix: string, code: string): Promise<string | null> {
    const rows = await db.query<{ code: string }[]>(
      'SELECT code FROM permit_types WHERE prefix = $1 AND code <> $2',
      [prefix, code],
    );
    return rows[0]?.code ?? null;
  }

  /**
   * Writes a version and makes it the one in force: the type's row first (new or moved on),
   * then the version (the deferred key between them is checked at commit). Answers false when
   * another transaction created the type first (the caller then reports it exists).
   */
  async publish(
    db: EntityManager,
    version: PermitTypeVersion,
    createdBy: string,
    at: Date,
  ): Promise<boolean> {
    if (version.version === 1) {
      const inserted = await db.query<unknown[]>(
        `INSERT INTO permit_types (code, current_version, prefix, created_at, updated_at)
         VALUES ($1, 1, $2, $3, $3) ON CONFLICT (code) DO NOTHING RETURNING 1`,
        [version.code, version.definition.prefix, at],
      );
      if (inserted.length === 0) return false;
    } else {
      await db.query(
        `UPDATE permit_types SET current_version = $2, prefix = $3, updated_at = $4
         WHERE code = $1`,
        [version.code, version.version, version.definition.prefix, at],
      );
    }
    await db.query(
      `INSERT INTO permit_type_versions (code, version, definition, created_by, created_at)
       VALUES ($1, $2, $3, $4, $5)`,
      [version.code, version.version, JSON.stringify(version.definition), createdBy, at],
    );
    return true;
  }
}
