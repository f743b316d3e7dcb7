// The weekly digest's schedule on the profile page: a delegate chooses Wednesday at 18:00 and sees when the next one
// comes; turning the digest off among the notifications is said beside it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { atEverySize, expectAccessible, signIn } from "./harness.mjs";

const DELEGATE = "roberto.galli@prefettura-grosseto.example";

atEverySize((size, env) => {
  test("a delegate chooses the day and hour of their weekly digest", async () => {
    const page = await signIn(env.browser, env.server, DELEGATE, size);
    await page.goto(`${env.server.baseUrl}/profile`);
    const section = page.getByRole("region", { name: "Riepilogo settimanale" });
    await section.getByLabel("Giorno").selectOption({ label: "Mercoledì" });
    await section.getByLabel("Ora").selectOption({ label: "18:00" });
    await section.getByRole("button", { name: "Salva" }).click();
    const status = section.getByRole("status");
    await status.filter({ hasText: "Salvato." }).waitFor();
    const text = await status.textContent();
    assert.match(text ?? "", /Prossimo invio: mercoledì .* 18:00/, text ?? "");
    await expectAccessible(page, assert);

    // Bootstrap Italia draws the checkbox under its label: the label is what a person clicks.
    await page.locator("label", { hasText: "Riepilogo settimanale di ciò che mi aspetta" }).click();
    await page.waitForFunction(() => !document.getElementById("notify-WEEKLY_DIGEST")?.checked);
    await page.reload();
    await section.getByText("Il riepilogo è disattivato nelle notifiche qui sotto.").waitFor();
    assert.equal(await section.getByLabel("Giorno").inputValue(), "WEDNESDAY");
    await page.context().close();
  });
});
