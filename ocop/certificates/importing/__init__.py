"""Import an existing certificate register (XLSX or UTF-8 CSV), all or nothing.

One row per certificate. Headers are found in the first rows of the sheet (title lines
above them are fine), matched ignoring case, diacritics, surrounding spaces and remarks in
brackets; their order is free and other columns are ignored (docs/certificates.md §2).

`plan_import` reads and validates everything against the database with a fixed number of
queries (units, producers, products, decisions and certificates are preloaded into dicts,
never looked up per row) and returns a plan: what will be created or matched, and every
problem as (row as numbered in the file, column, value, Vietnamese message). `services.apply_plan`
writes a plan without errors with bulk inserts inside the caller's transaction.

The package: `table` (columns and reading a sheet), `cells` (one cell), `units` (the
administrative units named), `plan` (what an import will do), `planner` (validating and
matching every row: `plan_import`), `services` (the services that preview, confirm and apply
an import).
"""
