"""Every workbook the product writes starts here: text is data, never a formula.

XlsxWriter turns a string starting with "=" into a formula and one starting with
"http://" into a link when it is written with `write()`; a household named
"=HYPERLINK(...)" would then run in the officer's Excel. These options make
`write()` keep such text as text; formulas the product means are written with
`write_formula()`, which the options do not touch.
"""

from typing import IO

import xlsxwriter

DATA_ONLY = {"strings_to_formulas": False, "strings_to_urls": False}


def new_workbook(output: IO[bytes] | str, options: dict | None = None) -> xlsxwriter.Workbook:
    return xlsxwriter.Workbook(output, {**(options or {}), **DATA_ONLY})
