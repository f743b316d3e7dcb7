// Browser-test harness: starts the real `tavolo` binary on a free port with demo data, and Debian's chromium.
import { after, before, describe } from "node:test";
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
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

/** A free port on loopback, for servers a test starts beside Tavolo. */
export { freePort };

/**
 * Starts `tavolo serve` on an empty SQLite database (with the demo data unless `demo` is false, and the extra
 * environment `env`) and waits until it is ready.
 */
export async function startServer({ demo = true, env = {}, port: fixedPort } = {}) {
  const bin = process.env.TAVOLO_BIN;
  if (!bin) throw new Error("TAVOLO_BIN must point at the tavolo binary");
  const port = fixedPort ?? (await freePort());
  const dataDir = mkdtempSync(join(tmpdir(), "tavolo-browser-"));
  const baseUrl = `http://127.0.0.1:${port}`;
  const child = spawn(bin, demo ? ["serve", "--demo"] : ["serve"], {
    env: { ...process.env, ...env, TAVOLO_LISTEN: `127.0.0.1:${port}`, TAVOLO_PUBLIC_URL: baseUrl, TAVOLO_DATA_DIR: dataDir },
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
  // On a phone nothing may reach past the screen's width: a page that scrolls sideways hides half of itself.
  const width = page.viewportSize()?.width ?? 0;
  if (width && width <= PHONE.viewport.width) {
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `${page.url()} is ${overflow}px wider than the ${width}px screen`);
  }
}

/** The sizes the role journeys run at: a desktop and a phone (390 × 844, touch). */
export const DESKTOP = { name: "desktop", options: {} };
export const PHONE = { name: "phone", viewport: { width: 390, height: 844 }, options: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true } };
export const SIZES = [DESKTOP, PHONE];

/**
 * Declares the journeys of `body` once per size (desktop, phone), each size on a server and a browser of its own:
 * `body(size, env)`, where `env.server` and `env.browser` are ready by the time the tests run.
 */
export function atEverySize(body) {
  for (const size of SIZES) {
    describe(size.name, () => {
      const env = {};
      before(async () => {
        env.server = await startServer();
        env.browser = await launchBrowser();
      });
      after(async () => {
        await env.browser?.close();
        await env.server?.stop();
      });
      body(size, env);
    });
  }
}

/** Follows a link of the main navigation, opening the phone menu first when the header shows only its toggler. */
export async function navigate(page, name) {
  const toggler = page.getByRole("button", { name: "Apri il menu di navigazione" });
  if (await toggler.isVisible()) await toggler.click();
  await page.getByRole("navigation", { name: "Navigazione principale" }).getByRole("link", { name }).click();
}

/** Decodes quoted-printable text (soft line breaks and =XX octets, as UTF-8). */
export function unquote(text) {
  const joined = text.replace(/=\r?\n/g, "");
  const bytes = [];
  for (let i = 0; i < joined.length; i++) {
    if (joined[i] === "=" && /^[0-9A-F]{2}$/.test(joined.slice(i + 1, i + 3))) {
      bytes.push(parseInt(joined.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(joined[i], "utf8"));
    }
  }
  return Buffer.from(bytes).toString("utf8");
}

/**
 * Waits for the mail worker to write a message to `email` (the server has no SMTP server: messages are `.eml` files)
 * that `accept`s, and returns the first capture of `pattern` in the newest such message.
 */
export async function mailed(server, email, pattern, accept = () => true) {
  const dir = join(server.dataDir, "mail");
  for (let i = 0; i < 150; i++) {
    let files = [];
    try {
      files = readdirSync(dir)
        .filter((f) => f.endsWith(".eml"))
        .map((f) => join(dir, f))
        .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
    } catch {
      // the worker has not written anything yet
    }
    for (const file of files) {
      const raw = readFileSync(file, "utf8");
      if (!raw.includes(`<${email}>`) || !accept(raw)) continue;
      const match = unquote(raw).match(pattern);
      if (match) return match[1];
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`no message to ${email} matching ${pattern} in ${dir}`);
}

/** The demo accounts' password. */
export const DEMO_PASSWORD = "tavolo-demo-2026";

/** A new page, in its own browser context (Italian), signed in as a demo account; confirmation dialogs are accepted. */
export async function signIn(browser, server, email, size = DESKTOP) {
  const page = await (await browser.newContext({ locale: "it-IT", ...size.options })).newPage();
  page.setDefaultTimeout(15_000);
  page.on("dialog", (dialog) => dialog.accept());
  await page.goto(`${server.baseUrl}/login`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Accedi" }).click();
  await page.getByTestId("signed-in-as").waitFor();
  return page;
}
