// The signed-in person: who they are, signing in and out; a new GraphQL client per session.
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from "react";
import { Provider as UrqlProvider, useQuery, type CombinedError } from "urql";
import { graphql } from "./gql";
import type { MeQuery } from "./gql/graphql";
import { makeClient } from "./client";

const MeDocument = graphql(`
  query Me {
    me {
      id
      name
      email
      locale
      timeZone
      instanceRole
      organization {
        id
        name
      }
      memberships {
        role
      }
    }
  }
`);

const LoginDocument = graphql(`
  mutation Login($email: String!, $password: String!) {
    login(email: $email, password: $password) {
      id
    }
  }
`);

const LogoutDocument = graphql(`
  mutation Logout {
    logout
  }
`);

export type Me = NonNullable<MeQuery["me"]>;

interface Session {
  me: Me | null;
  loading: boolean;
  /** Resolves to null when signed in, else to the refusal (wrong credentials, a locked or deactivated account). */
  login: (email: string, password: string) => Promise<CombinedError | null>;
  logout: () => Promise<void>;
  /** Starts afresh after a request that signed the person in by other means (activation, first setup). */
  signedIn: () => void;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [client, setClient] = useState(makeClient);
  const login = useCallback(
    async (email: string, password: string) => {
      const result = await client.mutation(LoginDocument, { email, password }).toPromise();
      if (result.error) return result.error;
      setClient(makeClient());
      return null;
    },
    [client],
  );
  const signedIn = useCallback(() => setClient(makeClient()), []);
  const logout = useCallback(async () => {
    await client.mutation(LogoutDocument, {}).toPromise();
    setClient(makeClient());
  }, [client]);
  return (
    <UrqlProvider value={client}>
      <MeLoader login={login} logout={logout} signedIn={signedIn}>
        {children}
      </MeLoader>
    </UrqlProvider>
  );
}

function MeLoader({ children, login, logout, signedIn }: { children: ReactNode } & Pick<Session, "login" | "logout" | "signedIn">) {
  const [{ data, fetching }] = useQuery({ query: MeDocument });
  const value = useMemo<Session>(
    () => ({ me: data?.me ?? null, loading: fetching && !data, login, logout, signedIn }),
    [data, fetching, login, logout, signedIn],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const context = useContext(SessionContext);
  if (!context) throw new Error("useSession outside SessionProvider");
  return context;
}
