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

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<SessionState>({ status: 'loading' });
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);

  const adopt = useCallback(async (pair: TokenPair | undefined): Promise<void> => {
    clearTimeout(timer.current);
    setAccessToken(pair?.accessToken);
    if (!pair) {
      setSession({ status: 'anonymous' });
      return;
    }
    // Refreshed at four fifths of its life, so a request never carries an expired token.
    timer.current = setTimeout(() => void refreshFromCookie().then(adopt), pair.expiresIn * 800);
    const { data: user } = await api.GET('/api/v1/auth/me');
    setSession(user ? { status: 'signed-in', user } : { status: 'anonymous' });
  }, []);

  useEffect(() => {
    void refreshFromCookie().then(adopt);
    return () => clearTimeout(timer.current);
  }, [adopt]);

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
