import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  enforce,
  PermitsApplicationErrors,
  PermitsConversationAccess,
  type ListThreadRequest,
  type MessagesPage,
  type RequestActor,
} from '#contracts';
import { decodeCursor, page } from '#platform';
import { ApplicationRepository } from '../../applications/application.repository.js';
import { messageViewOf } from '../conversation.js';
import { ConversationRepository } from '../conversation.repository.js';

/** The default page of a thread. */
export const THREAD_PAGE = 50;

/**
 * `permits.application.message.list`: an application's conversation, oldest first, a page at a
 * time: its applicant, or staff who read cases (the auditor too). Staff notes are never in it.
 */
@Injectable()
export class ListMessagesUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly applications: ApplicationRepository,
    private readonly conversation: ConversationRepository,
  ) {}

  async execute(query: ListThreadRequest & { user: RequestActor }): Promise<MessagesPage> {
    const db = this.dataSource.manager;
    const application = await this.applications.findById(db, query.applicationId);
    if (!application) throw PermitsApplicationErrors.applicationNotFound();
    enforce(
      query.user,
      { ownerId: application.applicantId },
      ...PermitsConversationAccess.readMessages(),
    );
    const limit = query.limit ?? THREAD_PAGE;
    const rows = await this.conversation.messages(
      db,
      application.id,
      decodeCursor(query.cursor),
      limit,
    );
    const { items, nextCursor } = page(rows, limit, (m) => ({ at: m.createdAt, id: m.id }));
    return { items: items.map(messageViewOf), nextCursor };
  }
}
