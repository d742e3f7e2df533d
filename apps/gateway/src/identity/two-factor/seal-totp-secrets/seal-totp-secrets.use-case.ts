import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TotpSecrets } from '../totp-secrets.js';

/**
 * Seals the TOTP secrets stored before secrets were sealed (`docs/architecture.md`, identity),
 * when the gateway starts: each row compared and set, so replicas starting together seal each
 * secret once. Until then such a secret still works (it opens as itself).
 */
@Injectable()
export class SealTotpSecretsUseCase implements OnApplicationBootstrap {
  private readonly logger = new Logger('Identity');

  constructor(
    private readonly dataSource: DataSource,
    private readonly secrets: TotpSecrets,
  ) {}

  /** How many secrets it sealed. */
  async execute(): Promise<number> {
    const rows = await this.dataSource.query<{ id: string; totp_secret: string }[]>(
      `SELECT id, totp_secret FROM users
        WHERE totp_secret IS NOT NULL AND totp_secret NOT LIKE 'v1.%'`,
    );
    let sealed = 0;
    for (const row of rows) {
      const updated = await this.dataSource.query<unknown[]>(
        'UPDATE users SET totp_secret = $3 WHERE id = $1 AND totp_secret = $2 RETURNING 1',
        [row.id, row.totp_secret, this.secrets.seal(row.id, row.totp_secret)],
      );
      sealed += updated.length;
    }
    return sealed;
  }

  /** Never holds the start up: a secret left unsealed still works, and the next start seals it. */
  async onApplicationBootstrap(): Promise<void> {
    try {
      const sealed = await this.execute();
      if (sealed > 0) this.logger.log(`sealed ${sealed} TOTP secrets stored before sealing`);
    } catch (error) {
      this.logger.warn(
        `sealing the TOTP secrets stored before failed: ${(error as Error).message}`,
      );
    }
  }
}
