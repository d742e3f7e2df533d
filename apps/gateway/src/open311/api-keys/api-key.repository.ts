import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ApiKeyRow } from './api-key.js';

/** The SQL of `open311_api_keys`, on the EntityManager it is given. */
@Injectable()
export class ApiKeyRepository {
  async insert(
    db: EntityManager,
    key: { id: string; prefix: string; hash: Buffer; clientName: string; issuedBy: string },
  ): Promise<ApiKeyRow> {
    const rows = await db.query<ApiKeyRow[]>(
      `INSERT INTO open311_api_keys (id, key_prefix, key_hash, client_name, issued_by)
       VALUES ($1, $2, $3, $4, $5) RETURNING *`,
      [key.id, key.prefix, key.hash, key.clientName, key.issuedBy],
    );
    return rows[0]!;
  }

  /** The key with this hash while it is not revoked. */
  async findLiveByHash(db: EntityManager, hash: Buffer): Promise<ApiKeyRow | undefined> {
    const rows = await db.query<ApiKeyRow[]>(
      'SELECT * FROM open311_api_keys WHERE key_hash = $1 AND revoked_at IS NULL',
      [hash],
    );
    return rows[0];
  }

  /** Revokes a key (a revoked key stays revoked: its first revocation is kept). */
  async revoke(db: EntityManager, id: string, by: string): Promise<ApiKeyRow | undefined> {
    const rows = await db.query<[ApiKeyRow[], number]>(
      `UPDATE open311_api_keys SET revoked_at = coalesce(revoked_at, now()),
              revoked_by = coalesce(revoked_by, $2)
       WHERE id = $1 RETURNING *`,
      [id, by],
    );
    return rows[0][0];
  }

  async list(db: EntityManager): Promise<ApiKeyRow[]> {
    return db.query<ApiKeyRow[]>('SELECT * FROM open311_api_keys ORDER BY issued_at DESC, id');
  }
}
