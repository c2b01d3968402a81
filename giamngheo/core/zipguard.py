"""Measure a zip workbook (.xlsx, .xlsm, .ods) before any reader builds a cell of it.

The zip's central directory gives each part's uncompressed size: their sum over the limit
refuses the file without inflating a byte. Each sheet's `<dimension>` (near its start) is
checked next. A sheet can lie in its dimension, and one cell at XFD1048576 would make a
reader allocate the whole range, so every part is still inflated in chunks (zipfile stops at
the declared size and checks the CRC, so a part lying about its size ends as an error), and
each chunk of sheet XML is searched once, by one compiled pattern that matches only a row or
cell reference beyond the limits: the common file costs one inflate and one scan in C, with
no Python work per cell.
"""

import html
import io
import re
import zipfile
from collections.abc import Callable, Iterator
from pathlib import PurePath
from xml.etree.ElementTree import iterparse

CHUNK = 1 << 20
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\b[^>]*?\sref="(?:[A-Z]+[0-9]+:)?([A-Z]{1,3})([0-9]{1,9})"')
_REFERENCE = re.compile(rb'r="0*([A-Z]{0,3})0*([0-9]{1,9})"')

# check(rows, columns, sheet) raises when a sheet holds a cell beyond the limits
Check = Callable[[int, int, str], None]


class Corrupt(Exception):
    """The zip cannot be read (the caller turns it into its own message)."""


class TooLarge(Exception):
    def __init__(self, size: int):
        super().__init__(size)
        self.size = size


def column_number(letters: bytes | str) -> int:
    number = 0
    for char in letters if isinstance(letters, str) else letters.decode():
        number = number * 26 + ord(char) - 64
    return number


def _above(written: str, alphabet: str, longer: str) -> str:
    """Options of a pattern matching the numerals of `alphabet` greater than `written`: a
    longer one (`longer`: its first character), or the same length, equal up to one place
    and greater there (within one length both orders are the numerals' order)."""
    options = [f"{longer}{alphabet}{{{len(written)},}}"]
    for position, char in enumerate(written):
        if char != alphabet[-2]:  # alphabet is "[0-9]" or "[A-Z]": its last character
            tail = len(written) - position - 1
            options.append(
                f"{written[:position]}[{chr(ord(char) + 1)}-{alphabet[-2]}]"
                + (f"{alphabet}{{{tail}}}" if tail else "")
            )
    return "(?:" + "|".join(options) + ")"


def _letters(number: int) -> str:
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def beyond(max_rows: int, max_columns: int) -> re.Pattern[bytes]:
    """A row or cell reference (`r="N"`, `r="XYZN"`) beyond the limits."""
    columns = _above(_letters(max_columns), "[A-Z]", "[A-Z]")
    rows = _above(str(max_rows), "[0-9]", "[1-9]")
    # Starting with a literal lets the search skip ahead; `_found` checks the space before it.
    return re.compile(rf'r="(?:{columns}[0-9]|[A-Z]{{0,3}}0*{rows}")'.encode())


def _found(pattern: re.Pattern[bytes], text: bytes) -> re.Match[bytes] | None:
    """The first reference beyond the limits that is an `r` attribute (not the end of another's name)."""
    start = 0
    while found := pattern.search(text, start):
        if found.start() > 0 and text[found.start() - 1 : found.start()].isspace():
            return found
        start = found.start() + 1
    return None


def measure_zip(
    content: bytes, extension: str, max_uncompressed: int, max_rows: int, max_columns: int, check: Check
) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise Corrupt from error
    declared = sum(info.file_size for info in infos)
    if declared > max_uncompressed:
        raise TooLarge(declared)
    pattern = beyond(max_rows, max_columns)
    try:
        names = sheet_names(archive) if extension != ".ods" else {}
        for info in infos:
            if extension == ".ods" and info.filename == "content.xml":
                _measure_ods(archive, info, check)
            elif info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
                label = names.get(info.filename, PurePath(info.filename).stem)
                _measure_xlsx_sheet(archive, info, label, pattern, check)
            else:
                for _chunk in _chunks(archive, info):
                    pass
    except (zipfile.BadZipFile, EOFError, ValueError, OSError, RuntimeError) as error:
        raise Corrupt from error


def _chunks(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> Iterator[bytes]:
    with archive.open(info) as part:
        while chunk := part.read(CHUNK):
            yield chunk


def sheet_names(archive: zipfile.ZipFile) -> dict[str, str]:
    """Part name -> the sheet's name as the user sees it (workbook.xml and its relations)."""
    try:
        book = archive.read("xl/workbook.xml") if "xl/workbook.xml" in archive.namelist() else b""
        rels = archive.read("xl/_rels/workbook.xml.rels") if book else b""
    except KeyError:
        return {}
    if len(book) > CHUNK * 4 or len(rels) > CHUNK * 4:
        return {}
    targets = {
        rid.decode(): target.decode().lstrip("/").removeprefix("xl/")
        for rid, target in re.findall(rb'<Relationship\b[^>]*?\sId="([^"]+)"[^>]*?\sTarget="([^"]+)"', rels)
    }
    names = {}
    for name, rid in re.findall(rb'<(?:\w+:)?sheet\b[^>]*?\sname="([^"]*)"[^>]*?\sr:id="([^"]+)"', book):
        if (target := targets.get(rid.decode())) is not None:
            names[f"xl/{target}"] = html.unescape(name.decode(errors="replace"))
    return names


def _measure_xlsx_sheet(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, label: str, pattern: re.Pattern[bytes], check: Check
) -> None:
    tail = b""
    first = True
    for chunk in _chunks(archive, info):
        text = tail + chunk
        if first and (declared := _DIMENSION.search(text)):
            check(int(declared.group(2)), column_number(declared.group(1)), label)
        first = False
        cut = text.rfind(b"<")  # keep a tag split by the chunk for the next round
        scanned, tail = (text[:cut], text[cut:]) if cut > 0 else (text, b"")
        if found := _found(pattern, scanned):
            reference = _REFERENCE.search(found.group(0))
            letters, row = reference.group(1), int(reference.group(2))
            check(row, column_number(letters) if letters else 0, label)
    if tail and (found := _found(pattern, tail)):
        reference = _REFERENCE.search(found.group(0))
        check(int(reference.group(2)), column_number(reference.group(1)), label)


def _measure_ods(archive: zipfile.ZipFile, info: zipfile.ZipInfo, check: Check) -> None:
    """Walk content.xml as a stream: the last row and column holding a value, with repeats."""
    table_ns = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
    office_ns = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
    with archive.open(info) as part:
        name, row, last_row, last_column = "", 0, 0, 0
        column = 0
        for event, element in iterparse(part, events=("start", "end")):
            tag = element.tag
            if event == "start" and tag == f"{{{table_ns}}}table":
                name, row, last_row, last_column = element.get(f"{{{table_ns}}}name", ""), 0, 0, 0
            elif event == "start" and tag == f"{{{table_ns}}}table-row":
                column = 0
            elif event == "end" and tag in (f"{{{table_ns}}}table-cell", f"{{{table_ns}}}covered-table-cell"):
                repeat = int(element.get(f"{{{table_ns}}}number-columns-repeated", "1") or 1)
                filled = element.get(f"{{{office_ns}}}value-type") is not None or len(element)
                column += repeat
                if filled:
                    last_column, last_row = max(last_column, column), row + 1
                    check(last_row, last_column, name)
                element.clear()
            elif event == "end" and tag == f"{{{table_ns}}}table-row":
                row += int(element.get(f"{{{table_ns}}}number-rows-repeated", "1") or 1)
                element.clear()
