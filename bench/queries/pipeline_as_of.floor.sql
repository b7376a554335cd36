-- The floor for `pipeline_as_of`: each draft a ministry analyst sees (submitted at some time) that
-- existed on 2025-01-01T00:00Z, in the status of its last step at or before that instant.
-- params: (none)
WITH states AS (
    SELECT DISTINCT ON (e.draft_directive_id) e.draft_directive_id, e.to_status AS status,
           d.municipality_id
    FROM draft_directive_event e
    JOIN draft_directive d ON d.id = e.draft_directive_id
    WHERE e.occurred_at <= '2025-01-01T00:00:00Z' AND d.submitted_at IS NOT NULL
    ORDER BY e.draft_directive_id, e.occurred_at DESC, e.id DESC
)
SELECT json_build_object('data', json_build_object('draftPipelineSummary', json_build_object(
    'byStatus', (
        SELECT coalesce(json_agg(json_build_object('status', s.status, 'count', s.n)
                                 ORDER BY s.status), '[]'::json)
        FROM (SELECT status, count(*) AS n FROM states GROUP BY status) s
    ),
    'byProvince', (
        SELECT coalesce(json_agg(json_build_object(
                   'province', json_build_object('nameEn', s.province),
                   'status', s.status, 'count', s.n
               ) ORDER BY s.province, s.status), '[]'::json)
        FROM (
            SELECT p.name_en AS province, st.status, count(*) AS n
            FROM states st
            JOIN municipality m ON m.id = st.municipality_id
            JOIN province p ON p.id = m.province_id
            GROUP BY p.name_en, st.status
        ) s
    )
)))::text
