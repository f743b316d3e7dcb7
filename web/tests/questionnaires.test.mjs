// Questionnaires in the browser: the secretariat finds the demo's public needs questionnaire and its link; a visitor
// answers it on a phone (a required question left out is pointed at first, then the answers are saved and can be
// changed from the same phone); the secretariat's results count the new response and chart it. Then the
// secretariat builds a members' questionnaire and opens it. axe-core on every view.
import { test } from "node:test";
import assert from "node:assert/strict";
import { DESKTOP, PHONE, atEverySize, expectAccessible, navigate, signIn } from "./harness.mjs";

/** Picks a radio button or check box as a person does, by its label (Bootstrap Italia draws the box over it). */
async function choose(scope, label) {
  const exact = new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`);
  await scope.locator("label").filter({ hasText: exact }).click();
}

const SECRETARIAT = "marco.rossi@sds-grosseto.example";
const TITLE = "Rilevazione dei bisogni dei cittadini di Paesi terzi";

atEverySize((size, env) => {
  test("a public questionnaire is answered on a phone and charted for the secretariat", async () => {
    const secretariat = await signIn(env.browser, env.server, SECRETARIAT, size);
    await navigate(secretariat, "Questionari");
    await secretariat.getByRole("heading", { name: "Questionari", exact: true }).waitFor();
    await expectAccessible(secretariat, assert);
    await secretariat.getByRole("link", { name: TITLE }).click();
    await secretariat.getByRole("heading", { name: TITLE }).waitFor();
    await secretariat.getByText("12 risposte").waitFor();
    const chart = secretariat.getByRole("img", { name: "Grafico: Quali servizi hai usato nell'ultimo anno?" });
    await chart.waitFor();
    await expectAccessible(secretariat, assert);
    const link = await secretariat.getByTestId("public-link").getAttribute("href");
    assert.match(link, /^\/q\/[0-9a-f]{48}$/);

    // A visitor on a phone, not signed in.
    const visitor = await (await env.browser.newContext({ locale: "it-IT", ...PHONE.options })).newPage();
    await visitor.goto(`${env.server.baseUrl}${link}`);
    await visitor.getByRole("heading", { name: TITLE }).waitFor();
    await expectAccessible(visitor, assert);
    await choose(visitor, "Centro per l'impiego");
    await visitor.getByRole("button", { name: "Invia le risposte" }).click();
    // The scale is required: the refusal names it and nothing is saved.
    await visitor.getByRole("link", { name: /Quanto è stato facile/ }).waitFor();
    await choose(visitor.getByRole("group", { name: /Quanto è stato facile/ }), "4");
    await visitor.getByLabel("Da quanti anni vivi in Italia?").fill("2");
    await visitor.getByLabel("Che cosa renderebbe i servizi più facili da usare?").fill("Uno sportello aperto il sabato.");
    await visitor.getByRole("button", { name: "Invia le risposte" }).click();
    await visitor.getByText("Risposte salvate: puoi modificarle fino alla chiusura.").waitFor();
    await expectAccessible(visitor, assert);
    // Back later on the same phone: the answers are there, and a change replaces them.
    await visitor.reload();
    await visitor.getByRole("heading", { name: TITLE }).waitFor();
    assert.equal(await visitor.getByLabel("Da quanti anni vivi in Italia?").inputValue(), "2");
    await visitor.getByLabel("Da quanti anni vivi in Italia?").fill("3");
    await visitor.getByRole("button", { name: "Invia le risposte" }).click();
    await visitor.getByText("Risposte salvate: puoi modificarle fino alla chiusura.").waitFor();
    await visitor.context().close();

    await secretariat.reload();
    await secretariat.getByText("13 risposte").waitFor();
    const figures = secretariat.getByRole("table", { name: "Grafico: Quali servizi hai usato nell'ultimo anno?" });
    await figures.getByRole("row", { name: "Centro per l'impiego 4" }).waitFor({ state: "attached" });
    await secretariat.getByText("Uno sportello aperto il sabato.", { exact: true }).waitFor({ state: "attached" });
    await secretariat.context().close();
  });

  test("the secretariat builds a members' questionnaire and opens it", async () => {
    const secretariat = await signIn(env.browser, env.server, SECRETARIAT, size === PHONE ? PHONE : DESKTOP);
    await secretariat.goto(`${env.server.baseUrl}/tables/1/questionnaires`);
    await secretariat.getByRole("heading", { name: "Questionari del tavolo" }).waitFor();
    await secretariat.getByLabel("Titolo del questionario").fill("Qualità dei servizi di accoglienza");
    await secretariat.getByRole("button", { name: "Crea il questionario" }).click();
    await secretariat.getByRole("heading", { name: "Qualità dei servizi di accoglienza" }).waitFor();
    await secretariat.getByRole("button", { name: "Aggiungi una sezione" }).click();
    await secretariat.getByLabel("Titolo della sezione 1").fill("Accoglienza");
    await secretariat.getByLabel("Testo della domanda 1.1").fill("Il servizio ha risposto ai bisogni?");
    await secretariat.getByLabel("Opzioni della domanda 1.1, una per riga").fill("Sì\nIn parte\nNo");
    await secretariat.getByRole("button", { name: "Salva le domande" }).click();
    await secretariat.getByText("Domande salvate.").waitFor();
    await expectAccessible(secretariat, assert);
    await secretariat.getByRole("button", { name: "Apri alle risposte" }).click();
    await secretariat.getByText("Aperto", { exact: true }).waitFor();
    // The secretariat sits at the table: the form to answer is theirs too.
    await secretariat.getByRole("heading", { name: "Le tue risposte" }).waitFor();
    await choose(secretariat, "In parte");
    await secretariat.getByRole("button", { name: "Invia le risposte" }).click();
    await secretariat.getByText("Risposte salvate: puoi modificarle fino alla chiusura.").waitFor();
    await expectAccessible(secretariat, assert);
    await secretariat.context().close();
  });
});
