import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Position } from '#platform';
import type { ThreadEntry } from './conversation.js';

interface EntryRow {
  id: string;
  applicationId: string;
  authorId: string;
  authorRole: string;
  body: string;
  createdAt: Date;
}

const COLUMNS = `id, application_id AS "applicationId", author_id AS "authorId",
                 author_role AS "authorRole", body, created_at AS "createdAt"`;

/**
 * Every statement of a case's conversation (`application_messages`) and of its staff notes
 * (`application_notes` of kind `staff`), on the manager it is given. A page is read oldest
 * first by `(created_at, id)`, one row more than asked (is there a next page?).
 */
@Injectable()
export class ConversationRepository {
  async insertMessage(tx: EntityManager, message: ThreadEntry): Promise<void> {
    await tx.query(
      `INSERT INTO application_messages (id, application_id, author_id, author_role, body, created_at)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [
        message.id,
        message.applicationId,
        message.authorId,
        message.authorRole,
        message.body,
        message.createdAt,
      ],
    );
  }

  messages(
    db: EntityManager,
    applicationId: string,
    after: Position | undefined,
    limit: number,
  ): Promise<ThreadEntry[]> {
    return db.query<EntryRow[]>(
      `SELECT ${COLUMNS} FROM application_messages
       WHERE application_id = $1 AND ($2::timestamptz IS NULL OR (created_at, id) > ($2, $3::uuid))
       ORDER BY created_at, id LIMIT $4`,
      [applicationId, after?.at ?? null, after?.id ?? null, limit + 1],
    );
  }

  async insertStaffNote(tx: EntityManager, note: ThreadEntry): Promise<void> {
    await tx.query(
      `INSERT INTO application_notes (id, application_id, kind, author_id, author_role, body, created_at)
       VALUES ($1, $2, 'staff', $3, $4, $5, $6)`,
      [note.id, note.applicationId, note.authorId, note.authorRole, note.body, note.createdAt],
    );
  }

  staffNotes(
    db: EntityManager,
    applicationId: string,
    after: Position | undefined,
    limit: number,
  ): Promise<ThreadEntry[]> {
    return db.query<EntryRow[]>(
      `SELECT ${COLUMNS} FROM application_notes
       WHERE application_id = $1 AND kind = 'staff'
         AND ($2::timestamptz IS NULL OR (created_at, id) > ($2, $3::uuid))
       ORDER BY created_at, id LIMIT $4`,
      [applicationId, after?.at ?? null, after?.id ?? null, limit + 1],
    );
  }
}
