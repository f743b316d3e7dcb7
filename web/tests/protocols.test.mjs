// Operational protocols in the browser: three organizations' delegates each sign the adopted school protocol for
// their organization, and a visitor of the public table reads who signed; the secretariat starts a new version of the
// health protocol, edits a section and compares it with the version in force. At desktop and phone size, axe-core on
// every view.
import { test } from "node:test";
import assert from "node:assert/strict";
import { atEverySize, expectAccessible, signIn } from "./harness.mjs";

const TABLE = "Tavolo interistituzionale per l'integrazione dei cittadini di Paesi terzi";
const SCHOOL = "Protocollo operativo scolastico";
const HEALTH = "Protocollo operativo sanitario";
const SIGNERS = [
  ["francesca.neri@isis-lorena.example", "Francesca Neri", "ISIS Leopoldo II di Lorena"],
  ["sara.mancini@cpia-grosseto.example", "Sara Mancini", "CPIA 1 Grosseto"],
  ["valentina.greco@comune-grosseto.example", "Valentina Greco", "Comune di Grosseto"],
];

/** From the table's page to one of its protocols, through the protocols list. */
async function openProtocol(page, baseUrl, title) {
  await page.goto(`${baseUrl}/tables/1`);
  await page.getByRole("heading", { name: TABLE }).waitFor();
  await page.getByRole("link", { name: "Protocolli", exact: true }).click();
  await page.getByRole("heading", { name: "Protocolli operativi del tavolo" }).waitFor();
  await page.getByRole("link", { name: title }).click();
  await page.getByRole("heading", { name: title, level: 1 }).waitFor();
}

atEverySize((size, env) => {
  test("three organizations sign a protocol and a visitor reads the signatures", async () => {
    for (const [email, name, organization] of SIGNERS) {
      const delegate = await signIn(env.browser, env.server, email, size);
      await openProtocol(delegate, env.server.baseUrl, SCHOOL);
      await delegate.getByRole("heading", { name: /Versione 1/ }).waitFor();
      await expectAccessible(delegate, assert);
      // Only their own organization's signature is theirs to give.
      assert.equal(await delegate.getByRole("button", { name: /^Firma per / }).count(), 1);
      await delegate.getByRole("button", { name: `Firma per ${organization}` }).click();
      await delegate.getByText("Firma registrata.").waitFor();
      const row = delegate.getByRole("row").filter({ hasText: organization });
      await row.getByText(name).waitFor();
      await expectAccessible(delegate, assert);
      await delegate.context().close();
    }

    const visitor = await (await env.browser.newContext({ locale: "it-IT", ...size.options })).newPage();
    await openProtocol(visitor, env.server.baseUrl, SCHOOL);
    await visitor.getByText("3 firme su 4").waitFor();
    for (const [, name, organization] of SIGNERS) {
      await visitor.getByRole("row").filter({ hasText: organization }).getByText(name).waitFor();
    }
    await visitor.getByRole("row").filter({ hasText: "Società della Salute" }).getByText("In attesa di firma").waitFor();
    assert.equal(await visitor.getByRole("button", { name: /^Firma per / }).count(), 0);
    await expectAccessible(visitor, assert);
    await visitor.context().close();
  });

  test("the secretariat starts a new version and compares it with the one in force", async () => {
    const secretariat = await signIn(env.browser, env.server, "marco.rossi@sds-grosseto.example", size);
    await openProtocol(secretariat, env.server.baseUrl, HEALTH);
    await secretariat.getByRole("heading", { name: /Versione 2/ }).waitFor();
    await secretariat.getByRole("button", { name: "Avvia una nuova versione" }).click();
    await secretariat.getByRole("heading", { name: /Versione 3/ }).waitFor();
    await secretariat.getByText("Modifica la bozza").click();
    const body = secretariat.getByLabel("Testo della sezione 3 (Markdown)");
    await body.fill("Il tavolo verifica ogni tre mesi i tempi di iscrizione al servizio sanitario.");
    await secretariat.getByRole("button", { name: "Salva la bozza" }).click();
    await secretariat.getByText("Bozza salvata.").waitFor();
    await secretariat.getByRole("heading", { name: "Monitoraggio" }).waitFor();
    await expectAccessible(secretariat, assert);

    await secretariat.getByLabel("Dalla versione", { exact: true }).selectOption("2");
    await secretariat.getByLabel("Alla versione", { exact: true }).selectOption("3");
    await secretariat.getByRole("button", { name: "Mostra le differenze" }).click();
    const comparison = secretariat.getByLabel("Confronta le versioni", { exact: true });
    await comparison.getByText("+ Il tavolo verifica ogni tre mesi i tempi di iscrizione al servizio sanitario.").waitFor();
    await comparison.getByText(/^- Il tavolo verifica ogni sei mesi/).waitFor();
    await expectAccessible(secretariat, assert);
    await secretariat.context().close();
  });
});
