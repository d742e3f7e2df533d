import { Inject, Injectable } from '@nestjs/common';
import {
  PERMIT_ISSUED_V1,
  PermitsApplicationErrors,
  SYSTEM_ACTOR,
  type IssuedPermitReply,
} from '#contracts';
import { newId, Outbox } from '#platform';
import { DataSource } from 'typeorm';
import { CaseRepository } from '../../cases/case.repository.js';
import { ConditionRepository } from '../../conditions/condition.repository.js';
import { pinnedDefinition } from '../../cases/pinned-type-versions.js';
import { PermitTypeRepository } from '../../permit-types/permit-type.repository.js';
import { CASEWORK_SETTINGS, type CaseworkSettings } from '../../cases/casework.settings.js';
import { holderHashOf, permitNumberOf, publicHolderNameOf, validityOf } from '../issued-permit.js';
import { PermitRepository } from '../permit.repository.js';

const reply = (permit: {
  permitNumber: string;
  validFrom: Date;
  validUntil: Date;
}): IssuedPermitReply => ({
  permitNumber: permit.permitNumber,
  validFrom: permit.validFrom.toISOString(),
  validUntil: permit.validUntil.toISOString(),
});

/**
 * `permits.internal.permit.issue`: numbers and records the permit of an approved application,
 * once per application (asked again, it answers the permit it issued). The permit row, the
 * application's `issued` status with its transition row (the workflow's seq) and
 * `gov.permits.permit.issued.v1` (subject: the permit number; actor: system; the holder only as
 * a salted hash) commit together.
 */
@Injectable()
export class IssuePermitUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly cases: CaseRepository,
    private readonly permits: PermitRepository,
    private readonly types: PermitTypeRepository,
    @Inject(CASEWORK_SETTINGS) private readonly settings: CaseworkSettings,
    private readonly conditions: ConditionRepository = new ConditionRepository(),
  ) {}

  execute(command: { applicationId: string; seq: number }): Promise<IssuedPermitReply> {
    return this.outbox.transaction(this.dataSource.manager, async (tx) => {
      const row = await this.cases.find(tx, command.applicationId, { lock: true });
      if (!row) throw PermitsApplicationErrors.applicationNotFound();
      const issued = await this.permits.findByApplication(tx, row.id);
      if (issued) return reply(issued);
      if (row.status !== 'approved')
        throw PermitsApplicationErrors.invalidTransition(row.status, row.step);
      // Conditions of approval (docs/permits.md "Conditions and holds"): none may be unmet.
      const unmet = await this.conditions.unmetCount(tx, row.id);
      if (unmet > 0) throw PermitsApplicationErrors.conditionsUnmet(unmet);
      const definition = await pinnedDefinition(this.types, tx, row.permitType, row.typeVersion);
      const now = new Date();
      const year = now.getUTCFullYear();
      const permitNumber = permitNumberOf(
        definition.prefix,
        year,
        await this.permits.nextNumber(tx, definition.prefix, year),
      );
      const { validFrom, validUntil } = validityOf(now, definition.validity.months);
      const holderHash = holderHashOf(this.settings.holderSalt, row.applicantId);
      await this.permits.insert(tx, {
        permitNumber,
        applicationId: row.id,
        permitType: row.permitType,
        typeVersion: row.typeVersion,
        holderId: row.applicantId,
        holderHash,
        holderDisplayName: publicHolderNameOf(definition, row.details),
        validFrom,
        validUntil,
      });
      const event = await this.outbox.append(tx, {
        subject: PERMIT_ISSUED_V1,
        aggregateId: permitNumber,
        actor: SYSTEM_ACTOR,
        data: {
          permitNumber,
          applicationId: row.id,
          permitType: row.permitType,
          typeVersion: row.typeVersion,
          holderHash,
          validFrom: validFrom.toISOString(),
          validUntil: validUntil.toISOString(),
        },
      });
      await this.permits.recordIssued(tx, {
        applicationId: row.id,
        seq: command.seq,
        fromStatus: row.status,
        permitNumber,
        eventId: event.id,
        at: now,
        transitionId: newId(),
      });
      return reply({ permitNumber, validFrom, validUntil });
    });
  }
}
