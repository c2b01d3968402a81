"""Bulk import of households and members from Excel (.xlsx, .xls) and CSV.

The pipeline: `reading` turns the upload into raw sheets, `tables` finds the
header row and maps columns, `validation` checks every cell (set-based, with
Polars) and resolves units, `apply` writes a valid file in one transaction and
`errors_workbook` hands an invalid file back annotated. `pipeline` strings them
together for the page, the background job and the command line.
"""
