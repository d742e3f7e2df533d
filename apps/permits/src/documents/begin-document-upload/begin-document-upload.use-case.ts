import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  PermitsApplicationErrors,
  type BeginDocumentRequest,
  type DocumentUploadTicket,
  type RequestActor,
} from '#contracts';
import { newId } from '#platform';
import { documentPrefix } from '../../applications/application.js';
import { ApplicationRepository } from '../../applications/application.repository.js';
import { PermitTypeRepository } from '../../permit-types/permit-type.repository.js';
import { addableKind } from '../document-kinds.js';

/**
 * Phase 1 of a document upload: may the caller add a document of this kind to this
 * application now? Answers a new document id, where its file goes in file storage, and the
 * kind's limits (size, content types) that the gateway enforces while streaming. Writes
 * nothing: phase 3 (`permits.application.document.record`) checks again and records it.
 */
@Injectable()
export class BeginDocumentUploadUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly applications: ApplicationRepository,
    private readonly permitTypes: PermitTypeRepository,
  ) {}

  async execute(
    command: BeginDocumentRequest & { user: RequestActor },
  ): Promise<DocumentUploadTicket> {
    const db = this.dataSource.manager;
    const application = await this.applications.findById(db, command.applicationId);
    if (!application) throw PermitsApplicationErrors.applicationNotFound();
    const kind = await addableKind(
      db,
      this.permitTypes,
      application,
      command.kind,
      command.user,
      command.onBehalfOf,
    );
    const documentId = newId();
    return {
      documentId,
      storagePrefix: documentPrefix(application.id, documentId),
      maxBytes: kind.maxBytes,
      contentTypes: kind.contentTypes,
    };
  }
}
