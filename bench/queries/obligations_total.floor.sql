-- The floor for `obligations_total`: every obligation of every year summed once, with what was
-- collected against it (the sum of transfers, one aggregate joined to the obligations).
-- params: (none)
SELECT json_build_object('data', json_build_object('obligationsSummary', json_build_array(
    json_build_object(
        'amountDue', g.due::text,
        'amountCollected', g.collected::text,
        'amountOutstanding', (g.due - g.collected)::text,
        'obligationCount', g.n
    ))))::text
FROM (
    SELECT coalesce(sum(o.amount_due), 0) AS due,
           coalesce(sum(coalesce(t.collected, 0)), 0) AS collected,
           count(*) AS n
    FROM social_security_obligation o
    LEFT JOIN (
        SELECT obligation_id, sum(amount) AS collected
        FROM obligation_transfer
        GROUP BY obligation_id
    ) t ON t.obligation_id = o.id
) g
