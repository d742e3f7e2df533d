import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  PermitsApplicationErrors,
  revocationRefusal,
  revokePermit,
  throwRefusal,
  type PermitVerification,
  type RequestActor,
  type RevokePermitBody,
} from '#contracts';
import { IdempotentCommands, newId } from '#platform';
import { caseActorOf } from '../../cases/case-actor.js';
import { CaseRepository } from '../../cases/case.repository.js';
import { PermitLifeRepository } from '../permit-life.repository.js';
import { PermitWorkflows } from '../permit-workflows.js';
import { VerifyPermitUseCase } from '../verify-permit/verify-permit.use-case.js';

/**
 * `permits.permit.revoke`: a supervisor revokes an issued permit with a reason code from the
 * fixed list. The service checks that the permit exists (`PERMITS.PERMIT_NOT_FOUND`), the role
 * and never one's own permit, and that it is still valid (`PERMITS.PERMIT_NOT_ACTIVE`); stores
 * the free text as a note of the permit's application (once per request key) and sends
 * `revokePermit` to the permit's workflow, which records `revoked` (and
 * `gov.permits.permit.revoked.v1`) through the service before it answers. The answer is the
 * public verification as it reads now: revoked.
 */
@Injectable()
export class RevokePermitUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly idempotent: IdempotentCommands,
    private readonly permits: PermitLifeRepository,
    private readonly cases: CaseRepository,
    private readonly workflows: PermitWorkflows,
    private readonly verify: VerifyPermitUseCase,
  ) {}

  async execute(
    pattern: string,
    command: RevokePermitBody & { permitNumber: string },
    user: RequestActor,
  ): Promise<PermitVerification> {
    const permit = await this.permits.find(this.dataSource.manager, command.permitNumber);
    if (!permit) throw PermitsApplicationErrors.permitNotFound();
    throwRefusal(revocationRefusal(user, { holderId: permit.holderId }));
    if (permit.status !== 'valid')
      throw PermitsApplicationErrors.of(
        'PERMITS.PERMIT_NOT_ACTIVE',
        `permit ${permit.permitNumber} is ${permit.status}`,
        { status: permit.status },
      );
    const noteId = command.note
      ? await this.idempotent.run(`${pattern}:note`, (tx) =>
          this.cases.insertNote(tx, {
            id: newId(),
            applicationId: permit.applicationId,
            kind: 'decision',
            authorId: user.userId,
            authorRole: user.role,
            body: command.note as string,
          }),
        )
      : undefined;
    await this.workflows.update(permit.permitNumber, pattern, revokePermit, {
      actor: caseActorOf(user),
      reasonCode: command.reasonCode,
      ...(noteId ? { noteId } : {}),
    });
    return this.verify.execute({ permitNumber: permit.permitNumber });
  }
}
