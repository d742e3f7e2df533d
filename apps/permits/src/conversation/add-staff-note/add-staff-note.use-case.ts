import { Injectable } from '@nestjs/common';
import {
  enforce,
  PERMITS_NOTE_ADD,
  PermitsApplicationErrors,
  PermitsConversationAccess,
  type PostMessageRequest,
  type RequestActor,
  type ThreadEntryView,
} from '#contracts';
import { IdempotentCommands, newId } from '#platform';
import { ApplicationRepository } from '../../applications/application.repository.js';
import { conversationOpen, entryTime, entryViewOf, newEntry } from '../conversation.js';
import { ConversationRepository } from '../conversation.repository.js';

/**
 * `permits.application.note.add`: a staff note beside the conversation (clerk, supervisor,
 * inspector; never on one's own case), kept in `application_notes` (kind `staff`) and never
 * shown to the applicant. No event: a note is the staff's working paper, like a decision's note
 * it stays in the case file. Once per request key.
 */
@Injectable()
export class AddStaffNoteUseCase {
  constructor(
    private readonly commands: IdempotentCommands,
    private readonly applications: ApplicationRepository,
    private readonly conversation: ConversationRepository,
  ) {}

  execute(command: PostMessageRequest & { user: RequestActor }): Promise<ThreadEntryView> {
    return this.commands.run(PERMITS_NOTE_ADD, async (tx) => {
      const application = await this.applications.findById(tx, command.applicationId);
      if (!application) throw PermitsApplicationErrors.applicationNotFound();
      enforce(
        command.user,
        { ownerId: application.applicantId },
        ...PermitsConversationAccess.addNote(),
      );
      if (!conversationOpen(application.status))
        throw PermitsApplicationErrors.invalidTransition(application.status, application.step);
      const note = newEntry(newId(), application.id, command.user, command.body, entryTime());
      await this.conversation.insertStaffNote(tx, note);
      return entryViewOf(note);
    });
  }
}
