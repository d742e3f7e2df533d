import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../access/access.decorators.js';
import { Idempotent } from '../idempotency/idempotent.decorator.js';
import { paramProblem } from '../http/param-problems.js';
import { ProblemResponses } from '../http/problem-responses.js';
import { UserDto } from '../identity/auth.dto.js';
import { CreateStaffAccountUseCase } from '../identity/accounts/create-staff-account/create-staff-account.use-case.js';
import { DeactivateAccountUseCase } from '../identity/accounts/deactivate-account/deactivate-account.use-case.js';
import { ListStaffAccountsUseCase } from '../identity/accounts/list-staff-accounts/list-staff-accounts.use-case.js';
import { CreateStaffUserDto, StaffAccountsDto } from './users.dto.js';

/** Staff accounts, managed by admins. */
@ApiTags('users')
@ApiBearerAuth()
@Controller('api/v1/users')
export class UsersHttpController {
  constructor(
    private readonly createStaffAccount: CreateStaffAccountUseCase,
    private readonly deactivateAccount: DeactivateAccountUseCase,
    private readonly listStaffAccounts: ListStaffAccountsUseCase,
  ) {}

  @Get()
  @Roles('admin')
  @ApiOperation({
    summary: 'The staff accounts, and the roles that need two-factor login',
    description:
      'Roles: admin. Every staff account (not citizens), newest first, deactivated ones too (at most 1,000), and the staff roles whose logins need a second factor (`PUT /api/v1/roles/{role}/two-factor`).',
  })
  @ApiResponse({ status: 200, type: StaffAccountsDto })
  @ProblemResponses(401, 403)
  list(): Promise<StaffAccountsDto> {
    return this.listStaffAccounts.execute();
  }

  @Post()
  @Roles('admin')
  @Idempotent('optional')
  @ApiOperation({ summary: 'Create a staff account', description: 'Roles: admin.' })
  @ApiResponse({ status: 201, type: UserDto })
  @ProblemResponses(400, 401, 403, 409, 413, 415, 422)
  create(@Body() body: CreateStaffUserDto): Promise<UserDto> {
    return this.createStaffAccount.execute(body);
  }

  @Post(':id/deactivate')
  @Roles('admin')
  @Idempotent('optional')
  @ApiParam({ name: 'id', type: String, format: 'uuid' })
  @HttpCode(204)
  @ApiOperation({
    summary: 'Deactivate an account',
    description: 'Roles: admin. Every session of the account ends at once.',
  })
  @ApiResponse({ status: 204, description: 'Deactivated; its tokens no longer work.' })
  @ProblemResponses(401, 403, 404, 422)
  async deactivate(
    @Param('id', new ParseUUIDPipe({ exceptionFactory: paramProblem('id', 'IS_UUID') })) id: string,
  ): Promise<void> {
    await this.deactivateAccount.execute({ accountId: id });
  }
}
