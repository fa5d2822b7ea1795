# SPDX-License-Identifier: MIT
"""CSV files step by step, as the window imports them: read the file, offer the column
mappings, check it with the first rows shown, import it and remember the mapping; and save
exports and problem lists to files.

The file's delimiter (comma, semicolon or tab) is detected, or brought along by the saved
mapping that fits the file, or chosen by the person; a mapping is saved with it. So is the
decimal mark of its numbers (``1,234.50`` or ``1.234,50``, see
:mod:`~arapp.services.transfer.numbers`): ``None`` detects it. And so is its text encoding:
UTF-8 unless the person chooses another (``cp1252``, what Excel writes on Windows in Western
Europe) or the saved mapping that fits the file was saved with another. The encoding is not
guessed: a wrong guess reads names wrong without a word, a refusal says what to choose.

Every function here may run on a worker thread: it takes and returns plain values.
"""

from __future__ import annotations

import csv
import functools
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from itertools import islice
from pathlib import Path
from typing import Any

from arapp.domain import csvtext
from arapp.files import write_atomically
from arapp.services.context import AppContext
from arapp.services.errors import InputErrors, NotFound
from arapp.services.transfer.columns import (
    FileNotReadable,
    check_size,
    chosen_columns,
    column_map,
    guess_mapping,
    missing_required,
    read_header,
    saved_columns,
)
from arapp.services.transfer.csvfile import (
    COLUMNS,
    DELIMITERS,
    Problem,
    Stop,
    delimiter_mark,
    detect_delimiter,
    neutralise,
    read_cells,
)
from arapp.services.transfer.exports import EXPORTERS
from arapp.services.transfer.imports import IMPORTERS, ImportReport
from arapp.services.transfer.mappings import load_mapping, mapping_names, save_mapping
from arapp.services.transfer.numbers import DECIMALS, detect_decimal

PREVIEW_ROWS = 50


@dataclass(frozen=True)
class CsvFile:
    """A CSV file read for an import.

    Attributes:
        path: Where it was read from.
        data: Its bytes, as the importers take them.
        header: Its column names (see :func:`~.columns.read_header`).
        sample: The first data row by column name ({} when the file has no rows).
        delimiter: The delimiter option it was read with (``,``, ``;`` or ``tab``).
        delimiter_source: Why that one: ``detected``, ``mapping`` (the saved mapping
            :attr:`MappingChoices.preferred` was saved with it) or ``chosen`` (by the person).
        decimal: The decimal mark of its numbers, ``.`` or ``,``: detected with the preferred
            mapping (or the guess), or the one the preferred mapping was saved with.
        decimal_source: ``detected`` (numbers that read only one way decided), ``assumed``
            (none did), ``contradicting`` (numbers in the file disagree) or ``mapping``.
        encoding: The encoding option it was read with (see
            :data:`~arapp.domain.csvtext.ENCODINGS`), ``utf-8`` unless chosen or saved.
        encoding_source: ``default``, ``mapping`` (the preferred mapping was saved with it) or
            ``chosen`` (by the person).
    """

    path: Path
    data: bytes
    header: tuple[str, ...]
    sample: dict[str, str] = field(default_factory=dict)
    delimiter: str = ","
    delimiter_source: str = "detected"
    decimal: str = "."
    decimal_source: str = "assumed"
    encoding: str = "utf-8"
    encoding_source: str = "default"


@dataclass(frozen=True)
class MappingChoices:
    """The column mappings on offer for one file.

    Attributes:
        names: Saved mappings of the kind, most recently used first.
        saved: Each saved mapping reduced to the columns this file has.
        preferred: The saved mapping to start with: the most recent that finds every required
            column in this file; ``None`` when none does (then start with ``guess``).
        guess: Our column to the file's, guessed from the column names.
        delimiters: The delimiter option each saved mapping was saved with ("" when none).
        decimals: The decimal mark each saved mapping was saved with ("" when none).
        encodings: The encoding option each saved mapping was saved with ("" when none: a
            mapping saved before encodings could be chosen, read as UTF-8).
    """

    names: tuple[str, ...]
    saved: dict[str, dict[str, str]]
    preferred: str | None
    guess: dict[str, str]
    delimiters: dict[str, str] = field(default_factory=dict)
    decimals: dict[str, str] = field(default_factory=dict)
    encodings: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ImportCheck:
    """A dry run of an import and the first rows as the import reads them.

    Attributes:
        kind: customers, invoices or payments.
        columns: Our columns that were chosen, in our order.
        rows: Up to :data:`PREVIEW_ROWS` rows: the line where each starts and its cells in the
            order of ``columns``.
        report: The dry run's report: its problems, or how many records would be made.
    """

    kind: str
    columns: tuple[str, ...]
    rows: tuple[tuple[int, tuple[str, ...]], ...]
    report: ImportReport


@dataclass(frozen=True)
class ImportOutcome:
    """What an import from the window did.

    Attributes:
        report: The import's report; nothing was written unless it is ``ok``.
        remembered: The name the mapping was saved under, or "".
        remember_error: Why the mapping could not be saved (the import still happened), or "".
    """

    report: ImportReport
    remembered: str = ""
    remember_error: str = ""


def load_csv(path: Path, delimiter: str | None = None, encoding: str = "utf-8") -> CsvFile:
    """Read ``path`` and its header; :class:`FileNotReadable` says why it cannot be used.

    ``delimiter`` is an option of :data:`~.csvfile.DELIMITERS`; ``None`` detects it.
    ``encoding`` is an option of :data:`~arapp.domain.csvtext.ENCODINGS`.
    """
    path = Path(path)
    return _read_as(path, _read_bytes(path), delimiter, encoding)


def _read_bytes(path: Path) -> bytes:
    try:
        check_size(path.stat().st_size)
        return path.read_bytes()
    except OSError as exc:
        raise FileNotReadable(f"Cannot read {path}: {exc.strerror or exc}.") from None


def _read_as(
    path: Path,
    data: bytes,
    delimiter: str | None,
    encoding: str,
    encoding_source: str = "default",
    detected: Callable[[str], str] | None = None,
) -> CsvFile:
    """``data`` read with ``delimiter`` (the person's choice), or the one detected."""
    if delimiter is not None:
        return _read(path, data, delimiter, "chosen", encoding, encoding_source)
    found = (detected or (lambda enc: detect_delimiter(data, enc)))(encoding)
    return _read(path, data, found, "detected", encoding, encoding_source)


def _read(
    path: Path,
    data: bytes,
    delimiter: str,
    source: str,
    encoding: str = "utf-8",
    encoding_source: str = "default",
) -> CsvFile:
    header = read_header(data, delimiter, encoding)
    sample: dict[str, str] = {}
    try:
        text = csvtext.decode(data, encoding)  # read_header found it readable
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter_mark(delimiter))
        next(reader)
        first = next((cells for cells in reader if any(c.strip() for c in cells)), [])
    except csv.Error:  # the check shows it with its line
        first = []
    for name, value in zip(header, first, strict=False):
        sample.setdefault(name, value)
    return CsvFile(
        path,
        data,
        tuple(header),
        sample,
        delimiter,
        source,
        encoding=encoding,
        encoding_source=encoding_source,
    )


def open_csv(
    ctx: AppContext,
    kind: str,
    path: Path,
    delimiter: str | None = None,
    encoding: str | None = None,
) -> tuple[CsvFile, MappingChoices]:
    """Read ``path`` for an import of ``kind`` and the mappings on offer for it.

    With ``delimiter`` ``None``, the most recently used saved mapping that finds every
    required column in the file read with the delimiter it was saved with brings that delimiter
    along (and is preferred); when none does, the delimiter is detected. With ``encoding``
    ``None`` likewise the encoding (UTF-8 when none does, and for a file that reads as UTF-8
    with letters beyond ASCII: text of another encoding almost never does). The decimal mark is
    the preferred mapping's, or detected (:attr:`CsvFile.decimal`).
    """
    file, choices = _open_csv(ctx, kind, path, delimiter, encoding)
    name = choices.preferred
    saved = choices.decimals.get(name, "") if name is not None else ""
    if saved:
        return replace(file, decimal=saved, decimal_source="mapping"), choices
    chosen = choices.saved[name] if name is not None else choices.guess
    mapping = column_map(kind, chosen, file.header)
    guess = detect_decimal(file.data, kind, mapping, file.delimiter, file.encoding)
    source = "contradicting" if guess.problems else guess.source
    return replace(file, decimal=guess.mark, decimal_source=source), choices


def _open_csv(
    ctx: AppContext, kind: str, path: Path, delimiter: str | None, encoding: str | None
) -> tuple[CsvFile, MappingChoices]:
    path = Path(path)
    data = _read_bytes(path)
    # The delimiter each encoding reads the file with, detected once per encoding.
    detected = functools.cache(lambda enc: detect_delimiter(data, enc))
    chosen = "chosen" if encoding is not None else "default"
    file: CsvFile | None = None
    unreadable: FileNotReadable | None = None
    try:
        file = _read_as(path, data, delimiter, encoding or "utf-8", chosen, detected)
    except FileNotReadable as exc:
        if encoding is not None:  # no saved mapping can change what was chosen
            raise
        unreadable = exc
    if file is not None and delimiter is not None and encoding is not None:
        return file, mapping_choices(ctx, kind, file.header)
    keep_utf8 = encoding is None and _is_utf8_beyond_ascii(data)
    headers: dict[tuple[str, str], tuple[str, ...]] = {}
    if file is not None:
        headers[file.delimiter, file.encoding] = file.header
    for name in mapping_names(ctx, kind):
        mapping = _saved(ctx, kind, name)
        if mapping is None:
            continue
        enc = encoding or ("utf-8" if keep_utf8 else saved_encoding(mapping) or "utf-8")
        delim = delimiter or saved_delimiter(mapping)
        if not delim and file is not None and file.encoding == enc:
            delim = file.delimiter
        elif not delim:
            delim = detected(enc)
        if (delim, enc) not in headers:
            try:
                headers[delim, enc] = tuple(read_header(data, delim, enc))
            except FileNotReadable:
                continue
        if missing_required(kind, saved_columns(kind, mapping, headers[delim, enc])):
            continue
        if file is None or (delim, enc) != (file.delimiter, file.encoding):
            if delimiter is not None:
                source = "chosen"
            else:
                source = "detected" if delim == detected(enc) else "mapping"
            brought = encoding is None and csvtext.codec(enc) != "utf-8-sig"
            file = _read(path, data, delim, source, enc, "mapping" if brought else chosen)
        choices = mapping_choices(ctx, kind, file.header)
        return file, replace(choices, preferred=name)
    if file is None:  # not UTF-8, and no saved mapping reads it
        assert unreadable is not None
        raise unreadable
    return file, mapping_choices(ctx, kind, file.header)


def _is_utf8_beyond_ascii(data: bytes) -> bool:
    """Whether ``data`` is UTF-8 text with letters beyond ASCII (so UTF-8 is surely right)."""
    if data.isascii():
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _saved(ctx: AppContext, kind: str, name: str) -> dict[str, Any] | None:
    try:
        return load_mapping(ctx, kind, name)
    except NotFound:  # deleted meanwhile
        return None


def saved_delimiter(mapping: dict[str, Any]) -> str:
    """The delimiter option a saved mapping was saved with, or ""."""
    value = mapping.get("delimiter")
    return value if isinstance(value, str) and value in DELIMITERS else ""


def saved_decimal(mapping: dict[str, Any]) -> str:
    """The decimal mark a saved mapping was saved with, or ""."""
    value = mapping.get("decimal")
    return value if isinstance(value, str) and value in DECIMALS else ""


def saved_encoding(mapping: dict[str, Any]) -> str:
    """The encoding option a saved mapping was saved with, or "" (then it is UTF-8)."""
    value = mapping.get("encoding")
    return value if isinstance(value, str) and csvtext.codec(value) is not None else ""


def mapping_choices(ctx: AppContext, kind: str, header: Sequence[str]) -> MappingChoices:
    """The saved mappings of ``kind`` as they apply to ``header``, and a guess."""
    names = tuple(mapping_names(ctx, kind))
    saved, delimiters, decimals, encodings = {}, {}, {}, {}
    for name in names:
        mapping = _saved(ctx, kind, name)
        if mapping is None:
            continue
        saved[name] = saved_columns(kind, mapping, header)
        delimiters[name] = saved_delimiter(mapping)
        decimals[name] = saved_decimal(mapping)
        encodings[name] = saved_encoding(mapping)
    preferred = next((n for n in saved if not missing_required(kind, saved[n])), None)
    guess = guess_mapping(kind, header)
    return MappingChoices(tuple(saved), saved, preferred, guess, delimiters, decimals, encodings)


def check_import(
    ctx: AppContext,
    kind: str,
    data: bytes,
    chosen: dict[str, str],
    limit: int = PREVIEW_ROWS,
    delimiter: str | None = None,
    stop: Stop | None = None,
    decimal: str | None = None,
    encoding: str = "utf-8",
) -> ImportCheck:
    """Check the whole file without writing and read its first ``limit`` rows.

    ``chosen`` is our column to the file's; our columns not in it are not read. ``delimiter``
    is an option of :data:`~.csvfile.DELIMITERS` (``None`` detects it). ``stop`` is asked every
    :data:`~.csvfile.STOP_EVERY` rows; ``True`` raises :class:`~.csvfile.ImportStopped`.
    ``decimal`` is the decimal mark (``.`` or ``,``; ``None`` detects it); ``encoding`` an
    option of :data:`~arapp.domain.csvtext.ENCODINGS`.
    """
    delimiter = delimiter if delimiter is not None else detect_delimiter(data, encoding)
    header = read_header(data, delimiter, encoding)
    mapping = column_map(kind, chosen, header)
    columns = chosen_columns(kind, chosen, header)
    cells, _problems = read_cells(data, kind, mapping, delimiter, encoding=encoding)
    at = [COLUMNS[kind].index(c) for c in columns]
    shown = tuple(
        (line, tuple(values[i] for i in at)) for line, values in islice(cells, max(limit, 0))
    )
    report = IMPORTERS[kind](
        ctx,
        data,
        dry_run=True,
        column_map=mapping,
        delimiter=delimiter,
        stop=stop,
        decimal=decimal,
        encoding=encoding,
    )
    return ImportCheck(kind, columns, shown, report)


def import_file(
    ctx: AppContext,
    kind: str,
    data: bytes,
    chosen: dict[str, str],
    remember_as: str = "",
    delimiter: str | None = None,
    decimal: str | None = None,
    encoding: str = "utf-8",
    stop: Stop | None = None,
    progress: Callable[[int], None] | None = None,
) -> ImportOutcome:
    """Import all or nothing; when it worked and ``remember_as`` is given, save the mapping
    (with the delimiter, the decimal mark, ``None`` detects it, and the encoding).

    ``stop`` is asked while the rows are read, checked and written: ``True`` raises
    :class:`~.csvfile.ImportStopped` and the whole import rolls back. ``progress`` is told the
    rows written so far while the import writes.
    """
    delimiter = delimiter if delimiter is not None else detect_delimiter(data, encoding)
    mapping = column_map(kind, chosen, read_header(data, delimiter, encoding))
    report = IMPORTERS[kind](
        ctx,
        data,
        column_map=mapping,
        delimiter=delimiter,
        stop=stop,
        decimal=decimal,
        encoding=encoding,
        progress=progress,
    )
    if not report.ok or not remember_as.strip():
        return ImportOutcome(report)
    if decimal is None:
        decimal = detect_decimal(data, kind, mapping, delimiter, encoding).mark
    kept = mapping_to_save(kind, chosen, delimiter, decimal, encoding)
    try:
        save_mapping(ctx, kind, remember_as, kept)
    except InputErrors as exc:
        return ImportOutcome(report, remember_error=str(exc))
    return ImportOutcome(report, remembered=remember_as.strip())


def mapping_to_save(
    kind: str, chosen: dict[str, str], delimiter: str, decimal: str = "", encoding: str = ""
) -> dict[str, str]:
    """What a saved mapping holds: our column to the file's, the delimiter option, the
    decimal mark (when known) and the encoding option unless it is UTF-8 (a mapping without one
    reads as UTF-8, as those saved before encodings could be chosen do)."""
    kept = {c: name for c, name in chosen.items() if name and c in COLUMNS[kind]}
    kept["delimiter"] = delimiter
    if decimal:
        kept["decimal"] = decimal
    if encoding and csvtext.codec(encoding) != "utf-8-sig":
        kept["encoding"] = encoding
    return kept


def export_file(ctx: AppContext, kind: str, path: Path) -> int:
    """Export ``kind`` to ``path`` in the import format; returns the number of rows written."""
    data = EXPORTERS[kind](ctx)
    write_atomically(path, data)
    return sum(1 for _ in csv.reader(io.StringIO(data.decode("utf-8"), newline=""))) - 1


def problems_csv(problems: Sequence[Problem], chosen: dict[str, str]) -> bytes:
    """The problems as a CSV file: line, our column, the file's column, problem."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(("line", "column", "file_column", "problem"))
    for p in problems:
        cells = (p.column, chosen.get(p.column, ""), p.message)
        writer.writerow((p.line or "", *(neutralise(c) for c in cells)))
    return out.getvalue().encode("utf-8")


def save_problems(path: Path, problems: Sequence[Problem], chosen: dict[str, str]) -> None:
    """Save :func:`problems_csv` to ``path``."""
    write_atomically(path, problems_csv(problems, chosen))
