-- The floor for `pipeline_summary`: drafts per status, per province and status, and the seconds
-- spent in each status (each step records the stay in the status it left, `stay_seconds`;
-- stays not yet ended are left out), median and 90th percentile by nearest rank
-- (percentile_disc: the ⌈p·n⌉-th smallest stay, whole seconds), as civic-graph defines them;
-- over the drafts a ministry analyst sees (submitted at some time), the rule civic-graph applies.
-- params: (none)
SELECT json_build_object('data', json_build_object('draftPipelineSummary', json_build_object(
    'byStatus', (
        SELECT coalesce(json_agg(json_build_object('status', s.status, 'count', s.n)
                                 ORDER BY s.status), '[]'::json)
        FROM (
            SELECT status, count(*) AS n FROM draft_directive
            WHERE submitted_at IS NOT NULL GROUP BY status
        ) s
    ),
    'byProvince', (
        SELECT coalesce(json_agg(json_build_object(
                   'province', json_build_object('nameEn', s.province),
                   'status', s.status, 'count', s.n
               ) ORDER BY s.province, s.status), '[]'::json)
        FROM (
            SELECT p.name_en AS province, d.status, count(*) AS n
            FROM draft_directive d
            JOIN municipality m ON m.id = d.municipality_id
            JOIN province p ON p.id = m.province_id
            WHERE d.submitted_at IS NOT NULL
            GROUP BY p.name_en, d.status
        ) s
    ),
    'timeInStatus', (
        SELECT coalesce(json_agg(json_build_object(
                   'status', t.status, 'medianSeconds', t.median, 'p90Seconds', t.p90
               ) ORDER BY t.status), '[]'::json)
        FROM (
            SELECT e.from_status AS status,
                   percentile_disc(0.5) WITHIN GROUP (ORDER BY e.stay_seconds) AS median,
                   percentile_disc(0.9) WITHIN GROUP (ORDER BY e.stay_seconds) AS p90
            FROM draft_directive_event e
            WHERE e.stay_seconds IS NOT NULL
              AND e.draft_directive_id IN (SELECT id FROM draft_directive WHERE submitted_at IS NOT NULL)
            GROUP BY e.from_status
        ) t
    )
)))::text
