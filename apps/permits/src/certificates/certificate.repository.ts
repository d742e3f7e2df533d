import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { PermitRecord } from '../applications/application.repository.js';

/** An issued permit with what its certificate prints of the application. */
export interface CertificateRecord extends PermitRecord {
  holderId: string;
  issuedAt: Date;
  revokedAt: Date | null;
  caseNumber: string | null;
  title: string;
  siteAddress: string;
}

/** The one read of a certificate: the permit and its application, on the manager it is given. */
@Injectable()
export class CertificateRepository {
  async find(db: EntityManager, permitNumber: string): Promise<CertificateRecord | null> {
    const rows = await db.query<CertificateRecord[]>(
      `SELECT p.permit_number AS "permitNumber", p.application_id AS "applicationId",
              p.permit_type AS "permitType", p.type_version AS "typeVersion",
              p.holder_display_name AS "holderDisplayName", p.status,
              p.valid_from AS "validFrom", p.valid_until AS "validUntil",
              p.holder_id AS "holderId", p.issued_at AS "issuedAt", p.revoked_at AS "revokedAt",
              a.case_number AS "caseNumber", a.title, a.site_address AS "siteAddress"
       FROM permits p JOIN applications a ON a.id = p.application_id
       WHERE p.permit_number = $1`,
      [permitNumber],
    );
    return rows[0] ?? null;
  }
}
