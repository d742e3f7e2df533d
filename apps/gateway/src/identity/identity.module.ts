import { Module, type DynamicModule } from '@nestjs/common';
import type { GatewayConfig } from '../config.js';
import { RolesHttpController } from '../users/roles.http.controller.js';
import { UsersHttpController } from '../users/users.http.controller.js';
import { AccountAttempts } from './accounts/account-attempts.js';
import { AccountRepository } from './accounts/account.repository.js';
import { CreateStaffAccountUseCase } from './accounts/create-staff-account/create-staff-account.use-case.js';
import { DeactivateAccountUseCase } from './accounts/deactivate-account/deactivate-account.use-case.js';
import { EnsureDemoAccountUseCase } from './accounts/ensure-demo-account/ensure-demo-account.use-case.js';
import { GetAccountUseCase } from './accounts/get-account/get-account.use-case.js';
import { ListStaffAccountsUseCase } from './accounts/list-staff-accounts/list-staff-accounts.use-case.js';
import { RegisterAccountUseCase } from './accounts/register-account/register-account.use-case.js';
import { AssistedHttpController } from './assisted/assisted.http.controller.js';
import { AssistedRepository } from './assisted/assisted.repository.js';
import { CheckDelegationUseCase } from './assisted/check-delegation/check-delegation.use-case.js';
import { ClaimAccountUseCase } from './assisted/claim-account/claim-account.use-case.js';
import { CreateAssistedAccountUseCase } from './assisted/create-assisted-account/create-assisted-account.use-case.js';
import { EndDelegationUseCase } from './assisted/end-delegation/end-delegation.use-case.js';
import { GrantDelegationUseCase } from './assisted/grant-delegation/grant-delegation.use-case.js';
import { ListDelegationsUseCase } from './assisted/list-delegations/list-delegations.use-case.js';
import { IssueAssistCodeUseCase } from './assisted/issue-assist-code/issue-assist-code.use-case.js';
import { ReissueClaimCodeUseCase } from './assisted/reissue-claim-code/reissue-claim-code.use-case.js';
import { AuthHttpController } from './auth.http.controller.js';
import { PasswordHasher } from './password-hasher.js';
import { RecordAccessRefusalUseCase } from './refusals/record-access-refusal/record-access-refusal.use-case.js';
import { RequireTwoFactorUseCase } from './roles/require-two-factor/require-two-factor.use-case.js';
import { RoleSettingsRepository } from './roles/role-settings.repository.js';
import { TwoFactorRoles } from './roles/two-factor-roles.js';
import { CheckSessionUseCase } from './sessions/check-session/check-session.use-case.js';
import { LogInUseCase } from './sessions/log-in/log-in.use-case.js';
import { LogOutUseCase } from './sessions/log-out/log-out.use-case.js';
import { RefreshSessionUseCase } from './sessions/refresh-session/refresh-session.use-case.js';
import { SessionTokens } from './sessions/session-tokens.js';
import { SessionRepository } from './sessions/session.repository.js';
import { TokenIssuer } from './token-issuer.js';
import { ConfirmTotpUseCase } from './two-factor/confirm-totp/confirm-totp.use-case.js';
import { SealTotpSecretsUseCase } from './two-factor/seal-totp-secrets/seal-totp-secrets.use-case.js';
import { SetUpTotpUseCase } from './two-factor/set-up-totp/set-up-totp.use-case.js';
import { TotpSecrets, totpKeyOf } from './two-factor/totp-secrets.js';

/**
 * Accounts, sessions and tokens (the identity schema is this module's): one use case per
 * folder (`<aggregate>/<use-case>/<use-case>.use-case.ts`), the SQL in `*.repository.ts`,
 * HTTP routes in `*.http.controller.ts` (see docs/writing-a-use-case.md).
 */
@Module({})
export class IdentityModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    if (config.NODE_ENV === 'production' && !config.GATEWAY_JWT_PRIVATE_KEY)
      throw new Error('GATEWAY_JWT_PRIVATE_KEY must be set in production');
    if (config.NODE_ENV === 'production' && !config.GATEWAY_TOTP_KEY)
      throw new Error('GATEWAY_TOTP_KEY must be set in production');
    return {
      module: IdentityModule,
      providers: [
        PasswordHasher,
        {
          provide: TokenIssuer,
          useValue: new TokenIssuer({
            privateKeyPem: config.GATEWAY_JWT_PRIVATE_KEY.replaceAll('\\n', '\n'),
            issuer: config.GATEWAY_JWT_ISSUER,
            audience: config.GATEWAY_JWT_AUDIENCE,
            accessTtlSeconds: config.GATEWAY_ACCESS_TOKEN_TTL_SECONDS,
          }),
        },
        { provide: TotpSecrets, useValue: new TotpSecrets(totpKeyOf(config.GATEWAY_TOTP_KEY)) },
        AccountRepository,
        SessionRepository,
        RoleSettingsRepository,
        AccountAttempts,
        SessionTokens,
        TwoFactorRoles,
        RegisterAccountUseCase,
        CreateStaffAccountUseCase,
        DeactivateAccountUseCase,
        EnsureDemoAccountUseCase,
        GetAccountUseCase,
        ListStaffAccountsUseCase,
        LogInUseCase,
        RefreshSessionUseCase,
        LogOutUseCase,
        CheckSessionUseCase,
        SetUpTotpUseCase,
        ConfirmTotpUseCase,
        SealTotpSecretsUseCase,
        RequireTwoFactorUseCase,
        RecordAccessRefusalUseCase,
        AssistedRepository,
        CreateAssistedAccountUseCase,
        ClaimAccountUseCase,
        IssueAssistCodeUseCase,
        ReissueClaimCodeUseCase,
        GrantDelegationUseCase,
        EndDelegationUseCase,
        ListDelegationsUseCase,
        CheckDelegationUseCase,
      ],
      controllers: [
        AuthHttpController,
        UsersHttpController,
        RolesHttpController,
        AssistedHttpController,
      ],
      exports: [
        CheckSessionUseCase,
        TwoFactorRoles,
        RecordAccessRefusalUseCase,
        TokenIssuer,
        CheckDelegationUseCase,
      ],
    };
  }
}
