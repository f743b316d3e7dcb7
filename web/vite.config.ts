import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";
import { inlineDocumentsPlugin } from "./build/inline-documents";

// The server serves dist/ at / on the same origin as /graphql; in development Vite proxies it.
export default defineConfig({
  plugins: [inlineDocumentsPlugin(), react()],
  server: {
    proxy: Object.fromEntries(
      ["/graphql", "/attachments/", "^/practices/\\d+/attachments$", "^/practices\\.(json|csv)$", "^/meetings/\\d+/minutes\\.(md|html)$", "^/strategy/\\d+\\.(md|html)$", "^/courses/\\d+/certificates/\\d+$", "^/protocols/\\d+/files$", "/protocol-files/", "/calendar/", "/answer/"].map((path) => [path, "http://127.0.0.1:8080"]),
    ),
  },
  build: { chunkSizeWarningLimit: 2000, sourcemap: false },
});
