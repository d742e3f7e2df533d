import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PermitsApplicationErrors, type PermitVerification } from '#contracts';
import { ApplicationRepository } from '../../applications/application.repository.js';
import { PermitTypeRepository } from '../../permit-types/permit-type.repository.js';
import { verificationOf } from '../permit.js';

/**
 * Public verification of a permit by its number (anyone): valid or not and why (revoked,
 * expired by its validity), its type and validity dates, and the holder's display name only
 * where the type version declares it public (`publicHolderField`). Nothing else personal.
 */
@Injectable()
export class VerifyPermitUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly applications: ApplicationRepository,
    private readonly permitTypes: PermitTypeRepository,
  ) {}

  async execute(query: { permitNumber: string }): Promise<PermitVerification> {
    const db = this.dataSource.manager;
    const permit = await this.applications.findPermit(db, query.permitNumber);
    if (!permit) throw PermitsApplicationErrors.permitNotFound();
    const type = await this.permitTypes.findVersion(db, permit.permitType, permit.typeVersion);
    return verificationOf(permit, Boolean(type?.definition.publicHolderField), new Date());
  }
}
