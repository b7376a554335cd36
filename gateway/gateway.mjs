// Hive Gateway's configuration (read from this folder by `npm run gateway`, or `--config-path`).
// The subgraphs decide who may see what from the caller's bearer token, so the gateway passes the
// client's Authorization header on to every subgraph request; and it proves itself to the
// subgraphs with the shared secret (CIVICGRAPH_GATEWAY_SECRET), the only callers they trace (ftv1).
import { defineConfig } from "@graphql-hive/gateway";

export const gatewayConfig = defineConfig({
  propagateHeaders: {
    fromClientToSubgraphs({ request }) {
      const secret = process.env.CIVICGRAPH_GATEWAY_SECRET;
      return {
        authorization: request.headers.get("authorization") ?? undefined,
        ...(secret ? { "x-gateway-secret": secret } : {}),
      };
    },
  },
});
