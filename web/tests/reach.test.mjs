// Every operation of the API has a place in the web UI: the root fields of Query, Mutation and Subscription in
// `schema/schema.graphql` are compared with those the UI's own GraphQL documents select. A feature that only
// GraphiQL reaches does not exist for a secretariat; the few exceptions are listed here with their reason.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { buildSchema, parse } from "graphql";

const root = new URL("..", import.meta.url).pathname;

/** Root fields the UI does not call, each with the reason (`"mutation.name": "why"`); none today. */
const AGREED = {};

function sources(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === "gql" ? [] : sources(path);
    return /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

/** The root fields selected by the operations written in the UI's `graphql(`…`)` documents. */
function calledRootFields() {
  const called = new Set();
  for (const file of sources(join(root, "src"))) {
    const text = readFileSync(file, "utf8");
    for (const match of text.matchAll(/graphql\(`([\s\S]*?)`\)/g)) {
      const document = parse(match[1]);
      for (const definition of document.definitions) {
        if (definition.kind !== "OperationDefinition") continue;
        for (const selection of definition.selectionSet.selections) {
          if (selection.kind === "Field") called.add(`${definition.operation}.${selection.name.value}`);
        }
      }
    }
  }
  return called;
}

test("every query, mutation and subscription of the schema is called from the web UI, but the agreed exceptions", () => {
  const schema = buildSchema(readFileSync(join(root, "..", "schema", "schema.graphql"), "utf8"));
  const fields = [
    ...Object.keys(schema.getQueryType().getFields()).map((name) => `query.${name}`),
    ...Object.keys(schema.getMutationType().getFields()).map((name) => `mutation.${name}`),
    ...Object.keys(schema.getSubscriptionType().getFields()).map((name) => `subscription.${name}`),
  ];
  const called = calledRootFields();
  assert.ok(called.size > 50, `only ${called.size} root fields found in the UI's documents`);
  const missing = fields.filter((field) => !called.has(field) && !(field in AGREED));
  assert.deepEqual(missing, [], "operations with no page in the web UI");
  const stale = Object.keys(AGREED).filter((field) => !fields.includes(field) || called.has(field));
  assert.deepEqual(stale, [], "agreed exceptions that no longer apply");
});
