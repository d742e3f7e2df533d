import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Public, Roles } from '../../access/access.decorators.js';
import { ProblemResponses } from '../../http/problem-responses.js';
import { uuidParam } from '../../payments/payments.dto.js';
import { Idempotent, WithheldOnReplay } from '../../idempotency/idempotent.decorator.js';
import { UserDto } from '../auth.dto.js';
import type { AccessClaims } from '../token-issuer.js';
import {
  AssistCodeDto,
  AssistedAccountDto,
  ClaimAccountDto,
  ClaimCodeDto,
  CreateAssistedAccountDto,
  DelegationDto,
  DelegationsDto,
  EnterAssistCodeDto,
  ReissueClaimCodeDto,
} from './assisted.dto.js';
import { ClaimAccountUseCase } from './claim-account/claim-account.use-case.js';
import { CreateAssistedAccountUseCase } from './create-assisted-account/create-assisted-account.use-case.js';
import { EndDelegationUseCase } from './end-delegation/end-delegation.use-case.js';
import { GrantDelegationUseCase } from './grant-delegation/grant-delegation.use-case.js';
import { IssueAssistCodeUseCase } from './issue-assist-code/issue-assist-code.use-case.js';
import { ListDelegationsUseCase } from './list-delegations/list-delegations.use-case.js';
import { ReissueClaimCodeUseCase } from './reissue-claim-code/reissue-claim-code.use-case.js';

/**
 * The assisted channel's identity routes: a clerk creates an account for a walk-in person or
 * enters the assist code a person shows, either of which grants the clerk a short-lived
 * delegation to file for them; a clerk prints a new claim code for an account not yet claimed;
 * the person claims a counter-made account; a person makes an assist code; the clerk, or the
 * person, ends a delegation before it expires. Each route maps to one use case.
 */
@ApiTags('assisted')
@Controller('api/v1')
export class AssistedHttpController {
  constructor(
    private readonly createAssistedAccount: CreateAssistedAccountUseCase,
    private readonly grantDelegation: GrantDelegationUseCase,
    private readonly claimAccount: ClaimAccountUseCase,
    private readonly issueAssistCode: IssueAssistCodeUseCase,
    private readonly reissueClaimCode: ReissueClaimCodeUseCase,
    private readonly endDelegation: EndDelegationUseCase,
    private readonly listDelegations: ListDelegationsUseCase,
  ) {}

  @Post('assisted/accounts')
  @Roles('clerk')
  @Idempotent('optional')
  @WithheldOnReplay('claimCode')
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Create an account for a walk-in person (assisted channel)',
    description:
      'Roles: clerk. An `unclaimed` citizen account without a password (no login until the person claims it), the identity document seen (its kind and the last characters of its number, kept in the identity tables only), a one-time claim code to print (shown once; a replay of the same Idempotency-Key shows it as null) and the clerk’s delegation to file for the person. 409 `IDENTITY.EMAIL_TAKEN`: the person has an account, and shows an assist code from it instead.',
  })
  @ApiResponse({ status: 201, type: AssistedAccountDto })
  @ProblemResponses(400, 401, 403, 409, 413, 415, 422, 429)
  create(
    @Body() body: CreateAssistedAccountDto,
    @CurrentActor() actor: AccessClaims,
  ): Promise<AssistedAccountDto> {
    return this.createAssistedAccount.execute({
      ...body,
      clerk: { userId: actor.userId, role: actor.role },
    });
  }

  @Post('assisted/accounts/:accountId/claim-code')
  @Roles('clerk')
  @Idempotent('optional')
  @WithheldOnReplay('claimCode')
  @ApiBearerAuth()
  @ApiParam({
    name: 'accountId',
    type: String,
    format: 'uuid',
    description: 'An account made at the counter (`POST /api/v1/assisted/accounts`).',
  })
  @ApiOperation({
    summary: 'Print a new claim code for an account made at the counter and not yet claimed',
    description:
      'Roles: clerk. For a person whose printed code expired, was voided by wrong tries or was lost: the clerk names the identity document the person shows, which must be the one recorded when the account was made (its kind and number end). The new code replaces the old one, which stops working (shown once; a replay of the same Idempotency-Key shows it as null). 403 `IDENTITY.IDENTITY_DOCUMENT_MISMATCH`: another document (no code changes; the check is recorded and counted as an access refusal). 404 `IDENTITY.USER_NOT_FOUND`: no such account made at the counter, or it is closed. 409 `IDENTITY.ACCOUNT_CLAIMED`: the person claimed it already and logs in. Entries on one account are limited per minute (429).',
  })
  @ApiResponse({ status: 201, type: ClaimCodeDto })
  @ProblemResponses(400, 401, 403, 404, 409, 413, 415, 422, 429)
  reissue(
    @Param('accountId', uuidParam('accountId')) accountId: string,
    @Body() body: ReissueClaimCodeDto,
    @CurrentActor() actor: AccessClaims,
  ): Promise<ClaimCodeDto> {
    return this.reissueClaimCode.execute({
      accountId,
      identityDocument: body.identityDocument,
      clerk: { userId: actor.userId, role: actor.role },
    });
  }

  @Post('assisted/delegations')
  @Roles('clerk')
  @Idempotent('optional')
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Enter the assist code an applicant shows from their account',
    description:
      'Roles: clerk. Grants the clerk a short-lived delegation to file for that account. 422 `IDENTITY.ASSIST_CODE_INVALID` (no such code), 410 `IDENTITY.ASSIST_CODE_EXPIRED` / `IDENTITY.ASSIST_CODE_USED`; entries are limited per minute (429).',
  })
  @ApiResponse({ status: 201, type: DelegationDto })
  @ProblemResponses(400, 401, 403, 410, 413, 415, 422, 429)
  delegate(
    @Body() body: EnterAssistCodeDto,
    @CurrentActor() actor: AccessClaims,
  ): Promise<DelegationDto> {
    return this.grantDelegation.execute({
      code: body.code,
      clerk: { userId: actor.userId, role: actor.role },
    });
  }

  @Post('assisted/delegations/:delegationId/end')
  @Roles('clerk')
  @Idempotent('optional')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiParam({ name: 'delegationId', type: String, format: 'uuid' })
  @ApiOperation({
    summary: 'Finish at the counter: end your delegation to file for a person',
    description:
      'Roles: clerk (the delegation’s own). From now on filing under it is refused (403 `IDENTITY.NOT_DELEGATED`); recorded as `gov.identity.delegation.ended.v1`. One that has already ended or expired stays as it is (204 again, nothing recorded). 404 `IDENTITY.DELEGATION_NOT_FOUND`: no delegation of yours with this id.',
  })
  @ApiResponse({ status: 204, description: 'The delegation is over.' })
  @ProblemResponses(401, 403, 404, 422)
  async endAtCounter(
    @Param('delegationId', uuidParam('delegationId')) delegationId: string,
    @CurrentActor() actor: AccessClaims,
  ): Promise<void> {
    await this.endDelegation.execute({
      delegationId,
      actor: { userId: actor.userId, role: actor.role },
      as: 'clerk',
    });
  }

  @Get('me/delegations')
  @Roles('citizen')
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'The clerks who may file for you now',
    description:
      'Roles: citizen (their own account). The live delegations on your account, the newest first: how each was given (an account made at the counter, or an assist code you showed) and until when. End one with `POST /api/v1/me/delegations/{delegationId}/end`.',
  })
  @ApiResponse({ status: 200, type: DelegationsDto })
  @ProblemResponses(401, 403)
  delegations(@CurrentActor() actor: AccessClaims): Promise<DelegationsDto> {
    return this.listDelegations.execute({ actor: { userId: actor.userId, role: actor.role } });
  }

  @Post('me/delegations/:delegationId/end')
  @Roles('citizen')
  @Idempotent('optional')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiParam({ name: 'delegationId', type: String, format: 'uuid' })
  @ApiOperation({
    summary: 'Withdraw a clerk’s delegation to file for you',
    description:
      'Roles: citizen (a delegation on their own account). The clerk can file for you no more (403 `IDENTITY.NOT_DELEGATED`); what was filed stays yours. Recorded as `gov.identity.delegation.ended.v1`. One that has already ended or expired stays as it is (204 again). 404 `IDENTITY.DELEGATION_NOT_FOUND`: no delegation on your account with this id.',
  })
  @ApiResponse({ status: 204, description: 'The delegation is over.' })
  @ProblemResponses(401, 403, 404, 422)
  async withdraw(
    @Param('delegationId', uuidParam('delegationId')) delegationId: string,
    @CurrentActor() actor: AccessClaims,
  ): Promise<void> {
    await this.endDelegation.execute({
      delegationId,
      actor: { userId: actor.userId, role: actor.role },
      as: 'holder',
    });
  }

  @Post('auth/claim')
  @Public()
  @Idempotent('optional')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Claim an account made at the counter: the printed code and a password',
    description:
      'Roles: public (no login; the claim code is the credential). The account becomes an ordinary citizen account; log in with the email and the new password. 401 `IDENTITY.CLAIM_CODE_INVALID` (wrong email or code: a wrong code counts), 410 `IDENTITY.CLAIM_CODE_EXPIRED`, `IDENTITY.CLAIM_CODE_USED` (log in instead) or `IDENTITY.CLAIM_ATTEMPTS_EXCEEDED` (too many wrong codes: ask at the counter for a new one). Rate-limited per address and per account (429).',
  })
  @ApiResponse({ status: 200, type: UserDto })
  @ProblemResponses(400, 401, 410, 413, 415, 422, 429)
  claim(@Body() body: ClaimAccountDto): Promise<UserDto> {
    return this.claimAccount.execute(body);
  }

  @Post('me/assist-codes')
  @Roles('citizen')
  @Idempotent('optional')
  @WithheldOnReplay('code')
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'A one-time code that lets a clerk at the counter file for you',
    description:
      'Roles: citizen. Show the code to the clerk: it works once, for a few minutes, and a new code voids the earlier one. A replay of the same Idempotency-Key shows it as null.',
  })
  @ApiResponse({ status: 201, type: AssistCodeDto })
  @ProblemResponses(401, 403, 422)
  assistCode(@CurrentActor() actor: AccessClaims): Promise<AssistCodeDto> {
    return this.issueAssistCode.execute({ actor: { userId: actor.userId, role: actor.role } });
  }
}
