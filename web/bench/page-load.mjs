// Page load in Chromium, cold cache, as a person first opens Tavolo: the home page (a visitor's, and signed in) and a
// meeting page, each loaded 7 times in a fresh browser context; prints the medians of the navigation timing and the
// bytes sent. Run against a release build (see the README's Benchmarks).
import { launchBrowser, signIn, startServer } from "../tests/harness.mjs";

const RUNS = 7;
const SECRETARIAT = "marco.rossi@sds-grosseto.example";

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** One cold load of `url`: until its main heading shows. */
async function load(browser, url, cookies) {
  const context = await browser.newContext({ locale: "it-IT" });
  if (cookies.length) await context.addCookies(cookies);
  const page = await context.newPage();
  const started = Date.now();
  await page.goto(url, { waitUntil: "load" });
  await page.locator("main h1").first().waitFor();
  const shown = Date.now() - started;
  const timing = await page.evaluate(() => {
    const [nav] = performance.getEntriesByType("navigation");
    const resources = performance.getEntriesByType("resource");
    const script = resources.filter((r) => r.name.endsWith(".js"));
    return {
      domContentLoaded: nav.domContentLoadedEventEnd,
      load: nav.loadEventEnd,
      transferred: nav.transferSize + resources.reduce((sum, r) => sum + r.transferSize, 0),
      scriptWire: script.reduce((sum, r) => sum + r.encodedBodySize, 0),
      scriptBytes: script.reduce((sum, r) => sum + r.decodedBodySize, 0),
    };
  });
  await context.close();
  return { ...timing, shown };
}

const server = await startServer();
const browser = await launchBrowser();
try {
  const signedIn = await signIn(browser, server, SECRETARIAT);
  const cookies = await signedIn.context().cookies();
  const meetingId = await signedIn.evaluate(async () => {
    const ask = async (query, variables) =>
      (await (await fetch("/graphql", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query, variables }) })).json()).data;
    const tables = await ask("{ tables(first: 50) { edges { node { id } } } }");
    for (const { node } of tables.tables.edges) {
      const found = await ask("query($t: ID!) { meetings(tableId: $t) { id status } }", { t: node.id });
      const held = found.meetings.find((m) => m.status === "HELD") ?? found.meetings[0];
      if (held) return held.id;
    }
    return null;
  });
  await signedIn.context().close();
  const pages = [
    ["home, visitor", `${server.baseUrl}/`, []],
    ["home, signed in", `${server.baseUrl}/`, cookies],
    ["meeting page, signed in", `${server.baseUrl}/meetings/${meetingId}`, cookies],
  ];
  const rows = [];
  for (const [name, url, jar] of pages) {
    await load(browser, url, jar); // warms the server, not the browser: each run has a fresh context
    const runs = [];
    for (let i = 0; i < RUNS; i++) runs.push(await load(browser, url, jar));
    rows.push({
      page: name,
      "DOMContentLoaded ms": Math.round(median(runs.map((r) => r.domContentLoaded))),
      "load ms": Math.round(median(runs.map((r) => r.load))),
      "heading shown ms": median(runs.map((r) => r.shown)),
      "transferred kB": Math.round(median(runs.map((r) => r.transferred)) / 1000),
      "script on the wire kB": Math.round(median(runs.map((r) => r.scriptWire)) / 1000),
      "script kB": Math.round(median(runs.map((r) => r.scriptBytes)) / 1000),
    });
  }
  console.table(rows);
} finally {
  await browser.close();
  await server.stop();
}
