import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { CLAIM_CODE_REISSUED_V1, IdentityErrors, type RequestActor } from '#contracts';
import { IdempotentCommands, newId, Outbox } from '#platform';
import type { GatewayConfig } from '../../../config.js';
import { GATEWAY_CONFIG } from '../../../gateway.tokens.js';
import { AccountAttempts } from '../../accounts/account-attempts.js';
import { PasswordHasher } from '../../password-hasher.js';
import { RecordAccessRefusalUseCase } from '../../refusals/record-access-refusal/record-access-refusal.use-case.js';
import {
  AssistedRepository,
  type AssistedAccountRow,
  type IdentityDocumentKind,
} from '../assisted.repository.js';
import { newCode, normaliseCode } from '../one-time-codes.js';

export interface ReissueClaimCode {
  accountId: string;
  /** The identity document the person shows the clerk now. */
  identityDocument: { kind: IdentityDocumentKind; numberEnd: string };
  clerk: RequestActor;
}

export interface ClaimCodeReissued {
  accountId: string;
  /** Shown once, to print for the person; stored only as an argon2id hash. */
  claimCode: string;
  claimCodeExpiresAt: string;
}

/** Whether the document shown is the one recorded when the account was made. */
export const sameDocument = (
  account: Pick<AssistedAccountRow, 'document_kind' | 'document_end'>,
  shown: { kind: IdentityDocumentKind; numberEnd: string },
): boolean =>
  account.document_kind === shown.kind && account.document_end === shown.numberEnd.toUpperCase();

/**
 * A clerk prints a new claim code for an account made at the counter that the person has not
 * claimed (the printed code expired, was voided by wrong tries, or was lost). The clerk names
 * the identity document the person shows; it must be the one recorded at creation (its kind
 * and its number's end), and each check is recorded (`identity_document_checks`). The new code
 * replaces the old one (which stops working; the wrong tries start again from zero) and lives
 * GATEWAY_CLAIM_CODE_TTL_HOURS; `gov.identity.claim-code.reissued.v1` says so, ids only.
 *
 * Refusals: IDENTITY.USER_NOT_FOUND (no such account made at the counter, or it is closed),
 * IDENTITY.ACCOUNT_CLAIMED (the person claimed it: they log in), and
 * IDENTITY.IDENTITY_DOCUMENT_MISMATCH, which changes no code but is counted: the mismatching
 * check is recorded, and a `gov.identity.access.denied.v1` naming the clerk and the account
 * goes to the audit trail. Entries on one account count towards the per-account limit
 * (IDENTITY.ACCOUNT_RATE_LIMITED), so a document's number end cannot be guessed at speed.
 * Once per request key; a repeat that reaches here (the gateway lost the first answer)
 * replaces the code again with a fresh one, since no code is ever kept.
 */
@Injectable()
export class ReissueClaimCodeUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly commands: IdempotentCommands,
    private readonly outbox: Outbox,
    private readonly assisted: AssistedRepository,
    private readonly attempts: AccountAttempts,
    private readonly passwords: PasswordHasher,
    private readonly refusals: RecordAccessRefusalUseCase,
    @Inject(GATEWAY_CONFIG)
    private readonly config: Pick<GatewayConfig, 'GATEWAY_CLAIM_CODE_TTL_HOURS'>,
  ) {}

  async execute(command: ReissueClaimCode): Promise<ClaimCodeReissued> {
    this.attempts.count(`claim-code-reissue:${command.accountId}`);
    const account = await this.assisted.findAssistedAccount(
      this.dataSource.manager,
      command.accountId,
    );
    this.refuseUnlessUnclaimed(account);
    if (!sameDocument(account, command.identityDocument)) {
      await this.outbox.transaction(this.dataSource.manager, async (tx) => {
        await this.recordCheck(tx, command, false);
        await this.refusals.append(tx, {
          resource: command.accountId,
          resourceType: 'assisted-account',
          action: 'reissue-claim-code',
          actor: command.clerk,
          reasonCode: 'IDENTITY.IDENTITY_DOCUMENT_MISMATCH',
          refusedBy: 'gateway',
        });
      });
      throw IdentityErrors.identityDocumentMismatch();
    }

    const claimCode = newCode(3);
    const codeHash = await this.passwords.hash(normaliseCode(claimCode));
    const put = (tx: EntityManager) =>
      this.assisted.putClaimCode(tx, {
        userId: command.accountId,
        codeHash,
        issuedBy: command.clerk.userId,
        ttlHours: this.config.GATEWAY_CLAIM_CODE_TTL_HOURS,
      });
    let issued: Date | undefined;
    await this.commands.run('identity.claim-codes.reissue', async (tx) => {
      // Again under the lock: a claim may have come first.
      this.refuseUnlessUnclaimed(
        await this.assisted.findAssistedAccount(tx, command.accountId, { lock: true }),
      );
      await this.recordCheck(tx, command, true);
      issued = await put(tx);
      await this.outbox.append(tx, {
        subject: CLAIM_CODE_REISSUED_V1,
        aggregateId: command.accountId,
        actor: { kind: 'user', userId: command.clerk.userId, role: command.clerk.role },
        data: { accountId: command.accountId, reissuedBy: command.clerk.userId },
      });
      return { accountId: command.accountId };
    });
    // A repeat of the request: the code it printed is lost; this one replaces it (unless the
    // person claimed the account meanwhile).
    issued ??= await this.commands.run(
      'identity.claim-codes.reissue-repeat',
      async (tx) => {
        this.refuseUnlessUnclaimed(
          await this.assisted.findAssistedAccount(tx, command.accountId, { lock: true }),
        );
        return put(tx);
      },
      { requestKey: null },
    );
    return {
      accountId: command.accountId,
      claimCode,
      claimCodeExpiresAt: new Date(issued).toISOString(),
    };
  }

  private refuseUnlessUnclaimed(
    account: AssistedAccountRow | undefined,
  ): asserts account is AssistedAccountRow {
    if (!account || account.status === 'deactivated') throw IdentityErrors.userNotFound();
    if (account.status !== 'unclaimed' || account.claimed_at) throw IdentityErrors.accountClaimed();
  }

  private recordCheck(
    tx: EntityManager,
    command: ReissueClaimCode,
    matched: boolean,
  ): Promise<void> {
    return this.assisted.insertDocumentCheck(tx, {
      id: newId(),
      userId: command.accountId,
      clerkId: command.clerk.userId,
      documentKind: command.identityDocument.kind,
      documentEnd: command.identityDocument.numberEnd.toUpperCase(),
      matched,
    });
  }
}
