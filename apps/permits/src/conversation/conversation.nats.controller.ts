import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  ListThreadRequest,
  PERMITS_MESSAGE_LIST,
  PERMITS_MESSAGE_POST,
  PERMITS_NOTE_ADD,
  PERMITS_NOTE_LIST,
  PostMessageRequest,
  type RpcReply,
} from '#contracts';
import { requestUser } from '../request-actor.js';
import { AddStaffNoteUseCase } from './add-staff-note/add-staff-note.use-case.js';
import { ListMessagesUseCase } from './list-messages/list-messages.use-case.js';
import { ListStaffNotesUseCase } from './list-staff-notes/list-staff-notes.use-case.js';
import { PostMessageUseCase } from './post-message/post-message.use-case.js';

/** A case's conversation and its staff notes, each pattern mapped to its use case. */
@Controller()
export class ConversationNatsController {
  constructor(
    private readonly postMessage: PostMessageUseCase,
    private readonly listMessages: ListMessagesUseCase,
    private readonly addStaffNote: AddStaffNoteUseCase,
    private readonly listStaffNotes: ListStaffNotesUseCase,
  ) {}

  @MessagePattern(PERMITS_MESSAGE_POST)
  post(@Payload() request: PostMessageRequest): Promise<RpcReply<typeof PERMITS_MESSAGE_POST>> {
    return this.postMessage.execute({ ...request, user: requestUser() });
  }

  @MessagePattern(PERMITS_MESSAGE_LIST)
  messages(@Payload() request: ListThreadRequest): Promise<RpcReply<typeof PERMITS_MESSAGE_LIST>> {
    return this.listMessages.execute({ ...request, user: requestUser() });
  }

  @MessagePattern(PERMITS_NOTE_ADD)
  addNote(@Payload() request: PostMessageRequest): Promise<RpcReply<typeof PERMITS_NOTE_ADD>> {
    return this.addStaffNote.execute({ ...request, user: requestUser() });
  }

  @MessagePattern(PERMITS_NOTE_LIST)
  notes(@Payload() request: ListThreadRequest): Promise<RpcReply<typeof PERMITS_NOTE_LIST>> {
    return this.listStaffNotes.execute({ ...request, user: requestUser() });
  }
}
