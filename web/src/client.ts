// The GraphQL client: same origin as the server, cookies for the session, JSON POST only; subscriptions over a
// WebSocket to `/graphql/ws` (graphql-ws), opened when a page first subscribes and closed when none does.
import { createClient as createSocketClient } from "graphql-ws";
import { Client, cacheExchange, fetchExchange, subscriptionExchange, type CombinedError } from "urql";

/** A fresh client: a new one after signing in or out, so no cached answer outlives the session. */
export function makeClient(): Client {
  const socketUrl = `${window.location.protocol === "https:" ? "wss:" : "ws:"}//${window.location.host}/graphql/ws`;
  const socket = createSocketClient({ url: socketUrl, retryAttempts: Infinity, shouldRetry: () => true });
  return new Client({
    url: "/graphql",
    exchanges: [
      cacheExchange,
      fetchExchange,
      subscriptionExchange({
        forwardSubscription(request) {
          const input = { ...request, query: request.query ?? "" };
          return {
            subscribe(sink) {
              const dispose = socket.subscribe(input, sink);
              return { unsubscribe: dispose };
            },
          };
        },
      }),
    ],
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
