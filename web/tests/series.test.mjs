// Recurring meetings in the browser: the secretariat creates a weekly series from the new-meeting form, convenes it,
// cancels its last meetings from one on, and each meeting page names its series; axe-core on every view.
import { test } from "node:test";
import assert from "node:assert/strict";
import { atEverySize, expectAccessible, signIn } from "./harness.mjs";

const SECRETARIAT = "marco.rossi@sds-grosseto.example";
const TABLE = "Tavolo interistituzionale per l'integrazione dei cittadini di Paesi terzi";

/** A Tuesday about two months ahead, as `YYYY-MM-DD`. */
function aTuesdayAhead() {
  const day = new Date(Date.now() + 60 * 24 * 3600 * 1000);
  day.setUTCDate(day.getUTCDate() + ((2 - day.getUTCDay() + 7) % 7));
  return day.toISOString().slice(0, 10);
}

atEverySize((size, env) => {
  test("the secretariat creates, convenes and shortens a weekly series", async () => {
    const page = await signIn(env.browser, env.server, SECRETARIAT, size);
    await page.goto(`${env.server.baseUrl}/tables`);
    await page.getByRole("link", { name: TABLE }).click();
    await page.getByRole("link", { name: "Riunioni del tavolo" }).click();
    await page.getByRole("heading", { name: "Riunioni del tavolo" }).waitFor();

    const tuesday = aTuesdayAhead();
    await page.getByLabel("Titolo").fill("Gruppo di lavoro settimanale");
    await page.getByLabel("Inizio").fill(`${tuesday}T10:00`);
    await page.getByLabel("Fine").fill(`${tuesday}T11:30`);
    await page.locator("#repeat-pattern").selectOption("WEEKLY");
    await page.getByLabel("Numero di incontri", { exact: true }).fill("4");
    await expectAccessible(page, assert);
    await page.getByRole("button", { name: "Crea la bozza" }).click();

    await page.getByRole("heading", { name: /Gruppo di lavoro settimanale/ }).waitFor();
    await page.getByText("Serie di riunioni").waitFor();
    assert.equal(await page.locator("code").textContent(), "FREQ=WEEKLY;BYDAY=TU;WKST=MO;COUNT=4");
    const meetings = page.getByRole("list").filter({ has: page.getByRole("link", { name: /10:00/ }) });
    assert.equal(await meetings.getByRole("listitem").count(), 4);
    assert.equal(await meetings.getByText("Bozza").count(), 4);
    await expectAccessible(page, assert);

    await page.getByRole("button", { name: "Convoca tutta la serie" }).click();
    await meetings.getByText("Convocata").nth(3).waitFor();

    // Cancelling from the third meeting on: two stay convened, two are cancelled.
    const scope = page.locator("#cancel-scope");
    const third = await scope.locator("option").nth(3).getAttribute("value");
    await scope.selectOption(third ?? "");
    await page.getByLabel("Motivo dell'annullamento").fill("Il gruppo chiude prima");
    await page.getByRole("button", { name: "Annulla gli incontri" }).click();
    await page.getByRole("status").filter({ hasText: "Incontri annullati" }).waitFor();
    await meetings.getByText("Annullata").nth(1).waitFor();
    assert.equal(await meetings.getByText("Convocata").count(), 2);
    await expectAccessible(page, assert);

    // Each meeting of the series is a meeting of its own that names its series.
    await meetings.getByRole("link").first().click();
    await page.getByRole("link", { name: "Fa parte della serie «Gruppo di lavoro settimanale»" }).waitFor();
    await page.getByRole("heading", { name: "Ordine del giorno" }).waitFor();
    await expectAccessible(page, assert);
    await page.context().close();
  });
});
