// Tavolo on a phone (390 × 844): the navigation opens from the Bootstrap Italia toggler, the profile is reachable,
// and no page scrolls sideways; each page checked with axe at that size.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { DEMO_PASSWORD, expectAccessible, launchBrowser, startServer } from "./harness.mjs";

const SECRETARIAT = "marco.rossi@sds-grosseto.example";
const ADMIN = "admin@tavolo.example";

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

async function phone(email) {
  const context = await browser.newContext({ locale: "it-IT", viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  await page.goto(`${server.baseUrl}/login`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Accedi" }).click();
  await page.getByTestId("signed-in-as").waitFor();
  return page;
}

/** How far the page reaches past the viewport's width, in CSS pixels. */
async function overflow(page) {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

test("the menu opens from the toggler and the profile is one tap away", async () => {
  const page = await phone(SECRETARIAT);
  const menu = page.getByRole("navigation", { name: "Navigazione principale" });
  assert.equal(await menu.isVisible(), false, "the menu is folded on a phone");
  await page.getByRole("button", { name: "Apri il menu di navigazione" }).click();
  await menu.getByRole("link", { name: "Tavoli" }).click();
  await page.getByRole("heading", { level: 1, name: "Tavoli" }).waitFor();
  await page.getByTestId("signed-in-as").getByRole("link").click();
  await page.getByRole("heading", { name: "Il mio profilo" }).waitFor();
  assert.ok((await overflow(page)) <= 0, "the profile scrolls sideways");
});

test("no page scrolls sideways at 390 pixels, and each passes axe", async () => {
  const page = await phone(ADMIN);
  await page.goto(`${server.baseUrl}/tables`);
  const table = await page.locator('main a[href^="/tables/"]').first().getAttribute("href");
  await page.goto(`${server.baseUrl}${table}/meetings`);
  const meeting = await page.locator('a[href^="/meetings/"]').first().getAttribute("href");
  const paths = ["/", "/tables", table, `${table}/meetings`, meeting, "/practices", "/organizations", "/people", "/profile", "/search?q=verbale", "/admin/people", "/admin/audit", "/admin/mail"];
  const wide = [];
  for (const path of paths) {
    await page.goto(`${server.baseUrl}${path}`);
    await page.locator("main h1, main h2").first().waitFor();
    await page.waitForLoadState("networkidle");
    const extra = await overflow(page);
    if (extra > 0) wide.push(`${path} (+${extra}px)`);
    await expectAccessible(page, assert);
  }
  assert.deepEqual(wide, [], "pages wider than the phone");
});
