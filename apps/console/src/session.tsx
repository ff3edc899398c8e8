import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { graphql, SIGNED_OUT_EVENT, tokenStore } from './api/graphql';
import { ops } from './api/operations';
import type { Person, Role } from './api/types';

interface Session {
  /** Null while signed out; undefined while the token is being checked. */
  person: Person | null | undefined;
  signIn: (accessToken: string, person: Person) => void;
  signOut: () => void;
  refresh: () => Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [person, setPerson] = useState<Person | null | undefined>(tokenStore.get() ? undefined : null);

  const loadMe = useCallback(
    () =>
      graphql<{ me: Person }>(ops.me).then(
        ({ me }) => setPerson(me),
        () => {
          tokenStore.clear();
          setPerson(null);
        },
      ),
    [],
  );
  const refresh = useCallback(async () => {
    if (!tokenStore.get()) return setPerson(null);
    await loadMe();
  }, [loadMe]);

  useEffect(() => {
    // Without a token the person starts as null already (useState above).
    if (tokenStore.get()) void loadMe();
    const signedOut = () => setPerson(null);
    window.addEventListener(SIGNED_OUT_EVENT, signedOut);
    return () => window.removeEventListener(SIGNED_OUT_EVENT, signedOut);
  }, [loadMe]);

  const signIn = useCallback((accessToken: string, who: Person) => {
    tokenStore.set(accessToken);
    setPerson(who);
  }, []);
  const signOut = useCallback(() => {
    tokenStore.clear();
    setPerson(null);
  }, []);

  return <SessionContext.Provider value={{ person, signIn, signOut, refresh }}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

export const hasRole = (person: Person | null | undefined, role: Role): boolean => !!person?.roles.includes(role);

/** Who may read advisories at all: an auditor oversees and reads none (ACCESS-POLICY.md). */
export const isAuditor = (person: Person | null | undefined): boolean => hasRole(person, 'AUDITOR');
export const isSecretariat = (person: Person | null | undefined): boolean => hasRole(person, 'SECRETARIAT');
/** May write advisories: a person of an organisation or an individual member (the API checks the rest). */
export const mayAuthor = (person: Person | null | undefined): boolean =>
  !!person && !isAuditor(person) && (person.organisation !== null || (person.individualTier !== null && person.individualTier !== 'NONE'));
