// PostGraphile 5 behind node:http, with as many worker processes as the harness asks for:
//   node server.mjs --host 127.0.0.1 --port 5678 --workers 2   (DATABASE_URL etc.: graphile.config.mjs)
// PostGraphile 5 has no --cluster-workers of its own (v4's CLI forks with node:cluster); this does
// what v4's does: with --workers above 1 the primary forks that many workers, which share the listening
// socket (the primary hands out connections round-robin, node:cluster's default on Linux) and
// each build the schema and their own connection pool. A worker that dies is not replaced: the
// benchmark notices a server that stops answering. --workers 1: one process, no cluster.
import cluster from "node:cluster";
import { createServer } from "node:http";
import { parseArgs } from "node:util";
import { postgraphile } from "postgraphile";
import { grafserv } from "postgraphile/grafserv/node";
import preset from "./graphile.config.mjs";

const { values: options } = parseArgs({
  options: {
    host: { type: "string", default: "127.0.0.1" },
    port: { type: "string", default: "5678" },
    workers: { type: "string", default: "1" },
  },
});
const host = options.host;
const port = Number(options.port);
const workers = Math.max(1, Number(options.workers));

async function serve() {
  const pgl = postgraphile(preset);
  const serv = pgl.createServ(grafserv);
  const server = createServer();
  server.keepAliveTimeout = 65_000;
  await serv.addTo(server, false);
  // build the schema before taking requests (the harness probes until the answer is good)
  await pgl.getSchema();
  server.listen(port, host, () => {
    console.log(`PostGraphile 5 pid ${process.pid} on http://${host}:${port}/graphql`);
  });
  const stop = () => {
    server.close();
    Promise.resolve(pgl.release()).finally(() => process.exit(0));
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

if (workers > 1 && cluster.isPrimary) {
  for (let i = 0; i < workers; i++) {
    cluster.fork();
  }
  cluster.on("exit", (worker, code, signal) => {
    console.error(`worker ${worker.process.pid} exited (${signal ?? code})`);
  });
  const stop = () => {
    for (const worker of Object.values(cluster.workers ?? {})) {
      worker?.kill("SIGTERM");
    }
    setTimeout(() => process.exit(0), 5000).unref();
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
} else {
  serve().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
