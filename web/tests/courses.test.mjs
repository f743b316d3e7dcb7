// Training in the browser: an operator finds a course of the network, enrols, and once the secretariat has them
// present at the held sessions, opens their certificate of attendance; the secretariat reads the training report.
// At desktop and phone size, axe-core on every view.
import { test } from "node:test";
import assert from "node:assert/strict";
import { atEverySize, expectAccessible, navigate, signIn } from "./harness.mjs";

const OPERATOR = "roberto.galli@prefettura-grosseto.example";
const SECRETARIAT = "marco.rossi@sds-grosseto.example";
const COURSE = "La mediazione interculturale nei servizi";

/** Runs a GraphQL request from a signed-in page, as that person. */
async function gql(page, query, variables = {}) {
  const body = await page.evaluate(
    ({ query, variables }) =>
      fetch("/graphql", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query, variables }) }).then((r) => r.json()),
    { query, variables },
  );
  assert.equal(body.errors, undefined, JSON.stringify(body.errors));
  return body.data;
}

atEverySize((size, env) => {
  test("an operator enrols in a course and opens their certificate", async () => {
    const operator = await signIn(env.browser, env.server, OPERATOR, size);
    await navigate(operator, "Formazione");
    await operator.getByRole("heading", { name: "Corsi di formazione" }).waitFor();
    await expectAccessible(operator, assert);
    await operator.getByRole("link", { name: COURSE }).click();
    await operator.getByRole("heading", { name: COURSE }).waitFor();
    await operator.getByRole("button", { name: "Iscriviti" }).click();
    await operator.getByText("Sei iscritto a questo corso.").waitFor();
    await operator.getByText("0 ore su 6").waitFor();
    await operator.getByText("L'attestato è disponibile con almeno il 60% delle ore frequentate.").waitFor();
    await expectAccessible(operator, assert);
    const courseId = new URL(operator.url()).pathname.split("/").pop();

    // The secretariat records the operator as present at the two sessions already held.
    const secretariat = await signIn(env.browser, env.server, SECRETARIAT, size);
    const { course } = await gql(
      secretariat,
      "query($id: ID!) { course(id: $id) { sessions { id status } enrolments { person { id email } } } }",
      { id: courseId },
    );
    const operatorId = course.enrolments.find((e) => e.person.email === OPERATOR).person.id;
    const held = course.sessions.filter((s) => s.status === "HELD");
    assert.equal(held.length, 2);
    for (const session of held) {
      await gql(secretariat, "mutation($m: ID!, $p: ID!) { recordAttendance(meetingId: $m, personId: $p, status: PRESENT) { status } }", {
        m: session.id,
        p: operatorId,
      });
    }

    await operator.reload();
    await operator.getByText("4 ore su 6").waitFor();
    const [certificate] = await Promise.all([operator.waitForEvent("popup"), operator.getByRole("link", { name: "Attestato di partecipazione", exact: true }).click()]);
    await certificate.waitForLoadState();
    await certificate.getByRole("heading", { name: "Attestato di partecipazione" }).waitFor();
    const text = await certificate.locator("body").innerText();
    assert.match(text, /Roberto Galli \(Prefettura/);
    assert.match(text, /4 ore frequentate su 6/);
    assert.match(text, /Modulo 1/);
    assert.doesNotMatch(text, /Modulo 3/);

    // The secretariat sees the operator's hours and certificate among the enrolments, and the training report.
    await secretariat.goto(`${env.server.baseUrl}/courses/${courseId}`);
    await secretariat.getByRole("link", { name: "Attestato di partecipazione: Roberto Galli" }).waitFor();
    // Those without enough hours have none.
    assert.equal(await secretariat.getByRole("link", { name: /^Attestato di partecipazione: / }).count(), 4);
    await expectAccessible(secretariat, assert);
    await secretariat.getByRole("link", { name: "Tavolo interistituzionale per l'integrazione dei cittadini di Paesi terzi" }).click();
    await secretariat.getByRole("heading", { name: "Report della formazione" }).waitFor();
    const report = secretariat.locator("dl").filter({ hasText: "Persone formate" });
    await report.getByText("4", { exact: true }).first().waitFor();
    await expectAccessible(secretariat, assert);
    await operator.context().close();
    await secretariat.context().close();
  });
});
