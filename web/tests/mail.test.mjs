// Invitations by email in the browser: a delegate answers through the link in the message without signing in, the
// secretariat sees it delivered and answered, and the delegate's profile offers calendar addresses that serve iCalendar.
import { test } from "node:test";
import assert from "node:assert/strict";
import { atEverySize, expectAccessible, mailed, signIn } from "./harness.mjs";

const DELEGATE = "roberto.galli@prefettura-grosseto.example";
const SECRETARIAT = "marco.rossi@sds-grosseto.example";

// Each journey runs at desktop and at phone size, on a server of its own.
atEverySize((size, env) => {
  /** Waits for the mail worker to write the invitation to `email` and returns its accept link. */
  function acceptLink(email) {
    return mailed(env.server, email, /Partecipo: (\S+)/, (raw) => raw.includes("method=REQUEST"));
  }

  test("a delegate answers by the link in the invitation, once, without signing in", async () => {
    const link = await acceptLink(DELEGATE);
    assert.ok(link.startsWith(`${env.server.baseUrl}/answer/`), link);
    const page = await (await env.browser.newContext({ locale: "it-IT", ...size.options })).newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(link);
    await page.getByRole("heading", { name: "Risposta alla convocazione" }).waitFor();
    await page.getByText("Seconda seduta plenaria", { exact: false }).waitFor();
    await expectAccessible(page, assert);
    await page.getByRole("button", { name: "Conferma la risposta «Partecipo»" }).click();
    await page.getByRole("status").filter({ hasText: "Risposta registrata «Partecipo»" }).waitFor();
    await expectAccessible(page, assert);
    await page.goto(link);
    await page.getByText("Questo collegamento è già stato usato", { exact: false }).waitFor();
    await page.context().close();

    const delegate = await signIn(env.browser, env.server, DELEGATE, size);
    await delegate.getByRole("link", { name: "Seconda seduta plenaria" }).last().click();
    await delegate.getByRole("heading", { name: /La tua risposta/ }).filter({ hasText: "Partecipa" }).waitFor();

    // Profile: calendar addresses that serve iCalendar with the meeting in it.
    await delegate.getByTestId("signed-in-as").getByRole("link", { name: "Roberto Galli" }).click();
    await delegate.getByRole("heading", { name: "Calendari da sottoscrivere" }).waitFor();
    await expectAccessible(delegate, assert);
    const urls = await delegate.getByTestId("feed-url").allTextContents();
    assert.ok(urls.length >= 2, urls.join(" "));
    const feed = await delegate.request.get(urls[0]);
    assert.equal(feed.status(), 200);
    assert.match(feed.headers()["content-type"], /^text\/calendar/);
    const body = await feed.text();
    assert.match(body, /BEGIN:VCALENDAR\r\n/);
    assert.match(body, /SUMMARY:Seconda seduta plenaria\r\n/);
    await delegate.getByRole("button", { name: "Genera un nuovo indirizzo: Tutte le mie riunioni" }).click();
    await delegate.getByTestId("feed-url").first().filter({ hasNotText: urls[0] }).waitFor();
    assert.equal((await delegate.request.get(urls[0])).status(), 404);
    await delegate.context().close();

    // The secretariat sees the invitation delivered and answered.
    const secretariat = await signIn(env.browser, env.server, SECRETARIAT, size);
    // From the home page's upcoming meetings (it may also wait for an answer in "Cosa aspetta me").
    await secretariat.getByRole("link", { name: "Seconda seduta plenaria" }).last().click();
    const row = secretariat.getByRole("row").filter({ hasText: "Roberto Galli" });
    await row.filter({ hasText: "Partecipa" }).filter({ hasText: "Inviato" }).waitFor();
    await expectAccessible(secretariat, assert);
    await secretariat.context().close();
  });

  test("a delegate who cannot come names a substitute from the link in the invitation, who is then invited", async () => {
    const INVITEE = "francesca.neri@isis-lorena.example";
    const link = await mailed(env.server, INVITEE, /Mando un'altra persona: (\S+)/, (raw) => raw.includes("method=REQUEST"));
    const page = await (await env.browser.newContext({ locale: "it-IT", ...size.options })).newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(link);
    await page.getByText("Chi partecipa al tuo posto?").waitFor();
    await expectAccessible(page, assert);
    // Naming oneself is refused with the reason, and nothing is recorded.
    await page.getByLabel("Nome e cognome").fill("Francesca Neri");
    await page.getByLabel("Email").fill(INVITEE);
    await page.getByRole("button", { name: "Invia la delega" }).click();
    await page.getByRole("alert").filter({ hasText: "Indica una persona diversa da te." }).waitFor();
    await expectAccessible(page, assert);
    await page.getByLabel("Nome e cognome").fill("Nuovo Docente");
    await page.getByLabel("Email").fill("nuovo.docente@isis-lorena.example");
    await page.getByRole("button", { name: "Invia la delega" }).click();
    await page.getByRole("status").filter({ hasText: "Risposta registrata «Mando un'altra persona»: nuovo.docente@isis-lorena.example" }).waitFor();
    await page.context().close();
    // The substitute receives the calendar invitation; the link cannot be used twice.
    await mailed(env.server, "nuovo.docente@isis-lorena.example", /(BEGIN:VEVENT)/, (raw) => raw.includes("method=REQUEST") && raw.includes("Seconda seduta plenaria"));
    const again = await (await env.browser.newContext({ locale: "it-IT", ...size.options })).newPage();
    await again.goto(link);
    await again.getByText("Questo collegamento è già stato usato", { exact: false }).waitFor();
    await again.context().close();
  });
});
