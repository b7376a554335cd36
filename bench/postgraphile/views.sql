-- Views that give PostGraphile's generated API (with @graphile/pg-aggregates) what it cannot reach
-- from the tables alone. The harness recreates this schema on every run, after migrating; it lives
-- outside `public`, so civic-graph's own schema and migrations never see it.
--
-- * pg-aggregates groups a connection by that table's own columns only: to group obligations and
--   drafts by province (two joins away) the grouping keys are brought onto one row by a view.
-- * pg-aggregates has no percentiles: time-in-status is computed by the view itself (this is how a
--   PostGraphile user answers such a question: a view or a function).
-- * pg-aggregates cannot order groups by an aggregate or cut them to N, and a view takes no
--   argument: the top-N question reads a view of one row per municipality, and the pipeline at a
--   past instant is a SQL function taking the instant (PostGraphile exposes both).
--
-- The read rule, even-handed: civic-graph answers as the ministry's analyst, who does not see drafts
-- never submitted (nor their steps). PostGraphile runs every request as the role `bench_analyst`
-- (`--default-role`), under row-level security policies that keep the same rows; the views and
-- functions run as their caller (security_invoker / SECURITY INVOKER), so the policies apply
-- through them. The floor writes the same condition in its SQL. The database's owner (civic-graph's
-- and the floor's connection) is not subject to the policies.
DROP SCHEMA IF EXISTS bench_postgraphile CASCADE;
CREATE SCHEMA bench_postgraphile;

DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'bench_analyst') THEN
        CREATE ROLE bench_analyst NOLOGIN;
    END IF;
END
$$;
GRANT USAGE ON SCHEMA public TO bench_analyst;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO bench_analyst;

ALTER TABLE public.draft_directive ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS bench_analyst_sent ON public.draft_directive;
CREATE POLICY bench_analyst_sent ON public.draft_directive FOR SELECT TO bench_analyst
    USING (submitted_at IS NOT NULL);
ALTER TABLE public.draft_directive_event ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS bench_analyst_sent ON public.draft_directive_event;
CREATE POLICY bench_analyst_sent ON public.draft_directive_event FOR SELECT TO bench_analyst
    USING (EXISTS (
        SELECT 1 FROM public.draft_directive d
        WHERE d.id = draft_directive_id AND d.submitted_at IS NOT NULL
    ));

-- One row per obligation, with its province and category and what was collected against it.
CREATE VIEW bench_postgraphile.obligation_fact WITH (security_invoker = true) AS
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

-- One row per draft, with its province and the Solar Hijri year it was written in (Tehran time,
-- from the calendar table).
CREATE VIEW bench_postgraphile.draft_fact WITH (security_invoker = true) AS
SELECT d.id, d.status, p.name_en AS province_name_en,
       (SELECT c.year FROM public.solar_hijri_day c
        WHERE c.starts_at <= d.created_at ORDER BY c.starts_at DESC LIMIT 1)::int AS created_year
FROM public.draft_directive d
JOIN public.municipality m ON m.id = d.municipality_id
JOIN public.province p ON p.id = m.province_id;

-- Seconds spent in each status: each step records how long the draft stayed in the status it
-- left (`stay_seconds`, migration 0004; null on a draft's first step); median and 90th
-- percentile by nearest rank (percentile_disc: the ⌈p·n⌉-th smallest stay, whole seconds), as
-- civic-graph defines them, over the same indexed column civic-graph reads.
CREATE VIEW bench_postgraphile.draft_time_in_status WITH (security_invoker = true) AS
SELECT e.from_status AS status,
       percentile_disc(0.5) WITHIN GROUP (ORDER BY e.stay_seconds) AS median_seconds,
       percentile_disc(0.9) WITHIN GROUP (ORDER BY e.stay_seconds) AS p90_seconds
FROM public.draft_directive_event e
WHERE e.stay_seconds IS NOT NULL
GROUP BY e.from_status;

-- The same per Solar Hijri year of writing (a condition on `createdYear` keeps one year).
CREATE VIEW bench_postgraphile.draft_time_in_status_by_year WITH (security_invoker = true) AS
SELECT f.created_year,
       e.from_status AS status,
       percentile_disc(0.5) WITHIN GROUP (ORDER BY e.stay_seconds) AS median_seconds,
       percentile_disc(0.9) WITHIN GROUP (ORDER BY e.stay_seconds) AS p90_seconds
FROM public.draft_directive_event e
JOIN bench_postgraphile.draft_fact f ON f.id = e.draft_directive_id
WHERE e.stay_seconds IS NOT NULL
GROUP BY f.created_year, e.from_status;

-- One row per municipality: what it owes over every year less what it has transferred.
CREATE VIEW bench_postgraphile.municipality_outstanding WITH (security_invoker = true) AS
SELECT m.id AS municipality_id, m.name_en,
       (sum(o.amount_due) - coalesce(sum(t.collected), 0))::bigint AS amount_outstanding
FROM public.municipality m
JOIN public.social_security_obligation o ON o.municipality_id = m.id
LEFT JOIN (
    SELECT obligation_id, sum(amount) AS collected
    FROM public.obligation_transfer
    GROUP BY obligation_id
) t ON t.obligation_id = o.id
GROUP BY m.id, m.name_en;

-- Where the drafts stood at an instant: each draft's last step at or before it (drafts written
-- later are not counted), per status and per province and status.
CREATE FUNCTION bench_postgraphile.draft_statuses_as_of(at timestamptz)
RETURNS TABLE (status text, count bigint)
LANGUAGE sql STABLE SECURITY INVOKER AS $$
    SELECT s.status, count(*)
    FROM (
        SELECT DISTINCT ON (e.draft_directive_id) e.to_status AS status
        FROM public.draft_directive_event e
        WHERE e.occurred_at <= at
        ORDER BY e.draft_directive_id, e.occurred_at DESC, e.id DESC
    ) s
    GROUP BY s.status
    ORDER BY s.status
$$;

CREATE FUNCTION bench_postgraphile.draft_province_statuses_as_of(at timestamptz)
RETURNS TABLE (province_name_en text, status text, count bigint)
LANGUAGE sql STABLE SECURITY INVOKER AS $$
    SELECT p.name_en, s.status, count(*)
    FROM (
        SELECT DISTINCT ON (e.draft_directive_id) e.draft_directive_id, e.to_status AS status
        FROM public.draft_directive_event e
        WHERE e.occurred_at <= at
        ORDER BY e.draft_directive_id, e.occurred_at DESC, e.id DESC
    ) s
    JOIN public.draft_directive d ON d.id = s.draft_directive_id
    JOIN public.municipality m ON m.id = d.municipality_id
    JOIN public.province p ON p.id = m.province_id
    GROUP BY p.name_en, s.status
    ORDER BY p.name_en, s.status
$$;

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

GRANT USAGE ON SCHEMA bench_postgraphile TO bench_analyst;
GRANT SELECT ON ALL TABLES IN SCHEMA bench_postgraphile TO bench_analyst;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA bench_postgraphile TO bench_analyst;
