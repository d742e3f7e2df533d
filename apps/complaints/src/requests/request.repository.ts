import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { newId } from '#platform';
import type { ComplaintStatus } from '#contracts';
import type { RequestRecord, UpdateRecord } from './request.js';

const COLUMNS: [keyof RequestRecord, string][] = [
  ['id', 'id'],
  ['token', 'token'],
  ['reporterSecretHash', 'reporter_secret_hash'],
  ['serviceCode', 'service_code'],
  ['departmentCode', 'department_code'],
  ['officerId', 'officer_id'],
  ['priority', 'priority'],
  ['status', 'status'],
  ['statusNotes', 'status_notes'],
  ['channel', 'channel'],
  ['apiClientId', 'api_client_id'],
  ['reporterAccountId', 'reporter_account_id'],
  ['open311AccountId', 'open311_account_id'],
  ['firstName', 'first_name'],
  ['lastName', 'last_name'],
  ['email', 'email'],
  ['phone', 'phone'],
  ['deviceId', 'device_id'],
  ['description', 'description'],
  ['descriptionModeration', 'description_moderation'],
  ['attributes', 'attributes'],
  ['lat', 'lat'],
  ['long', 'long'],
  ['publicLat', 'public_lat'],
  ['publicLong', 'public_long'],
  ['fullAddress', 'full_address'],
  ['publicAddress', 'public_address'],
  ['addressId', 'address_id'],
  ['zipcode', 'zipcode'],
  ['requestedAt', 'requested_at'],
  ['updatedAt', 'updated_at'],
  ['expectedAt', 'expected_at'],
  ['triageDueAt', 'triage_due_at'],
  ['escalated', 'escalated'],
  ['resolvedAt', 'resolved_at'],
  ['reopenUntil', 'reopen_until'],
  ['closedAt', 'closed_at'],
  ['reopenCount', 'reopen_count'],
  ['duplicateOf', 'duplicate_of'],
];
const COLUMN_OF = new Map(COLUMNS);
const SELECT = `SELECT ${COLUMNS.map(([k, c]) => `r.${c} AS "${k}"`).join(', ')} FROM requests r`;

export interface MediaRecord {
  id: string;
  requestId: string;
  url: string;
  moderation: 'pending' | 'approved' | 'rejected';
}

export interface StoredMediaRecord {
  id: string;
  requestId: string;
  storageKey: string;
  sha256: string;
  contentType: string;
  size: number;
  moderation: 'pending' | 'approved' | 'rejected';
}

/** The requests' SQL, on the transaction's EntityManager. */
@Injectable()
export class RequestRepository {
  async insert(tx: EntityManager, r: RequestRecord): Promise<void> {
    const json = new Set<keyof RequestRecord>(['attributes']);
    await tx.query(
      `INSERT INTO requests (${COLUMNS.map(([, c]) => c).join(', ')})
       VALUES (${COLUMNS.map((_, i) => `$${i + 1}`).join(', ')})`,
      COLUMNS.map(([k]) => (json.has(k) ? JSON.stringify(r[k]) : r[k])),
    );
  }

  async find(
    tx: EntityManager,
    id: string,
    options: { lock?: boolean } = {},
  ): Promise<RequestRecord | undefined> {
    const rows = await tx.query<RequestRecord[]>(
      `${SELECT} WHERE r.id = $1 ${options.lock ? 'FOR UPDATE' : ''}`,
      [id],
    );
    return rows[0];
  }

  async findMany(tx: EntityManager, ids: string[]): Promise<RequestRecord[]> {
    return tx.query<RequestRecord[]>(
      `${SELECT} WHERE r.id = ANY($1::uuid[]) ORDER BY r.requested_at`,
      [ids],
    );
  }

  async findByToken(tx: EntityManager, token: string): Promise<RequestRecord | undefined> {
    const rows = await tx.query<RequestRecord[]>(`${SELECT} WHERE r.token = $1`, [token]);
    return rows[0];
  }

  /** Open311's query: newest first, within [start, end), by codes and Open311 statuses. */
  async search(
    tx: EntityManager,
    q: {
      serviceCodes?: string[];
      start: Date;
      end: Date;
      statuses?: ('open' | 'closed')[];
      limit: number;
    },
  ): Promise<RequestRecord[]> {
    const wantOpen = !q.statuses || q.statuses.includes('open');
    const wantClosed = !q.statuses || q.statuses.includes('closed');
    return tx.query<RequestRecord[]>(
      `${SELECT} WHERE r.requested_at >= $1 AND r.requested_at < $2
         AND ($3::text[] IS NULL OR r.service_code = ANY($3))
         AND (($4 AND r.closed_at IS NULL) OR ($5 AND r.closed_at IS NOT NULL))
       ORDER BY r.requested_at DESC, r.id DESC LIMIT $6`,
      [q.start, q.end, q.serviceCodes ?? null, wantOpen, wantClosed, q.limit],
    );
  }

  /** A citizen's own reports and those they follow, newest first. */
  async ownPage(
    tx: EntityManager,
    accountId: string,
    after: { at: Date; id: string } | undefined,
    limit: number,
  ): Promise<(RequestRecord & { relation: 'reporter' | 'follower' })[]> {
    return tx.query(
      `${SELECT.replace(' FROM requests r', `, CASE WHEN r.reporter_account_id = $1 THEN 'reporter' ELSE 'follower' END AS relation FROM requests r`)}
       WHERE (r.reporter_account_id = $1
              OR EXISTS (SELECT 1 FROM followers f WHERE f.request_id = r.id AND f.account_id = $1))
         AND ($2::timestamptz IS NULL OR (r.requested_at, r.id) < ($2, $3::uuid))
       ORDER BY r.requested_at DESC, r.id DESC LIMIT $4`,
      [accountId, after?.at ?? null, after?.id ?? null, limit],
    );
  }

  /** One request with the account's relation to it, when it reported or follows it. */
  async ownOne(
    tx: EntityManager,
    accountId: string,
    requestId: string,
  ): Promise<(RequestRecord & { relation: 'reporter' | 'follower' }) | undefined> {
    const rows = await tx.query<(RequestRecord & { relation: 'reporter' | 'follower' })[]>(
      `${SELECT.replace(' FROM requests r', `, CASE WHEN r.reporter_account_id = $1 THEN 'reporter' ELSE 'follower' END AS relation FROM requests r`)}
       WHERE r.id = $2
         AND (r.reporter_account_id = $1
              OR EXISTS (SELECT 1 FROM followers f WHERE f.request_id = r.id AND f.account_id = $1))`,
      [accountId, requestId],
    );
    return rows[0];
  }

  /** The staff queue: open work, oldest first. */
  async queue(
    tx: EntityManager,
    q: { status?: ComplaintStatus; departmentCode?: string; officerId?: string; limit: number },
  ): Promise<RequestRecord[]> {
    return tx.query<RequestRecord[]>(
      `${SELECT} WHERE r.status = COALESCE($1, r.status)
         AND ($1::text IS NOT NULL OR r.status IN ('for_triage', 'investigating', 'action_scheduled', 'in_progress'))
         AND ($2::text IS NULL OR r.department_code = $2)
         AND ($3::uuid IS NULL OR r.officer_id = $3)
       ORDER BY r.escalated DESC, r.requested_at LIMIT $4`,
      [q.status ?? null, q.departmentCode ?? null, q.officerId ?? null, q.limit],
    );
  }

  /** Open requests of a service requested since `since` within a box (refined by distance). */
  async openNear(
    tx: EntityManager,
    q: {
      serviceCode: string;
      since: Date;
      min: { lat: number; long: number };
      max: { lat: number; long: number };
    },
  ): Promise<Pick<RequestRecord, 'id' | 'lat' | 'long' | 'duplicateOf'>[]> {
    // The box first (index requests_open_point), then the service, window and status.
    return tx.query<Pick<RequestRecord, 'id' | 'lat' | 'long' | 'duplicateOf'>[]>(
      `SELECT r.id, r.lat, r.long, r.duplicate_of AS "duplicateOf" FROM requests r
       WHERE point(r.long, r.lat) <@ box(point($5, $3), point($6, $4)) AND r.closed_at IS NULL
         AND r.service_code = $1 AND r.requested_at >= $2
         AND r.status IN ('for_triage', 'investigating', 'action_scheduled', 'in_progress')
       ORDER BY r.requested_at LIMIT 50`,
      [q.serviceCode, q.since, q.min.lat, q.max.lat, q.min.long, q.max.long],
    );
  }

  /** Sets the given fields (and `updated_at`). */
  async change(
    tx: EntityManager,
    id: string,
    fields: Partial<RequestRecord>,
    at: Date,
  ): Promise<void> {
    const entries = Object.entries({ ...fields, updatedAt: at }).filter(([, v]) => v !== undefined);
    await tx.query(
      `UPDATE requests SET ${entries.map(([k], i) => `${COLUMN_OF.get(k as keyof RequestRecord)} = $${i + 2}`).join(', ')} WHERE id = $1`,
      [id, ...entries.map(([k, v]) => (k === 'attributes' ? JSON.stringify(v) : v))],
    );
  }

  async addUpdate(tx: EntityManager, u: Omit<UpdateRecord, 'id'>): Promise<UpdateRecord> {
    const id = newId();
    await tx.query(
      `INSERT INTO request_updates (id, request_id, status, external_status, description, media_url, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [id, u.requestId, u.status, u.externalStatus, u.description, u.mediaUrl, u.createdAt],
    );
    return { id, ...u };
  }

  async updates(
    tx: EntityManager,
    q: { start?: Date; end?: Date; requestIds?: string[]; limit: number },
  ): Promise<UpdateRecord[]> {
    return tx.query<UpdateRecord[]>(
      `SELECT id, request_id AS "requestId", status, external_status AS "externalStatus",
              description, media_url AS "mediaUrl", created_at AS "createdAt"
       FROM request_updates
       WHERE ($1::timestamptz IS NULL OR created_at >= $1) AND ($2::timestamptz IS NULL OR created_at < $2)
         AND ($3::uuid[] IS NULL OR request_id = ANY($3))
       ORDER BY created_at, id LIMIT $4`,
      [q.start ?? null, q.end ?? null, q.requestIds ?? null, q.limit],
    );
  }

  async addMedia(
    tx: EntityManager,
    m: MediaRecord & { storageKey?: string; sha256?: string; contentType?: string; size?: number },
    at: Date,
  ): Promise<void> {
    await tx.query(
      `INSERT INTO request_media (id, request_id, storage_key, sha256, content_type, size, url, moderation, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        m.id,
        m.requestId,
        m.storageKey ?? null,
        m.sha256 ?? null,
        m.contentType ?? null,
        m.size ?? null,
        m.url,
        m.moderation,
        at,
      ],
    );
  }

  async media(tx: EntityManager, requestIds: string[]): Promise<MediaRecord[]> {
    return tx.query<MediaRecord[]>(
      `SELECT id, request_id AS "requestId", url, moderation FROM request_media
       WHERE request_id = ANY($1::uuid[]) ORDER BY created_at, id`,
      [requestIds],
    );
  }

  /** A stored photo's file and moderation (photos given only as a URL have no file). */
  async mediaFile(tx: EntityManager, id: string): Promise<StoredMediaRecord | undefined> {
    const rows = await tx.query<StoredMediaRecord[]>(
      `SELECT id, request_id AS "requestId", storage_key AS "storageKey", sha256,
              content_type AS "contentType", size::float8 AS size, moderation
       FROM request_media WHERE id = $1 AND storage_key IS NOT NULL`,
      [id],
    );
    return rows[0];
  }

  async moderateMedia(
    tx: EntityManager,
    requestId: string,
    id: string,
    moderation: string,
  ): Promise<number> {
    const rows = await tx.query<unknown[]>(
      'UPDATE request_media SET moderation = $3 WHERE request_id = $1 AND id = $2 RETURNING 1',
      [requestId, id, moderation],
    );
    return rows.length;
  }

  /** Records a transition once per (request, transition id); false when it was recorded. */
  async addTransition(
    tx: EntityManager,
    t: {
      requestId: string;
      transitionId: string;
      kind: string;
      from: string;
      to: string;
      actor: string;
      at: Date;
    },
  ): Promise<boolean> {
    const rows = await tx.query<unknown[]>(
      `INSERT INTO request_transitions (request_id, transition_id, kind, from_status, to_status, actor, at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING RETURNING 1`,
      [t.requestId, t.transitionId, t.kind, t.from, t.to, t.actor, t.at],
    );
    return rows.length > 0;
  }

  async follow(tx: EntityManager, requestId: string, accountId: string, at: Date): Promise<void> {
    await tx.query(
      'INSERT INTO followers (request_id, account_id, since) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
      [requestId, accountId, at],
    );
  }
}
