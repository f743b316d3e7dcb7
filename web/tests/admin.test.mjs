// The administration area in the browser, as an administrator without GraphiQL: every section accessible (axe), an
// organization created, edited and merged into another, a working group created and ended, the audit log filtered
// and exported, synonyms saved, practices imported with a per-record report, the mail outbox and the health page;
// and a table's secretariat sees only people and organizations.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { expectAccessible, launchBrowser, signIn, startServer } from "./harness.mjs";

const ADMIN = "admin@tavolo.example";
const SECRETARIAT = "marco.rossi@sds-grosseto.example";

let server;
let browser;
let admin;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  admin = await signIn(browser, server, ADMIN);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function section(name) {
  await admin.getByRole("navigation", { name: "Sezioni dell'amministrazione" }).getByRole("link", { name }).click();
  await admin.getByRole("heading", { level: 2, name }).waitFor();
}

test("every section of the administration is accessible", async () => {
  await admin.goto(`${server.baseUrl}/admin`);
  for (const name of ["Persone", "Enti", "Tavoli e gruppi", "Registro attività", "Sinonimi di ricerca", "Importazione pratiche", "Posta in uscita", "Stato del sistema"]) {
    await section(name);
    await expectAccessible(admin, assert);
  }
});

test("an organization is created, edited and merged into its duplicate's original", async () => {
  await admin.goto(`${server.baseUrl}/admin/organizations`);
  const form = admin.getByRole("region", { name: "Nuovo ente" });
  await form.getByLabel("Nome").fill("Comune di Grosseto (doppione)");
  await form.getByLabel("Territorio").fill("Grosseto");
  await form.getByRole("button", { name: "Crea" }).click();
  await admin.getByLabel("Cerca", { exact: true }).fill("doppione");
  await admin.getByRole("search").getByRole("button", { name: "Cerca" }).click();
  await admin.getByRole("button", { name: "Modifica: Comune di Grosseto (doppione)" }).click();
  await admin.getByRole("listitem").getByLabel("Telefono").fill("0564 000000");
  await admin.getByRole("listitem").getByRole("button", { name: "Salva" }).click();
  await admin.getByRole("button", { name: "Modifica: Comune di Grosseto (doppione)" }).waitFor();

  const merge = admin.getByRole("region", { name: "Unisci enti doppi" });
  await merge.getByLabel("Ente da tenere").selectOption({ label: "Comune di Grosseto" });
  await merge.getByLabel("Ente doppio da eliminare").selectOption({ label: "Comune di Grosseto (doppione)" });
  await merge.getByRole("button", { name: "Unisci" }).click();
  await admin.getByText("Comune di Grosseto (doppione)").first().waitFor({ state: "detached" });
  const left = await admin.getByRole("option", { name: "Comune di Grosseto (doppione)" }).count();
  assert.equal(left, 0);
});

test("a working group is created under a table and then ended", async () => {
  await admin.goto(`${server.baseUrl}/admin/tables`);
  const form = admin.getByRole("region", { name: "Nuovo tavolo o gruppo di lavoro" });
  await form.getByLabel("Nome").fill("Gruppo di lavoro sulla casa");
  await form.getByLabel("Tipo").selectOption("WORKING_GROUP");
  await form.getByLabel("Fa parte di").selectOption({ index: 1 });
  await form.getByLabel("Visibilità").selectOption("MEMBERS");
  await form.getByLabel("Quorum (% degli enti presenti)").fill("60");
  await form.getByRole("button", { name: "Crea" }).click();
  await admin.getByRole("button", { name: "Concludi: Gruppo di lavoro sulla casa" }).click();
  await admin.getByRole("listitem").filter({ hasText: "Gruppo di lavoro sulla casa" }).getByText(/Concluso il/).waitFor();
});

test("the audit log is filtered and exported as CSV", async () => {
  await admin.goto(`${server.baseUrl}/admin/audit`);
  await admin.getByLabel("Azione", { exact: true }).fill("end");
  await admin.getByLabel("Tipo di dato").fill("table");
  await admin.getByRole("button", { name: "Applica" }).click();
  await admin.getByTestId("audit-events").getByText("ended table 'Gruppo di lavoro sulla casa'").waitFor();
  const href = await admin.getByRole("link", { name: "Esporta CSV" }).getAttribute("href");
  const response = await admin.request.get(`${server.baseUrl}${href}`);
  assert.equal(response.status(), 200);
  const lines = (await response.text()).trim().split("\r\n");
  assert.equal(lines[0], "time,actor,action,entity_type,entity_id,table_id,summary");
  assert.equal(lines.length, 2, lines.join("\n"));
  assert.match(lines[1], /ended table 'Gruppo di lavoro sulla casa'/);
});

test("synonyms are saved one group per line", async () => {
  await admin.goto(`${server.baseUrl}/admin/synonyms`);
  await admin.getByLabel("Gruppi di sinonimi").fill("FAMI, AMIF\nmediatore, mediatrice, mediazione");
  await admin.getByRole("button", { name: "Salva" }).click();
  await admin.getByRole("status").filter({ hasText: "Salvato." }).waitFor();
  await admin.reload();
  assert.equal(await admin.getByLabel("Gruppi di sinonimi").inputValue(), "FAMI, AMIF\nmediatore, mediatrice, mediazione");
});

test("practices are imported from a file with a report of each rejected record", async () => {
  const file = join(server.dataDir, "pratiche.json");
  writeFileSync(
    file,
    JSON.stringify([
      { title: "Mediazione al pronto soccorso", summary: "Mediatori in turno.", themes: ["health"], targetGroups: ["women"], region: "Toscana" },
      { title: "", summary: "Senza titolo", themes: ["health"], targetGroups: ["women"] },
    ]),
  );
  await admin.goto(`${server.baseUrl}/admin/import`);
  await admin.getByLabel("File JSON").setInputFiles(file);
  await admin.getByRole("button", { name: "Importa" }).click();
  const report = admin.getByTestId("import-report");
  await report.getByText("Pratiche importate: 1.").waitFor();
  await report.getByText(/Scheda n\. 2:/).waitFor();
  await expectAccessible(admin, assert);
});

test("the mail outbox and the health page answer", async () => {
  await admin.goto(`${server.baseUrl}/admin/mail`);
  await admin.getByRole("button", { name: "Tutti" }).click();
  await admin.getByTestId("outbox").getByRole("row").nth(1).waitFor();
  await admin.goto(`${server.baseUrl}/admin/health`);
  const health = admin.getByTestId("health");
  await health.getByText("Database").waitFor();
  await health.getByText("Pronto a rispondere (/readyz)").locator("xpath=..").getByText("funziona").waitFor();
});

test("a table's secretariat manages people and organizations only", async () => {
  const page = await signIn(browser, server, SECRETARIAT);
  await page.getByRole("navigation", { name: "Navigazione principale" }).getByRole("link", { name: "Amministrazione" }).click();
  const sections = page.getByRole("navigation", { name: "Sezioni dell'amministrazione" }).getByRole("link");
  // The administration is its own chunk: its links appear once that has loaded, and allTextContents does not wait.
  await page.getByRole("heading", { level: 2, name: "Persone" }).waitFor();
  assert.deepEqual(await sections.allTextContents(), ["Persone", "Enti"]);
  await page.goto(`${server.baseUrl}/admin/mail`);
  await page.getByRole("heading", { level: 2, name: "Persone" }).waitFor();
  assert.equal(new URL(page.url()).pathname, "/admin/people");
  await expectAccessible(page, assert);
});
