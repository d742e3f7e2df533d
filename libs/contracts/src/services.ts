/**
 * The platform's processes, and the facts about each that more than one part needs:
 * the bounded context it owns, its PostgreSQL schema, its default internal (ops) port,
 * and the NATS queue group its replicas share.
 *
 * Changing a context name or a schema is a migration, not an edit.
 */
export const SERVICE_NAMES = [
  'gateway',
  'permits',
  'payments',
  'complaints',
  'audit',
  'worker',
  'insights',
] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

export interface ServiceDescriptor {
  readonly name: ServiceName;
  /** Bounded context: first segment of its message patterns and event subjects. */
  readonly context: string;
  /** PostgreSQL schema owned by this service, or null when it owns no data. */
  readonly schema: string | null;
  /** Default port of the internal /health and /metrics server. */
  readonly defaultOpsPort: number;
  /** Whether the process holds a Temporal client or worker. */
  readonly usesTemporal: boolean;
  /** Whether the process answers NATS requests (a Nest microservice). */
  readonly answersRequests: boolean;
}

export const SERVICES: Readonly<Record<ServiceName, ServiceDescriptor>> = {
  gateway: {
    name: 'gateway',
    context: 'identity',
    schema: 'identity',
    defaultOpsPort: 9400,
    usesTemporal: false,
    answersRequests: false,
  },
  permits: {
    name: 'permits',
    context: 'permits',
    schema: 'permits',
    defaultOpsPort: 9401,
    usesTemporal: true,
    answersRequests: true,
  },
  payments: {
    name: 'payments',
    context: 'payments',
    schema: 'payments',
    defaultOpsPort: 9402,
    usesTemporal: true,
    answersRequests: true,
  },
  complaints: {
    name: 'complaints',
    context: 'complaints',
    schema: 'complaints',
    defaultOpsPort: 9403,
    usesTemporal: true,
    answersRequests: true,
  },
  audit: {
    name: 'audit',
    context: 'audit',
    schema: 'audit',
    defaultOpsPort: 9404,
    usesTemporal: false,
    answersRequests: true,
  },
  worker: {
    name: 'worker',
    context: 'workflows',
    schema: null,
    defaultOpsPort: 9405,
    usesTemporal: true,
    answersRequests: false,
  },
  // The transparency read model: consumes the business streams into aggregate figures of its
  // own schema and answers the public dashboard and open data. It publishes no events.
  insights: {
    name: 'insights',
    context: 'insights',
    schema: 'insights',
    defaultOpsPort: 9406,
    usesTemporal: false,
    answersRequests: true,
  },
};

/** Services that answer NATS requests, in a stable order. */
export const REQUEST_SERVICES: readonly ServiceName[] = SERVICE_NAMES.filter(
  (name) => SERVICES[name].answersRequests,
);
