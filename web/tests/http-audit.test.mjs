// The HTTP edge against GraphQL over HTTP, as the graphql-http audit suite (an independent implementation of the
// specification's checks) judges it: every MUST and every SHOULD passes; only MAY notices are left.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { auditServer } from "graphql-http";
import { startServer } from "./harness.mjs";

let server;

before(async () => {
  server = await startServer();
});

after(async () => {
  await server?.stop();
});

test("the GraphQL endpoint passes every MUST and SHOULD of GraphQL over HTTP", async () => {
  const results = await auditServer({ url: `${server.baseUrl}/graphql` });
  assert.ok(results.length > 40, `the audit ran only ${results.length} checks`);
  const failed = results
    .filter((result) => result.status === "error" || result.status === "warn")
    .map((result) => `${result.status} ${result.id} ${result.name}: ${result.reason}`);
  assert.deepEqual(failed, []);
});
