// The signed-in person: who they are, signing in and out; a new GraphQL client per session.
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from "react";
import { Provider as UrqlProvider, useQuery } from "urql";
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
      instanceRole
      organization {
        id
        name
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
  /** Resolves to true when signed in, false on wrong credentials. */
  login: (email: string, password: string) => Promise<boolean>;
  logout: () => Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [client, setClient] = useState(makeClient);
  const login = useCallback(
    async (email: string, password: string) => {
      const result = await client.mutation(LoginDocument, { email, password }).toPromise();
      if (result.error) return false;
      setClient(makeClient());
      return true;
    },
    [client],
  );
  const logout = useCallback(async () => {
    await client.mutation(LogoutDocument, {}).toPromise();
    setClient(makeClient());
  }, [client]);
  return (
    <UrqlProvider value={client}>
      <MeLoader login={login} logout={logout}>
        {children}
      </MeLoader>
    </UrqlProvider>
  );
}

function MeLoader({ children, login, logout }: { children: ReactNode } & Pick<Session, "login" | "logout">) {
  const [{ data, fetching }] = useQuery({ query: MeDocument });
  const value = useMemo<Session>(
    () => ({ me: data?.me ?? null, loading: fetching && !data, login, logout }),
    [data, fetching, login, logout],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const context = useContext(SessionContext);
  if (!context) throw new Error("useSession outside SessionProvider");
  return context;
}
