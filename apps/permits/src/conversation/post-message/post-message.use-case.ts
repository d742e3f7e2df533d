import { Injectable } from '@nestjs/common';
import {
  enforce,
  PERMIT_APPLICATION_MESSAGE_POSTED_V1,
  PERMITS_MESSAGE_POST,
  PermitsApplicationErrors,
  PermitsConversationAccess,
  type MessageView,
  type PostMessageRequest,
  type RequestActor,
} from '#contracts';
import { IdempotentCommands, newId, Outbox } from '#platform';
import { ApplicationRepository } from '../../applications/application.repository.js';
import { conversationOpen, entryTime, messageViewOf, newEntry } from '../conversation.js';
import { ConversationRepository } from '../conversation.repository.js';

type AuthorRole = 'citizen' | 'clerk' | 'supervisor' | 'inspector';

/**
 * `permits.application.message.post`: the applicant (their own application) or staff who work
 * cases (clerk, supervisor, inspector) write on a submitted application's conversation. The
 * text is kept in `application_messages`; `application.message-posted` carries the message id
 * and the author's role only. Once per request key.
 */
@Injectable()
export class PostMessageUseCase {
  constructor(
    private readonly commands: IdempotentCommands,
    private readonly outbox: Outbox,
    private readonly applications: ApplicationRepository,
    private readonly conversation: ConversationRepository,
  ) {}

  execute(command: PostMessageRequest & { user: RequestActor }): Promise<MessageView> {
    return this.commands.run(PERMITS_MESSAGE_POST, async (tx) => {
      const application = await this.applications.findById(tx, command.applicationId);
      if (!application) throw PermitsApplicationErrors.applicationNotFound();
      enforce(
        command.user,
        { ownerId: application.applicantId },
        ...PermitsConversationAccess.postMessage(),
      );
      if (!conversationOpen(application.status))
        throw PermitsApplicationErrors.invalidTransition(application.status, application.step);
      const message = newEntry(newId(), application.id, command.user, command.body, entryTime());
      await this.conversation.insertMessage(tx, message);
      await this.outbox.append(tx, {
        subject: PERMIT_APPLICATION_MESSAGE_POSTED_V1,
        aggregateId: application.id,
        actor: { kind: 'user', userId: command.user.userId, role: command.user.role },
        data: {
          applicationId: application.id,
          ...(application.caseNumber ? { caseNumber: application.caseNumber } : {}),
          permitType: application.permitType,
          typeVersion: application.typeVersion,
          messageId: message.id,
          authorRole: command.user.role as AuthorRole,
        },
      });
      return messageViewOf(message);
    });
  }
}
