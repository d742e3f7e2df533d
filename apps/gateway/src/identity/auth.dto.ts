import { ApiProperty } from '@nestjs/swagger';
import {
  IsBoolean,
  IsEmail,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { ROLES, type Role } from '#contracts';

export class RegisterDto {
  @ApiProperty({ example: 'ana@example.org', format: 'email', maxLength: 254 })
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email: string;

  @ApiProperty({ minLength: 12, maxLength: 128, description: 'At least 12 characters.' })
  @IsString()
  @MinLength(12)
  @MaxLength(128)
  password: string;

  @ApiProperty({
    example: 'Ana Citizen',
    minLength: 1,
    maxLength: 200,
    pattern: '\\S',
    description: 'Not blank.',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  @Matches(/\S/, { message: 'fullName must not be blank' })
  fullName: string;
}

export class LoginDto {
  @ApiProperty({ example: 'ana@example.org', minLength: 1, maxLength: 254 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(254)
  email: string;

  @ApiProperty({ minLength: 1, maxLength: 128 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  password: string;

  @ApiProperty({
    required: false,
    example: '123456',
    pattern: '^\\d{6}$',
    description: 'The one-time code, for an account with two-factor login.',
  })
  @IsOptional()
  @IsString()
  @Matches(/^\d{6}$/, { message: 'totp must be 6 digits' })
  totp?: string;
}

export class TotpCodeDto {
  @ApiProperty({
    example: '123456',
    pattern: '^\\d{6}$',
    description: 'The 6-digit code of the authenticator app.',
  })
  @IsString()
  @Matches(/^\d{6}$/, { message: 'code must be 6 digits' })
  code: string;
}

export class TotpSetupDto {
  @ApiProperty({ description: 'Base32 secret for an authenticator app (shown once).' })
  secret: string;
  @ApiProperty({ description: 'otpauth:// URI (for a QR code).' }) otpauthUri: string;
}

export class TwoFactorSettingDto {
  @ApiProperty({ description: 'Whether accounts of this role must log in with TOTP.' })
  @IsBoolean()
  required: boolean;
}

export class RefreshDto {
  @ApiProperty({
    required: false,
    description:
      'The refresh token of the last login or refresh. Without it (or without a body), the `civic_refresh` cookie is read.',
    minLength: 1,
    maxLength: 200,
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  refreshToken?: string;
}

export class TokenPairDto {
  @ApiProperty({ description: 'JWT (EdDSA), short-lived.' }) accessToken: string;
  @ApiProperty({ description: 'Opaque; works once, and a new one comes with each refresh.' })
  refreshToken: string;
  @ApiProperty({ enum: ['Bearer'] }) tokenType: 'Bearer';
  @ApiProperty({ description: 'Seconds until the access token expires.' }) expiresIn: number;
}

export class UserDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() email: string;
  @ApiProperty() fullName: string;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiProperty({
    enum: ['active', 'deactivated', 'unclaimed'],
    description: '`unclaimed`: made at the counter, no login until its person claims it.',
  })
  status: 'active' | 'deactivated' | 'unclaimed';
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}
