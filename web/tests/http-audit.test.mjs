// The HTTP edge against GraphQL over HTTP, as the graphql-http audit suite (an independent implementation of the
// specification's checks) judges it: every MUST and every SHOULD passes; only MAY notices are left.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import zlib from "node:zlib";
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

/** The raw answer to a GET, without a client's automatic decompression. */
function rawGet(url, headers) {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (response) => {
        const chunks = [];
        response.on("data", (chunk) => chunks.push(chunk));
        response.on("end", () => resolve({ headers: response.headers, body: Buffer.concat(chunks) }));
      })
      .on("error", reject);
  });
}

test("the UI's scripts and styles go compressed, hashed ones cached for a year", async () => {
  const index = await rawGet(`${server.baseUrl}/`, {});
  const assets = [...index.body.toString("utf8").matchAll(/(?:src|href)="(\/assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]);
  assert.ok(assets.length >= 2, `no script and style in index.html: ${assets}`);
  for (const path of ["/", ...assets]) {
    const plain = await rawGet(`${server.baseUrl}${path}`, {});
    const packed = await rawGet(`${server.baseUrl}${path}`, { "accept-encoding": "gzip, deflate, br" });
    assert.equal(plain.headers["content-encoding"], undefined, path);
    assert.equal(packed.headers["content-encoding"], "gzip", path);
    assert.equal(packed.headers.vary, "accept-encoding", path);
    assert.ok(zlib.gunzipSync(packed.body).equals(plain.body), `${path}: the compressed body is not the file`);
    const refused = await rawGet(`${server.baseUrl}${path}`, { "accept-encoding": "gzip;q=0" });
    assert.equal(refused.headers["content-encoding"], undefined, path);
    if (path === "/") continue;
    assert.ok(packed.body.length < plain.body.length / 2, `${path}: ${packed.body.length} of ${plain.body.length} bytes`);
    assert.equal(packed.headers["cache-control"], "public, max-age=31536000, immutable");
  }
});
