// Generates typed documents for every `graphql(...)` call in src/ from the checked-in SDL.
import type { CodegenConfig } from "@graphql-codegen/cli";

const config: CodegenConfig = {
  schema: "../schema/schema.graphql",
  documents: ["src/**/*.tsx", "src/**/*.ts", "!src/gql/**/*"],
  ignoreNoDocuments: true,
  silent: true,
  generates: {
    "src/gql/": {
      preset: "client",
      config: { enumsAsTypes: true, useTypeImports: true, scalars: { DateTime: "string", ID: "string" } },
      presetConfig: { fragmentMasking: false },
    },
  },
};

export default config;
