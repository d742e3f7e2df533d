import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Matches, Max, Min } from 'class-validator';

/*
 * Money is an integer number of minor units (cents, pence) with its ISO 4217 currency, never a
 * float. The platform's own currency is configuration (PAYMENTS_CURRENCY); an amount in another
 * currency is refused where it enters. Arithmetic stays in safe integers: a sum that would leave
 * them throws instead of rounding.
 */

/** ISO 4217 alphabetic code: three capital letters. */
export const CURRENCY_PATTERN = /^[A-Z]{3}$/;

/** The largest amount the platform takes in minor units (JSON carries it exactly). */
export const LARGEST_AMOUNT_MINOR = Number.MAX_SAFE_INTEGER;

export interface Money {
  readonly amountMinor: number;
  readonly currency: string;
}

/** An amount in minor units with its currency, as every API view shows one. */
export class MoneyView implements Money {
  @ApiProperty({
    type: 'integer',
    minimum: 0,
    maximum: LARGEST_AMOUNT_MINOR,
    example: 12_500,
    description: 'Minor units of the currency (cents): 12500 is 125.00.',
  })
  @IsInt()
  @Min(0)
  @Max(LARGEST_AMOUNT_MINOR)
  amountMinor: number;

  @ApiProperty({ example: 'EUR', pattern: CURRENCY_PATTERN.source, description: 'ISO 4217' })
  @Matches(CURRENCY_PATTERN, { message: 'currency must be an ISO 4217 code (three capitals)' })
  currency: string;
}

export class MoneyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MoneyError';
  }
}

const checkAmount = (amountMinor: number): number => {
  if (!Number.isSafeInteger(amountMinor))
    throw new MoneyError(`an amount is a whole number of minor units, not ${amountMinor}`);
  return amountMinor;
};

/** A money value; throws on a fractional or unsafe amount or a malformed currency. */
export function money(amountMinor: number, currency: string): Money {
  if (!CURRENCY_PATTERN.test(currency))
    throw new MoneyError(`${currency} is not an ISO 4217 currency code`);
  return { amountMinor: checkAmount(amountMinor), currency };
}

const sameCurrency = (a: Money, b: Money): void => {
  if (a.currency !== b.currency)
    throw new MoneyError(`cannot combine ${a.currency} and ${b.currency}`);
};

export const addMoney = (a: Money, b: Money): Money => {
  sameCurrency(a, b);
  return money(checkAmount(a.amountMinor + b.amountMinor), a.currency);
};

export const subtractMoney = (a: Money, b: Money): Money => {
  sameCurrency(a, b);
  return money(checkAmount(a.amountMinor - b.amountMinor), a.currency);
};

/** The sum of amounts of one currency (`zero` when there are none). */
export const sumMoney = (amounts: readonly Money[], currency: string): Money =>
  amounts.reduce<Money>((total, m) => addMoney(total, m), money(0, currency));

/** A bigint column's text (pg returns int8 as a string) as minor units; throws beyond 2^53. */
export function minorUnitsOf(value: string | number | bigint): number {
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isSafeInteger(n)) throw new MoneyError(`${String(value)} is not a safe amount`);
  return n;
}
