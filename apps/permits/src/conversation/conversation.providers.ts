import { AddStaffNoteUseCase } from './add-staff-note/add-staff-note.use-case.js';
import { ConversationNatsController } from './conversation.nats.controller.js';
import { ConversationRepository } from './conversation.repository.js';
import { ListMessagesUseCase } from './list-messages/list-messages.use-case.js';
import { ListStaffNotesUseCase } from './list-staff-notes/list-staff-notes.use-case.js';
import { PostMessageUseCase } from './post-message/post-message.use-case.js';

/**
 * A case's conversation and staff notes (docs/permits.md "Messages"); they read applications
 * through the `ApplicationRepository` of `APPLICATIONS_PROVIDERS`.
 */
export const CONVERSATION_PROVIDERS = [
  ConversationRepository,
  PostMessageUseCase,
  ListMessagesUseCase,
  AddStaffNoteUseCase,
  ListStaffNotesUseCase,
];

export const CONVERSATION_CONTROLLERS = [ConversationNatsController];
