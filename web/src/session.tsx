import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';
import { disposeWsClient, request } from './api/client';
import { ApiError } from './api/errors';
import { graphql, type ResultOf } from './graphql';

/** The key is kept for this tab only (sessionStorage): closing the tab signs out, nothing is written to disk. */
const STORAGE_KEY = 'copydesk.apiKey';
const VIEWER_STORAGE = 'copydesk.viewer';

export const ViewerQuery = graphql(`
  query Viewer {
    viewer {
      role
      apiKeyId
      workspace {
        id
        name
      }
    }
  }
`);

export type Viewer = ResultOf<typeof ViewerQuery>['viewer'];
export type Role = Viewer['role'];

export interface Session {
  key: string | null;
  viewer: Viewer | null;
  /** Checks the key against the API (viewer query) and keeps it; throws the ApiError when it is refused. */
  signIn(key: string): Promise<Viewer>;
  signOut(): void;
  /** Signs out when the API says the key is no longer valid (UNAUTHENTICATED). */
  signOutIfRefused(error: unknown): void;
}

const SessionContext = createContext<Session | null>(null);

function readStored(): { key: string | null; viewer: Viewer | null } {
  try {
    const key = sessionStorage.getItem(STORAGE_KEY);
    const viewer = sessionStorage.getItem(VIEWER_STORAGE);
    return { key, viewer: key && viewer ? (JSON.parse(viewer) as Viewer) : null };
  } catch {
    return { key: null, viewer: null };
  }
}

export function SessionProvider({ children, anonymous = false }: { children: ReactNode; anonymous?: boolean }) {
  const [state, setState] = useState(() => (anonymous ? { key: null, viewer: null } : readStored()));
  const signOut = useCallback(() => {
    sessionStorage.removeItem(STORAGE_KEY);
    sessionStorage.removeItem(VIEWER_STORAGE);
    disposeWsClient();
    setState({ key: null, viewer: null });
  }, []);
  const signIn = useCallback(async (raw: string) => {
    const key = raw.trim().replace(/^Bearer\s+/i, '');
    const { viewer } = await request(key, ViewerQuery);
    sessionStorage.setItem(STORAGE_KEY, key);
    sessionStorage.setItem(VIEWER_STORAGE, JSON.stringify(viewer));
    setState({ key, viewer });
    return viewer;
  }, []);
  const signOutIfRefused = useCallback(
    (error: unknown) => {
      if (!anonymous && error instanceof ApiError && error.code === 'UNAUTHENTICATED') signOut();
    },
    [anonymous, signOut],
  );
  const value = useMemo(
    () => ({ ...state, signIn, signOut, signOutIfRefused }),
    [state, signIn, signOut, signOutIfRefused],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

/** What the signed-in role may do: VIEWER reads, EDITOR also writes content, ADMIN also manages keys and hooks. */
export function permissions(role: Role | undefined | null): { edit: boolean; admin: boolean; alerts: boolean } {
  return {
    edit: role === 'EDITOR' || role === 'ADMIN',
    admin: role === 'ADMIN',
    alerts: role === 'EDITOR' || role === 'ADMIN',
  };
}

export function useCan(): { edit: boolean; admin: boolean; alerts: boolean } {
  return permissions(useSession().viewer?.role);
}
