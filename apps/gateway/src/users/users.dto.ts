import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { STAFF_ROLES, type StaffRole } from '#contracts';
import { RegisterDto } from '../identity/auth.dto.js';

export class CreateStaffUserDto extends RegisterDto {
  @ApiProperty({ enum: STAFF_ROLES })
  @IsIn(STAFF_ROLES)
  role: StaffRole;
}
