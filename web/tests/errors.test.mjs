// Every reason and code the server can put in `extensions` has words in both languages: a new server reason
// without Italian and English text fails here (and in the type check), before a reader meets an English sentence.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";

const schema = await readFile(new URL("../../schema/schema.graphql", import.meta.url), "utf8");
const dictionary = await readFile(new URL("../src/i18n/errors.ts", import.meta.url), "utf8");

function enumValues(name) {
  const body = schema.match(new RegExp(`enum ${name} \\{([^}]*)\\}`));
  assert.ok(body, `the schema has no enum ${name}`);
  return body[1]
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => /^[A-Z_]+$/.test(line));
}

function texts(constName) {
  const body = dictionary.match(new RegExp(`const ${constName}: Record<\\w+, string> = \\{([\\s\\S]*?)\\n\\};`));
  assert.ok(body, `errors.ts has no ${constName}`);
  return new Map([...body[1].matchAll(/^\s+([A-Z_]+): "((?:[^"\\]|\\.)*)",?$/gm)].map((m) => [m[1], m[2]]));
}

for (const [enumName, italian, english] of [
  ["ErrorReason", "reasonsIt", "reasonsEn"],
  ["ErrorCode", "codesIt", "codesEn"],
]) {
  test(`every ${enumName} is worded in Italian and in English`, () => {
    const values = enumValues(enumName);
    assert.ok(values.length > 5, `${enumName} lists ${values.length} values`);
    const it = texts(italian);
    const en = texts(english);
    for (const value of values) {
      assert.ok(it.get(value)?.trim(), `${enumName}.${value} has no Italian text`);
      assert.ok(en.get(value)?.trim(), `${enumName}.${value} has no English text`);
      assert.notEqual(it.get(value), en.get(value), `${enumName}.${value} is not translated`);
    }
    assert.deepEqual([...it.keys()].filter((key) => !values.includes(key)), [], "Italian words for reasons the server never sends");
    assert.deepEqual([...en.keys()].filter((key) => !values.includes(key)), [], "English words for reasons the server never sends");
  });
}
