import { createContext, use, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { api, setAccessToken, type TokenPair, type User } from '../api/client';

/**
 * The browser's session (docs/web.md): the access token in memory, the refresh token in the
 * gateway's HttpOnly cookie. On load the app trades the cookie for a pair (POST
 * /api/v1/auth/refresh without a body); it refreshes again before the access token expires.
 * Refresh tokens work once, so two refreshes with the same cookie would end the session: every
 * refresh, in every tab of the browser, runs under one Web Lock, and within a page one at a
 * time.
 */
export type SessionState =
  { status: 'loading' } | { status: 'anonymous' } | { status: 'signed-in'; user: User };

interface SessionApi {
  session: SessionState;
  /** Keeps the pair of a login and loads the account. */
  signedIn: (pair: TokenPair) => Promise<void>;
  signOut: () => Promise<void>;
}

const SessionContext = createContext<SessionApi | undefined>(undefined);

let inFlight: Promise<TokenPair | undefined> | undefined;

const refreshFromCookie = (): Promise<TokenPair | undefined> => {
  const refresh = async () => {
    const { data } = await api.POST('/api/v1/auth/refresh', {});
    return data;
  };
  inFlight ??= (
    'locks' in navigator ? navigator.locks.request('civic-session-refresh', refresh) : refresh()
  ).finally(() => {
    inFlight = undefined;
  });
  return inFlight;
};

/** The account of a pair (its access token already in use). */
const accountOf = async (pair: TokenPair | undefined): Promise<User | undefined> => {
  setAccessToken(pair?.accessToken);
  if (!pair) return undefined;
  const { data } = await api.GET('/api/v1/auth/me');
  return data;
};

/**
 * The page's first session, asked for as soon as this module runs: the cookie's trade and the
 * account load while React and the page's own chunk are still loading, not after the first
 * render (on a slow phone network each round trip counts). Taken once, by the first provider.
 */
let initial: Promise<{ pair: TokenPair | undefined; user: User | undefined }> | undefined =
  refreshFromCookie().then(async (pair) => ({ pair, user: await accountOf(pair) }));

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<SessionState>({ status: 'loading' });
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);

  /** Keeps a pair and its account; plans the next refresh. */
  const keep = useCallback((pair: TokenPair | undefined, user: User | undefined): void => {
    clearTimeout(timer.current);
    if (pair)
      // Refreshed at four fifths of its life, so a request never carries an expired token.
      timer.current = setTimeout(
        () => void refreshFromCookie().then(async (next) => keep(next, await accountOf(next))),
        pair.expiresIn * 800,
      );
    setSession(pair && user ? { status: 'signed-in', user } : { status: 'anonymous' });
  }, []);

  const adopt = useCallback(
    async (pair: TokenPair | undefined): Promise<void> => keep(pair, await accountOf(pair)),
    [keep],
  );

  useEffect(() => {
    const first =
      initial ?? refreshFromCookie().then(async (pair) => ({ pair, user: await accountOf(pair) }));
    initial = undefined;
    void first.then(({ pair, user }) => keep(pair, user));
    return () => clearTimeout(timer.current);
  }, [keep]);

  // The page forgets the access token whatever the answer (the gateway clears the cookie).
  const signOut = useCallback(async () => {
    try {
      await api.POST('/api/v1/auth/logout', {});
    } finally {
      await adopt(undefined);
    }
  }, [adopt]);

  const value = useMemo(() => ({ session, signedIn: adopt, signOut }), [session, adopt, signOut]);
  return <SessionContext value={value}>{children}</SessionContext>;
}

export const useSession = (): SessionApi => {
  const value = use(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
};
