// Search in the browser: a member of the steering committee finds its decision by a word of the minutes typed
// with a typo, from the header's search box; someone outside the committee searching the same word finds nothing.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { expectAccessible, launchBrowser, signIn, startServer } from "./harness.mjs";

const MEMBER = "marco.rossi@sds-grosseto.example";
const OUTSIDER = "laura.santoro@coop-quadrifoglio.example";

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  // The index follows the database within a second or two of start: wait until it has caught up.
  for (let attempt = 0; attempt < 60; attempt += 1) {
    const metrics = await (await fetch(`${server.baseUrl}/metrics`)).text();
    if (/^tavolo_search_pending_changes 0$/m.test(metrics)) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error("the search index did not catch up");
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test("a member finds the committee's decision despite a typo; an outsider finds nothing of it", async () => {
  const member = await signIn(browser, server, MEMBER);
  const box = member.getByRole("combobox", { name: "Cerca in Tavolo" });
  await box.fill("sportelli ascolot");
  // Suggestions while typing, a combobox: the arrows move through them, Escape closes them.
  const suggestions = member.getByRole("listbox", { name: "Suggerimenti" });
  await suggestions.getByRole("option").first().waitFor();
  await expectAccessible(member, assert);
  await box.press("ArrowDown");
  assert.equal(await suggestions.getByRole("option").first().getAttribute("aria-selected"), "true");
  assert.equal(await box.getAttribute("aria-activedescendant"), "global-search-option-0");
  await box.press("Escape");
  await suggestions.waitFor({ state: "hidden" });
  assert.equal(await box.getAttribute("aria-expanded"), "false");
  await box.press("Enter");
  await member.getByRole("heading", { name: "Cerca", level: 1 }).waitFor();
  const decision = member.getByRole("listitem").filter({ hasText: "Decisione" }).filter({ hasText: "Sportelli nelle scuole" });
  await decision.waitFor();
  assert.match(await decision.innerHTML(), /<mark>ascolto<\/mark>/);
  await expectAccessible(member, assert);
  // Narrowing to decisions by the facet.
  await member.getByRole("complementary", { name: "Filtri" }).getByRole("button", { name: /^Decisione/ }).click();
  await member.getByRole("status").filter({ hasText: /^1 risultati/ }).waitFor();
  // A suggestion chosen with the keyboard opens its page.
  await box.fill("sportelli ascolto");
  await suggestions.getByRole("option").first().waitFor();
  await box.press("ArrowDown");
  await box.press("Enter");
  await member.waitForURL((url) => !url.pathname.startsWith("/search"));
  await member.context().close();

  const outsider = await signIn(browser, server, OUTSIDER);
  await outsider.goto(`${server.baseUrl}/search?q=${encodeURIComponent("sportelli ascolto")}`);
  // The public library's practice on school help desks is theirs to find; the committee's decision is not.
  await outsider.getByRole("status").filter({ hasText: /risultati/ }).waitFor();
  assert.equal(await outsider.getByText("Sportelli nelle scuole").count(), 0);
  assert.equal(await outsider.getByRole("listitem").filter({ hasText: "Decisione" }).count(), 0);
  await outsider.context().close();
});
