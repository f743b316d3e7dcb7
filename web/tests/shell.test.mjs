// The web shell in a real browser: sign in, open the demo table, browse organizations and people, switch language; axe-core on every page.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { DEMO_PASSWORD, expectAccessible, launchBrowser, startServer } from "./harness.mjs";

const SECRETARIAT = "marco.rossi@sds-grosseto.example";
const TABLE = "Tavolo interistituzionale per l'integrazione dei cittadini di Paesi terzi";

let server;
let browser;

before(async () => {
  server = await startServer({
    env: { TAVOLO_CONTROLLER_NAME: "Società della Salute Amiata Grossetana", TAVOLO_CONTROLLER_EMAIL: "privacy@sds-grosseto.example" },
  });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function newPage() {
  const context = await browser.newContext({ locale: "it-IT" });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  page.on("dialog", (dialog) => dialog.accept());
  return page;
}

test("a visitor sees the public table but not the people", async () => {
  const page = await newPage();
  await page.goto(server.baseUrl);
  await page.getByRole("heading", { name: "Tavoli pubblici" }).waitFor();
  await page.getByRole("link", { name: TABLE }).waitFor();
  await expectAccessible(page, assert);
  assert.equal(await page.getByRole("link", { name: "Persone" }).count(), 0);
  await page.goto(`${server.baseUrl}/people`);
  await page.getByRole("heading", { name: "Accedi a Tavolo" }).waitFor();
  await expectAccessible(page, assert);
  await page.context().close();
});

test("the secretariat signs in and opens the table with its organizations, delegates and roles", async () => {
  const page = await newPage();
  await page.goto(`${server.baseUrl}/login`);
  await page.getByLabel("Email").fill(SECRETARIAT);
  await page.getByLabel("Password").fill("wrong-password");
  await page.getByRole("button", { name: "Accedi" }).click();
  await page.getByRole("alert").filter({ hasText: "Email o password non corretti." }).waitFor();

  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Accedi" }).click();
  await page.getByTestId("signed-in-as").filter({ hasText: "Marco Rossi" }).waitFor();
  await page.getByRole("heading", { name: "I miei tavoli" }).waitFor();
  await expectAccessible(page, assert);

  await page.getByRole("navigation", { name: "Navigazione principale" }).getByRole("link", { name: "Tavoli" }).click();
  await page.getByRole("heading", { name: "Tavoli", level: 1 }).waitFor();
  await page.getByRole("link", { name: "Cabina di regia" }).waitFor();
  await expectAccessible(page, assert);

  await page.getByRole("link", { name: TABLE }).click();
  await page.getByRole("heading", { name: TABLE, level: 1 }).waitFor();
  const seats = page.getByRole("table").first();
  await seats.getByRole("row").filter({ hasText: "Prefettura di Grosseto" }).filter({ hasText: "Roberto Galli" }).waitFor();
  await seats.getByRole("row").filter({ hasText: "Questura di Grosseto" }).filter({ hasText: "Titolare" }).waitFor();
  await page.getByRole("row").filter({ hasText: "Giulia Bianchi" }).filter({ hasText: "Presidenza" }).waitFor();
  await page.getByRole("link", { name: "Gruppo di lavoro Scuola e formazione" }).waitFor();
  await expectAccessible(page, assert);

  // The secretariat gives a role and ends it; the seat table and roles follow.
  await page.locator("#role-person").selectOption({ label: "Amministrazione Tavolo" });
  await page.locator("#role-role").selectOption("OBSERVER");
  await page.getByRole("button", { name: "Assegna un ruolo" }).click();
  await page.getByRole("row").filter({ hasText: "Amministrazione Tavolo" }).filter({ hasText: "Osservatore" }).waitFor();
  await page.getByRole("button", { name: "Termina: Amministrazione Tavolo" }).click();
  await page.getByRole("row").filter({ hasText: "Amministrazione Tavolo" }).waitFor({ state: "detached" });
  await page.locator("#delegate-seat").selectOption({ label: "Questura di Grosseto" });
  await page.locator("#delegate-person").selectOption({ label: "Amministrazione Tavolo" });
  await page.locator("#delegate-kind").selectOption("SUBSTITUTE");
  await page.getByRole("button", { name: "Nomina un delegato" }).click();
  const seatsTable = page.getByRole("table").first();
  await seatsTable.getByRole("row").filter({ hasText: "Questura di Grosseto" }).filter({ hasText: "Amministrazione Tavolo" }).waitFor();
  await expectAccessible(page, assert);
  // The appointment ends, then the seat, each after a confirmation; the history keeps them.
  const confirmations = [];
  page.on("dialog", (dialog) => confirmations.push(dialog.message()));
  await seatsTable.getByRole("button", { name: "Termina: Amministrazione Tavolo" }).click();
  await seatsTable.getByRole("row").filter({ hasText: "Amministrazione Tavolo" }).waitFor({ state: "detached" });
  await page.getByRole("button", { name: "Termina il seggio: Questura di Grosseto" }).click();
  await seatsTable.getByRole("row").filter({ hasText: "Questura di Grosseto" }).waitFor({ state: "detached" });
  assert.equal(confirmations.length, 2, confirmations.join(" | "));
  assert.match(confirmations[1], /Questura di Grosseto lascia il tavolo/);

  await page.getByRole("link", { name: "Prefettura di Grosseto" }).first().click();
  await page.getByRole("heading", { name: "Prefettura di Grosseto", level: 1 }).waitFor();
  await page.getByRole("link", { name: "Silvia Moretti" }).waitFor();
  await expectAccessible(page, assert);

  await page.getByRole("link", { name: "Persone" }).click();
  await page.getByLabel("Cerca", { exact: true }).fill("Diop");
  await page.getByRole("link", { name: "Mamadou Diop" }).click();
  await page.getByRole("heading", { name: "Mamadou Diop", level: 1 }).waitFor();
  await page.getByText("mamadou.diop@senegalesi-maremma.example").waitFor();
  await expectAccessible(page, assert);

  await page.getByRole("button", { name: "Esci" }).click();
  await page.getByRole("link", { name: "Accedi" }).waitFor();
  await page.context().close();
});

test("the interface speaks English on request", async () => {
  const page = await newPage();
  await page.goto(server.baseUrl);
  await page.getByRole("button", { name: "Switch to English" }).click();
  await page.getByRole("heading", { name: "Public tables" }).waitFor();
  assert.equal(await page.locator("html").getAttribute("lang"), "en");
  await page.getByRole("link", { name: "Organizations" }).click();
  await page.getByRole("heading", { name: "Organizations", level: 1 }).waitFor();
  await expectAccessible(page, assert);
  await page.context().close();
});

test("a visitor's link to a members-only page offers to sign in and returns there; tabs name the page", async () => {
  const secretariat = await newPage();
  await secretariat.goto(`${server.baseUrl}/login`);
  await secretariat.getByLabel("Email").fill(SECRETARIAT);
  await secretariat.getByLabel("Password").fill(DEMO_PASSWORD);
  await secretariat.getByRole("button", { name: "Accedi" }).click();
  await secretariat.getByTestId("signed-in-as").waitFor();
  await secretariat.goto(`${server.baseUrl}/tables`);
  await secretariat.getByRole("link", { name: "Cabina di regia" }).click();
  const heading = "Cabina di regia";
  await secretariat.getByRole("heading", { level: 1, name: heading }).waitFor();
  await secretariat.waitForFunction((name) => document.title === `${name} — Tavolo`, heading);
  const hidden = secretariat.url();
  await secretariat.context().close();

  const visitor = await newPage();
  await visitor.goto(hidden);
  await visitor.getByRole("heading", { name: "Pagina non trovata" }).waitFor();
  assert.equal(await visitor.title(), "Pagina non trovata — Tavolo");
  await expectAccessible(visitor, assert);
  await visitor.getByRole("main").getByRole("link", { name: "Accedi" }).click();
  await visitor.getByLabel("Email").fill(SECRETARIAT);
  await visitor.getByLabel("Password").fill(DEMO_PASSWORD);
  await visitor.getByRole("button", { name: "Accedi" }).click();
  await visitor.getByRole("heading", { level: 1, name: heading }).waitFor();
  assert.equal(visitor.url(), hidden);
  await visitor.context().close();
});

test("the footer leads to the accessibility statement and the privacy notice, naming the data controller", async () => {
  const page = await newPage();
  await page.goto(server.baseUrl);
  await page.getByRole("contentinfo").getByRole("link", { name: "Dichiarazione di accessibilità" }).click();
  await page.getByRole("heading", { level: 1, name: "Dichiarazione di accessibilità" }).waitFor();
  await page.getByText(/Società della Salute Amiata Grossetana si impegna a rendere accessibile Tavolo/).waitFor();
  await page.getByText(/scrivi a privacy@sds-grosseto.example/).waitFor();
  await expectAccessible(page, assert);
  await page.getByRole("contentinfo").getByRole("link", { name: "Informativa privacy" }).click();
  await page.getByRole("heading", { level: 1, name: "Informativa sul trattamento dei dati personali" }).waitFor();
  await page.getByText(/Il titolare è Società della Salute Amiata Grossetana/).waitFor();
  await expectAccessible(page, assert);
  await page.context().close();
});
