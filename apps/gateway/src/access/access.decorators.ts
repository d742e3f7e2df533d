import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { Role } from '#contracts';
import type { AccessClaims } from '../identity/token-issuer.js';

export const ACCESS_POLICY = 'civic:access-policy';

/**
 * Who may call a route. Every route must declare one (deny by default: a route without a
 * policy is refused to everyone, and the authorization matrix test fails on it).
 */
export type AccessPolicy =
  { kind: 'public' } | { kind: 'authenticated' } | { kind: 'roles'; roles: readonly Role[] };

export const WITHOUT_TWO_FACTOR = 'civic:without-two-factor';

/**
 * Reachable by a session without its second factor even when the role requires one: what an
 * account needs to enrol (TOTP set-up and confirmation, who am I, logout).
 */
export const WithoutTwoFactor = () => SetMetadata(WITHOUT_TWO_FACTOR, true);

/** Anyone, logged in or not. */
export const Public = () => SetMetadata(ACCESS_POLICY, { kind: 'public' } satisfies AccessPolicy);

/** Any logged-in account, whatever its role. */
export const Authenticated = () =>
  SetMetadata(ACCESS_POLICY, { kind: 'authenticated' } satisfies AccessPolicy);

/** Logged-in accounts with one of these roles. */
export const Roles = (...roles: Role[]) =>
  SetMetadata(ACCESS_POLICY, { kind: 'roles', roles } satisfies AccessPolicy);

/** The authenticated actor of the request (set by the access guard). */
export const CurrentActor = createParamDecorator(
  (_data: unknown, context: ExecutionContext): AccessClaims => {
    const actor = context.switchToHttp().getRequest<{ actor?: AccessClaims }>().actor;
    if (!actor) throw new Error('CurrentActor on a route without an authenticated policy');
    return actor;
  },
);

/** Text for the OpenAPI description of a route's policy. */
export const describePolicy = (policy: AccessPolicy | undefined): string =>
  !policy
    ? 'Roles: none (refused to everyone).'
    : policy.kind === 'public'
      ? 'Roles: public (no login).'
      : policy.kind === 'authenticated'
        ? 'Roles: any logged-in account.'
        : `Roles: ${policy.roles.join(', ')}.`;
