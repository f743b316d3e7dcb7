// Answers from calendar programs, end to end: Tavolo mails the invitation with itself as ORGANIZER, invitees'
// calendars answer to that mailbox (a real Dovecot; replies built by Python's icalendar as Outlook, Gmail and
// Thunderbird send them), the running server reads them, and the secretariat sees the answer, moves the meeting to a
// time someone proposed and marks an answer that could not be applied as seen; an administrator sees the one that
// names no meeting.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createConnection } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SIZES, expectAccessible, freePort, launchBrowser, mailed, signIn, startServer } from "./harness.mjs";

const DELEGATE = "roberto.galli@prefettura-grosseto.example";
const CHAIR = "giulia.bianchi@sds-grosseto.example";
const SECRETARIAT = "marco.rossi@sds-grosseto.example";
const ADMIN = "admin@tavolo.example";
const USER = "tavolo";
const PASSWORD = "segreto-imap";
const TESTS = join(import.meta.dirname, "..", "..", "tests");

function listening(port) {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: "127.0.0.1" }, () => {
      socket.end();
      resolve(true);
    });
    socket.on("error", () => resolve(false));
  });
}

/** Debian's Dovecot on loopback, through the same script the Rust tests use. */
async function startDovecot() {
  const dir = mkdtempSync(join(tmpdir(), "tavolo-dovecot-"));
  const port = await freePort();
  const tlsPort = await freePort();
  const child = spawn("sh", [join(TESTS, "dovecot.sh"), dir, String(port), String(tlsPort), USER, PASSWORD], { stdio: "ignore" });
  for (let i = 0; i < 100 && !(await listening(port)); i++) await new Promise((resolve) => setTimeout(resolve, 100));
  return {
    url: `imap://${USER}:${PASSWORD}@127.0.0.1:${port}`,
    deliver(replies) {
      execFileSync("/usr/bin/python3", [join(TESTS, "imip_replies.py"), "deliver", String(port), USER, PASSWORD, JSON.stringify(replies)]);
    },
    async stop() {
      child.kill("SIGKILL");
      await new Promise((resolve) => (child.exitCode !== null ? resolve() : child.once("exit", resolve)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** iCalendar's basic UTC form, 20261220T090000Z, as a Date. */
function fromBasic(text) {
  const [, y, mo, d, h, mi, s] = text.match(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/);
  return new Date(Date.UTC(+y, +mo - 1, +d, +h, +mi, +s));
}

for (const size of SIZES) {
  describe(size.name, () => {
    const env = {};
    before(async () => {
      env.mailbox = await startDovecot();
      env.server = await startServer({ env: { TAVOLO_IMAP_URL: env.mailbox.url } });
      env.browser = await launchBrowser();
    });
    after(async () => {
      await env.browser?.close();
      await env.server?.stop();
      await env.mailbox?.stop();
    });

    test("calendar answers reach the meeting page, a proposed time moves the meeting", async () => {
      const isRequest = (raw) => raw.includes("method=REQUEST") && raw.includes("Seconda seduta plenaria");
      const uid = await mailed(env.server, DELEGATE, /^UID:(\S+)/m, isRequest);
      const organizer = await mailed(env.server, DELEGATE, /^ORGANIZER[^:]*:(\S+)/m, isRequest);
      assert.equal(organizer, "mailto:tavolo@localhost", "the calendar answers to Tavolo's mailbox");
      const sequence = Number(await mailed(env.server, DELEGATE, /^SEQUENCE:(\d+)/m, isRequest));
      const start = fromBasic(await mailed(env.server, DELEGATE, /^DTSTART:(\S+)/m, isRequest));
      const proposedStart = new Date(start.getTime() + 5 * 3600_000);
      const proposedEnd = new Date(proposedStart.getTime() + 2 * 3600_000);
      env.mailbox.deliver([
        { shape: "outlook", uid, sequence, attendee: DELEGATE, name: "Galli, Roberto", partstat: "ACCEPTED" },
        { shape: "thunderbird", method: "COUNTER", uid, sequence, attendee: CHAIR, partstat: "TENTATIVE", proposed_start: proposedStart.toISOString(), proposed_end: proposedEnd.toISOString(), comment: "Al mattino ho il consiglio comunale" },
        { shape: "gmail", uid, sequence, attendee: "sconosciuto@altrove.example", partstat: "ACCEPTED" },
        { shape: "gmail", uid: "riunione-cancellata@altrove", sequence: 0, attendee: DELEGATE, partstat: "DECLINED" },
      ]);

      const secretariat = await signIn(env.browser, env.server, SECRETARIAT, size);
      await secretariat.getByRole("link", { name: "Seconda seduta plenaria" }).last().click();
      // The running server reads the mailbox as it receives mail (IDLE); the page shows it on the next load.
      const answered = secretariat.getByRole("row").filter({ hasText: "Roberto Galli" }).filter({ hasText: "Partecipa" });
      for (let i = 0; i < 50 && !(await answered.isVisible()); i++) {
        await new Promise((resolve) => setTimeout(resolve, 300));
        await secretariat.reload();
      }
      await answered.waitFor();
      const section = secretariat.getByRole("region", { name: "Risposte dai calendari" });
      await section.getByText(`${CHAIR} propone`, { exact: false }).waitFor();
      await section.getByText("Al mattino ho il consiglio comunale").waitFor();
      await section.getByRole("row").filter({ hasText: "sconosciuto@altrove.example" }).filter({ hasText: "L'indirizzo non è tra gli invitati" }).waitFor();
      await expectAccessible(secretariat, assert);

      const hour = (date) => new Intl.DateTimeFormat("it-IT", { hour: "2-digit", minute: "2-digit", timeZone: "Europe/Rome" }).format(date);
      await section.getByRole("button", { name: `Sposta la riunione a quest'ora: ${CHAIR}` }).click();
      await secretariat.getByText(`${hour(proposedStart)}–${hour(proposedEnd)}`, { exact: false }).first().waitFor();
      await section.getByRole("button", { name: "Segna come vista: sconosciuto@altrove.example" }).click();
      await section.getByText("Nessuna risposta da segnalare.").waitFor();
      // Moving the meeting sent the update: a new SEQUENCE to the delegate.
      const updated = await mailed(env.server, DELEGATE, /^SEQUENCE:(\d+)/m, (raw) => isRequest(raw) && raw.includes(`SEQUENCE:${sequence + 1}`));
      assert.equal(Number(updated), sequence + 1);
      await secretariat.context().close();

      const admin = await signIn(env.browser, env.server, ADMIN, size);
      await admin.goto(`${env.server.baseUrl}/admin/mailbox`);
      const unmatched = admin.getByTestId("unmatched-replies").getByRole("row").filter({ hasText: DELEGATE });
      await unmatched.filter({ hasText: "Riunione sconosciuta" }).waitFor();
      await expectAccessible(admin, assert);
      await admin.getByRole("button", { name: `Segna come vista: ${DELEGATE}` }).click();
      await admin.getByText("Nessuna risposta da segnalare.").waitFor();
      await admin.context().close();
    });
  });
}
