"""Writes for money: `sources` (funding sources, their amounts per year, earmarks, reporting
duties), `budgets` (allocations, closing a year, forecasts, staff costs) and `actuals` (the
accounts' ledger lines)."""
