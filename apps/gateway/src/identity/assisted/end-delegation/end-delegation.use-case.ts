import { Injectable } from '@nestjs/common';
import { DELEGATION_ENDED_V1, IdentityErrors, type RequestActor } from '#contracts';
import { IdempotentCommands, Outbox } from '#platform';
import { AssistedRepository } from '../assisted.repository.js';

/**
 * Ends a delegation before it expires: the clerk who holds it, when the person leaves the
 * counter (`as: clerk`), or the person whose account it is, from their own session
 * (`as: holder`). From then on the clerk's filing under it is refused
 * (IDENTITY.NOT_DELEGATED); recorded as `gov.identity.delegation.ended.v1`. A delegation that
 * has already ended or expired stays as it is (no second event): the answer is the same, since
 * what the caller wants is true. IDENTITY.DELEGATION_NOT_FOUND when it is not the caller's
 * (another clerk's, another person's, or none), so nobody learns of others' delegations. The
 * id is a UUID (the route's pipe refuses any other).
 */
@Injectable()
export class EndDelegationUseCase {
  constructor(
    private readonly commands: IdempotentCommands,
    private readonly outbox: Outbox,
    private readonly assisted: AssistedRepository,
  ) {}

  async execute(command: {
    delegationId: string;
    actor: RequestActor;
    as: 'clerk' | 'holder';
  }): Promise<void> {
    await this.commands.run('identity.delegations.end', async (tx) => {
      const delegation = await this.assisted.findForParty(
        tx,
        command.delegationId,
        command.as === 'clerk'
          ? { as: 'clerk', clerkId: command.actor.userId }
          : { as: 'holder', applicantId: command.actor.userId },
      );
      if (!delegation) throw IdentityErrors.delegationNotFound();
      if (!delegation.live) return {};
      await this.assisted.end(tx, delegation.id, command.as);
      await this.outbox.append(tx, {
        subject: DELEGATION_ENDED_V1,
        aggregateId: delegation.id,
        actor: { kind: 'user', userId: command.actor.userId, role: command.actor.role },
        data: {
          delegationId: delegation.id,
          clerkId: delegation.clerk_id,
          applicantId: delegation.applicant_id,
          endedBy: command.as,
        },
      });
      return {};
    });
  }
}
