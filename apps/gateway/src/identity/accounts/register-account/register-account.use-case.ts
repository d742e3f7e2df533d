import { Injectable } from '@nestjs/common';
import { emailKey, type AccountView } from '../account.js';
import { AccountAttempts } from '../account-attempts.js';
import { CreateStaffAccountUseCase } from '../create-staff-account/create-staff-account.use-case.js';

export interface RegisterAccount {
  email: string;
  password: string;
  fullName: string;
}

/**
 * A citizen registers: a `citizen` account. Attempts on one address count towards the same
 * per-account limit as logins (IDENTITY.ACCOUNT_RATE_LIMITED); a taken address is
 * IDENTITY.EMAIL_TAKEN. Once per request key, as `CreateStaffAccountUseCase` (which it runs).
 */
@Injectable()
export class RegisterAccountUseCase {
  constructor(
    private readonly attempts: AccountAttempts,
    private readonly create: CreateStaffAccountUseCase,
  ) {}

  async execute(command: RegisterAccount): Promise<AccountView> {
    this.attempts.count(emailKey(command.email));
    return this.create.execute({ ...command, role: 'citizen' });
  }
}
