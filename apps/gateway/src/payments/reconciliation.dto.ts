import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';
import { PAYMENT_PROVIDER_PATTERN } from '#contracts';

/** The form a cashier sends a provider's settlement report with (multipart/form-data). */
export class SettlementReportUploadForm {
  @ApiProperty({
    type: 'string',
    format: 'binary',
    minLength: 1,
    description:
      "The provider's settlement report, a CSV file (its part's Content-Type `text/csv`), not empty, at most GATEWAY_UPLOAD_MAX_BYTES (25 MiB by default).",
  })
  file: unknown;

  @ApiProperty({
    description: 'The provider whose report it is.',
    example: 'sandbox',
    pattern: PAYMENT_PROVIDER_PATTERN.source,
  })
  @IsString()
  @Matches(PAYMENT_PROVIDER_PATTERN, {
    message: 'provider must be a provider name such as sandbox',
  })
  provider: string;
}
