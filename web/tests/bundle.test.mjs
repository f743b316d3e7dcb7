// The built UI: each page's GraphQL documents travel in that page's own chunk, not in the script every page loads
// first (build/inline-documents.ts), and no generated map of every document is bundled.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";

const dist = join(import.meta.dirname, "..", "dist");
const assets = join(dist, "assets");

function firstScript() {
  const html = readFileSync(join(dist, "index.html"), "utf8");
  const name = html.match(/<script[^>]+src="\/assets\/([^"]+\.js)"/)?.[1];
  assert.ok(name, "index.html names its script");
  return readFileSync(join(assets, name), "utf8");
}

function chunk(prefix) {
  const name = readdirSync(assets).find((file) => file.startsWith(`${prefix}-`) && file.endsWith(".js"));
  assert.ok(name, `a ${prefix} chunk`);
  return readFileSync(join(assets, name), "utf8");
}

// An operation's compact text as the build inlines it.
const named = (name) => new RegExp(`(query|mutation|subscription) ${name}\\b`);

test("a page's documents are in its own chunk, not in the first script", () => {
  const first = firstScript();
  assert.doesNotMatch(first, named("MeetingPage"), "the meeting page's query is not in the first script");
  assert.match(chunk("MeetingPage"), named("MeetingPage"), "the meeting page's chunk carries its query");
  // The shell's own documents stay with the shell.
  assert.match(first, named("Me"));
});

test("the generated map of every document is not bundled", () => {
  for (const file of readdirSync(assets).filter((name) => name.endsWith(".js"))) {
    const text = readFileSync(join(assets, file), "utf8");
    assert.ok(!text.includes("\\n  query MeetingPage("), `${file} carries the source text of the document map`);
  }
});
