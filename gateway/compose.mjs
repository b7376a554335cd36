// Composes the three subgraphs' SDL (../schema/sdl/*.graphql, written by `civicgraph
// export-schema`) into a supergraph, with BOTH The Guild's and Apollo's composition: each must
// succeed. The Guild's result is what Hive Gateway runs and what is committed as
// ../supergraph.graphql.
//
//   node compose.mjs                      write ../supergraph.graphql
//   node compose.mjs --check              fail when ../supergraph.graphql is stale
//   node compose.mjs --output F --url municipalities=http://127.0.0.1:18711/graphql ...
//                                         compose for other addresses (the gateway test does)
import { readFileSync, writeFileSync, existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "graphql";
import { composeServices as composeWithGuild } from "@theguild/federation-composition";
import { composeServices as composeWithApollo } from "@apollo/composition";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");

// Where the README's scale-out section runs each subgraph (`civicgraph serve --subgraph X`).
const urls = {
  municipalities: "http://127.0.0.1:18701/graphql",
  ministry: "http://127.0.0.1:18702/graphql",
  councils: "http://127.0.0.1:18703/graphql",
};

let output = join(root, "supergraph.graphql");
let check = false;
const args = process.argv.slice(2);
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--check") check = true;
  else if (args[i] === "--output") output = args[++i];
  else if (args[i] === "--url") {
    const [name, url] = args[++i].split(/=(.*)/s);
    if (!(name in urls)) throw new Error(`unknown subgraph ${name}`);
    urls[name] = url;
  } else throw new Error(`unknown argument ${args[i]}`);
}

const services = Object.entries(urls).map(([name, url]) => ({
  name,
  url,
  typeDefs: parse(readFileSync(join(root, "schema", "sdl", `${name}.graphql`), "utf8")),
}));

function fail(library, errors) {
  console.error(`${library} composition failed:`);
  for (const error of errors) console.error(`  - ${error.message}`);
  process.exit(1);
}

const guild = composeWithGuild(services);
if (guild.errors?.length) fail("The Guild's", guild.errors);
const apollo = composeWithApollo(services);
if (apollo.errors?.length) fail("Apollo's", apollo.errors);

const supergraph = guild.supergraphSdl.trimEnd() + "\n";
if (check) {
  if (!existsSync(output) || readFileSync(output, "utf8") !== supergraph) {
    console.error(`${output} is stale: run \`make supergraph\` and commit it`);
    process.exit(1);
  }
  console.log(`both compositions succeed; ${output} is up to date`);
} else {
  writeFileSync(output, supergraph);
  console.log(`both compositions succeed; wrote ${output}`);
}
