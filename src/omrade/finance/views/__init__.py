"""Money pages: `budgets` (the year's overview, sources, allocations, forecasts, staff costs,
closing a year), `actuals` (importing the accounts' ledger extract), `statement` (the funder's
statement as a page, XLSX and PDF)."""
