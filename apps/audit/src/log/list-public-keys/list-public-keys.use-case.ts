import { Injectable } from '@nestjs/common';
import type { PublicKey } from '#contracts';
import { AuditLogRepository } from '../audit-log.repository.js';

/** Every public key that ever signed a tree head (heads stay verifiable after a rotation). */
@Injectable()
export class ListPublicKeys {
  constructor(private readonly log: AuditLogRepository) {}

  execute(): Promise<PublicKey[]> {
    return this.log.publicKeys();
  }
}
