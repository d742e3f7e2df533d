import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';

/**
 * The sandbox's own state in one SQLite file (a real provider keeps its own books; it never
 * shares the platform's database). Each version below is applied once, in order, and recorded
 * in `PRAGMA user_version`.
 */
const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE payments (
    id            TEXT PRIMARY KEY,
    reference     TEXT NOT NULL UNIQUE,
    page_token    TEXT NOT NULL UNIQUE,
    amount        INTEGER NOT NULL CHECK (amount > 0),
    currency      TEXT NOT NULL,
    description   TEXT NOT NULL,
    return_url    TEXT NOT NULL,
    status        TEXT NOT NULL,
    code          TEXT,
    fee           INTEGER,
    refunds_fail  INTEGER NOT NULL DEFAULT 0,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    expires_at    INTEGER NOT NULL,
    complete_at   INTEGER,
    succeeded_at  INTEGER
  );
  CREATE INDEX payments_due ON payments (complete_at) WHERE status = 'submitted';
  CREATE INDEX payments_expiring ON payments (expires_at) WHERE status = 'created';
  CREATE INDEX payments_succeeded ON payments (succeeded_at) WHERE succeeded_at IS NOT NULL;

  CREATE TABLE refunds (
    id            TEXT PRIMARY KEY,
    reference     TEXT NOT NULL UNIQUE,
    payment_id    TEXT NOT NULL REFERENCES payments (id),
    amount        INTEGER NOT NULL CHECK (amount > 0),
    currency      TEXT NOT NULL,
    status        TEXT NOT NULL,
    code          TEXT,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    complete_at   INTEGER,
    succeeded_at  INTEGER
  );
  CREATE INDEX refunds_payment ON refunds (payment_id);
  CREATE INDEX refunds_due ON refunds (complete_at) WHERE status = 'submitted';
  CREATE INDEX refunds_succeeded ON refunds (succeeded_at) WHERE succeeded_at IS NOT NULL;

  -- Webhooks to send: written in the transaction of the state change they report.
  CREATE TABLE deliveries (
    seq             INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id        TEXT NOT NULL UNIQUE,
    object_id       TEXT NOT NULL,
    type            TEXT NOT NULL,
    body            TEXT NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    delivered_at    INTEGER,
    abandoned_at    INTEGER,
    last_status     INTEGER,
    last_error      TEXT,
    created_at      INTEGER NOT NULL
  );
  CREATE INDEX deliveries_pending ON deliveries (next_attempt_at)
    WHERE delivered_at IS NULL AND abandoned_at IS NULL;
  CREATE INDEX deliveries_object ON deliveries (object_id, seq)
    WHERE delivered_at IS NULL AND abandoned_at IS NULL;
  `,
];

/** Opens (creating when missing) and migrates the sandbox's database. */
export function openDatabase(file: string): DatabaseSync {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new DatabaseSync(file);
  // WAL with synchronous=NORMAL: a committed change survives the process being killed (not a
  // power cut, which a sandbox does not need to survive).
  db.exec('PRAGMA journal_mode = WAL');
  db.exec('PRAGMA synchronous = NORMAL');
  db.exec('PRAGMA foreign_keys = ON');
  db.exec('PRAGMA busy_timeout = 5000');
  const version = (db.prepare('PRAGMA user_version').get() as { user_version: number })
    .user_version;
  for (let v = version; v < MIGRATIONS.length; v += 1) {
    transaction(db, () => {
      db.exec(MIGRATIONS[v] as string);
      db.exec(`PRAGMA user_version = ${v + 1}`);
    });
  }
  return db;
}

/** Runs `work` in one write transaction (BEGIN IMMEDIATE), rolled back if it throws. */
export function transaction<T>(db: DatabaseSync, work: () => T): T {
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = work();
    db.exec('COMMIT');
    return result;
  } catch (error) {
    db.exec('ROLLBACK');
    throw error;
  }
}
