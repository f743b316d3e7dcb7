// Two people edit the same minutes at once: each sees the other is writing, the second person sees their own text
// beside the one saved meanwhile as soon as it is saved (a save from a stale version is refused by the server too,
// see minutes.rs), merges them and saves; nothing either of them typed is lost.
import { test } from "node:test";
import assert from "node:assert/strict";
import { expectAccessible, signIn, atEverySize } from "./harness.mjs";

const SECRETARIAT = "marco.rossi@sds-grosseto.example";
const CHAIR = "chiara.ricci@uslsudest.example";
const GROUP = "Gruppo di lavoro Salute e servizi sociali";
const MEETING = "Gruppo Salute: accesso ai servizi sanitari";
const ITEM = "Iscrizione al Servizio sanitario e codici STP/ENI";

// Each journey runs at desktop and at phone size, on a server of its own.
atEverySize((size, env) => {
  async function openMinutes(page) {
    await page.goto(`${env.server.baseUrl}/tables`);
    await page.getByRole("link", { name: GROUP }).click();
    await page.getByRole("link", { name: "Riunioni del tavolo" }).click();
    await page.getByRole("link", { name: MEETING }).first().click();
    await page.getByRole("heading", { name: /Verbale/ }).waitFor();
    return page.getByLabel(`Note: ${ITEM}`);
  }

  async function save(page) {
    const answered = page.waitForResponse((response) => (response.request().postData() ?? "").includes("SaveMinutes"));
    await page.getByRole("button", { name: "Salva il verbale" }).click();
    return (await answered).json();
  }

  test("a second person's save meets the first one's, and merging keeps both", async () => {
    const secretariat = await signIn(env.browser, env.server, SECRETARIAT, size);
    const chair = await signIn(env.browser, env.server, CHAIR, size);
    const first = await openMinutes(secretariat);
    const second = await openMinutes(chair);
    const original = await first.inputValue();
    assert.ok(original.includes("codice STP"), original);

    // The chair starts writing: the secretariat's page says so (live, while her text is unsaved).
    const hers = `${original}\nLa presidente chiede un aggiornamento a marzo.`;
    await second.fill(hers);
    await secretariat.getByTestId("others-editing").filter({ hasText: "Chiara Ricci sta scrivendo il verbale" }).waitFor();
    await expectAccessible(secretariat, assert);

    // The secretariat saves its own line meanwhile: the chair's page hears of it and puts her text beside the
    // saved one at once, saving disabled until she merges; nothing she typed is lost.
    await first.fill(`${original}\nLa segreteria aggiunge i dati dello sportello di Follonica.`);
    const saved = await save(secretariat);
    assert.equal(saved.errors, undefined, JSON.stringify(saved.errors));
    const conflict = chair.getByRole("group", { name: `Punto «${ITEM}»: modificato anche da un'altra persona` });
    await conflict.waitFor();
    const mine = conflict.getByLabel("Il tuo testo (modificabile)");
    assert.equal(await mine.inputValue(), hers);
    await conflict.getByLabel("La versione salvata ora").filter({ hasText: "La segreteria aggiunge i dati dello sportello di Follonica." }).waitFor();
    assert.equal(await chair.getByRole("button", { name: "Salva il verbale" }).isDisabled(), true);
    await expectAccessible(chair, assert);

    // She merges the two and saves.
    const merged = `${original}\nLa segreteria aggiunge i dati dello sportello di Follonica.\nLa presidente chiede un aggiornamento a marzo.`;
    await mine.fill(merged);
    await conflict.getByRole("button", { name: "Ho unito i testi" }).click();
    const accepted = await save(chair);
    assert.equal(accepted.errors, undefined, JSON.stringify(accepted.errors));
    await chair.getByRole("status").filter({ hasText: "Verbale salvato." }).waitFor();

    await secretariat.reload();
    await secretariat.getByRole("heading", { name: /Verbale/ }).waitFor();
    assert.equal(await secretariat.getByLabel(`Note: ${ITEM}`).inputValue(), merged);
    await secretariat.context().close();
    await chair.context().close();
  });
});
