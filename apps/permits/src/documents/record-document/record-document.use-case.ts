import { Injectable } from '@nestjs/common';
import {
  PermitsApplicationErrors,
  PERMITS_DOCUMENT_RECORD,
  type DocumentView,
  type RecordDocumentRequest,
  type RequestActor,
} from '#contracts';
import { IdempotentCommands } from '#platform';
import { isDocumentKey } from '../../applications/application.js';
import { ApplicationRepository } from '../../applications/application.repository.js';
import { documentView } from '../../applications/application-views.js';
import { PermitTypeRepository } from '../../permit-types/permit-type.repository.js';
import { addableKind } from '../document-kinds.js';

/**
 * Phase 3 of a document upload: the file is in storage (streamed, sniffed, stripped, hashed
 * and scanned by the gateway); permits records it as `stored`, the next version of its kind,
 * once per document id. Checks again what phase 1 checked (the application may have moved on
 * meanwhile), that the key is the one handed out, and the kind's limits.
 */
@Injectable()
export class RecordDocumentUseCase {
  constructor(
    private readonly commands: IdempotentCommands,
    private readonly applications: ApplicationRepository,
    private readonly permitTypes: PermitTypeRepository,
  ) {}

  execute(command: RecordDocumentRequest & { user: RequestActor }): Promise<DocumentView> {
    return this.commands.run(PERMITS_DOCUMENT_RECORD, async (tx) => {
      const application = await this.applications.findById(tx, command.applicationId, {
        lock: true,
      });
      if (!application) throw PermitsApplicationErrors.applicationNotFound();
      const existing = await this.applications.findDocument(tx, application.id, command.documentId);
      if (existing) return documentView(existing);
      const kind = await addableKind(
        tx,
        this.permitTypes,
        application,
        command.kind,
        command.user,
        command.onBehalfOf,
      );
      if (!isDocumentKey(command.storageKey, application.id, command.documentId))
        throw PermitsApplicationErrors.documentUploadNotFound();
      if (!kind.contentTypes.includes(command.contentType))
        throw PermitsApplicationErrors.of(
          'PERMITS.DOCUMENT_CONTENT_TYPE',
          `a ${kind.kind} document must be ${kind.contentTypes.join(' or ')}`,
          { contentTypes: kind.contentTypes },
        );
      if (command.sizeBytes > kind.maxBytes)
        throw PermitsApplicationErrors.of(
          'PERMITS.DOCUMENT_TOO_LARGE',
          `a ${kind.kind} document must be at most ${kind.maxBytes} bytes`,
          { maxBytes: kind.maxBytes },
        );
      const stored = await this.applications.insertStoredDocument(tx, {
        id: command.documentId,
        applicationId: application.id,
        kind: kind.kind,
        storageKey: command.storageKey,
        fileName: command.fileName,
        contentType: command.contentType,
        sizeBytes: command.sizeBytes,
        sha256: command.sha256,
        uploadedBy: command.user.userId,
        storedAt: new Date(),
      });
      return documentView(stored);
    });
  }
}
