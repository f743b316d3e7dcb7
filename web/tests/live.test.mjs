// Live updates in the browser: the secretariat and the chair have the same meeting open; what one records shows on
// the other's page without reloading it (a WebSocket subscription, graphql-ws).
import { test } from "node:test";
import assert from "node:assert/strict";
import { atEverySize, expectAccessible, signIn } from "./harness.mjs";

const SECRETARIAT = "marco.rossi@sds-grosseto.example";
const CHAIR = "giulia.bianchi@sds-grosseto.example";

atEverySize((size, env) => {
  test("attendance recorded by the secretariat appears on the chair's open page", async () => {
    const chair = await signIn(env.browser, env.server, CHAIR, size);
    const secretariat = await signIn(env.browser, env.server, SECRETARIAT, size);
    for (const page of [chair, secretariat]) {
      await page.getByRole("link", { name: "Seconda seduta plenaria" }).last().click();
      await page.getByLabel("Presenze: Roberto Galli").waitFor();
    }
    assert.notEqual(await chair.getByLabel("Presenze: Roberto Galli").inputValue(), "PRESENT");
    // Let the chair's subscription settle before the change it should hear of.
    await chair.waitForTimeout(500);
    await secretariat.getByLabel("Presenze: Roberto Galli").selectOption("PRESENT");
    await chair.waitForFunction(() => document.querySelector('[aria-label="Presenze: Roberto Galli"]')?.value === "PRESENT", null, { timeout: 15_000 });
    await chair.getByTestId("quorum").filter({ hasText: "1 ente presente su" }).waitFor();
    await expectAccessible(chair, assert);
    await chair.context().close();
    await secretariat.context().close();
  });
});
