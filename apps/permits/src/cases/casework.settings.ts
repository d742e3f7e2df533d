/** DI token of the case work's settings (from PermitsConfig). */
export const CASEWORK_SETTINGS = Symbol('CASEWORK_SETTINGS');

export interface CaseworkSettings {
  /** PERMITS_HOLDER_SALT: the secret of the holder hash in permit events. */
  holderSalt: string;
  /** PERMITS_RENEWAL_WINDOW_DAYS: calendar days before expiry from which a holder may renew. */
  renewalWindowDays: number;
}
