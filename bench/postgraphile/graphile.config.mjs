// PostGraphile for bench-load: the amber preset over the public schema of Tavolo's PostgreSQL database, as its
// documentation starts it. Conditions on columns without an index are allowed (bench-load asks for seats and
// delegates in force, `validUntil: null`, as Tavolo's tables page shows them).
import { PostGraphileAmberPreset } from "postgraphile/presets/amber";
import { makePgService } from "postgraphile/adaptors/pg";

export default {
  extends: [PostGraphileAmberPreset],
  disablePlugins: ["PgIndexBehaviorsPlugin"],
  pgServices: [
    makePgService({
      connectionString: process.env.DATABASE_URL,
      schemas: ["public"],
    }),
  ],
  grafserv: {
    host: "127.0.0.1",
    port: Number(process.env.PORT ?? 5678),
  },
};
