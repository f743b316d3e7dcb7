// The good-practice library in the browser: an operator proposes a practice, completes it and attaches a report, a
// moderator publishes it, another operator comments and adopts it, and a visitor without an account reads it and
// downloads the report because it is public.
import { test } from "node:test";
import assert from "node:assert/strict";
import { expectAccessible, signIn, atEverySize, navigate } from "./harness.mjs";

const OPERATOR = "laura.santoro@coop-quadrifoglio.example";
const MODERATOR = "elena.ferri@sds-grosseto.example";
const COLLEAGUE = "irene.barbieri@coop-quadrifoglio.example";
const TITLE = "Sportello casa per famiglie con minori";
const REPORT = "%PDF-1.7\n% relazione finale del progetto\n%%EOF\n";

// Each journey runs at desktop and at phone size, on a server of its own.
atEverySize((size, env) => {
  test("a practice goes from proposal to publication, discussion and adoption", async () => {
    const operator = await signIn(env.browser, env.server, OPERATOR, size);
    await navigate(operator, "Buone prassi");
    await operator.getByRole("link", { name: "Proponi una prassi" }).click();
    await operator.getByLabel("Titolo della prassi").fill(TITLE);
    await operator.getByLabel("Sintesi (75–100 parole)").fill("Uno sportello comunale accompagna le famiglie con minori nella ricerca di un alloggio.");
    await operator.getByLabel("Come funziona (Markdown)").fill("Colloqui **settimanali** e una rete di proprietari disponibili.");
    await operator.getByText("Famiglie con minori", { exact: true }).click();
    await operator.getByLabel("Regione").fill("Toscana");
    await operator.getByLabel("Visibilità").selectOption("PUBLIC");
    // Saved without a theme: the env.server's refusal comes back in Italian beside the field, with a summary linking to it.
    await operator.getByRole("button", { name: "Salva come bozza" }).click();
    const summary = operator.getByRole("alert").filter({ hasText: "Il modulo non è stato salvato" });
    await summary.getByRole("link", { name: "Ambito: Campo obbligatorio." }).waitFor();
    assert.equal(await operator.getByText("Campo obbligatorio.", { exact: true }).count(), 1);
    await expectAccessible(operator, assert);
    await summary.getByRole("link").click();
    assert.equal(await operator.evaluate(() => document.activeElement?.id), "theme-EMPLOYMENT");
    await operator.getByText("Abitare", { exact: true }).click();
    await operator.getByRole("button", { name: "Salva come bozza" }).click();
    await operator.getByRole("heading", { name: new RegExp(TITLE) }).waitFor();
    // The author completes the record and attaches the project's report; a refused file type is explained.
    await operator.getByRole("link", { name: "Modifica la prassi" }).click();
    await operator.getByLabel("Territorio").fill("Comune di Grosseto");
    await operator.getByLabel("Fonte di finanziamento").fill("FAMI 2021-2027");
    await operator.getByLabel("Stato di attuazione").selectOption("STRUCTURAL");
    await operator.getByLabel("Parole chiave").fill("alloggio, mediazione, Alloggio");
    await operator.getByLabel("Persone raggiunte").fill("120");
    await operator.getByLabel("Budget (euro, senza decimali)").fill("45000");
    await operator.getByLabel("Ente attuatore").selectOption({ label: "Cooperativa sociale Il Quadrifoglio" });
    await operator.getByLabel("Sostenibilità").selectOption("CONTINUES");
    await operator.getByLabel("Licenza dei materiali").selectOption("CC_BY_SA");
    await operator.getByRole("button", { name: "Aggiungi un indicatore" }).click();
    await operator.locator("#indicator-0-name").fill("Famiglie accompagnate");
    await operator.locator("#indicator-0-unit").fill("famiglie");
    await operator.locator("#indicator-0-target").fill("100");
    await operator.locator("#indicator-0-achieved").fill("120");
    await expectAccessible(operator, assert);
    await operator.getByRole("button", { name: "Salva le modifiche" }).click();
    await operator.getByText("Comune di Grosseto", { exact: true }).waitFor();
    await operator.getByText("Strutturale", { exact: true }).waitFor();
    await operator.getByText("alloggio, mediazione", { exact: true }).waitFor();
    await operator.getByText("45.000 €", { exact: true }).waitFor();
    await operator.getByRole("rowheader", { name: "Famiglie accompagnate (famiglie)" }).waitFor();
    await operator.getByText("CC BY-SA 4.0", { exact: true }).waitFor();
    await operator.getByLabel("Allega un file").setInputFiles({ name: "installa.exe", mimeType: "application/octet-stream", buffer: Buffer.from("MZ") });
    await operator.getByRole("button", { name: "Carica l'allegato" }).click();
    await operator.getByRole("alert").filter({ hasText: "Questo tipo di file non è accettato." }).waitFor();
    await operator.getByLabel("Allega un file").setInputFiles({ name: "relazione finale.pdf", mimeType: "application/pdf", buffer: Buffer.from(REPORT) });
    await operator.getByRole("button", { name: "Carica l'allegato" }).click();
    await operator.getByRole("link", { name: "relazione finale.pdf" }).waitFor();
    await expectAccessible(operator, assert);
    await operator.getByRole("button", { name: "Invia alla moderazione" }).click();
    await operator.getByText("Inviata", { exact: true }).waitFor();
    await operator.context().close();

    const moderator = await signIn(env.browser, env.server, MODERATOR, size);
    await moderator.goto(`${env.server.baseUrl}/practices`);
    await moderator.getByLabel("Stato").selectOption("SUBMITTED");
    await moderator.getByRole("link", { name: TITLE }).click();
    // Publishing waits for the eligibility checklist, every criterion ticked.
    const publish = moderator.getByRole("button", { name: "Pubblica", exact: true });
    assert.equal(await publish.isDisabled(), true);
    await moderator.getByText("Contesto, obiettivi e attività sono descritti con chiarezza").click();
    await moderator.getByText("È attiva da almeno un anno").click();
    assert.equal(await publish.isDisabled(), true);
    await moderator.getByText("Ci sono evidenze di trasferibilità").click();
    await expectAccessible(moderator, assert);
    await publish.click();
    await moderator.getByText("Pubblicata", { exact: true }).waitFor();
    await moderator.getByText(/^Revisione di /).waitFor();
    await expectAccessible(moderator, assert);
    await moderator.context().close();

    const colleague = await signIn(env.browser, env.server, COLLEAGUE, size);
    await colleague.goto(`${env.server.baseUrl}/practices`);
    await colleague.getByLabel("Ambito").selectOption("HOUSING");
    await colleague.getByRole("link", { name: TITLE }).click();
    await colleague.getByLabel("Commento").fill("La replichiamo a Follonica dal prossimo mese.");
    await colleague.getByRole("button", { name: "Pubblica il commento" }).click();
    await colleague.getByText("La replichiamo a Follonica dal prossimo mese.").waitFor();
    // The author of a comment corrects it; a reply sits under it.
    const colleagueName = (await colleague.getByTestId("signed-in-as").getByRole("link").textContent())?.trim() ?? "";
    await colleague.getByRole("button", { name: `Modifica: ${colleagueName}` }).click();
    await colleague.locator("[id^='comment-edit-']").fill("La replichiamo a Follonica da gennaio.");
    await colleague.getByRole("button", { name: "Salva" }).click();
    await colleague.getByText("La replichiamo a Follonica da gennaio.").waitFor();
    await colleague.getByText("(modificato)").waitFor();
    await colleague.getByLabel("Commento").fill("Comprate follower su example.com!!!");
    await colleague.getByRole("button", { name: "Pubblica il commento" }).click();
    await colleague.getByText("Comprate follower su example.com!!!").waitFor();
    await colleague.getByLabel("Nota sull'adozione").fill("Avviata nel nostro sportello");
    await colleague.getByRole("button", { name: "Adottata nel mio servizio" }).click();
    await colleague.getByRole("heading", { name: "Adozioni (1)" }).waitFor();
    // Withdrawn after a confirmation, then adopted again.
    await colleague.getByRole("button", { name: /^Ritira la mia adozione/ }).click();
    await colleague.getByRole("heading", { name: "Adozioni (0)" }).waitFor();
    await colleague.getByLabel("Nota sull'adozione").fill("Avviata nel nostro sportello");
    await colleague.getByRole("button", { name: "Adottata nel mio servizio" }).click();
    await colleague.getByRole("heading", { name: "Adozioni (1)" }).waitFor();
    await expectAccessible(colleague, assert);
    await colleague.context().close();

    // A moderator removes the abusive comment, after confirming; a mark of it stays.
    const moderating = await signIn(env.browser, env.server, MODERATOR, size);
    await moderating.goto(`${env.server.baseUrl}/practices`);
    await moderating.getByRole("link", { name: TITLE }).click();
    const spam = moderating.getByRole("listitem").filter({ hasText: "Comprate follower" });
    await spam.getByRole("button", { name: /^Elimina/ }).click();
    await moderating.getByText("Comprate follower su example.com!!!").waitFor({ state: "detached" });
    await moderating.getByText("commento eliminato").waitFor();
    await moderating.getByText("La replichiamo a Follonica da gennaio.").waitFor();
    await moderating.context().close();

    const visitor = await (await env.browser.newContext({ locale: "it-IT", ...size.options })).newPage();
    visitor.setDefaultTimeout(15_000);
    await visitor.goto(`${env.server.baseUrl}/practices`);
    // The visitor narrows the library by region and words (the filters stay in the address), then downloads the
    // open data.
    await visitor.getByLabel("Regione").selectOption("Toscana");
    await visitor.getByLabel("Cerca nella biblioteca").fill("alloggio");
    await visitor.getByRole("button", { name: "Cerca", exact: true }).click();
    await visitor.waitForURL(/region=Toscana/);
    assert.match(visitor.url(), /q=alloggio/);
    await visitor.getByRole("link", { name: TITLE }).waitFor();
    await expectAccessible(visitor, assert);
    const csvHref = await visitor.getByRole("link", { name: "CSV" }).getAttribute("href");
    const csv = await (await visitor.request.get(`${env.server.baseUrl}${csvHref}`)).text();
    assert.ok(csv.split("\r\n")[0].startsWith("title,summary,themes"), csv.slice(0, 200));
    assert.ok(csv.includes(TITLE), "the CSV lists the practice");
    const json = await (await visitor.request.get(`${env.server.baseUrl}${await visitor.getByRole("link", { name: "JSON" }).getAttribute("href")}`)).json();
    assert.ok(json.some((record) => record.title === TITLE && record.keywords.includes("mediazione")));
    await visitor.getByRole("link", { name: TITLE }).click();
    await visitor.getByText("settimanali", { exact: true }).waitFor();
    await visitor.getByText("La replichiamo a Follonica da gennaio.").waitFor();
    assert.equal(await visitor.getByRole("button", { name: "Adottata nel mio servizio" }).count(), 0);
    // The public practice's report downloads without an account.
    const href = await visitor.getByRole("link", { name: "relazione finale.pdf" }).getAttribute("href");
    const download = await visitor.request.get(`${env.server.baseUrl}${href}`);
    assert.equal(download.status(), 200);
    assert.equal(await download.text(), REPORT);
    await expectAccessible(visitor, assert);
    await visitor.context().close();
  });
});
