import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiResponse } from '@nestjs/swagger';

class FieldProblemDto {
  @ApiProperty({ example: 'email' }) field: string;
  @ApiProperty({ example: 'IS_EMAIL' }) code: string;
  @ApiProperty() message: string;
}

/** RFC 9457 problem details as the gateway sends them (`application/problem+json`). */
export class ProblemDto {
  @ApiProperty({ example: 'urn:civic:problem:validation-failed' }) type: string;
  @ApiProperty() title: string;
  @ApiProperty() status: number;
  @ApiProperty({ description: 'Stable code', example: 'VALIDATION_FAILED' }) code: string;
  @ApiProperty({ required: false }) detail?: string;
  @ApiProperty({ required: false }) instance?: string;
  @ApiProperty() correlationId: string;
  @ApiProperty({ type: [FieldProblemDto], required: false }) errors?: FieldProblemDto[];
}

const DESCRIPTIONS: Record<number, string> = {
  400: 'BAD_REQUEST / MALFORMED_JSON: the body could not be read',
  401: 'UNAUTHENTICATED, IDENTITY.*: no valid credentials',
  403: 'FORBIDDEN: the role may not do this',
  404: 'NOT_FOUND',
  409: 'a conflict with the current state (e.g. IDENTITY.EMAIL_TAKEN)',
  412: 'a precondition the request states does not hold (e.g. PAYMENTS.REFUND_AMOUNT_AVAILABLE_MISMATCH: read again)',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'VALIDATION_FAILED: `errors` names each field at fault',
  429: 'RATE_LIMITED or IDENTITY.ACCOUNT_LOCKED, with Retry-After',
  503: 'SERVICE_UNAVAILABLE: the owning service is not running',
  504: 'SERVICE_TIMEOUT: the owning service did not answer in time',
};

/** Documents the problem responses a route can give. */
export const ProblemResponses = (...statuses: number[]) =>
  applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: DESCRIPTIONS[status] ?? 'problem',
        content: {
          'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDto' } },
        },
      }),
    ),
  );
