/**
 * The signed-in session: read once from GET /api/auth/me, set by login, dropped by logout or by any
 * 401 from the API (the session expired or was ended elsewhere) — which sends the user back to the
 * login page with a message.
 */
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { ApiError, api, type Session, setCsrf, setUnauthorizedHandler } from './api.ts';

interface Auth {
  /** undefined while it is being read */
  session: Session | null | undefined;
  /** why the user is at the login page: the session expired */
  expired: boolean;
  login: (username: string, password: string) => Promise<Session>;
  logout: () => Promise<void>;
  passwordChanged: () => void;
}

const Ctx = createContext<Auth | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | null | undefined>(undefined);
  const [expired, setExpired] = useState(false);

  const adopt = useCallback((s: Session | null) => {
    setCsrf(s?.csrfToken ?? null);
    remember(s !== null);
    setSession(s);
  }, []);

  useEffect(() => {
    setUnauthorizedHandler(() => {
      setExpired(true);
      adopt(null);
    });
    fetchMe().then(adopt);
  }, [adopt]);

  const value = useMemo<Auth>(
    () => ({
      session,
      expired,
      login: async (username, password) => {
        const s = await api.post<Session>('/api/auth/login', { username, password }, { noAuthRedirect: true });
        setExpired(false);
        adopt(s);
        return s;
      },
      logout: async () => {
        await api.post('/api/auth/logout').catch(() => undefined);
        setExpired(false);
        adopt(null);
      },
      passwordChanged: () => {
        if (session) adopt({ ...session, mustChangePassword: false });
      },
    }),
    [session, expired, adopt],
  );
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

const HINT = 'jiangbu.signedIn';

/** Whether this browser signed in last time (the cookie itself is HttpOnly): without it, no 401 to ask for. */
function remember(signedIn: boolean) {
  try {
    if (signedIn) localStorage.setItem(HINT, '1');
    else localStorage.removeItem(HINT);
  } catch {
    // no storage: the session is read on every visit
  }
}

const signedInBefore = () => {
  try {
    return localStorage.getItem(HINT) === '1';
  } catch {
    return true;
  }
};

/** The session of the cookie the browser holds, or null (no cookie, or it expired). */
async function fetchMe(): Promise<Session | null> {
  if (!signedInBefore()) return null;
  try {
    const res = await fetch('/api/auth/me', { credentials: 'same-origin', headers: { accept: 'application/json' } });
    return res.ok ? ((await res.json()) as Session) : null;
  } catch {
    return null;
  }
}

export function useAuth(): Auth {
  const a = useContext(Ctx);
  if (!a) throw new ApiError(0, 'no_auth', 'AuthProvider missing');
  return a;
}
