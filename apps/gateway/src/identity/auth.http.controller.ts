import { Body, Controller, Get, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { IdentityErrors } from '#contracts';
import {
  Authenticated,
  CurrentActor,
  Public,
  WithoutTwoFactor,
} from '../access/access.decorators.js';
import type { GatewayConfig } from '../config.js';
import { GATEWAY_CONFIG } from '../gateway.tokens.js';
import { ProblemResponses } from '../http/problem-responses.js';
import { Idempotent, NoIdempotencyKey } from '../idempotency/idempotent.decorator.js';
import {
  LoginDto,
  RefreshDto,
  RegisterDto,
  TokenPairDto,
  TotpCodeDto,
  TotpSetupDto,
  UserDto,
} from './auth.dto.js';
import { GetAccountUseCase } from './accounts/get-account/get-account.use-case.js';
import { RegisterAccountUseCase } from './accounts/register-account/register-account.use-case.js';
import { LogInUseCase } from './sessions/log-in/log-in.use-case.js';
import { LogOutUseCase } from './sessions/log-out/log-out.use-case.js';
import { RefreshSessionUseCase } from './sessions/refresh-session/refresh-session.use-case.js';
import {
  ApiRefreshCookie,
  CLEAR_COOKIE_HEADER,
  clearedRefreshCookie,
  refreshCookie,
  refreshTokenOfCookie,
  SET_COOKIE_HEADER,
  setRefreshCookie,
} from './sessions/refresh-cookie.js';
import type { AccessClaims } from './token-issuer.js';
import { ConfirmTotpUseCase } from './two-factor/confirm-totp/confirm-totp.use-case.js';
import { SetUpTotpUseCase } from './two-factor/set-up-totp/set-up-totp.use-case.js';

/** Registration, login and sessions of citizens and staff: each route maps to one use case. */
@ApiTags('auth')
@Controller('api/v1/auth')
export class AuthHttpController {
  constructor(
    private readonly registerAccount: RegisterAccountUseCase,
    private readonly logIn: LogInUseCase,
    private readonly refreshSession: RefreshSessionUseCase,
    private readonly logOut: LogOutUseCase,
    private readonly setUpTotp: SetUpTotpUseCase,
    private readonly totpConfirmation: ConfirmTotpUseCase,
    private readonly getAccount: GetAccountUseCase,
    @Inject(GATEWAY_CONFIG)
    private readonly config: Pick<GatewayConfig, 'GATEWAY_SESSION_TTL_DAYS'>,
  ) {}

  /** The pair as JSON, and its refresh token in the browser's cookie too. */
  private withCookie(reply: FastifyReply, pair: TokenPairDto): TokenPairDto {
    setRefreshCookie(reply, refreshCookie(pair.refreshToken, this.config.GATEWAY_SESSION_TTL_DAYS));
    return pair;
  }

  @Post('register')
  @Public()
  @Idempotent('optional')
  @ApiOperation({ summary: 'Register a citizen account', description: 'Roles: public (no login).' })
  @ApiResponse({ status: 201, type: UserDto })
  @ProblemResponses(400, 409, 413, 415, 422, 429)
  register(@Body() body: RegisterDto): Promise<UserDto> {
    return this.registerAccount.execute(body);
  }

  @Post('login')
  @Public()
  @NoIdempotencyKey(
    'its answer is a pair of live tokens, which are not kept; a repeated login only opens another session',
  )
  @HttpCode(200)
  @ApiOperation({
    summary: 'Log in with email and password',
    description:
      'Roles: public (no login). Repeated failures lock the account for a while. An account with two-factor login needs `totp` (401 `IDENTITY.TOTP_REQUIRED` without it). The refresh token is also set as the `civic_refresh` cookie for browsers.',
  })
  @ApiResponse({ status: 200, type: TokenPairDto, headers: SET_COOKIE_HEADER })
  @ProblemResponses(400, 401, 413, 415, 422, 429)
  async login(
    @Body() body: LoginDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TokenPairDto> {
    return this.withCookie(reply, await this.logIn.execute(body));
  }

  @Post('refresh')
  @Public()
  @NoIdempotencyKey('its answer is a pair of live tokens, which are not kept')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Trade a refresh token for a new pair',
    description:
      'Roles: public (the refresh token is the credential). A refresh token works once; presenting a spent one ends its session. The token comes from the body or, without one there, from the `civic_refresh` cookie (browsers), which is set to the new one.',
  })
  @ApiBody({ type: RefreshDto, required: false })
  @ApiRefreshCookie()
  @ApiResponse({ status: 200, type: TokenPairDto, headers: SET_COOKIE_HEADER })
  @ProblemResponses(400, 401, 413, 415, 422, 429)
  async refresh(
    @Body() body: RefreshDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TokenPairDto> {
    const refreshToken = body?.refreshToken ?? refreshTokenOfCookie(request);
    if (!refreshToken) throw IdentityErrors.invalidRefreshToken();
    return this.withCookie(reply, await this.refreshSession.execute({ refreshToken }));
  }

  @Post('logout')
  @Authenticated()
  @NoIdempotencyKey(
    'ending a session is idempotent by nature, and a repeat is refused (401) before any key is looked at: the session it ended was its credential',
  )
  @WithoutTwoFactor()
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'End the session of a refresh token',
    description:
      'Roles: any logged-in account (its own session only). The refresh token comes from the body or, without one there, from the `civic_refresh` cookie, which is cleared.',
  })
  @ApiBody({ type: RefreshDto, required: false })
  @ApiRefreshCookie()
  @ApiResponse({
    status: 204,
    description: 'The session is over; its tokens no longer work.',
    headers: CLEAR_COOKIE_HEADER,
  })
  @ProblemResponses(400, 401, 413, 415, 422)
  async logout(
    @Body() body: RefreshDto,
    @CurrentActor() actor: AccessClaims,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    const refreshToken = body?.refreshToken ?? refreshTokenOfCookie(request);
    if (!refreshToken) throw IdentityErrors.invalidRefreshToken();
    await this.logOut.execute({ refreshToken, actor });
    setRefreshCookie(reply, clearedRefreshCookie());
  }

  @Post('totp/setup')
  @Authenticated()
  @NoIdempotencyKey(
    'its answer is a second-factor secret, which is not kept; a repeat issues a new secret in place of the unconfirmed one',
  )
  @WithoutTwoFactor()
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Start two-factor login: a TOTP secret for an authenticator app',
    description: 'Roles: any logged-in account. The secret is in force once a code confirms it.',
  })
  @ApiResponse({ status: 200, type: TotpSetupDto })
  @ProblemResponses(401, 409)
  startTotp(@CurrentActor() actor: AccessClaims): Promise<TotpSetupDto> {
    return this.setUpTotp.execute({ accountId: actor.userId });
  }

  @Post('totp/confirm')
  @Authenticated()
  @Idempotent('optional')
  @WithoutTwoFactor()
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Put two-factor login in force with a first code',
    description:
      'Roles: any logged-in account. From now on login needs `totp`; this session counts as two-factor.',
  })
  @ApiResponse({ status: 204, description: 'Two-factor login is on.' })
  @ProblemResponses(400, 401, 409, 413, 415, 422)
  async confirmTotp(@Body() body: TotpCodeDto, @CurrentActor() actor: AccessClaims): Promise<void> {
    await this.totpConfirmation.execute({ actor, code: body.code });
  }

  @Get('me')
  @Authenticated()
  @WithoutTwoFactor()
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The logged-in account', description: 'Roles: any logged-in account.' })
  @ApiResponse({ status: 200, type: UserDto })
  @ProblemResponses(401)
  me(@CurrentActor() actor: AccessClaims): Promise<UserDto> {
    return this.getAccount.execute({ accountId: actor.userId });
  }
}
