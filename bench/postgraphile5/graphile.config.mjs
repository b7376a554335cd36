// PostGraphile 5 (Grafast) as bench/run.py measures it: the same database, schemas, helper views
// (../postgraphile/views.sql) and read rule as PostGraphile 4 (../harness/targets.py), in v5's
// own terms. Read by server.mjs; the environment comes from the harness:
//   DATABASE_URL   the benchmark database (or the statement-counting proxy in front of it)
//   BENCH_SCHEMAS  comma-separated schemas to expose (public,bench_postgraphile)
//   BENCH_ROLE     the role every request runs as (bench_analyst, under row-level security)
import { makePgService } from "postgraphile/adaptors/pg";
import { PostGraphileAmberPreset } from "postgraphile/presets/amber";
import { PgSimplifyInflectionPreset } from "@graphile/simplify-inflection";
import { PgAggregatesPreset } from "@graphile/pg-aggregates";

const connectionString = process.env.DATABASE_URL;
if (!connectionString) {
  throw new Error("DATABASE_URL is not set");
}
const schemas = (process.env.BENCH_SCHEMAS ?? "public,bench_postgraphile").split(",");
const role = process.env.BENCH_ROLE ?? "bench_analyst";

/**
 * v4 names what it finds in every exposed schema alike; v5 prefixes the names from all but the
 * first schema with the schema's (`benchPostgraphileObligationFacts`). The questions' documents
 * name the helper views as v4 does: no prefix (no name in the two schemas clashes).
 * @type {GraphileConfig.Plugin}
 */
const NoSchemaPrefixPlugin = {
  name: "BenchNoSchemaPrefixPlugin",
  version: "0.0.0",
  inflection: {
    replace: {
      _schemaPrefix() {
        return "";
      },
    },
  },
};

/** @type {GraphileConfig.Preset} */
const preset = {
  // amber: v5's default preset; simplify-inflection: v4's pg-simplify-inflector, built for v5;
  // pg-aggregates 0.2: the v5 port of the v4 plugin (aggregates, groupedAggregates).
  extends: [PostGraphileAmberPreset, PgSimplifyInflectionPreset, PgAggregatesPreset],
  plugins: [NoSchemaPrefixPlugin],
  // v4 (ignoreIndexes, its default) lets every column be a condition and an order; v5 keeps
  // those to indexed columns unless this plugin is off (as its own v4 preset does)
  disablePlugins: ["PgIndexBehaviorsPlugin"],
  pgServices: [
    makePgService({
      connectionString,
      schemas,
      // no subscriptions (v4 ran without --subscriptions): no LISTEN client
      pubsub: false,
    }),
  ],
  schema: {
    // v4's --no-setof-functions-contain-nulls
    pgForbidSetofFunctionsToReturnNull: true,
  },
  grafast: {
    // v4's --default-role: each request runs in a transaction as this role, under the row-level
    // security policies of views.sql
    context() {
      return { pgSettings: { role } };
    },
    explain: false,
  },
  grafserv: {
    graphqlPath: "/graphql",
    graphiql: false,
    watch: false,
    // v4's --disable-query-log has no v5 counterpart: v5 logs no queries by default
  },
};

export default preset;
