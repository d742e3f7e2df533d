import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { STAFF_ROLES, type StaffRole } from '#contracts';
import { RegisterDto, UserDto } from '../identity/auth.dto.js';

export class CreateStaffUserDto extends RegisterDto {
  @ApiProperty({ enum: STAFF_ROLES })
  @IsIn(STAFF_ROLES)
  role: StaffRole;
}

export class StaffAccountsDto {
  @ApiProperty({
    type: [UserDto],
    description: 'Staff accounts (every role but citizen), newest first, deactivated ones too.',
  })
  items: UserDto[];

  @ApiProperty({
    enum: STAFF_ROLES,
    isArray: true,
    description: 'The staff roles whose logins need a second factor.',
  })
  twoFactorRoles: StaffRole[];
}
