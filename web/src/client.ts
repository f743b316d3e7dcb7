// The GraphQL client: same origin as the server, cookies for the session, JSON POST only.
import { Client, cacheExchange, fetchExchange, type CombinedError } from "urql";

/** A fresh client: a new one after signing in or out, so no cached answer outlives the session. */
export function makeClient(): Client {
  return new Client({
    url: "/graphql",
    exchanges: [cacheExchange, fetchExchange],
    preferGetMethod: false,
    fetchOptions: { credentials: "same-origin", headers: { "content-type": "application/json" } },
    requestPolicy: "cache-and-network",
  });
}

/** The `extensions.code` of the first GraphQL error, for messages that depend on it. */
export function errorCode(error: CombinedError | undefined): string | undefined {
  const code = error?.graphQLErrors[0]?.extensions?.code;
  return typeof code === "string" ? code : undefined;
}
