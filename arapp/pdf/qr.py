# SPDX-License-Identifier: MIT
"""The EPC payment QR code ("GiroCode") printed on euro invoices.

The symbol is encoded by ReportLab's own QR encoder (:mod:`reportlab.graphics.barcode.qrencoder`,
the one behind ``QrCodeWidget``), byte mode, error correction level M as EPC069-12 asks.
Three things are done here instead of through ``QrCodeWidget``, because together they
made the code cost more than the whole rest of the invoice (see ``benchmarks/pdf_render.py``):

* **Choosing the mask.**  A QR encoder tries all eight mask patterns and keeps the one
  with the lowest penalty (ISO/IEC 18004, 7.8.3).  ReportLab builds and scores the whole
  symbol eight times in pure Python (about 20 ms).  Here the parts every symbol of a
  version shares (function patterns, where the data bits go, the eight masks) are taken
  from the encoder once per version; a payload's data bits are set into integer rows, the
  eight masked variants are one XOR away and are scored with the four standard penalty
  rules using bit operations on whole rows and columns.  The winner gets its format (and
  version) information from the encoder, as when it chooses the mask itself.
* **Error correction.**  ReportLab rebuilds the Reed-Solomon generator polynomial for
  every block of every code with slow polynomial objects; here the codewords are computed
  with log/antilog tables and generators cached by length, then handed to the encoder.
  The result is byte for byte what ReportLab computes (the tests check it).
* **Drawing.**  The dark modules are drawn once, as one filled path of rectangles (one per
  run of dark modules in a row) written straight into the page, instead of a group of
  several hundred shape objects.

Symbols are cached by payload, so printing the same invoice again costs nothing.
"""

from __future__ import annotations

import functools
import logging
import re
from dataclasses import dataclass
from decimal import Decimal
from itertools import chain, pairwise, zip_longest

from reportlab.graphics.barcode import qrencoder
from reportlab.lib.colors import black
from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from arapp.domain.errors import ValidationError
from arapp.domain.payment_qr import EPC_NAME_MAX, EPC_TEXT_MAX, epc_qr_payload
from arapp.pdf.document import InvoiceDocument, PaymentDetails

__all__ = [
    "QR_SIZE",
    "QUIET_ZONE",
    "QrCode",
    "epc_payload",
    "qr_matrix",
    "qr_payload",
    "qr_penalty",
]

log = logging.getLogger(__name__)

QR_SIZE = 30 * mm
"""Side of the printed code including its quiet zone."""
QUIET_ZONE = 4
"""Light modules around the symbol, as the QR standard requires."""


def qr_payload(doc: InvoiceDocument) -> str | None:
    """The EPC payload for ``doc``, or ``None`` when it gets no payment QR code.

    A code is printed on invoices (not credit notes, not void ones) in euros with an IBAN
    and something left to pay.  An overlong seller name or reference is shortened to what
    the standard allows; an invalid IBAN or BIC prints no code (the IBAN is still printed
    as text) and logs a warning.
    """
    if doc.is_credit_note or doc.is_void:
        return None
    reference = doc.payment.reference or doc.number or ""
    return epc_payload(doc.seller.name, doc.payment, doc.currency, doc.amount_due, reference)


def epc_payload(
    seller_name: str, payment: PaymentDetails, currency: str, amount: Decimal, reference: str
) -> str | None:
    """The EPC payload asking for ``amount`` to ``payment.iban``, or ``None`` for no code.

    Shared by invoices and statements: a code needs euros, an IBAN and a positive amount.
    An overlong name or reference is shortened to what the standard allows; an invalid IBAN
    or BIC gives no code (the IBAN is still printed as text) and logs a warning.
    """
    if currency != "EUR" or not payment.iban.strip() or amount <= Decimal(0):
        return None
    name = " ".join(seller_name.split())[:EPC_NAME_MAX].rstrip()
    text = " ".join(reference.split())[:EPC_TEXT_MAX]
    try:
        return epc_qr_payload(name, payment.iban, amount, bic=payment.bic, text=text)
    except ValidationError as error:
        log.warning("No payment QR code: %s", error)
        return None


def _transpose(rows: list[int] | tuple[int, ...], size: int) -> list[int]:
    lines = [format(row, f"0{size}b") for row in rows]
    return [int("".join(column), 2) for column in zip(*lines, strict=True)]


_FINDER = (0b10111010000, 0b00001011101)  # 1:1:3:1:1 with four light modules on one side


def _runs_penalty(line: int, size: int) -> int:
    """Rule N1 for one row or column: a run of 5 + i modules of one colour scores 3 + i."""
    # Bit k of ``equal``: modules k and k + 1 match; of ``runs``: modules k to k + 4 do.
    # A run of 5 + i modules leaves a block of 1 + i bits in ``runs``, scoring 2 + (1 + i).
    equal = ~(line ^ (line >> 1)) & ((1 << (size - 1)) - 1)
    runs = equal & (equal >> 1) & (equal >> 2) & (equal >> 3)
    return runs.bit_count() + 2 * (runs & ~(runs >> 1)).bit_count()


def _finder_penalty(lines: list[int], size: int) -> int:
    """Rule N3 for all rows (or columns): 40 for each finder-like pattern.

    The lines are joined into one integer, each between four light modules on either side
    (the quiet zone), and the patterns are found at all positions at once.  A pattern's
    dark core cannot reach across the eight light modules between two lines.
    """
    width = size + 8
    joined = 0
    for line in lines:
        joined = (joined << width) | (line << 4)
    full = (1 << (width * len(lines))) - 1
    shifted = [joined >> j for j in range(11)]
    count = 0
    for pattern in _FINDER:
        found = full
        for j, bits in enumerate(shifted):
            found &= bits if pattern >> j & 1 else full ^ bits
        count += found.bit_count()
    return 40 * count


def qr_penalty(rows: list[int], size: int, columns: list[int] | None = None) -> int:
    """Penalty score of a symbol (ISO/IEC 18004 rules N1 to N4); lower is better.

    ``rows`` (and ``columns``, computed when not given) are the modules as integers, the
    first module in the highest bit.
    """
    if columns is None:
        columns = _transpose(rows, size)
    score = sum(_runs_penalty(line, size) for line in chain(rows, columns))
    score += _finder_penalty(rows, size) + _finder_penalty(columns, size)
    # N2: every 2 x 2 block of one colour scores 3.
    pairs = (1 << (size - 1)) - 1
    full = (1 << size) - 1
    for upper, lower in pairwise(rows):
        same_upper = ~(upper ^ (upper >> 1)) & pairs
        same_lower = ~(lower ^ (lower >> 1)) & pairs
        vertical = ~(upper ^ lower) & full
        score += 3 * (same_upper & same_lower & vertical & (vertical >> 1)).bit_count()
    # N4: 10 points for every 5 % the dark share is away from 50 %.
    dark = sum(row.bit_count() for row in rows)
    total = size * size
    return score + 10 * (abs(20 * dark - 10 * total) // total)


def _bits(modules: list[list[bool]]) -> list[int]:
    return [int("".join("1" if m else "0" for m in row), 2) for row in modules]


# GF(256) with the QR polynomial x^8 + x^4 + x^3 + x^2 + 1, as log/antilog tables.
_EXP = [0] * 512
_LOG = [0] * 256
_value = 1
for _power in range(255):
    _EXP[_power] = _value
    _LOG[_value] = _power
    _value <<= 1
    if _value & 0x100:
        _value ^= 0x11D
for _power in range(255, 512):
    _EXP[_power] = _EXP[_power - 255]
_PADDING = (0xEC, 0x11)


@functools.cache
def _generator_logs(count: int) -> tuple[int, ...]:
    """Logs of the Reed-Solomon generator polynomial with ``count`` error codewords.

    The product of ``(x - 2^i)`` for ``i < count``, leading coefficient (1) left out.
    """
    poly = [1]
    for i in range(count):
        factor = _EXP[i]
        poly = [
            a ^ (_EXP[_LOG[b] + _LOG[factor]] if b else 0)
            for a, b in zip([*poly, 0], [0, *poly], strict=True)
        ]
    return tuple(_LOG[c] for c in poly[1:])


def _error_codewords(data: list[int], count: int) -> list[int]:
    """The ``count`` Reed-Solomon error correction codewords of one block."""
    generator = _generator_logs(count)
    remainder = [0] * count
    for byte in data:
        factor = byte ^ remainder[0]
        remainder = [*remainder[1:], 0]
        if factor:
            log = _LOG[factor]
            remainder = [r ^ _EXP[log + g] for r, g in zip(remainder, generator, strict=True)]
    return remainder


def _codewords(code: qrencoder.QRCode) -> list[int]:
    """Data and error correction codewords, interleaved (as ``QRCode.createData``)."""
    blocks = qrencoder.QRRSBlock.getRSBlocks(code.version, code.errorCorrectLevel)
    capacity = sum(block.dataCount for block in blocks)
    buffer = qrencoder.QRBitBuffer()
    for data in code.dataList:
        data.write(buffer, code.version)
    if buffer.getLengthInBits() > capacity * 8:
        raise ValueError(f"{buffer.getLengthInBits()} bits do not fit in version {code.version}")
    if buffer.getLengthInBits() + 4 <= capacity * 8:
        buffer.put(0, 4)  # terminator
    while buffer.getLengthInBits() % 8:
        buffer.putBit(False)
    codewords = list(buffer.buffer)
    codewords += [_PADDING[i % 2] for i in range(capacity - len(codewords))]
    data_blocks, error_blocks, offset = [], [], 0
    for block in blocks:
        data_blocks.append(codewords[offset : offset + block.dataCount])
        offset += block.dataCount
        error_blocks.append(_error_codewords(data_blocks[-1], block.totalCount - block.dataCount))
    return [
        byte
        for column in chain(zip_longest(*data_blocks), zip_longest(*error_blocks))
        for byte in column
        if byte is not None
    ]


@dataclass(frozen=True)
class _Layout:
    """What every symbol of one version shares, built once from ReportLab's encoder.

    Attributes:
        size: Modules per side.
        function_rows: Finder, timing and alignment patterns and the dark module, as
            integer rows (format and version information left light).
        cells: Where each data bit goes, in order: ``(row, bit of that row)``.
        masks: For each of the 8 masks, its dark modules in the data area as
            ``(rows, columns)``.
    """

    size: int
    function_rows: tuple[int, ...]
    cells: tuple[tuple[int, int], ...]
    masks: tuple[tuple[tuple[int, ...], tuple[int, ...]], ...]


_layouts: dict[int, _Layout] = {}


def _layout(version: int) -> _Layout:
    layout = _layouts.get(version)
    if layout is not None:
        return layout
    code = qrencoder.QRCode(version, qrencoder.QRErrorCorrectLevel.M)
    code.dataCache = []  # no data: the data area holds mask 0 alone
    code.makeImpl(True, 0)
    size = code.getModuleCount()
    masks = []
    for pattern in range(8):
        function = qrencoder.QRUtil.getMask(pattern)
        rows = [0] * size
        for column, row in code.dataPosIterator():
            if function(row, column):
                rows[row] |= 1 << (size - 1 - column)
        masks.append((tuple(rows), tuple(_transpose(rows, size))))
    function_rows = tuple(a ^ b for a, b in zip(_bits(code.modules), masks[0][0], strict=True))
    cells = tuple((row, 1 << (size - 1 - column)) for column, row in code.dataPosIterator())
    return _layouts.setdefault(version, _Layout(size, function_rows, cells, tuple(masks)))


@functools.lru_cache(maxsize=64)
def qr_matrix(payload: str) -> tuple[str, ...]:
    """The modules of the QR code of ``payload`` as rows of ``"1"`` (dark) and ``"0"``.

    Byte mode (UTF-8), error correction M, smallest version that fits, best mask.
    """
    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(qrencoder.QR8bitByte(payload))
    code.version = code.calculate_version()
    layout = _layout(code.version)
    size = layout.size
    # The data bits in their places, unmasked, over the function patterns.
    unmasked = list(layout.function_rows)
    cells = iter(layout.cells)
    for byte in _codewords(code):
        for shift in range(7, -1, -1):
            row, bit = next(cells)
            if byte >> shift & 1:
                unmasked[row] |= bit
    unmasked_columns = _transpose(unmasked, size)

    def penalty(pattern: int) -> int:
        mask_rows, mask_columns = layout.masks[pattern]
        rows = [row ^ mask for row, mask in zip(unmasked, mask_rows, strict=True)]
        columns = [c ^ mask for c, mask in zip(unmasked_columns, mask_columns, strict=True)]
        return qr_penalty(rows, size, columns)

    best = min(range(8), key=penalty)
    # The chosen symbol, then its format (and version) information, by the encoder.
    code.moduleCount = size
    code.modules = [
        [c == "1" for c in format(row ^ mask, f"0{size}b")]
        for row, mask in zip(unmasked, layout.masks[best][0], strict=True)
    ]
    code.setupTypeInfo(False, best)
    if code.version >= 7:
        code.setupTypeNumber(False)
    return tuple("".join("1" if m else "0" for m in row) for row in code.modules)


class QrCode(Flowable):
    """A QR code of ``size`` x ``size`` points, quiet zone included, drawn as one path."""

    def __init__(self, payload: str, size: float = QR_SIZE) -> None:
        super().__init__()
        self.rows = qr_matrix(payload)
        self.width = self.height = size

    def wrap(self, _avail_width: float, _avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        module = self.width / (len(self.rows) + 2 * QUIET_ZONE)
        # In module units, y upwards, every run of dark modules in a row is one rectangle;
        # all of them form one path filled at once (no seams between neighbours).
        top = len(self.rows) + QUIET_ZONE
        rects = [
            f"{run.start() + QUIET_ZONE} {top - r - 1} {run.end() - run.start()} 1 re"
            for r, row in enumerate(self.rows)
            for run in re.finditer("1+", row)
        ]
        canvas.saveState()
        canvas.setFillColor(black)
        canvas.scale(module, module)
        canvas.addLiteral("\n".join(rects) + "\nf")
        canvas.restoreState()
