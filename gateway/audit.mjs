// The GraphQL-over-HTTP audit of npm's graphql-http (the reference implementation of the
// specification's server checks): every MUST, SHOULD and MAY, run against the URL given, and
// printed as one JSON array of {id, name, status, reason}. tests/test_graphql_http_audit.py runs it.
//   node gateway/audit.mjs http://127.0.0.1:8000/graphql
import { serverAudits } from "graphql-http";

const url = process.argv[2];
if (!url) {
  console.error("usage: node gateway/audit.mjs URL");
  process.exit(2);
}
const results = [];
for (const audit of serverAudits({ url })) {
  const result = await audit.fn();
  results.push({ id: audit.id, name: audit.name, status: result.status, reason: result.reason ?? null });
}
console.log(JSON.stringify(results));
