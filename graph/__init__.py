"""The graph as it is served: the merged schema and the three owners' subgraphs, assembled from
each domain's roots (schema/ for reads, resolvers/ for writes and live events), with the
extensions every operation runs through (limits, masking, the compiled read path)."""
