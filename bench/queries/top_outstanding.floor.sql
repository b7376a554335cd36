-- The floor for `top_outstanding`: per municipality, every year's dues less every transfer against
-- them; the 20 largest, ties by municipality id.
-- params: (none)
SELECT json_build_object('data', json_build_object('obligationsSummary', coalesce(json_agg(
    json_build_object(
        'municipality', json_build_object('nameEn', g.name_en),
        'amountOutstanding', g.outstanding::text
    ) ORDER BY g.outstanding DESC, g.id), '[]'::json)))::text
FROM (
    SELECT m.id, m.name_en, s.outstanding
    FROM (
        SELECT o.municipality_id, sum(o.amount_due - coalesce(t.collected, 0)) AS outstanding
        FROM social_security_obligation o
        LEFT JOIN (
            SELECT obligation_id, sum(amount) AS collected
            FROM obligation_transfer
            GROUP BY obligation_id
        ) t ON t.obligation_id = o.id
        GROUP BY o.municipality_id
        ORDER BY outstanding DESC, o.municipality_id
        LIMIT 20
    ) s
    JOIN municipality m ON m.id = s.municipality_id
) g
