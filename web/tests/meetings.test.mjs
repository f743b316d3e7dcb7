// A meeting's whole life in the browser: the secretariat prepares and holds it and writes the minutes, a delegate comments, the chair approves; axe-core on every view.
import { test } from "node:test";
import assert from "node:assert/strict";
import { expectAccessible, mailed, signIn, unquote, atEverySize } from "./harness.mjs";

const SECRETARIAT = "marco.rossi@sds-grosseto.example";
const DELEGATE = "roberto.galli@prefettura-grosseto.example";
const CHAIR = "giulia.bianchi@sds-grosseto.example";
const PDF = "%PDF-1.7\n% dati del primo semestre\n%%EOF\n";
const TABLE = "Tavolo interistituzionale per l'integrazione dei cittadini di Paesi terzi";

// Each journey runs at desktop and at phone size, on a server of its own.
atEverySize((size, env) => {
  function yesterday(hour) {
    const day = new Date(Date.now() - 24 * 3600 * 1000).toISOString().slice(0, 10);
    return `${day}T${String(hour).padStart(2, "0")}:00`;
  }

  test("secretariat, delegate and chair take a meeting from draft to approved minutes", async () => {
    const secretariat = await signIn(env.browser, env.server, SECRETARIAT, size);
    await secretariat.getByRole("heading", { name: "Le mie azioni" }).waitFor();
    await secretariat.getByText("Completare la mappatura degli sportelli nei comuni dell'Amiata").waitFor();
    await expectAccessible(secretariat, assert);

    await secretariat.goto(`${env.server.baseUrl}/tables`);
    await secretariat.getByRole("link", { name: TABLE }).click();
    await secretariat.getByRole("link", { name: "Riunioni del tavolo" }).click();
    await secretariat.getByRole("heading", { name: "Riunioni del tavolo" }).waitFor();
    await secretariat.getByRole("list", { name: "Riunioni" }).getByRole("link", { name: "Seduta plenaria di avvio" }).waitFor();
    await expectAccessible(secretariat, assert);
    await secretariat.getByRole("button", { name: "Calendario" }).click();
    await secretariat.getByRole("button", { name: "Mese successivo" }).waitFor();
    await expectAccessible(secretariat, assert);

    await secretariat.getByLabel("Titolo").fill("Seduta di verifica");
    await secretariat.getByLabel("Inizio").fill(yesterday(10));
    await secretariat.getByLabel("Fine").fill(yesterday(12));
    await secretariat.getByLabel("Luogo").fill("Prefettura di Grosseto, sala A");
    await secretariat.getByText("Riunione già svolta (registrazione a posteriori)").click();
    await secretariat.getByRole("button", { name: "Crea la bozza" }).click();
    await secretariat.getByRole("heading", { name: /Seduta di verifica/ }).waitFor();
    await secretariat.getByText("Bozza", { exact: true }).first().waitFor();

    // The agenda opens with the follow-up of the open action and the deferred decision; add and reorder items.
    await secretariat.getByText("Seguito delle azioni aperte e delle decisioni rinviate").waitFor();
    await secretariat.getByLabel("Titolo del punto").fill("Monitoraggio degli sportelli");
    await secretariat.getByRole("button", { name: "Aggiungi punto" }).click();
    await secretariat.getByRole("list", { name: "Ordine del giorno" }).getByText("Monitoraggio degli sportelli").waitFor();
    await secretariat.getByLabel("Titolo del punto").fill("Varie ed eventuali");
    await secretariat.getByRole("button", { name: "Aggiungi punto" }).click();
    await secretariat.getByRole("button", { name: "Sposta su: Varie ed eventuali" }).click();
    const items = secretariat.getByRole("list", { name: "Ordine del giorno" }).locator(":scope > li strong");
    await assert.doesNotReject(async () => {
      for (let i = 0; i < 50 && (await items.nth(1).textContent()) !== "Varie ed eventuali"; i++) await secretariat.waitForTimeout(100);
    });
    assert.equal(await items.nth(1).textContent(), "Varie ed eventuali");
    await expectAccessible(secretariat, assert);
    // An item is edited in place: a description and two document links.
    await secretariat.getByRole("button", { name: "Modifica: Monitoraggio degli sportelli" }).click();
    await secretariat.locator("[id^='edit-item-'][id$='-description']").fill("Dati del primo semestre per sportello.");
    await secretariat.locator("[id^='edit-item-'][id$='-documents']").fill("https://example.org/dati.pdf\nhttps://example.org/mappa.pdf");
    await expectAccessible(secretariat, assert);
    await secretariat.getByRole("list", { name: "Ordine del giorno" }).getByRole("button", { name: "Salva" }).click();
    await secretariat.getByText("Dati del primo semestre per sportello.").waitFor();
    await secretariat.getByRole("link", { name: "https://example.org/mappa.pdf" }).waitFor();
    // A file on the item.
    await secretariat.getByRole("button", { name: "Allega un file: Monitoraggio degli sportelli" }).click();
    await secretariat.getByLabel("Allega un file: Monitoraggio degli sportelli").setInputFiles({ name: "dati-semestre.pdf", mimeType: "application/pdf", buffer: Buffer.from(PDF) });
    await secretariat.getByRole("button", { name: "Carica l'allegato: Monitoraggio degli sportelli" }).click();
    await secretariat.getByRole("link", { name: "dati-semestre.pdf" }).waitFor();

    // A guest invited by address alone, who will stand in for an organization's seat.
    await secretariat.getByLabel("Email dell'invitato").fill("mario.ospite@example.org");
    await secretariat.getByLabel("Nome dell'invitato").fill("Mario Ospite");
    await secretariat.getByRole("button", { name: "Invita", exact: true }).click();
    await secretariat.getByRole("cell", { name: /^Mario Ospite/ }).first().waitFor();

    // Schedule (it is already past: confirmed), take attendance, mark as held.
    await secretariat.getByText("Riunione già svolta (registrazione a posteriori)").click();
    await secretariat.getByRole("button", { name: "Convoca" }).click();
    await secretariat.getByText("Convocata", { exact: true }).first().waitFor();
    await secretariat.getByLabel("Presenze: Roberto Galli").selectOption("PRESENT");
    await secretariat.getByTestId("quorum").filter({ hasText: "1 ente presente su" }).waitFor();
    await secretariat.getByLabel("Presenze: Francesca Neri").selectOption("PRESENT");
    await secretariat.getByTestId("quorum").filter({ hasText: "2 enti presenti" }).waitFor();
    // The guest without an account is marked present as the substitute for another organization's seat.
    await secretariat.getByLabel("Presenze: Mario Ospite").selectOption("PRESENT");
    await secretariat.getByLabel("In rappresentanza di: Mario Ospite").selectOption({ label: "Associazione Donne dal Mondo Grosseto" });
    await secretariat.getByTestId("quorum").filter({ hasText: "3 enti presenti" }).waitFor();
    await expectAccessible(secretariat, assert);
    await secretariat.getByRole("button", { name: "Segna come svolta" }).click();
    await secretariat.getByRole("heading", { name: /Verbale/ }).waitFor();

    // Minutes: notes, a decision, send for review.
    await secretariat.getByLabel("Note: Monitoraggio degli sportelli").fill("La Prefettura presenta i **dati** del primo semestre.");
    await secretariat.getByRole("button", { name: "Salva il verbale" }).click();
    await secretariat.getByRole("status").filter({ hasText: "Verbale salvato." }).waitFor();
    await secretariat.getByLabel("Testo della decisione").nth(2).fill("Il tavolo adotta il modello di monitoraggio trimestrale.");
    await secretariat.getByLabel("Favorevoli").nth(2).fill("12");
    await secretariat.getByLabel("Astenuti").nth(2).fill("1");
    // Notes typed but not saved survive recording a decision, and are then saved as typed.
    const notes = secretariat.getByLabel("Note: Monitoraggio degli sportelli");
    const unsaved = `${await notes.inputValue()}\n\nIl tavolo discute il calendario dei monitoraggi.`;
    await notes.fill(unsaved);
    await secretariat.getByRole("button", { name: "Registra decisione" }).nth(2).click();
    await secretariat.getByRole("listitem").filter({ hasText: "Il tavolo adotta il modello di monitoraggio trimestrale." }).waitFor();
    await secretariat.getByText("(Favorevoli 12, Contrari 0, Astenuti 1)").waitFor();
    assert.equal(await notes.inputValue(), unsaved);
    // Saved again: wait for this save's answer, not for the notice the first save left.
    const saved = secretariat.waitForResponse((response) => response.url().endsWith("/graphql") && (response.request().postData() ?? "").includes("SaveMinutes"));
    await secretariat.getByRole("button", { name: "Salva il verbale" }).click();
    assert.equal((await saved).status(), 200);
    await secretariat.getByRole("status").filter({ hasText: "Verbale salvato." }).waitFor();
    await secretariat.reload();
    await secretariat.getByRole("heading", { name: /Verbale/ }).waitFor();
    assert.equal(await notes.inputValue(), unsaved);
    // A decision is corrected while the minutes are open.
    await secretariat.getByRole("button", { name: "Modifica: Il tavolo adotta il modello di monitoraggio trimestrale." }).click();
    await secretariat.locator("[id^='edit-decision-'][id$='-text']").fill("Il tavolo adotta il modello di monitoraggio trimestrale dal secondo semestre.");
    await secretariat.locator("[id^='edit-decision-'][id$='-votesAgainst']").fill("2");
    await secretariat.getByRole("group", { name: "Salva" }).getByRole("button", { name: "Salva" }).click();
    await secretariat.getByRole("listitem").filter({ hasText: "Il tavolo adotta il modello di monitoraggio trimestrale dal secondo semestre." }).waitFor();
    await secretariat.getByText("(Favorevoli 12, Contrari 2, Astenuti 1)").waitFor();
    // An action item for an organization, following from the decision.
    await secretariat.getByRole("textbox", { name: "Azione *", exact: true }).fill("Predisporre il modello di monitoraggio");
    await secretariat.getByLabel("Assegnata a").selectOption({ label: "Cooperativa sociale Il Quadrifoglio" });
    await secretariat.getByLabel("Decisione collegata").selectOption({ label: "Il tavolo adotta il modello di monitoraggio trimestrale dal secondo semestre." });
    await secretariat.getByRole("button", { name: "Aggiungi azione" }).click();
    await secretariat.getByRole("status").filter({ hasText: "Azione registrata." }).waitFor();
    const actionItem = secretariat.getByRole("region", { name: "Azioni di follow-up", exact: true }).getByRole("listitem").filter({ hasText: "Predisporre il modello di monitoraggio" });
    await actionItem.filter({ hasText: "Cooperativa sociale Il Quadrifoglio" }).filter({ hasText: "Decisione collegata" }).waitFor();
    await expectAccessible(secretariat, assert);
    await secretariat.getByRole("button", { name: "Allega un file: Verbale" }).click();
    await secretariat.getByLabel("Allega un file: Verbale").setInputFiles({ name: "allegato-verbale.pdf", mimeType: "application/pdf", buffer: Buffer.from(PDF) });
    await secretariat.getByRole("button", { name: "Carica l'allegato: Verbale" }).click();
    await secretariat.getByRole("link", { name: "allegato-verbale.pdf" }).waitFor();
    await secretariat.getByRole("button", { name: "Invia in revisione" }).click();
    await secretariat.getByText("In revisione", { exact: true }).waitFor();
    const meetingUrl = secretariat.url();
    // The table's list of follow-up actions moves it along.
    await secretariat.getByRole("link", { name: TABLE }).first().click();
    const status = secretariat.getByLabel("Stato dell'azione: Predisporre il modello di monitoraggio");
    const moved = secretariat.waitForResponse((response) => (response.request().postData() ?? "").includes("UpdateActionItemStatus"));
    await status.selectOption("IN_PROGRESS");
    assert.equal((await moved).status(), 200);
    await secretariat.reload();
    assert.equal(await secretariat.getByLabel("Stato dell'azione: Predisporre il modello di monitoraggio").inputValue(), "IN_PROGRESS");
    await secretariat.context().close();

    // A delegate reviews and comments.
    const delegate = await signIn(env.browser, env.server, DELEGATE, size);
    await delegate.goto(meetingUrl);
    await delegate.getByText("In revisione", { exact: true }).waitFor();
    await delegate.getByText("La Prefettura presenta i", { exact: false }).waitFor();
    // The delegate downloads the item's file, and sees the minutes' file.
    const fileLink = await delegate.getByRole("link", { name: "dati-semestre.pdf" }).getAttribute("href");
    const downloaded = await delegate.request.get(`${env.server.baseUrl}${fileLink}`);
    assert.equal(downloaded.status(), 200);
    assert.equal(await downloaded.text(), PDF);
    await delegate.getByRole("link", { name: "allegato-verbale.pdf" }).waitFor();
    assert.equal(await delegate.getByRole("button", { name: "Salva il verbale" }).count(), 0);
    await delegate.getByLabel("Riferita a").selectOption({ label: "Monitoraggio degli sportelli" });
    await delegate.getByLabel("Osservazione").fill("Indicare anche il numero di accessi allo sportello.");
    await delegate.getByRole("button", { name: "Invia osservazione" }).click();
    const observation = delegate.getByRole("listitem").filter({ hasText: "Indicare anche il numero di accessi allo sportello." });
    await observation.filter({ hasText: "Sul punto: Monitoraggio degli sportelli" }).filter({ hasText: "Aperta" }).waitFor();
    // A delegate does not mark observations handled.
    assert.equal(await delegate.getByRole("button", { name: /^Segna come gestita/ }).count(), 0);
    await expectAccessible(delegate, assert);
    await delegate.context().close();

    // The chair approves; the minutes are then immutable (only an erratum remains).
    // The chair finds the minutes in what waits for them, from the header's count.
    const chair = await signIn(env.browser, env.server, CHAIR, size);
    await chair.getByTestId("waiting-badge").click();
    const toApprove = chair.getByRole("region", { name: "Cosa aspetta me" }).getByRole("listitem").filter({ hasText: "Seduta di verifica" });
    await toApprove.waitFor();
    await expectAccessible(chair, assert);
    await toApprove.getByRole("link").click();
    assert.equal(chair.url(), meetingUrl);
    await chair.getByLabel("Modalità di approvazione").selectOption("WRITTEN_PROCEDURE");
    await chair.getByLabel("Nota di approvazione (facoltativa)").fill("Approvato con le osservazioni della Prefettura.");
    await chair.getByRole("heading", { name: /Osservazioni.*1 aperte/ }).waitFor();
    await chair.getByRole("button", { name: /^Segna come gestita/ }).click();
    await chair.getByRole("heading", { name: /Osservazioni.*0 aperte/ }).waitFor();
    await chair.getByText(/^Gestita da /).waitFor();
    await chair.getByRole("button", { name: "Approva il verbale" }).click();
    await chair.getByText("Approvato", { exact: true }).first().waitFor();
    await chair.getByText("Con procedura scritta").waitFor();
    await chair.getByTestId("approval-note").filter({ hasText: "Approvato con le osservazioni della Prefettura." }).waitFor();
    assert.equal(await chair.getByRole("button", { name: "Salva il verbale" }).count(), 0);
    await chair.getByRole("button", { name: "Registra un'errata corrige" }).waitFor();
    await expectAccessible(chair, assert);
    const printable = await chair.request.get(`${env.server.baseUrl}/meetings/${meetingUrl.split("/").pop()}/minutes.html`);
    assert.equal(printable.status(), 200);
    assert.match(await printable.text(), /Il tavolo adotta il modello di monitoraggio trimestrale dal secondo semestre/);
    await chair.context().close();
  });

  test("the secretariat moves a scheduled meeting, invitees get the update, and a guest is removed", async () => {
    const secretariat = await signIn(env.browser, env.server, SECRETARIAT, size);
    await secretariat.goto(`${env.server.baseUrl}/tables`);
    await secretariat.getByRole("link", { name: TABLE }).click();
    await secretariat.getByRole("link", { name: "Riunioni del tavolo" }).click();
    await secretariat.getByRole("list", { name: "Riunioni" }).getByRole("link", { name: "Seconda seduta plenaria" }).click();
    // A file on the agenda item: the update mail below links it.
    await secretariat.getByRole("button", { name: "Allega un file: Mappatura definitiva dei servizi" }).click();
    await secretariat.getByLabel("Allega un file: Mappatura definitiva dei servizi").setInputFiles({ name: "mappa-servizi.pdf", mimeType: "application/pdf", buffer: Buffer.from(PDF) });
    await secretariat.getByRole("button", { name: "Carica l'allegato: Mappatura definitiva dei servizi" }).click();
    await secretariat.getByRole("link", { name: "mappa-servizi.pdf" }).waitFor();
    await secretariat.getByRole("button", { name: "Modifica o sposta la riunione" }).click();
    await expectAccessible(secretariat, assert);
    const start = secretariat.getByLabel("Inizio");
    const end = secretariat.getByLabel("Fine");
    const later = (value) => value.replace(/T(\d\d)/, (_, hour) => `T${String(Number(hour) + 1).padStart(2, "0")}`);
    await start.fill(later(await start.inputValue()));
    await end.fill(later(await end.inputValue()));
    await secretariat.getByLabel("Luogo").fill("Società della Salute, sala grande");
    await secretariat.getByRole("region", { name: "Modifica o sposta la riunione" }).getByRole("button", { name: "Salva" }).click();
    await secretariat.getByRole("status").filter({ hasText: "gli invitati ricevono l'aggiornamento" }).waitFor();
    await secretariat.getByText("Società della Salute, sala grande").waitFor();
    // The calendar update reaches a delegate as a new sequence of the same event.
    const sequence = await mailed(env.server, DELEGATE, /SEQUENCE:(\d+)/, (raw) => unquote(raw).includes("sala grande"));
    assert.ok(Number(sequence) >= 1, sequence);
    const fileLink = await mailed(env.server, DELEGATE, /mappa-servizi\.pdf <(\S+?)>/, (raw) => unquote(raw).includes("sala grande"));
    assert.match(fileLink, /\/meeting-files\/\d+\/mappa-servizi\.pdf$/);

    await secretariat.getByLabel("Email dell'invitato").fill("ospite.esterno@example.org");
    await secretariat.getByLabel("Nome dell'invitato").fill("Ospite Esterno");
    await secretariat.getByRole("button", { name: "Invita", exact: true }).click();
    await secretariat.getByRole("cell", { name: /^Ospite Esterno/ }).waitFor();
    await secretariat.getByRole("button", { name: "Togli dagli invitati: Ospite Esterno" }).click();
    await secretariat.getByRole("cell", { name: /^Ospite Esterno/ }).waitFor({ state: "detached" });
    await secretariat.context().close();
  });

  test("a delegate who cannot come sends a colleague, who is then invited", async () => {
    const delegate = await signIn(env.browser, env.server, DELEGATE, size);
    await delegate.goto(`${env.server.baseUrl}/tables`);
    await delegate.getByRole("link", { name: TABLE }).click();
    await delegate.getByRole("link", { name: "Riunioni del tavolo" }).click();
    await delegate.getByRole("list", { name: "Riunioni" }).getByRole("link", { name: "Seconda seduta plenaria" }).click();
    await delegate.getByRole("button", { name: "Mando un'altra persona" }).click();
    await delegate.getByLabel("Chi partecipa al mio posto").selectOption({ label: "Silvia Moretti" });
    await expectAccessible(delegate, assert);
    await delegate.getByRole("button", { name: "Conferma la delega" }).click();
    await delegate.getByRole("heading", { name: /La tua risposta: Delegato ad altri/ }).waitFor();
    await delegate.getByRole("cell", { name: /^Silvia Moretti silvia.moretti@/ }).waitFor();
    await delegate.context().close();
  });

  test("a meeting already held is recorded in one form, its minutes open to write", async () => {
    const secretariat = await signIn(env.browser, env.server, SECRETARIAT, size);
    await secretariat.goto(`${env.server.baseUrl}/tables`);
    await secretariat.getByRole("link", { name: TABLE }).click();
    await secretariat.getByRole("link", { name: "Riunioni del tavolo" }).click();
    await secretariat.getByText("Registra in un solo passaggio una riunione già svolta").click();
    await secretariat.getByLabel("Titolo").first().fill("Incontro straordinario con la Questura");
    await secretariat.getByLabel("Inizio").fill(yesterday(15));
    await secretariat.getByLabel("Fine").fill(yesterday(16));
    await secretariat.getByLabel("Ordine del giorno (un punto per riga)").fill("Permessi di soggiorno in scadenza\nVarie ed eventuali");
    await secretariat.getByText("Roberto Galli", { exact: false }).click();
    await expectAccessible(secretariat, assert);
    await secretariat.getByRole("button", { name: "Registra la riunione svolta" }).click();
    await secretariat.getByRole("heading", { name: /Incontro straordinario con la Questura/ }).waitFor();
    await secretariat.getByText("Svolta", { exact: true }).first().waitFor();
    await secretariat.getByRole("heading", { name: /Verbale/ }).waitFor();
    await secretariat.getByLabel("Note: Permessi di soggiorno in scadenza").waitFor();
    assert.equal(await secretariat.getByLabel("Presenze: Roberto Galli").inputValue(), "PRESENT");
    await expectAccessible(secretariat, assert);
    await secretariat.context().close();
  });
});
