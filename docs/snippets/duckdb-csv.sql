-- DuckDB over the CSV files, with the documented schema (auto-detection would read codes as numbers and
-- amounts as DOUBLE, even quoted). The column maps are generated from src/emit/columns.ts.
CREATE OR REPLACE VIEW summary AS
SELECT * FROM read_csv('out/summary.csv', header = true, columns = {'file': 'VARCHAR', 'department': 'VARCHAR', 'year': 'INTEGER', 'kind': 'VARCHAR', 'scope': 'VARCHAR', 'revenue_total': 'DECIMAL(38, 6)', 'expenditure_total': 'DECIMAL(38, 6)', 'current_year_revenue': 'DECIMAL(38, 6)', 'current_year_expenditure': 'DECIMAL(38, 6)', 'fiscal_appropriation_revenue': 'DECIMAL(38, 6)', 'general_public_budget_revenue': 'DECIMAL(38, 6)', 'gov_fund_revenue': 'DECIMAL(38, 6)', 'basic_expenditure': 'DECIMAL(38, 6)', 'project_expenditure': 'DECIMAL(38, 6)', 'gpb_personnel': 'DECIMAL(38, 6)', 'gpb_public_funds': 'DECIMAL(38, 6)', 'gpb_basic_total': 'DECIMAL(38, 6)', 'three_public_total': 'DECIMAL(38, 6)', 'three_public_overseas': 'DECIMAL(38, 6)', 'three_public_vehicles': 'DECIMAL(38, 6)', 'three_public_reception': 'DECIMAL(38, 6)', 'operating_costs': 'DECIMAL(38, 6)', 'gpb_family_subsidy': 'DECIMAL(38, 6)', 'gpb_staff_increase': 'DECIMAL(38, 6)'});
CREATE OR REPLACE VIEW tables AS
SELECT * FROM read_csv('out/tables.csv', header = true, columns = {'file': 'VARCHAR', 'department': 'VARCHAR', 'year': 'INTEGER', 'kind': 'VARCHAR', 'scope': 'VARCHAR', 'table_id': 'VARCHAR', 'table_kind': 'VARCHAR', 'table_scope': 'VARCHAR', 'title': 'VARCHAR', 'table_pages': 'VARCHAR', 'row_index': 'INTEGER', 'serial': 'VARCHAR', 'code': 'VARCHAR', 'label': 'VARCHAR', 'row_key': 'VARCHAR', 'side': 'VARCHAR', 'block': 'INTEGER', 'column_id': 'VARCHAR', 'value': 'DECIMAL(38, 6)', 'unit': 'VARCHAR', 'yuan': 'DECIMAL(38, 6)', 'printed': 'VARCHAR', 'page': 'INTEGER', 'line': 'INTEGER'});

-- Every document that states its revenue total (收入总计), in 元.
SELECT file, department, year, kind, revenue_total
FROM summary
WHERE revenue_total IS NOT NULL
ORDER BY file;

-- Every 项-level line (7-digit function code) of the 一般公共预算支出表, in 元, all documents.
SELECT file, department, year, code, label, column_id, yuan
FROM tables
WHERE table_kind = 'general-budget-expenditure' AND length(code) = 7
ORDER BY file, table_id, row_index, column_id;

-- The run's failures and the error diagnostics (typed, so an empty list or file reads as no rows).
SELECT f.file, f.code, f.reason
FROM (SELECT unnest(failures) AS f
      FROM read_json('out/run.json',
                     columns = {failures: 'STRUCT(file VARCHAR, input VARCHAR, code VARCHAR, reason VARCHAR)[]'}));
SELECT file, ruleId, message
FROM read_json('out/diagnostics.jsonl', format = 'newline_delimited',
               columns = {file: 'VARCHAR', ruleId: 'VARCHAR', severity: 'VARCHAR', message: 'VARCHAR'})
WHERE severity = 'error';
