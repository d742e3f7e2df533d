import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';

export class IssueApiKeyDto {
  @ApiProperty({
    minLength: 1,
    description: 'The client app the key is for',
    example: 'FixMyStreet (city instance)',
  })
  @IsString()
  @Length(1, 200)
  @Matches(/^[^\p{Cc}]+$/u, { message: 'clientName must not contain control characters' })
  clientName: string;
}

export class ApiKeyDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'o311_1a2b3c4d', description: 'Public prefix that names the key' })
  keyPrefix: string;
  @ApiProperty() clientName: string;
  @ApiProperty({ format: 'date-time' }) issuedAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) revokedAt: string | null;
}

export class IssuedApiKeyDto extends ApiKeyDto {
  @ApiProperty({ description: 'The key: shown this once, stored only as a hash' })
  apiKey: string;
}
