import { createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { keyIdOf, rawPublicKey, signTreeHead, type TreeHead } from '#audit-log';
import type { AuditConfig } from '../config.js';
import { AUDIT_CONFIG } from '../audit.tokens.js';
import type { LogState } from './audit-log.repository.js';

/**
 * Signs tree heads of the log with the configured Ed25519 key: at a cadence when the log has
 * grown, and on demand. The public key of every key ever used is kept, so heads stay
 * verifiable after a rotation.
 */
@Injectable()
export class TreeHeadSigner {
  private readonly logger = new Logger('TreeHeads');
  private readonly key: KeyObject;
  private timer: NodeJS.Timeout | undefined;
  private signing: Promise<TreeHead | undefined> = Promise.resolve(undefined);
  private lastSize = -1;
  private state: (() => LogState | undefined) | undefined;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(AUDIT_CONFIG) private readonly config: AuditConfig,
  ) {
    if (!config.AUDIT_SIGNING_KEY && config.NODE_ENV === 'production')
      throw new Error('AUDIT_SIGNING_KEY must be set in production');
    this.key = config.AUDIT_SIGNING_KEY
      ? createPrivateKey(config.AUDIT_SIGNING_KEY.replaceAll('\\n', '\n'))
      : generateKeyPairSync('ed25519').privateKey;
  }

  get keyId(): string {
    return keyIdOf(this.key);
  }

  start(state: () => LogState | undefined): void {
    this.state = state;
    this.timer = setInterval(
      () =>
        void this.signLatest().catch((e: unknown) =>
          this.logger.warn(`signing: ${(e as Error).message}`),
        ),
      this.config.AUDIT_TREE_HEAD_INTERVAL_SECONDS * 1_000,
    );
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /**
   * Signs a head for the log as it is now, unless one of that size exists; in `manager`'s
   * transaction when given (a command that records its request key with it).
   */
  signLatest(manager: EntityManager = this.dataSource.manager): Promise<TreeHead | undefined> {
    this.signing = this.signing.then(async () => {
      const state = this.state?.();
      if (!state || state.frontier.size === 0 || state.frontier.size === this.lastSize)
        return undefined;
      const root = state.frontier.root() as Buffer;
      const head = signTreeHead(
        {
          treeSize: state.frontier.size,
          rootHash: root.toString('hex'),
          timestamp: new Date().toISOString(),
        },
        this.key,
      );
      await manager.query(
        'INSERT INTO signing_keys (key_id, public_key) VALUES ($1, $2) ON CONFLICT (key_id) DO NOTHING',
        [head.keyId, rawPublicKey(this.key)],
      );
      await manager.query(
        `INSERT INTO tree_heads (tree_size, root_hash, signed_at, key_id, signature)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (tree_size) DO NOTHING`,
        [head.treeSize, root, head.timestamp, head.keyId, Buffer.from(head.signature, 'base64')],
      );
      this.lastSize = head.treeSize;
      return head;
    });
    return this.signing;
  }
}
