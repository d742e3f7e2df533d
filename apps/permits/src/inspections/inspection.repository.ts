import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { InspectionCaseView } from '#contracts';

export interface InspectionRow extends InspectionCaseView {
  applicantId: string;
}

const SELECT_INSPECTION = `
  SELECT i.id AS "inspectionId", i.application_id AS "applicationId",
         a.case_number AS "caseNumber", a.permit_type AS "permitType", i.round,
         i.inspector_id AS "inspectorId", to_char(i.scheduled_for, 'YYYY-MM-DD') AS "scheduledFor",
         i.status, a.site_address AS "siteAddress", a.applicant_id AS "applicantId",
         (SELECT count(*)::int FROM inspection_photos p
          WHERE p.inspection_id = i.id AND p.status = 'stored') AS photos
  FROM inspections i JOIN applications a ON a.id = i.application_id`;

/** `YYYY-MM-DD` naming a real day of the Gregorian calendar from year 1. */
function isCalendarDay(date: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
  return day <= days;
}

/** The SQL of inspections and their photos, on the EntityManager it is given. */
@Injectable()
export class InspectionRepository {
  async find(db: EntityManager, inspectionId: string): Promise<InspectionRow | null> {
    const rows = await db.query<InspectionRow[]>(`${SELECT_INSPECTION} WHERE i.id = $1`, [
      inspectionId,
    ]);
    return rows[0] ?? null;
  }

  /**
   * An inspector's day (every status), or everyone's when `inspectorId` is null. A day that is
   * not on the calendar (`2026-02-30`, year 0) has no inspections.
   */
  async day(db: EntityManager, date: string, inspectorId: string | null): Promise<InspectionRow[]> {
    if (!isCalendarDay(date)) return [];
    return db.query<InspectionRow[]>(
      `${SELECT_INSPECTION}
       WHERE i.scheduled_for = $1::date AND ($2::uuid IS NULL OR i.inspector_id = $2)
       ORDER BY i.inspector_id, a.case_number, i.round`,
      [date, inspectorId],
    );
  }

  async insertPhotos(
    tx: EntityManager,
    inspectionId: string,
    photos: {
      photoId: string;
      storageKey: string;
      contentType: string;
      sizeBytes: number;
      sha256: string;
    }[],
  ): Promise<void> {
    if (photos.length === 0) return;
    await tx.query(
      `INSERT INTO inspection_photos (id, inspection_id, status, storage_key, content_type, size_bytes, sha256)
       SELECT p.id, $1, 'stored', p.key, p.type, p.size, p.sha
       FROM unnest($2::uuid[], $3::text[], $4::text[], $5::bigint[], $6::text[])
         AS p(id, key, type, size, sha)
       ON CONFLICT (id) DO NOTHING`,
      [
        inspectionId,
        photos.map((p) => p.photoId),
        photos.map((p) => p.storageKey),
        photos.map((p) => p.contentType),
        photos.map((p) => p.sizeBytes),
        photos.map((p) => p.sha256),
      ],
    );
  }
}

export const inspectionCaseView = ({
  applicantId: _applicant,
  ...view
}: InspectionRow): InspectionCaseView => view;
