# The differential test's view corpus (DifferentialTest): one view per line, `name: query` or
# `name [late]: query` for a view created after the tables hold data. Tables:
#   a(id INT PRIMARY KEY, k INT, v INT, s VARCHAR, n NUMERIC(8,2), b BOOLEAN, ts TIMESTAMP)
#   b(id INT PRIMARY KEY, k INT, w INT, s VARCHAR)
#   c(k INT, v INT) -- no primary key: duplicates
# Results are compared as sorted multisets of rows, so a query's answer must be deterministic
# (no ties at a LIMIT boundary, no order-dependent aggregate without ORDER BY).

# filters and projections
f_where: SELECT id, v FROM a WHERE v > 3
f_null: SELECT id, k FROM a WHERE k IS NULL OR s IS NULL
f_expr [late]: SELECT id, v * 2 + k AS x, n / 4 AS q, CASE WHEN v > 5 THEN 'big' WHEN v IS NULL THEN 'none' ELSE 'small' END AS size FROM a
f_coalesce: SELECT k, COALESCE(v, -1) AS v FROM c WHERE k <> 2
f_bool [late]: SELECT id FROM a WHERE b AND NOT (v BETWEEN 2 AND 6)
f_text: SELECT id, s || '!' AS t, length(s) AS len, upper(s) AS up FROM b WHERE s LIKE '%y%' OR s = ''
f_in_list: SELECT id, k FROM b WHERE k IN (1, 3) OR w IN (0, 7)
f_ts: SELECT id, ts + INTERVAL '1 hour' AS later FROM a WHERE ts < TIMESTAMP '2024-01-01 01:30:00'
f_dup [late]: SELECT k, v FROM c WHERE v >= 0

# aggregates
g_count: SELECT k, COUNT(*) AS n, COUNT(v) AS nv FROM a GROUP BY k
g_sum: SELECT k, SUM(v) AS s, AVG(v) AS m, SUM(n) AS sn, AVG(n) AS mn FROM a GROUP BY k
g_minmax [late]: SELECT k, MIN(v) AS lo, MAX(v) AS hi, MIN(s) AS first_s, MAX(ts) AS last_ts FROM a GROUP BY k
g_global: SELECT COUNT(*) AS n, SUM(v) AS s, MIN(v) AS lo, MAX(n) AS hi FROM a
g_global_empty: SELECT COUNT(*) AS n, SUM(v) AS s FROM a WHERE v > 1000
g_having: SELECT k, COUNT(*) AS n FROM c GROUP BY k HAVING COUNT(*) > 1
g_filter [late]: SELECT k, COUNT(*) FILTER (WHERE v > 5) AS big, SUM(v) FILTER (WHERE b) AS sb FROM a GROUP BY k
g_multi_key: SELECT k, s, COUNT(*) AS n, MAX(w) AS w FROM b GROUP BY k, s
g_expr_key: SELECT v % 3 AS r, COUNT(*) AS n FROM c GROUP BY v % 3
g_dup: SELECT k, v, COUNT(*) AS copies FROM c GROUP BY k, v
g_bool_key [late]: SELECT b, COUNT(*) AS n, SUM(n) AS total FROM a GROUP BY b
g_avg_expr: SELECT k, AVG(v * 1.5) AS m, SUM(CASE WHEN b THEN 1 ELSE 0 END) AS trues FROM a GROUP BY k

# distinct
d_distinct: SELECT DISTINCT k FROM c
d_distinct_pair [late]: SELECT DISTINCT k, s FROM b

# union all
u_all: SELECT k, v FROM a UNION ALL SELECT k, v FROM c
u_all_agg: SELECT k, COUNT(*) AS n FROM (SELECT k FROM a UNION ALL SELECT k FROM b UNION ALL SELECT k FROM c) t GROUP BY k

# views on views
vv_filter: SELECT k, n FROM g_count WHERE n > 1
vv_agg [late]: SELECT COUNT(*) AS ngroups, SUM(n) AS nrows FROM g_count
vv_union [late]: SELECT k, v FROM f_dup UNION ALL SELECT k, v FROM f_coalesce
