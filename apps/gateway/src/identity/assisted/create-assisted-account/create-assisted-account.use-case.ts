import { Inject, Injectable } from '@nestjs/common';
import { DELEGATION_GRANTED_V1, IdentityErrors, type RequestActor } from '#contracts';
import { IdempotentCommands, newId, Outbox } from '#platform';
import type { GatewayConfig } from '../../../config.js';
import { GATEWAY_CONFIG } from '../../../gateway.tokens.js';
import { emailKey } from '../../accounts/account.js';
import { PasswordHasher } from '../../password-hasher.js';
import {
  AssistedRepository,
  delegationView,
  type DelegationView,
  type IdentityDocumentKind,
} from '../assisted.repository.js';
import { newCode, normaliseCode } from '../one-time-codes.js';

export interface CreateAssistedAccount {
  fullName: string;
  email: string;
  identityDocument: { kind: IdentityDocumentKind; numberEnd: string };
  clerk: RequestActor;
}

export interface AssistedAccountCreated {
  accountId: string;
  delegation: DelegationView;
  /** Shown once, to print for the person; stored only as an argon2id hash. */
  claimCode: string;
  claimCodeExpiresAt: string;
}

export type AssistedAccountSettings = Pick<
  GatewayConfig,
  'GATEWAY_CLAIM_CODE_TTL_HOURS' | 'GATEWAY_DELEGATION_TTL_MINUTES'
>;

/**
 * A clerk creates an account for a walk-in person (assisted channel): `unclaimed`, without a
 * password (no login until claimed), with the identity document the clerk saw (its kind and the
 * last characters of its number, kept in the identity tables only), a claim code to print, and
 * the clerk's delegation to file for the person (`gov.identity.delegation.granted.v1`, ids
 * only). Refuses IDENTITY.EMAIL_TAKEN (the person has an account: they show an assist code
 * from it instead). Once per request key; a repeat answers the same account and delegation with
 * a fresh claim code (the earlier one stops working), since no code is ever kept.
 */
@Injectable()
export class CreateAssistedAccountUseCase {
  constructor(
    private readonly commands: IdempotentCommands,
    private readonly outbox: Outbox,
    private readonly assisted: AssistedRepository,
    private readonly passwords: PasswordHasher,
    @Inject(GATEWAY_CONFIG) private readonly config: AssistedAccountSettings,
  ) {}

  async execute(command: CreateAssistedAccount): Promise<AssistedAccountCreated> {
    const claimCode = newCode(3);
    const codeHash = await this.passwords.hash(normaliseCode(claimCode));
    let issued: Date | undefined;
    const created = await this.commands.run('identity.assisted-accounts.create', async (tx) => {
      const accountId = newId();
      const inserted = await this.assisted.insertUnclaimedAccount(tx, {
        id: accountId,
        email: command.email.trim(),
        emailKey: emailKey(command.email),
        fullName: command.fullName.trim(),
      });
      if (!inserted) throw IdentityErrors.emailTaken();
      await this.assisted.insertAssistedAccount(tx, {
        userId: accountId,
        createdBy: command.clerk.userId,
        documentKind: command.identityDocument.kind,
        documentEnd: command.identityDocument.numberEnd.toUpperCase(),
      });
      issued = await this.assisted.putClaimCode(tx, {
        userId: accountId,
        codeHash,
        issuedBy: command.clerk.userId,
        ttlHours: this.config.GATEWAY_CLAIM_CODE_TTL_HOURS,
      });
      const delegation = await this.assisted.insertDelegation(tx, {
        id: newId(),
        clerkId: command.clerk.userId,
        applicantId: accountId,
        via: 'new_account',
        ttlMinutes: this.config.GATEWAY_DELEGATION_TTL_MINUTES,
      });
      await this.outbox.append(tx, {
        subject: DELEGATION_GRANTED_V1,
        aggregateId: delegation.id,
        actor: { kind: 'user', userId: command.clerk.userId, role: command.clerk.role },
        data: {
          delegationId: delegation.id,
          clerkId: command.clerk.userId,
          applicantId: accountId,
          via: 'new_account',
          expiresAt: delegation.expires_at.toISOString(),
        },
      });
      return { accountId, delegation: delegationView(delegation) };
    });
    // A repeat of the request: the account exists; its code is replaced by this one (unless
    // the person claimed it meanwhile: then no code at all).
    issued ??= await this.commands.run(
      'identity.assisted-accounts.reissue-code',
      async (tx) => {
        const code = await this.assisted.findClaimCode(tx, created.accountId);
        if (!code || code.used_at) throw IdentityErrors.claimCodeUsed();
        return this.assisted.putClaimCode(tx, {
          userId: created.accountId,
          codeHash,
          issuedBy: command.clerk.userId,
          ttlHours: this.config.GATEWAY_CLAIM_CODE_TTL_HOURS,
        });
      },
      { requestKey: null },
    );
    return { ...created, claimCode, claimCodeExpiresAt: new Date(issued).toISOString() };
  }
}
