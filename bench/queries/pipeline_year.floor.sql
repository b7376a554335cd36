-- The floor for `pipeline_year`: pipeline_summary kept to the drafts first written in 1403, Tehran
-- time (from the first instant of 1403/01/01 to the first of 1404/01/01, read from the calendar
-- table), and to the drafts a ministry analyst sees (submitted at some time).
-- params: (none)
WITH kept AS (
    SELECT d.id, d.status, d.municipality_id
    FROM draft_directive d
    WHERE d.submitted_at IS NOT NULL
      AND d.created_at >= (SELECT min(starts_at) FROM solar_hijri_day WHERE year = 1403)
      AND d.created_at < (SELECT min(starts_at) FROM solar_hijri_day WHERE year = 1404)
)
SELECT json_build_object('data', json_build_object('draftPipelineSummary', json_build_object(
    'byStatus', (
        SELECT coalesce(json_agg(json_build_object('status', s.status, 'count', s.n)
                                 ORDER BY s.status), '[]'::json)
        FROM (SELECT status, count(*) AS n FROM kept GROUP BY status) s
    ),
    'byProvince', (
        SELECT coalesce(json_agg(json_build_object(
                   'province', json_build_object('nameEn', s.province),
                   'status', s.status, 'count', s.n
               ) ORDER BY s.province, s.status), '[]'::json)
        FROM (
            SELECT p.name_en AS province, k.status, count(*) AS n
            FROM kept k
            JOIN municipality m ON m.id = k.municipality_id
            JOIN province p ON p.id = m.province_id
            GROUP BY p.name_en, k.status
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
            WHERE e.stay_seconds IS NOT NULL AND e.draft_directive_id IN (SELECT id FROM kept)
            GROUP BY e.from_status
        ) t
    )
)))::text
