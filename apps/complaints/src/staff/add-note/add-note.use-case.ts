import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ComplaintsErrors, type InternalNoteView, type RequestActor } from '#contracts';
import { newId } from '#platform';
import { RequestRepository } from '../../requests/request.repository.js';

/** An internal note on a case: staff only, never public, never in an event. */
@Injectable()
export class AddNoteUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly requests: RequestRepository,
  ) {}

  async execute(user: RequestActor, requestId: string, text: string): Promise<InternalNoteView> {
    const r = await this.requests.find(this.dataSource.manager, requestId);
    if (!r) throw ComplaintsErrors.requestNotFound(requestId);
    const note = { id: newId(), authorId: user.userId, text, createdAt: new Date() };
    await this.dataSource.query(
      'INSERT INTO request_notes (id, request_id, author_id, text, created_at) VALUES ($1, $2, $3, $4, $5)',
      [note.id, requestId, note.authorId, text, note.createdAt],
    );
    return { ...note, createdAt: note.createdAt.toISOString() };
  }
}
