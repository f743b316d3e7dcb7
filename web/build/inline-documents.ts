// Inlines every `graphql(`…`)` document where it is written, as compact query text, so that a page's documents
// travel in that page's chunk. The codegen client preset resolves the calls through one generated map of every
// document in the app (src/gql/gql.ts), which would otherwise load, whole, with the first page. urql parses query
// text itself (and keeps each parsed document); the types still come from the generated code, checked by tsc.
import { stripIgnoredCharacters } from "graphql";
import type { Plugin } from "vite";

const CALL = /\bgraphql\(\s*`([^`]*)`\s*\)/g;
const IMPORT = /^import \{ graphql \} from "(?:\.\.?\/)+gql";\n/m;

/** The module with its documents inlined, or null when it uses none. */
export function inlineDocuments(code: string, id: string): string | null {
  if (!IMPORT.test(code)) return null;
  const inlined = code
    .replace(IMPORT, "")
    .replace(CALL, (_, source: string) => JSON.stringify(stripIgnoredCharacters(source)));
  // A call this cannot read (a document built with `${…}`, say) would be left calling nothing: fail the build.
  if (/\bgraphql\(/.test(inlined)) throw new Error(`${id}: a graphql() call that is not a plain template literal`);
  return inlined;
}

export function inlineDocumentsPlugin(): Plugin {
  return {
    name: "tavolo-inline-documents",
    enforce: "pre",
    apply: "build",
    transform(code, id) {
      if (!/\/src\/.+\.tsx?$/.test(id) || id.includes("/src/gql/")) return null;
      const inlined = inlineDocuments(code, id);
      return inlined === null ? null : { code: inlined, map: null };
    },
  };
}
