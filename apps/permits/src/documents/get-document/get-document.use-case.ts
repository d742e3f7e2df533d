import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  enforce,
  PermitsApplicationErrors,
  PermitsApplicationsAccess,
  type DocumentDownload,
  type DocumentRequest,
  type RequestActor,
} from '#contracts';
import { ApplicationRepository } from '../../applications/application.repository.js';

/**
 * Where a document's file is, for the gateway to stream it: to the applicant and staff who read
 * cases; the document must belong to that application and be stored.
 */
@Injectable()
export class GetDocumentUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly applications: ApplicationRepository,
  ) {}

  async execute(query: DocumentRequest & { user: RequestActor }): Promise<DocumentDownload> {
    const db = this.dataSource.manager;
    const application = await this.applications.findById(db, query.applicationId);
    if (!application) throw PermitsApplicationErrors.applicationNotFound();
    enforce(query.user, { ownerId: application.applicantId }, ...PermitsApplicationsAccess.read());
    const document = await this.applications.findDocument(db, application.id, query.documentId);
    if (!document || document.status !== 'stored')
      throw PermitsApplicationErrors.documentNotFound();
    return {
      storageKey: document.storageKey,
      fileName: document.fileName,
      contentType: document.contentType ?? 'application/octet-stream',
      sizeBytes: document.sizeBytes ?? 0,
      sha256: document.sha256 ?? '',
    };
  }
}
