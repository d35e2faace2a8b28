# pandas: Parquet gives decimal.Decimal amounts (pyarrow decimal128) and text codes as they are.
import pandas as pd

summary = pd.read_parquet('out/summary.parquet')
tables = pd.read_parquet('out/tables.parquet')
revenue = summary[summary.revenue_total.notna()][['file', 'department', 'year', 'kind', 'revenue_total']]
lines = tables[(tables.table_kind == 'general-budget-expenditure') & (tables.code.str.len() == 7)]

# From the CSVs: every column as text (codes keep leading zeros, 201.0 never appears), amounts as Decimal.
from decimal import Decimal

def decimals(frame, columns):
    for column in columns:
        frame[column] = frame[column].map(lambda s: Decimal(s) if s else None)
    return frame

summary = pd.read_csv('out/summary.csv', dtype=str, keep_default_na=False, encoding='utf-8-sig')
summary = decimals(summary, summary.columns[5:])  # every summary fact, in 元
tables = pd.read_csv('out/tables.csv', dtype=str, keep_default_na=False, encoding='utf-8-sig')
tables = decimals(tables, ['value', 'yuan'])
revenue = summary[summary.revenue_total.notna()][['file', 'department', 'year', 'kind', 'revenue_total']]
lines = tables[(tables.table_kind == 'general-budget-expenditure') & (tables.code.str.len() == 7)]
