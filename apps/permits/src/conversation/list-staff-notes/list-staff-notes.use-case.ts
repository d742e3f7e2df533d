import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  enforce,
  PermitsApplicationErrors,
  PermitsConversationAccess,
  type ListThreadRequest,
  type RequestActor,
  type StaffNotesPage,
} from '#contracts';
import { decodeCursor, page } from '#platform';
import { ApplicationRepository } from '../../applications/application.repository.js';
import { entryViewOf } from '../conversation.js';
import { ConversationRepository } from '../conversation.repository.js';
import { THREAD_PAGE } from '../list-messages/list-messages.use-case.js';

/**
 * `permits.application.note.list`: an application's staff notes, oldest first, a page at a
 * time: staff who read cases (the auditor too), never the applicant.
 */
@Injectable()
export class ListStaffNotesUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly applications: ApplicationRepository,
    private readonly conversation: ConversationRepository,
  ) {}

  async execute(query: ListThreadRequest & { user: RequestActor }): Promise<StaffNotesPage> {
    const db = this.dataSource.manager;
    const application = await this.applications.findById(db, query.applicationId);
    if (!application) throw PermitsApplicationErrors.applicationNotFound();
    enforce(
      query.user,
      { ownerId: application.applicantId },
      ...PermitsConversationAccess.readNotes(),
    );
    const limit = query.limit ?? THREAD_PAGE;
    const rows = await this.conversation.staffNotes(
      db,
      application.id,
      decodeCursor(query.cursor),
      limit,
    );
    const { items, nextCursor } = page(rows, limit, (n) => ({ at: n.createdAt, id: n.id }));
    return { items: items.map(entryViewOf), nextCursor };
  }
}
