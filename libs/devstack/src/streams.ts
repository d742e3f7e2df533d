import { CONTEXT_STREAMS, DEAD_LETTER_STREAM } from '#contracts';
import {
  connectNats,
  ensureStreams,
  loadConfig,
  streamSettingsOf,
  StreamsConfig,
  type NatsAuth,
} from '#platform';

/** Every stream the platform declares: one per context and the dead-letter stream. */
export const DECLARED_STREAMS = [...CONTEXT_STREAMS, DEAD_LETTER_STREAM];

/**
 * The set-up step for JetStream: creates or updates every declared stream to the settings of
 * `env` (EVENTS_MAX_AGE_DAYS, EVENTS_DUPLICATE_WINDOW_SECONDS, EVENTS_REPLICAS), as a user
 * allowed to (the admin). Safe to repeat; the local stack runs it at every start, before the
 * apps, and a deployment in its migration job. Returns the streams' names.
 */
export async function provisionStreams(input: {
  natsUrl: string;
  auth?: NatsAuth;
  env?: NodeJS.ProcessEnv;
}): Promise<string[]> {
  const config = loadConfig('streams', StreamsConfig, {
    ...(input.env ?? process.env),
    NATS_URL: input.natsUrl,
  });
  const nc = await connectNats({
    name: 'civic-streams',
    servers: input.natsUrl,
    auth: input.auth,
    extra: { maxReconnectAttempts: 0 },
  });
  try {
    await ensureStreams(nc, DECLARED_STREAMS, streamSettingsOf(config));
  } finally {
    await nc.close();
  }
  return DECLARED_STREAMS.map((s) => s.name);
}
