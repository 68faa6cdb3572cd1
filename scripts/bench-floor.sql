-- The floor of `npm run bench`: the fastest SQL we could hand-write for what an investigation shows
-- (total, errors by model, by error type, by key alias, timeline by model), knowing this database:
-- SpendLogs rows carry the status column and the key alias in metadata, ErrorLogs twins share the
-- request id. One pass over each table's range, one FULL JOIN, one GROUP BY GROUPING SETS.
-- JIT compiles longer than the query runs at this size: off, as anyone tuning it by hand would.
-- psql -v from='…' -v to='…' -v bucket=N -f scripts/bench-floor.sql
SET jit = off;
WITH s AS MATERIALIZED (
  SELECT request_id, "startTime" AS t,
         COALESCE(NULLIF(model_group, ''), NULLIF(model, '')) AS model,
         NULLIF(metadata->>'user_api_key_alias', '') AS key_alias,
         NULLIF(metadata->'error_information'->>'error_class', '') AS error_type
    FROM "LiteLLM_SpendLogs"
   WHERE "startTime" >= :'from'::timestamp AND "startTime" < :'to'::timestamp AND status = 'failure'
), e AS MATERIALIZED (
  SELECT request_id, "startTime" AS t, NULLIF(model_group, '') AS model, NULLIF(exception_type, '') AS error_type
    FROM "LiteLLM_ErrorLogs"
   WHERE "startTime" >= :'from'::timestamp AND "startTime" < :'to'::timestamp
), m AS (
  SELECT COALESCE(s.t, e.t) AS t, COALESCE(s.model, e.model, '(unknown)') AS model, s.key_alias,
         COALESCE(s.error_type, e.error_type, 'Unknown') AS error_type
    FROM s FULL JOIN e USING (request_id)
)
SELECT GROUPING(model, error_type, key_alias, b) AS g, model, error_type, key_alias, b, count(*) AS n
  FROM (SELECT *, floor(extract(epoch FROM t) / :bucket) AS b FROM m) x
 GROUP BY GROUPING SETS ((), (model), (error_type), (key_alias), (b, model));
