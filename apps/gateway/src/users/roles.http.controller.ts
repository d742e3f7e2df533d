import { Body, Controller, HttpCode, Param, ParseEnumPipe, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { STAFF_ROLES, type StaffRole } from '#contracts';
import { Roles } from '../access/access.decorators.js';
import { paramProblem } from '../http/param-problems.js';
import { ProblemResponses } from '../http/problem-responses.js';
import { TwoFactorSettingDto } from '../identity/auth.dto.js';
import { RequireTwoFactorUseCase } from '../identity/roles/require-two-factor/require-two-factor.use-case.js';

/** What an admin decides per staff role. */
@ApiTags('users')
@ApiBearerAuth()
@Controller('api/v1/roles')
export class RolesHttpController {
  constructor(private readonly requireTwoFactor: RequireTwoFactorUseCase) {}

  @Put(':role/two-factor')
  @Roles('admin')
  @ApiParam({ name: 'role', enum: STAFF_ROLES })
  @HttpCode(204)
  @ApiOperation({
    summary: 'Require (or not) two-factor login for a staff role',
    description:
      'Roles: admin. Sessions of that role opened without a second factor can then only set it up.',
  })
  @ApiResponse({ status: 204, description: 'Saved; in force within seconds.' })
  @ProblemResponses(400, 401, 403, 413, 415, 422)
  async setTwoFactor(
    @Param(
      'role',
      new ParseEnumPipe(Object.fromEntries(STAFF_ROLES.map((r) => [r, r])), {
        exceptionFactory: paramProblem('role', 'IS_ENUM'),
      }),
    )
    role: StaffRole,
    @Body() body: TwoFactorSettingDto,
  ): Promise<void> {
    await this.requireTwoFactor.execute({ role, required: body.required });
  }
}
