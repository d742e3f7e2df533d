import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { PERMIT_NUMBER_PATTERN } from '../events/permits.events.js';
import { NumberFromQuery } from './fields.js';
import { CURSOR_PATTERN } from './payments.rpc.js';
import { rpc } from './rpc.js';

/*
 * A permit case's conversation (the applicant and the staff), the staff's notes beside it, and
 * an issued permit's certificate (a PDF with a QR code of its public verification). Requests
 * the gateway also takes over HTTP are its body and query DTOs (their OpenAPI descriptions
 * live here, once).
 */

export const PERMITS_MESSAGE_POST = 'permits.application.message.post';
export const PERMITS_MESSAGE_LIST = 'permits.application.message.list';
export const PERMITS_NOTE_ADD = 'permits.application.note.add';
export const PERMITS_NOTE_LIST = 'permits.application.note.list';
export const PERMITS_PERMIT_CERTIFICATE = 'permits.permit.certificate';

/** The longest message or note, in characters (after trimming). */
export const MAX_MESSAGE_CHARS = 5_000;

// ---- requests ------------------------------------------------------------------------------

/** `POST .../messages` and `POST .../notes`: the text. */
export class MessageBody {
  @ApiProperty({
    example: 'Could you tell me which floor plan scale you need?',
    minLength: 1,
    maxLength: MAX_MESSAGE_CHARS,
    description: `Plain text, 1 to ${MAX_MESSAGE_CHARS} characters, not only white space.`,
  })
  @IsString()
  @MaxLength(MAX_MESSAGE_CHARS)
  @Matches(/\S/, { message: 'body must not be empty' })
  body: string;
}

export class PostMessageRequest extends MessageBody {
  @IsUUID()
  applicationId: string;
}

/** `GET .../messages` and `GET .../notes`: a page, oldest first. */
export class ThreadQuery {
  @ApiPropertyOptional({
    pattern: CURSOR_PATTERN.source,
    description: 'The `nextCursor` of the previous page.',
  })
  @IsOptional()
  @Matches(CURSOR_PATTERN, { message: 'cursor must be a nextCursor' })
  cursor?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 100, default: 50 })
  @IsOptional()
  @NumberFromQuery()
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}

export class ListThreadRequest extends ThreadQuery {
  @IsUUID()
  applicationId: string;
}

export class PermitCertificateRequest {
  @Matches(PERMIT_NUMBER_PATTERN, { message: 'permitNumber must be a permit number' })
  permitNumber: string;
}

// ---- replies -------------------------------------------------------------------------------

/** One entry of a thread: a message or a staff note. */
export class ThreadEntryView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) applicationId: string;
  @ApiProperty({ format: 'uuid' }) authorId: string;
  @ApiProperty({ example: 'clerk' }) authorRole: string;
  @ApiProperty() body: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class MessageView extends ThreadEntryView {
  @ApiProperty({ enum: ['applicant', 'staff'], description: 'Which side wrote it.' })
  from: 'applicant' | 'staff';
}

export class MessagesPage {
  @ApiProperty({ type: [MessageView] }) items: MessageView[];
  @ApiProperty({ type: 'string', nullable: true }) nextCursor: string | null;
}

export class StaffNotesPage {
  @ApiProperty({ type: [ThreadEntryView] }) items: ThreadEntryView[];
  @ApiProperty({ type: 'string', nullable: true }) nextCursor: string | null;
}

/** A certificate over NATS (small: one page, one QR image); the gateway answers the bytes. */
export interface PermitCertificate {
  permitNumber: string;
  contentBase64: string;
}

export const PERMITS_CONVERSATION_RPC = {
  [PERMITS_MESSAGE_POST]: rpc<PostMessageRequest, MessageView>(PostMessageRequest),
  [PERMITS_MESSAGE_LIST]: rpc<ListThreadRequest, MessagesPage>(ListThreadRequest),
  [PERMITS_NOTE_ADD]: rpc<PostMessageRequest, ThreadEntryView>(PostMessageRequest),
  [PERMITS_NOTE_LIST]: rpc<ListThreadRequest, StaffNotesPage>(ListThreadRequest),
  [PERMITS_PERMIT_CERTIFICATE]: rpc<PermitCertificateRequest, PermitCertificate>(
    PermitCertificateRequest,
  ),
} as const;
