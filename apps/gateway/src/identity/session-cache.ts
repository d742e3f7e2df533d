import pg from 'pg';
import type { Role } from '#contracts';

/** The PostgreSQL channel that announces a revoked session or a changed account. */
export const SESSION_CHANNEL = 'civic_identity_sessions';

// NOTIFY payloads (sent by triggers, SessionNotifications1764000000001): `session:<id>` (a
// session ended) or `user:<id>` (an account's status or role changed).

interface LiveSession {
  userId: string;
  role: Role;
  twoFactor: boolean;
  /** Checked again after this, whatever happens. */
  until: number;
}

/**
 * Live sessions, remembered so that an authenticated request costs no database round trip.
 * Correct "at once": triggers NOTIFY the channel when a session is revoked or an account's
 * status or role changes, whoever changes it, and every gateway replica LISTENs and forgets
 * the session (or every session of the account) when that transaction commits. While the listening
 * connection is down nothing is remembered, so every request is checked in the database.
 */
export class SessionCache {
  private readonly sessions = new Map<string, LiveSession>();
  private listener: pg.Client | undefined;
  private listening = false;
  private closed = false;
  private retry: NodeJS.Timeout | undefined;
  /** Counts what was forgotten: a check that read the database before a change remembers nothing. */
  private forgotten = 0;

  constructor(
    private readonly databaseUrl: string,
    private readonly ttlMs = 30_000,
    private readonly maxEntries = 50_000,
  ) {}

  async start(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.databaseUrl,
      application_name: 'gateway-session-listener',
    });
    client.on('notification', (message) => this.forget(message.payload ?? ''));
    client.on('error', () => this.lost());
    client.on('end', () => this.lost());
    await client.connect();
    await client.query(`LISTEN ${SESSION_CHANNEL}`);
    this.listener = client;
    this.listening = true;
  }

  private lost(): void {
    this.listening = false;
    this.sessions.clear();
    this.listener = undefined;
    if (this.closed || this.retry) return;
    this.retry = setTimeout(() => {
      this.retry = undefined;
      this.start().catch(() => this.lost());
    }, 1_000);
    this.retry.unref();
  }

  private forget(payload: string): void {
    this.forgotten += 1;
    if (payload.startsWith('session:')) this.sessions.delete(payload.slice(8));
    else if (payload.startsWith('user:')) {
      const userId = payload.slice(5);
      for (const [id, s] of this.sessions) if (s.userId === userId) this.sessions.delete(id);
    }
  }

  /**
   * Forgets an account's sessions here and now: the replica that committed a change answers
   * after it, without waiting for its own NOTIFY to come back (the others forget on theirs).
   */
  forgetAccount(userId: string): void {
    this.forget(`user:${userId}`);
  }

  /** Forgets a session here and now (it ended on this replica: logout, a spent refresh token). */
  forgetSession(sessionId: string): void {
    this.forget(`session:${sessionId}`);
  }

  /** Taken before a check reads the database; `remember` with it stores nothing if it changed. */
  get mark(): number {
    return this.forgotten;
  }

  get(
    sessionId: string,
    userId?: string,
  ): { userId: string; role: Role; twoFactor: boolean } | undefined {
    if (!this.listening) return undefined;
    const hit = this.sessions.get(sessionId);
    if (!hit || (userId !== undefined && hit.userId !== userId)) return undefined;
    if (hit.until < Date.now()) {
      this.sessions.delete(sessionId);
      return undefined;
    }
    return { userId: hit.userId, role: hit.role, twoFactor: hit.twoFactor };
  }

  remember(
    sessionId: string,
    userId: string,
    role: Role,
    twoFactor: boolean,
    mark = this.forgotten,
  ): void {
    // Not listening, or something was forgotten while the database was read: the row read may
    // be from before that change.
    if (!this.listening || mark !== this.forgotten) return;
    if (this.sessions.size >= this.maxEntries) {
      const oldest = this.sessions.keys().next().value;
      if (oldest !== undefined) this.sessions.delete(oldest);
    }
    this.sessions.set(sessionId, { userId, role, twoFactor, until: Date.now() + this.ttlMs });
  }

  async stop(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retry);
    this.listening = false;
    await this.listener?.end().catch(() => undefined);
  }
}
