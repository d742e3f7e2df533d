import { IdempotentCommands } from '#platform';
import type { MediumDatabase } from '#testing';
import type { GatewayConfig } from '../config.js';
import { AccountAttempts } from './accounts/account-attempts.js';
import { AccountRepository } from './accounts/account.repository.js';
import { CreateStaffAccountUseCase } from './accounts/create-staff-account/create-staff-account.use-case.js';
import { DeactivateAccountUseCase } from './accounts/deactivate-account/deactivate-account.use-case.js';
import { EnsureDemoAccountUseCase } from './accounts/ensure-demo-account/ensure-demo-account.use-case.js';
import { ListStaffAccountsUseCase } from './accounts/list-staff-accounts/list-staff-accounts.use-case.js';
import { GetAccountUseCase } from './accounts/get-account/get-account.use-case.js';
import { RegisterAccountUseCase } from './accounts/register-account/register-account.use-case.js';
import { AssistedRepository } from './assisted/assisted.repository.js';
import { ClaimAccountUseCase } from './assisted/claim-account/claim-account.use-case.js';
import { CreateAssistedAccountUseCase } from './assisted/create-assisted-account/create-assisted-account.use-case.js';
import { ReissueClaimCodeUseCase } from './assisted/reissue-claim-code/reissue-claim-code.use-case.js';
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
import { DEVELOPMENT_TOTP_KEY, TotpSecrets } from './two-factor/totp-secrets.js';

/** The identity settings the medium specs run with (a low lockout limit, no external provider). */
export const MEDIUM_IDENTITY_SETTINGS = {
  DATABASE_URL: '',
  GATEWAY_ACCESS_TOKEN_TTL_SECONDS: 900,
  GATEWAY_SESSION_TTL_DAYS: 30,
  GATEWAY_LOGIN_MAX_FAILURES: 2,
  GATEWAY_LOCKOUT_SECONDS: 60,
  GATEWAY_ACCOUNT_RATE_LIMIT_PER_MINUTE: 3,
  GATEWAY_OIDC_ISSUER: '',
  GATEWAY_OIDC_JWKS_URL: '',
  GATEWAY_OIDC_AUDIENCE: 'civic-platform',
  GATEWAY_OIDC_ROLES_CLAIM: 'roles',
  GATEWAY_CLAIM_CODE_TTL_HOURS: 336,
  GATEWAY_CLAIM_MAX_ATTEMPTS: 3,
  GATEWAY_DELEGATION_TTL_MINUTES: 120,
} satisfies Partial<GatewayConfig>;

/**
 * Every identity use case wired by hand on a medium database, as the Nest module wires them
 * (no Nest, no HTTP): what a medium spec calls.
 */
export function identityUseCases(
  db: MediumDatabase,
  settings: Partial<typeof MEDIUM_IDENTITY_SETTINGS> = {},
) {
  const config = { ...MEDIUM_IDENTITY_SETTINGS, ...settings };
  const tokens = new TokenIssuer({
    privateKeyPem: '',
    issuer: 'medium',
    audience: 'medium',
    accessTtlSeconds: config.GATEWAY_ACCESS_TOKEN_TTL_SECONDS,
  });
  const accounts = new AccountRepository();
  const sessions = new SessionRepository();
  const passwords = new PasswordHasher();
  const totpSecrets = new TotpSecrets(DEVELOPMENT_TOTP_KEY);
  const attempts = new AccountAttempts(config);
  const sessionTokens = new SessionTokens(sessions, tokens, config);
  const twoFactorRoles = new TwoFactorRoles(db.dataSource, new RoleSettingsRepository());
  const commands = new IdempotentCommands(db.dataSource, db.outbox);
  const createStaffAccount = new CreateStaffAccountUseCase(commands, accounts, passwords);
  const assisted = new AssistedRepository();
  const recordAccessRefusal = new RecordAccessRefusalUseCase(db.dataSource, db.outbox);
  return {
    tokens,
    totpSecrets,
    twoFactorRoles,
    createStaffAccount,
    registerAccount: new RegisterAccountUseCase(attempts, createStaffAccount),
    deactivateAccount: new DeactivateAccountUseCase(commands, accounts, sessions),
    ensureDemoAccount: new EnsureDemoAccountUseCase(
      db.dataSource,
      accounts,
      passwords,
      createStaffAccount,
    ),
    getAccount: new GetAccountUseCase(db.dataSource, accounts),
    listStaffAccounts: new ListStaffAccountsUseCase(
      db.dataSource,
      accounts,
      new RoleSettingsRepository(),
    ),
    logIn: new LogInUseCase(
      db.dataSource,
      accounts,
      sessions,
      sessionTokens,
      attempts,
      passwords,
      config,
      totpSecrets,
    ),
    refreshSession: new RefreshSessionUseCase(db.dataSource, sessions, sessionTokens, tokens),
    logOut: new LogOutUseCase(db.dataSource, sessions, tokens),
    /** Without its cache's LISTEN connection (not started): every check reads the database. */
    checkSession: new CheckSessionUseCase(db.dataSource, accounts, sessions, tokens, config),
    setUpTotp: new SetUpTotpUseCase(db.dataSource, accounts, totpSecrets),
    confirmTotp: new ConfirmTotpUseCase(commands, accounts, sessions, totpSecrets),
    sealTotpSecrets: new SealTotpSecretsUseCase(db.dataSource, totpSecrets),
    requireTwoFactor: new RequireTwoFactorUseCase(
      db.dataSource,
      new RoleSettingsRepository(),
      twoFactorRoles,
    ),
    recordAccessRefusal,
    createAssistedAccount: new CreateAssistedAccountUseCase(
      commands,
      db.outbox,
      assisted,
      passwords,
      config,
    ),
    claimAccount: new ClaimAccountUseCase(
      db.dataSource,
      db.outbox,
      accounts,
      assisted,
      attempts,
      passwords,
      config,
    ),
    reissueClaimCode: new ReissueClaimCodeUseCase(
      db.dataSource,
      commands,
      db.outbox,
      assisted,
      attempts,
      passwords,
      recordAccessRefusal,
      config,
    ),
  };
}

export type IdentityUseCases = ReturnType<typeof identityUseCases>;

/** A fresh account's email: unique per call, so specs of one file do not meet. */
export const anEmail = (what: string): string =>
  `${what}.${Math.random().toString(36).slice(2, 10)}@example.org`;
