import { IsInt, IsUUID, Matches, Min } from 'class-validator';
import { IdField } from './personal-data.js';

// Subject constants: changing one is a new version (`.v2`), never an edit.
export const PAYMENT_SUCCEEDED_V1 = 'gov.payments.payment.succeeded.v1';

export class PaymentSucceededV1 {
  @IsUUID()
  @IdField()
  paymentId: string;

  @IsUUID()
  @IdField()
  invoiceId: string;

  /** Integer minor units (cents). */
  @IsInt()
  @Min(1)
  amountMinor: number;

  /** ISO 4217 code. */
  @Matches(/^[A-Z]{3}$/)
  currency: string;
}
