// A real OpenID provider for the sign-on tests: the certified `oidc-provider` package, with one confidential client
// (Tavolo) that must use PKCE, and its development login form, where any login name is accepted: the name typed is
// the account, and an address-looking name is its verified email.
import Provider from "oidc-provider";
import { freePort } from "./harness.mjs";

export const CLIENT_ID = "tavolo";
export const CLIENT_SECRET = "a-client-secret-for-tests-only";

/** Starts the provider for Tavolo at `tavoloUrl`; resolves to its issuer and a stop function. */
export async function startProvider(tavoloUrl) {
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        redirect_uris: [`${tavoloUrl}/auth/oidc/callback`],
        grant_types: ["authorization_code"],
        response_types: ["code"],
        token_endpoint_auth_method: "client_secret_basic",
      },
    ],
    pkce: { required: () => true },
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name", "locale"] },
    async findAccount(_ctx, id) {
      return {
        accountId: id,
        async claims() {
          return { sub: id, email: id, email_verified: id.includes("@"), name: `Persona ${id.split("@")[0]}`, locale: "it-IT" };
        },
      };
    },
    cookies: { keys: ["cookie-key-for-tests-only"] },
    features: { devInteractions: { enabled: true } },
  });
  const server = provider.listen(port, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  return {
    issuer,
    async stop() {
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
