// People coming in on their own, in the browser: an administrator invites a colleague who activates the account from
// the mail; a forgotten password is reset from the sign-in page; a deactivated person's open session ends; the
// profile's sessions and API tokens; a fresh installation creates its first administrator; and single sign-on
// through a real OpenID provider (`oidc-provider`), also when the provider knows someone Tavolo does not.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { expectAccessible, freePort, launchBrowser, mailed, signIn, startServer } from "./harness.mjs";
import { CLIENT_ID, CLIENT_SECRET, startProvider } from "./oidc-provider.mjs";

const ADMIN = "admin@tavolo.example";
const DELEGATE = "roberto.galli@prefettura-grosseto.example";

let server;
let provider;
let browser;

before(async () => {
  const port = await freePort();
  provider = await startProvider(`http://127.0.0.1:${port}`);
  server = await startServer({
    port,
    env: {
      TAVOLO_OIDC_ISSUER: provider.issuer,
      TAVOLO_OIDC_CLIENT_ID: CLIENT_ID,
      TAVOLO_OIDC_CLIENT_SECRET: CLIENT_SECRET,
      TAVOLO_OIDC_LABEL: "Entra con SPID o CIE",
    },
  });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await provider?.stop();
});

async function newPage(locale = "it-IT") {
  const page = await (await browser.newContext({ locale })).newPage();
  page.setDefaultTimeout(15_000);
  page.on("dialog", (dialog) => dialog.accept());
  return page;
}

/** The row of the administration's people table that names `email`. */
function personRow(page, email) {
  return page.getByTestId("admin-people").getByRole("row").filter({ hasText: email });
}

test("an administrator invites a colleague, who activates the account from the mail", async () => {
  const admin = await signIn(browser, server, ADMIN);
  await admin.getByRole("navigation", { name: "Navigazione principale" }).getByRole("link", { name: "Amministrazione" }).click();
  await admin.getByRole("heading", { name: "Invita una persona" }).waitFor();
  await expectAccessible(admin, assert);
  await admin.getByLabel("Nome e cognome").fill("Giulia Neri");
  await admin.getByLabel("Email", { exact: true }).fill("giulia.neri@comune-grosseto.example");
  await admin.getByLabel("Lingua dell'interfaccia e dei messaggi").selectOption("EN");
  await admin.getByRole("button", { name: "Invia l'invito" }).click();
  await admin.getByRole("status").filter({ hasText: "Invito inviato a giulia.neri@comune-grosseto.example" }).waitFor();
  await admin.getByLabel("Stato dell'account").selectOption("INVITED");
  await admin.getByRole("button", { name: "Applica" }).click();
  await personRow(admin, "giulia.neri@comune-grosseto.example").getByText("Invitato").waitFor();

  // The message is in English, the person's language; its link opens the activation page.
  const link = await mailed(server, "giulia.neri@comune-grosseto.example", /Activate the account: (\S+)/);
  assert.ok(link.startsWith(`${server.baseUrl}/account/activate/`), link);
  const newcomer = await newPage();
  await newcomer.goto(link);
  await newcomer.getByRole("heading", { name: "Attiva il tuo account" }).waitFor();
  await expectAccessible(newcomer, assert);
  await newcomer.getByLabel("Nuova password").fill("corta");
  await newcomer.getByLabel("Ripeti la password").fill("corta");
  await newcomer.getByText(/Accetto le condizioni d'uso/).click();
  await newcomer.getByRole("button", { name: "Attiva l'account" }).click();
  await newcomer.getByRole("alert").filter({ hasText: "almeno 10 caratteri" }).waitFor();
  await newcomer.getByLabel("Nuova password").fill("una-password-lunga");
  await newcomer.getByLabel("Ripeti la password").fill("una-password-lunga");
  await newcomer.getByRole("button", { name: "Attiva l'account" }).click();
  // Signed in, the interface switches to the person's language.
  await newcomer.getByTestId("signed-in-as").filter({ hasText: "Giulia Neri" }).waitFor();
  await newcomer.getByRole("link", { name: "Tables" }).waitFor();

  // The link works once.
  const again = await newPage();
  await again.goto(link);
  await again.getByRole("alert").filter({ hasText: "già stato usato" }).waitFor();
  await expectAccessible(again, assert);

  await admin.getByLabel("Stato dell'account").selectOption("ACTIVE");
  await admin.getByLabel("Cerca", { exact: true }).fill("giulia.neri");
  await admin.getByRole("button", { name: "Applica" }).click();
  await personRow(admin, "giulia.neri@comune-grosseto.example").getByText("Attivo").waitFor();
});

test("a forgotten password is reset from the sign-in page, and the old one stops working", async () => {
  const page = await newPage();
  await page.goto(`${server.baseUrl}/login`);
  await page.getByRole("link", { name: "Password dimenticata?" }).click();
  await page.getByRole("heading", { name: "Password dimenticata" }).waitFor();
  await expectAccessible(page, assert);
  await page.getByLabel("Email").fill(DELEGATE);
  await page.getByRole("button", { name: "Mandami il collegamento" }).click();
  await page.getByRole("status").filter({ hasText: "Se l'indirizzo ha un account" }).waitFor();

  const link = await mailed(server, DELEGATE, /Scegli una nuova password: (\S+)/);
  await page.goto(link);
  await page.getByRole("heading", { name: "Scegli una nuova password" }).waitFor();
  await expectAccessible(page, assert);
  await page.getByLabel("Nuova password").fill("nuova-password-del-delegato");
  await page.getByLabel("Ripeti la password").fill("nuova-password-del-delegato");
  await page.getByRole("button", { name: "Cambia la password" }).click();
  await page.getByRole("status").filter({ hasText: "Password cambiata" }).waitFor();

  await page.goto(`${server.baseUrl}/login`);
  await page.getByLabel("Email").fill(DELEGATE);
  await page.getByLabel("Password").fill("tavolo-demo-2026");
  await page.getByRole("button", { name: "Accedi" }).click();
  await page.getByRole("alert").filter({ hasText: "Email o password non corretti." }).waitFor();
  await page.getByLabel("Password").fill("nuova-password-del-delegato");
  await page.getByRole("button", { name: "Accedi" }).click();
  await page.getByTestId("signed-in-as").waitFor();
});

test("a deactivated person's session ends, and signing in says the account is deactivated", async () => {
  const person = "andrea.fabbri@questura-grosseto.example";
  const user = await signIn(browser, server, person).catch(() => null);
  assert.ok(user, `the demo has no ${person}`);
  const admin = await signIn(browser, server, ADMIN);
  await admin.goto(`${server.baseUrl}/admin/people`);
  await admin.getByLabel("Cerca", { exact: true }).fill("andrea.fabbri");
  await admin.getByRole("button", { name: "Applica" }).click();
  await personRow(admin, person).getByRole("button", { name: "Disattiva" }).click();
  await personRow(admin, person).getByText("Disattivato").waitFor();

  await user.goto(`${server.baseUrl}/profile`);
  await user.getByRole("heading", { name: "Accedi a Tavolo" }).waitFor();
  await user.getByLabel("Email").fill(person);
  await user.getByLabel("Password").fill("tavolo-demo-2026");
  await user.getByRole("button", { name: "Accedi" }).click();
  await user.getByRole("alert").filter({ hasText: "Questo account è disattivato" }).waitFor();
});

test("the profile lists the sessions, ends another one, and creates an API token shown once", async () => {
  const email = "marco.rossi@sds-grosseto.example";
  const elsewhere = await signIn(browser, server, email);
  const page = await signIn(browser, server, email);
  await page.goto(`${server.baseUrl}/profile`);
  await page.getByRole("heading", { name: "Sessioni aperte" }).waitFor();
  await expectAccessible(page, assert);
  const sessions = page.getByTestId("sessions").getByRole("listitem");
  assert.ok((await sessions.count()) >= 2);
  await page.getByRole("button", { name: "Chiudi tutte le altre" }).click();
  await page.getByTestId("sessions").getByRole("listitem").nth(1).waitFor({ state: "detached" });
  await page.getByTestId("sessions").getByRole("listitem").first().getByText("questa sessione").waitFor();
  await elsewhere.reload();
  await elsewhere.getByRole("link", { name: "Accedi" }).waitFor();

  await page.getByLabel("A cosa serve").fill("Protocollo informatico");
  await page.getByRole("button", { name: "Crea il token" }).click();
  const secret = await page.getByTestId("token-secret").textContent();
  assert.match(secret ?? "", /^tvl_[0-9a-f]{64}$/);
  const answer = await fetch(`${server.baseUrl}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${secret}` },
    body: JSON.stringify({ query: "{ me { email } }" }),
  });
  assert.equal((await answer.json()).data.me.email, email);
  await page.getByRole("button", { name: "Revoca: Protocollo informatico" }).click();
  await page.getByRole("cell", { name: "revocato" }).waitFor();
});

test("single sign-on through the OpenID provider signs in the person with the verified address", async () => {
  const page = await newPage();
  await page.goto(`${server.baseUrl}/login`);
  await page.getByRole("link", { name: "Entra con SPID o CIE" }).click();
  // The provider's own pages: its development login form, then its consent.
  await page.locator("input[name=login]").fill(DELEGATE);
  await page.locator("input[name=password]").fill("anything");
  await page.getByRole("button", { name: "Sign-in" }).click();
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByTestId("signed-in-as").filter({ hasText: "Roberto Galli" }).waitFor();
  assert.equal(new URL(page.url()).origin, server.baseUrl);

  // The callback replayed (the same code, the attempt's cookie gone) signs nobody in.
  const stranger = await newPage();
  await stranger.goto(`${server.baseUrl}/auth/oidc/callback?code=replayed&state=forged`);
  await stranger.getByRole("alert").filter({ hasText: "L'accesso è durato troppo o è stato interrotto" }).waitFor();
  await expectAccessible(stranger, assert);
});

test("single sign-on for an address without an account says to ask for an invitation", async () => {
  const page = await newPage();
  await page.goto(`${server.baseUrl}/login`);
  await page.getByRole("link", { name: "Entra con SPID o CIE" }).click();
  await page.locator("input[name=login]").fill("sconosciuta@altro-ente.example");
  await page.locator("input[name=password]").fill("anything");
  await page.getByRole("button", { name: "Sign-in" }).click();
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByRole("alert").filter({ hasText: "chiedi un invito" }).waitFor();
  assert.equal(new URL(page.url()).pathname, "/login");
});

test("a fresh installation creates its first administrator with the code from the log", async () => {
  const fresh = await startServer({ demo: false });
  try {
    const page = await newPage();
    await page.goto(`${fresh.baseUrl}/login`);
    await page.getByRole("heading", { name: "Prima configurazione" }).waitFor();
    await expectAccessible(page, assert);
    const code = fresh.output().match(/setup code (\S+)/)?.[1];
    assert.ok(code, fresh.output());
    await page.getByLabel("Codice di configurazione").fill("AAAA-BBBB-CCCC");
    await page.getByLabel("Nome e cognome").fill("Prima Amministratrice");
    await page.getByLabel("Email").fill("prima@ente.example");
    await page.getByLabel("Nuova password").fill("una-password-lunga");
    await page.getByLabel("Ripeti la password").fill("una-password-lunga");
    await page.getByRole("button", { name: "Crea l'amministratore" }).click();
    await page.getByRole("alert").filter({ hasText: "Il codice non corrisponde" }).waitFor();
    await page.getByLabel("Codice di configurazione").fill(code);
    await page.getByRole("button", { name: "Crea l'amministratore" }).click();
    await page.getByRole("heading", { name: "Persone" }).waitFor();
    await page.getByTestId("signed-in-as").filter({ hasText: "Prima Amministratrice" }).waitFor();
    await page.goto(`${fresh.baseUrl}/setup`);
    await page.getByRole("heading", { name: "Benvenuta, benvenuto" }).waitFor();
  } finally {
    await fresh.stop();
  }
});
