import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import bcrypt from 'bcryptjs';
import { DEAD_LETTER_PREFIX, SERVICES, SERVICE_NAMES, type ServiceName } from '#contracts';
import type { NatsAuth } from '#platform';

/**
 * Who may do what on NATS. Every app and the operator share one account (`CIVIC`, with
 * JetStream), so they see the same streams; each app has its own user, whose permissions let
 * it publish events only into its own context, dead-letter only its own consumer's failures,
 * answer only its own context's requests, and send internal requests (`<context>.internal.>`,
 * which only workflow activities call) only if it is the worker. The same description is rendered into the local
 * stack's nats.conf (with bcrypt hashes) and into deploy/nats/accounts.conf (with variables
 * the server reads from its environment).
 */
export const NATS_ACCOUNT = 'CIVIC';

/** The operator's user: no restrictions (the stack's tooling, tests, benches, DLQ replay). */
export const NATS_ADMIN_USER = 'civic-admin';

export interface SubjectRules {
  allow: string[];
  deny: string[];
}

export interface NatsUserPermissions {
  publish: SubjectRules;
  subscribe: SubjectRules;
}

/** Every context's request subjects, `<context>.>` (a service answers on its own context's). */
const requestContexts = (): string[] => [...new Set(SERVICE_NAMES.map((n) => SERVICES[n].context))];

/**
 * JetStream API calls no app makes: creating, changing, deleting or purging a stream, or
 * erasing one of its messages, is the operator's (the admin user's) business. Apps only
 * check that their streams exist; the set-up step (`npm run streams`) makes them.
 */
export const JETSTREAM_ADMIN_ONLY = [
  '$JS.API.STREAM.CREATE.>',
  '$JS.API.STREAM.UPDATE.>',
  '$JS.API.STREAM.DELETE.>',
  '$JS.API.STREAM.PURGE.>',
  '$JS.API.STREAM.MSG.DELETE.>',
];

/**
 * The one app whose user may send the requests that only workflow activities call: patterns
 * under `<context>.internal.>`. Every other app (the gateway, facing the internet, above all)
 * is refused publishing them.
 */
export const INTERNAL_REQUESTER: ServiceName = 'worker';

/** Request subjects only the worker may publish: `<context>.internal.>` of every context. */
export const INTERNAL_REQUESTS = '*.internal.>';

/**
 * Apps that only read the streams and answer requests about what they read (the transparency
 * read model): they publish no event and send no request to another service, so their user may
 * not either.
 */
export const READ_MODELS: readonly ServiceName[] = ['insights'];

/** The permissions of one app's user. */
export function servicePermissions(name: ServiceName): NatsUserPermissions {
  const own = SERVICES[name].context;
  if (READ_MODELS.includes(name))
    return {
      publish: {
        allow: [
          // What its own consumer dead-letters, replies, pulls and acks: nothing else.
          `${DEAD_LETTER_PREFIX}.${name}.>`,
          '_INBOX.>',
          '$JS.API.>',
          '$JS.ACK.>',
        ],
        deny: [...JETSTREAM_ADMIN_ONLY, INTERNAL_REQUESTS],
      },
      subscribe: {
        allow: ['>'],
        deny: requestContexts()
          .filter((c) => c !== own)
          .map((c) => `${c}.>`),
      },
    };
  return {
    publish: {
      allow: [
        // Its own context's events (the outbox relay's JetStream publishes).
        `gov.${own}.>`,
        // What its own consumer dead-letters: gov.dlq.<consumer = service>.<original subject>.
        `${DEAD_LETTER_PREFIX}.${name}.>`,
        // Requests to any service (the gateway's status page, activities calling services).
        ...requestContexts().map((c) => `${c}.>`),
        // Replies to the requests it answers.
        '_INBOX.>',
        // Stream and consumer management, pull requests, and acks of what it consumes.
        '$JS.API.>',
        '$JS.ACK.>',
      ],
      deny: [...JETSTREAM_ADMIN_ONLY, ...(name === INTERNAL_REQUESTER ? [] : [INTERNAL_REQUESTS])],
    },
    subscribe: {
      // Replies, pulled events and its own requests; never another service's requests (it
      // cannot join another service's queue group and answer in its name).
      allow: ['>'],
      deny: requestContexts()
        .filter((c) => c !== own)
        .map((c) => `${c}.>`),
    },
  };
}

const q = (s: string): string => JSON.stringify(s);
const list = (items: string[]): string => `[${items.map(q).join(', ')}]`;

/**
 * The `accounts` block of a nats-server configuration: the admin user and one user per app.
 * `password(user)` gives the configuration value of each user's password, already in
 * nats.conf syntax (a quoted bcrypt hash, or a `$VARIABLE` reference).
 */
export function renderNatsAccounts(password: (user: string) => string): string {
  const lines = [
    'accounts {',
    `  ${NATS_ACCOUNT} {`,
    '    jetstream: enabled',
    '    users: [',
    `      # The operator: full permissions (tooling, tests, benches, dead-letter replay).`,
    `      { user: ${q(NATS_ADMIN_USER)}, password: ${password(NATS_ADMIN_USER)} }`,
  ];
  for (const name of SERVICE_NAMES) {
    const p = servicePermissions(name);
    lines.push(
      `      # ${name}: publishes events of the ${SERVICES[name].context} context only.`,
      '      {',
      `        user: ${q(name)}`,
      `        password: ${password(name)}`,
      '        permissions: {',
      `          publish: { allow: ${list(p.publish.allow)}, deny: ${list(p.publish.deny)} }`,
      `          subscribe: { allow: ${list(p.subscribe.allow)}, deny: ${list(p.subscribe.deny)} }`,
      '        }',
      '      }',
    );
  }
  lines.push('    ]', '  }', '}', '');
  return lines.join('\n');
}

/**
 * Variables naming one app's own NATS user outside the app: `<APP>_NATS_USER` and
 * `<APP>_NATS_PASSWORD` (`NATS_ADMIN_PASSWORD` for the admin). The NATS server of
 * deploy/ reads the passwords from them; the stack hands each app its own pair as NATS_USER /
 * NATS_PASSWORD.
 */
export const natsUserVariable = (user: string): string => `${user.toUpperCase()}_NATS_USER`;
export const natsPasswordVariable = (user: string): string =>
  user === NATS_ADMIN_USER ? 'NATS_ADMIN_PASSWORD' : `${user.toUpperCase()}_NATS_PASSWORD`;

/** deploy/nats/accounts.conf: the same users, each password read from the server's environment. */
export const renderDeployNatsAccounts = (): string =>
  [
    '# Generated from libs/devstack/src/nats-accounts.ts; do not edit. To regenerate:',
    '#   npm run build && node dist/libs/devstack/src/cli/nats-accounts.js > deploy/nats/accounts.conf',
    "# Each password comes from the NATS server's environment (<APP>_NATS_PASSWORD and",
    '# NATS_ADMIN_PASSWORD): the plain password, or its bcrypt hash ($2a$/$2b$), which the',
    '# server accepts too; the apps get the plain one as NATS_PASSWORD.',
    renderNatsAccounts((user) => `$${natsPasswordVariable(user)}`),
  ].join('\n');

/** Each user of a private server and its password: the admin, and one per app. */
export interface StackNatsCredentials {
  admin: NatsAuth;
  services: Record<ServiceName, NatsAuth>;
}

interface StoredUser {
  password: string;
  /** bcrypt hash of the password, what nats.conf holds. */
  hash: string;
}

/**
 * bcrypt's work factor. The passwords are 32 random characters (192 bits), so the factor adds
 * nothing to their strength; it is kept moderate because the server verifies the hash on
 * every connection.
 */
const BCRYPT_COST = 10;

const newUser = (): StoredUser => {
  const password = randomBytes(24).toString('base64url');
  return { password, hash: bcrypt.hashSync(password, BCRYPT_COST) };
};

const isStoredUser = (value: unknown): value is StoredUser =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as StoredUser).password === 'string' &&
  (value as StoredUser).password.length >= 16 &&
  typeof (value as StoredUser).hash === 'string' &&
  /^\$2[aby]\$\d\d\$/.test((value as StoredUser).hash);

/**
 * The users of a private server, kept in `file` (mode 0600) so that a restarted server takes
 * the same passwords and running apps keep working. Users missing from the file (a first
 * start, a new app, a deleted file) get a fresh random password.
 */
export function ensureNatsUsers(file: string): {
  credentials: StackNatsCredentials;
  hashes: Record<string, string>;
} {
  let stored: Record<string, unknown> = {};
  if (existsSync(file)) {
    try {
      stored =
        (JSON.parse(readFileSync(file, 'utf8')) as { users?: Record<string, unknown> }).users ?? {};
    } catch {
      stored = {};
    }
  }
  const users: Record<string, StoredUser> = {};
  let changed = false;
  for (const user of [NATS_ADMIN_USER, ...SERVICE_NAMES]) {
    const existing = stored[user];
    if (isStoredUser(existing)) users[user] = { password: existing.password, hash: existing.hash };
    else {
      users[user] = newUser();
      changed = true;
    }
  }
  if (changed || !existsSync(file)) {
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, `${JSON.stringify({ account: NATS_ACCOUNT, users }, null, 2)}\n`, {
      mode: 0o600,
    });
    renameSync(temporary, file);
  }
  chmodSync(file, 0o600);
  const auth = (user: string): NatsAuth => ({
    user,
    pass: (users[user] as StoredUser).password,
  });
  return {
    credentials: {
      admin: auth(NATS_ADMIN_USER),
      services: Object.fromEntries(SERVICE_NAMES.map((n) => [n, auth(n)])) as Record<
        ServiceName,
        NatsAuth
      >,
    },
    hashes: Object.fromEntries(Object.entries(users).map(([u, s]) => [u, s.hash])),
  };
}
