// The local strategy in the browser: the secretariat drafts a new version from the approved one, a delegate comments,
// the chair approves it through the plenary's decision, and the approved version can no longer be changed.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { expectAccessible, launchBrowser, signIn, startServer } from "./harness.mjs";

const SECRETARIAT = "marco.rossi@sds-grosseto.example";
const DELEGATE = "roberto.galli@prefettura-grosseto.example";
const CHAIR = "giulia.bianchi@sds-grosseto.example";
const ACTIVITY = "Newsletter mensile del tavolo";

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

async function openStrategy(page) {
  await page.goto(`${server.baseUrl}/tables`);
  await page.getByRole("link", { name: /Tavolo interistituzionale per l'integrazione/ }).first().click();
  await page.getByRole("link", { name: "Strategia locale" }).click();
  await page.getByRole("heading", { name: "Strategia locale per l'integrazione", level: 1 }).waitFor();
}

test("a strategy version is drafted, commented, approved through a decision and then frozen", async () => {
  const secretariat = await signIn(browser, server, SECRETARIAT);
  await openStrategy(secretariat);
  await secretariat.getByRole("heading", { name: /Versione 1 approvata/ }).waitFor();
  await secretariat.getByRole("button", { name: "Avvia una nuova bozza" }).click();
  await secretariat.getByRole("heading", { name: /Versione 2 bozza/ }).waitFor();
  await secretariat.getByRole("button", { name: "Aggiungi un'attività 4.1" }).click();
  await secretariat.getByLabel("Titolo").fill(ACTIVITY);
  await secretariat.getByRole("button", { name: "Aggiungi un'attività", exact: true }).click();
  await secretariat.getByTestId("element-4.1.4").getByText(ACTIVITY).waitFor();
  await expectAccessible(secretariat, assert);
  // An indicator is added, corrected and removed; a link is made and undone, each removal after confirming.
  const activity = secretariat.getByTestId("element-4.1.4");
  await activity.getByRole("button", { name: "Aggiungi l'indicatore 4.1.4" }).click();
  await activity.getByLabel("Indicatore").fill("Famiglie raggiunte");
  await activity.getByLabel("Unità").fill("famiglie");
  await activity.getByLabel("Obiettivo").fill("40");
  await activity.getByRole("button", { name: "Aggiungi l'indicatore", exact: true }).click();
  await activity.getByText(/Famiglie raggiunte: — \/ 40 famiglie/).waitFor();
  await activity.getByRole("button", { name: "Modifica: Famiglie raggiunte" }).click();
  await activity.getByLabel("Obiettivo").fill("60");
  await activity.getByRole("button", { name: "Salva" }).click();
  await activity.getByText(/Famiglie raggiunte: — \/ 60 famiglie/).waitFor();
  await activity.getByRole("button", { name: "Elimina: Famiglie raggiunte" }).click();
  await activity.getByText(/Famiglie raggiunte/).waitFor({ state: "detached" });
  await activity.getByRole("button", { name: "Aggiungi un collegamento" }).click();
  await activity.getByLabel("Collega a").selectOption({ index: 1 });
  await activity.getByRole("button", { name: "Collega", exact: true }).click();
  const unlink = activity.getByRole("button", { name: /^Scollega: / });
  await unlink.waitFor();
  await unlink.click();
  await unlink.waitFor({ state: "detached" });
  await secretariat.getByRole("button", { name: "Invia per l'approvazione" }).click();
  await secretariat.getByRole("heading", { name: /Versione 2 inviata per l'approvazione/ }).waitFor();
  await secretariat.context().close();

  const delegate = await signIn(browser, server, DELEGATE);
  await openStrategy(delegate);
  await delegate.getByRole("button", { name: "Commenta 4.1.4" }).click();
  await delegate.getByLabel("Il tuo commento su 4.1.4").fill("Proponiamo di tradurla anche in inglese e in francese.");
  await delegate.getByRole("button", { name: "Invia il commento" }).click();
  await delegate.getByText("Proponiamo di tradurla anche in inglese e in francese.").waitFor();
  assert.equal(await delegate.getByRole("button", { name: "Registra l'approvazione" }).count(), 0);
  await expectAccessible(delegate, assert);
  await delegate.context().close();

  const chair = await signIn(browser, server, CHAIR);
  await openStrategy(chair);
  const decision = await chair.locator("#approving-decision option", { hasText: "prima versione della strategia" }).getAttribute("value");
  await chair.getByLabel("Decisione di approvazione").selectOption(decision);
  await chair.getByRole("button", { name: "Registra l'approvazione" }).click();
  await chair.getByRole("heading", { name: /Versione 2 approvata/ }).waitFor();
  await chair.getByText("Questa versione è approvata e non può più essere modificata", { exact: false }).waitFor();
  // Frozen: no editing controls, and the API refuses a change all the same.
  assert.equal(await chair.getByRole("button", { name: /^Modifica / }).count(), 0);
  assert.equal(await chair.getByRole("button", { name: "Aggiungi un obiettivo specifico" }).count(), 0);
  const refused = await chair.evaluate(async () => {
    const query = "query($t: ID!) { strategyVersions(tableId: $t) { id status elements { id version } } }";
    const tableId = location.pathname.split("/")[2];
    const post = (body) => fetch("/graphql", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }).then((r) => r.json());
    const versions = (await post({ query, variables: { t: tableId } })).data.strategyVersions;
    const element = versions[0].elements[0];
    const mutation = "mutation($e: ID!, $n: Int!) { updateStrategyElement(id: $e, expectedVersion: $n, input: { title: \"Cambiato\" }) }";
    return (await post({ query: mutation, variables: { e: element.id, n: element.version } })).errors[0].extensions;
  });
  assert.equal(refused.code, "VALIDATION");
  assert.equal(refused.field, "status");
  // The two versions compared: the new activity is the difference.
  await chair.getByRole("button", { name: "Mostra le differenze" }).click();
  await chair.getByRole("region", { name: "Confronta le versioni" }).getByText(`aggiunto 4.1.4 ${ACTIVITY}`).waitFor();
  await expectAccessible(chair, assert);
  await chair.context().close();
});
