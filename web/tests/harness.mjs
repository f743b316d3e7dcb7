// Browser-test harness: starts the real `tavolo` binary on a free port with demo data, and Debian's chromium.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { AxeBuilder } from "@axe-core/playwright";

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

/** Starts `tavolo serve --demo` on an empty SQLite database and waits until it is ready. */
export async function startServer() {
  const bin = process.env.TAVOLO_BIN;
  if (!bin) throw new Error("TAVOLO_BIN must point at the tavolo binary");
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), "tavolo-browser-"));
  const baseUrl = `http://127.0.0.1:${port}`;
  const child = spawn(bin, ["serve", "--demo"], {
    env: { ...process.env, TAVOLO_LISTEN: `127.0.0.1:${port}`, TAVOLO_PUBLIC_URL: baseUrl, TAVOLO_DATA_DIR: dataDir },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`tavolo exited early:\n${output}`);
    try {
      const response = await fetch(`${baseUrl}/readyz`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    baseUrl,
    dataDir,
    output: () => output,
    async stop() {
      child.kill("SIGTERM");
      await new Promise((resolve) => child.once("exit", resolve));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Debian's chromium, headless, without the background traffic this machine's closed network refuses. */
export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** Fails on any serious or critical axe-core violation of the page as it is now. */
export async function expectAccessible(page, assert) {
  // Judge the page at rest: no hover state left by the last click, no colour transition half-way.
  await page.mouse.move(0, 0);
  await page.waitForTimeout(300);
  const results = await new AxeBuilder({ page }).analyze();
  const blocking = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  const report = blocking.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  assert.deepEqual(report, [], `accessibility violations on ${page.url()}`);
}

/** The demo accounts' password. */
export const DEMO_PASSWORD = "tavolo-demo-2026";

/** A new page, in its own browser context (Italian), signed in as a demo account; confirmation dialogs are accepted. */
export async function signIn(browser, server, email) {
  const page = await (await browser.newContext({ locale: "it-IT" })).newPage();
  page.setDefaultTimeout(15_000);
  page.on("dialog", (dialog) => dialog.accept());
  await page.goto(`${server.baseUrl}/login`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Accedi" }).click();
  await page.getByTestId("signed-in-as").waitFor();
  return page;
}
