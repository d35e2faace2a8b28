-- DuckDB over the Parquet files: amounts arrive as DECIMAL(38, 6), codes as VARCHAR, pages and years as INTEGER.

-- Every document that states its revenue total (收入总计), in 元.
SELECT file, department, year, kind, revenue_total
FROM read_parquet('out/summary.parquet')
WHERE revenue_total IS NOT NULL
ORDER BY file;

-- Every 项-level line (7-digit function code) of the 一般公共预算支出表, in 元, all documents.
SELECT file, department, year, code, label, column_id, yuan
FROM read_parquet('out/tables.parquet')
WHERE table_kind = 'general-budget-expenditure' AND length(code) = 7
ORDER BY file, table_id, row_index, column_id;

-- Totals per department and year, exact.
SELECT department, year, sum(yuan) AS yuan
FROM read_parquet('out/tables.parquet')
WHERE table_kind = 'general-budget-expenditure' AND length(code) = 7 AND column_id = 'total'
GROUP BY ALL
ORDER BY ALL;
