// The good-practice library in the browser: an operator proposes a practice, a moderator publishes it, another operator
// comments and adopts it, and a visitor without an account reads it because it is public.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { expectAccessible, launchBrowser, startServer } from "./harness.mjs";

const PASSWORD = "tavolo-demo-2026";
const OPERATOR = "laura.santoro@coop-quadrifoglio.example";
const MODERATOR = "elena.ferri@sds-grosseto.example";
const COLLEAGUE = "irene.barbieri@coop-quadrifoglio.example";
const TITLE = "Sportello casa per famiglie con minori";

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function signIn(email) {
  const page = await (await browser.newContext({ locale: "it-IT" })).newPage();
  page.setDefaultTimeout(15_000);
  await page.goto(`${server.baseUrl}/login`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Accedi" }).click();
  await page.getByTestId("signed-in-as").waitFor();
  return page;
}

test("a practice goes from proposal to publication, discussion and adoption", async () => {
  const operator = await signIn(OPERATOR);
  await operator.getByRole("navigation", { name: "Navigazione principale" }).getByRole("link", { name: "Buone prassi" }).click();
  await operator.getByRole("link", { name: "Proponi una prassi" }).click();
  await operator.getByLabel("Titolo della prassi").fill(TITLE);
  await operator.getByLabel("Sintesi (75–100 parole)").fill("Uno sportello comunale accompagna le famiglie con minori nella ricerca di un alloggio.");
  await operator.getByLabel("Come funziona (Markdown)").fill("Colloqui **settimanali** e una rete di proprietari disponibili.");
  await operator.getByText("Abitare", { exact: true }).click();
  await operator.getByText("Famiglie con minori", { exact: true }).click();
  await operator.getByLabel("Regione").fill("Toscana");
  await operator.getByLabel("Visibilità").selectOption("PUBLIC");
  await expectAccessible(operator, assert);
  await operator.getByRole("button", { name: "Salva come bozza" }).click();
  await operator.getByRole("heading", { name: new RegExp(TITLE) }).waitFor();
  await operator.getByRole("button", { name: "Invia alla moderazione" }).click();
  await operator.getByText("Inviata", { exact: true }).waitFor();
  await operator.context().close();

  const moderator = await signIn(MODERATOR);
  await moderator.goto(`${server.baseUrl}/practices`);
  await moderator.getByLabel("Stato").selectOption("SUBMITTED");
  await moderator.getByRole("link", { name: TITLE }).click();
  await moderator.getByRole("button", { name: "Pubblica" }).click();
  await moderator.getByText("Pubblicata", { exact: true }).waitFor();
  await expectAccessible(moderator, assert);
  await moderator.context().close();

  const colleague = await signIn(COLLEAGUE);
  await colleague.goto(`${server.baseUrl}/practices`);
  await colleague.getByLabel("Ambito").selectOption("HOUSING");
  await colleague.getByRole("link", { name: TITLE }).click();
  await colleague.getByLabel("Commento").fill("La replichiamo a Follonica dal prossimo mese.");
  await colleague.getByRole("button", { name: "Pubblica il commento" }).click();
  await colleague.getByText("La replichiamo a Follonica dal prossimo mese.").waitFor();
  await colleague.getByLabel("Nota sull'adozione").fill("Avviata nel nostro sportello");
  await colleague.getByRole("button", { name: "Adottata nel mio servizio" }).click();
  await colleague.getByRole("heading", { name: "Adozioni (1)" }).waitFor();
  await expectAccessible(colleague, assert);
  await colleague.context().close();

  const visitor = await (await browser.newContext({ locale: "it-IT" })).newPage();
  visitor.setDefaultTimeout(15_000);
  await visitor.goto(`${server.baseUrl}/practices`);
  await visitor.getByRole("link", { name: TITLE }).click();
  await visitor.getByText("settimanali", { exact: true }).waitFor();
  await visitor.getByText("La replichiamo a Follonica dal prossimo mese.").waitFor();
  assert.equal(await visitor.getByRole("button", { name: "Adottata nel mio servizio" }).count(), 0);
  await expectAccessible(visitor, assert);
  await visitor.context().close();
});
