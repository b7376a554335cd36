-- Views that give PostGraphile's generated API (with @graphile/pg-aggregates) what it cannot reach
-- from the tables alone. The harness recreates this schema on every run, after migrating; it lives
-- outside `public`, so civic-graph's own schema and migrations never see it.
--
-- * pg-aggregates groups a connection by that table's own columns only: to group obligations and
--   drafts by province (two joins away) the grouping keys are brought onto one row by a view.
-- * pg-aggregates has no percentiles: time-in-status is computed by the view itself (this is how a
--   PostGraphile user answers such a question: a view or a function).
DROP SCHEMA IF EXISTS bench_postgraphile CASCADE;
CREATE SCHEMA bench_postgraphile;

-- One row per obligation, with its province and category and what was collected against it.
CREATE VIEW bench_postgraphile.obligation_fact AS
SELECT o.id,
       o.year,
       p.name_en AS province_name_en,
       c.code AS category_code,
       o.amount_due,
       t.collected AS amount_collected,
       o.amount_due - t.collected AS amount_outstanding
FROM public.social_security_obligation o
JOIN public.municipality m ON m.id = o.municipality_id
JOIN public.province p ON p.id = m.province_id
JOIN public.obligation_category c ON c.id = o.category_id
CROSS JOIN LATERAL (
    SELECT coalesce(sum(tr.amount), 0)::bigint AS collected
    FROM public.obligation_transfer tr
    WHERE tr.obligation_id = o.id
) t;

-- One row per draft, with its province.
CREATE VIEW bench_postgraphile.draft_fact AS
SELECT d.id, d.status, p.name_en AS province_name_en
FROM public.draft_directive d
JOIN public.municipality m ON m.id = d.municipality_id
JOIN public.province p ON p.id = m.province_id;

-- Seconds spent in each status: each step records how long the draft stayed in the status it
-- left (`stay_seconds`, migration 0004; null on a draft's first step); median and 90th
-- percentile by nearest rank (percentile_disc: the ⌈p·n⌉-th smallest stay, whole seconds), as
-- civic-graph defines them, over the same indexed column civic-graph reads.
CREATE VIEW bench_postgraphile.draft_time_in_status AS
SELECT e.from_status AS status,
       percentile_disc(0.5) WITHIN GROUP (ORDER BY e.stay_seconds) AS median_seconds,
       percentile_disc(0.9) WITHIN GROUP (ORDER BY e.stay_seconds) AS p90_seconds
FROM public.draft_directive_event e
WHERE e.stay_seconds IS NOT NULL
GROUP BY e.from_status;

-- Full-text search over drafts (the `search` question). PostGraphile has no search of its own: a
-- PostGraphile user writes a function over the index civic-graph keeps (search_document.tsv, GIN)
-- and PostGraphile exposes it as `searchDrafts(terms:)`. It gets the query already folded into a
-- tsquery (civic-graph does that folding itself), ranks as civic-graph does (ts_rank, title ten
-- times text, ties by the index's id) and keeps to what the ministry analyst civic-graph is asked
-- as may see (drafts once submitted), so that the answers can be compared.
CREATE FUNCTION bench_postgraphile.search_drafts(terms text)
RETURNS SETOF public.draft_directive
LANGUAGE sql STABLE AS $$
    SELECT d.*
    FROM public.search_document s
    JOIN public.draft_directive d ON d.id = s.record_id
    WHERE s.kind = 'DRAFT_DIRECTIVE'
      AND s.tsv @@ to_tsquery('simple', terms)
      AND d.submitted_at IS NOT NULL
    ORDER BY ts_rank('{0.1, 0.2, 0.1, 1.0}'::real[], s.tsv, to_tsquery('simple', terms)) DESC, s.id
$$;
