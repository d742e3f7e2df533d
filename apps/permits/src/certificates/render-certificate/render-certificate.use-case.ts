import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  enforce,
  PermitsApplicationErrors,
  PermitsConversationAccess,
  type PermitCertificate,
  type RequestActor,
} from '#contracts';
import type { PermitsConfig } from '../../config.js';
import { PermitTypeRepository } from '../../permit-types/permit-type.repository.js';
import { PERMITS_CONFIG } from '../../permits.tokens.js';
import { verificationOf } from '../../permits/permit.js';
import { renderCertificatePdf, verificationUrlOf } from '../certificate-pdf.js';
import { CertificateRepository } from '../certificate.repository.js';

/**
 * `permits.permit.certificate`: an issued permit as a PDF with a QR code of its public
 * verification (`<PUBLIC_BASE_URL>/api/v1/permits/<number>`): its holder, or staff who read
 * cases. A revoked or expired permit still renders, its status printed as verification says it.
 */
@Injectable()
export class RenderCertificateUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly certificates: CertificateRepository,
    private readonly permitTypes: PermitTypeRepository,
    @Inject(PERMITS_CONFIG) private readonly config: Pick<PermitsConfig, 'PUBLIC_BASE_URL'>,
  ) {}

  async execute(query: {
    permitNumber: string;
    user: RequestActor;
    now?: Date;
  }): Promise<PermitCertificate> {
    const db = this.dataSource.manager;
    const permit = await this.certificates.find(db, query.permitNumber);
    if (!permit) throw PermitsApplicationErrors.permitNotFound();
    enforce(query.user, { ownerId: permit.holderId }, ...PermitsConversationAccess.certificate());
    const type = await this.permitTypes.findVersion(db, permit.permitType, permit.typeVersion);
    const holderIsPublic = Boolean(type?.definition.publicHolderField);
    const verification = verificationOf(permit, holderIsPublic, query.now ?? new Date());
    const pdf = await renderCertificatePdf({
      permitNumber: permit.permitNumber,
      status: verification.status,
      permitTypeName: type?.definition.names.en ?? permit.permitType,
      permitType: permit.permitType,
      typeVersion: permit.typeVersion,
      caseNumber: permit.caseNumber,
      title: permit.title,
      siteAddress: permit.siteAddress,
      holderName: verification.holderName,
      validFrom: permit.validFrom,
      validUntil: permit.validUntil,
      issuedAt: permit.issuedAt,
      revokedAt: permit.revokedAt,
      verificationUrl: verificationUrlOf(this.config.PUBLIC_BASE_URL, permit.permitNumber),
    });
    return { permitNumber: permit.permitNumber, contentBase64: pdf.toString('base64') };
  }
}
