# SPDX-License-Identifier: MIT
"""arapp's own reader of OFX markup, version 1.x (SGML) and 2.x (XML), as a stream.

It reads what banks write rather than what a validator would accept, and never more than a
piece of the file at a time:

* the header: OFX 1.x's ``KEY:VALUE`` lines (``OFXHEADER:100``, ``ENCODING``, ``CHARSET``;
  separated by line ends or blanks) or OFX 2.x's ``<?xml ... encoding="..."?>`` and ``<?OFX ...?>``
  declarations, which name how the text is encoded (US-ASCII with a Windows code page such as
  ``1252``, ISO-8859-1, or UTF-8);
* elements: an element followed by text is a value (``<TRNAMT>12.50``, its end tag optional as
  in SGML); one followed by another tag is an aggregate, which must be ended (``</STMTTRN>``).
  An element with no text whose name is not one of the aggregates arapp knows (:data:`AGGREGATES`)
  counts as an empty value when nothing ends it, so a bank's empty ``<MEMO>`` swallows nothing;
* text: the entities ``&amp; &lt; &gt; &quot; &apos; &nbsp;`` and numeric ones (``&#233;``)
  are read; a lone ``&`` stays as written (``AT&T``); comments, ``CDATA`` sections and processing
  instructions are understood. A document type or entity declaration is refused: no entity is
  ever defined by the file, and nothing outside it is ever read.

Whatever the reader cannot read raises :class:`~.lines.StatementError` with one problem naming
the line. The events go to an :class:`OfxHandler`; see :mod:`.ofx` for the statements.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from typing import Protocol

from arapp.domain.text import replace_unsafe
from arapp.services.bank.lines import StatementError, fail
from arapp.services.transfer.csvfile import PIECE, Source, pieces

#: The aggregates (elements holding other elements) of the statements arapp reads, and those
#: around them. Anything else with no text is read as an empty value unless an end tag says
#: otherwise.
AGGREGATES = frozenset(
    (
        "OFX", "SIGNONMSGSRSV1", "SONRS", "STATUS", "FI", "BANKMSGSRSV1", "CREDITCARDMSGSRSV1",
        "STMTTRNRS", "CCSTMTTRNRS", "STMTRS", "CCSTMTRS", "BANKACCTFROM", "CCACCTFROM",
        "BANKACCTTO", "CCACCTTO", "BANKTRANLIST", "STMTTRN", "PAYEE", "CURRENCY", "ORIGCURRENCY",
        "LEDGERBAL", "AVAILBAL", "BALLIST", "BAL", "IMAGEDATA", "STMTENDTRNRS", "STMTENDRS",
        "CCSTMTENDTRNRS", "CCSTMTENDRS",
    )
)  # fmt: skip
#: A file whose header (everything before its first ``<``) is longer is not OFX.
HEADER_MAX = PIECE
#: Characters of a bad value quoted in a message.
EXCERPT = 160

_NOT_OFX = "This is not an OFX file that can be read"
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9._:-]*)[ \t\r\n]*(/?)>([^<]*)")
_ENTITY = re.compile(r"&(#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z]{2,6});")
_NAMED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'", "nbsp": "\xa0"}
_HEADER_FIELD = re.compile(rb"([A-Za-z]+)[ \t]*:[ \t]*([^\s]*)")
_XML_ENCODING = re.compile(rb"""encoding[ \t\r\n]*=[ \t\r\n]*["']([A-Za-z0-9._-]+)["']""")
_IGNORED_AFTER_END = " \t\r\n\x00\x1a"  # DOS end-of-file marks and padding after </OFX>


def excerpt(text: str) -> str:
    """``text`` on one line, at most :data:`EXCERPT` characters, with its length when cut;
    control characters are shown as U+FFFD."""
    text = replace_unsafe(" ".join(text.split()), "\ufffd")
    return text if len(text) <= EXCERPT else f"{text[:EXCERPT]}… ({len(text):,} characters)"


def not_ofx(reason: str, line: int = 0) -> StatementError:
    """The error of a file this reader cannot read, for ``reason``."""
    return fail(f"{_NOT_OFX}: {reason}", line)


class OfxHandler(Protocol):
    """Told of what the reader finds, in file order. ``line`` is where the tag starts."""

    def start(self, name: str, line: int) -> None:
        """An aggregate starts (``name`` in upper case)."""

    def value(self, name: str, text: str, line: int) -> None:
        """A value: its element's name and its text (entities read, blanks around cut)."""

    def end(self, name: str, line: int) -> None:
        """The innermost aggregate ends."""


def read_markup(source: Source, handler: OfxHandler) -> Iterator[None]:
    """Read ``source`` into ``handler``, yielding after each piece so that the caller can hand
    on what the handler made of it; the events of a piece are told before it yields."""
    chunks = pieces(source)
    head, chunks = _head(chunks)
    encoding, body = _header(head)
    reader = _Markup(handler, head[: len(head) - len(body)].count(b"\n") + 1)
    try:
        decoder = codecs.getincrementaldecoder(encoding)()
    except LookupError:
        raise not_ofx(f"its header names the character set “{excerpt(encoding)}”, which this "
                      "program does not know.", 1) from None  # fmt: skip
    newlines = head.count(b"\n") - body.count(b"\n")
    for chunk in _chain(body, chunks):
        try:
            text = decoder.decode(chunk)
        except UnicodeDecodeError as exc:
            line = newlines + chunk[: max(exc.start, 0)].count(b"\n") + 1
            raise not_ofx(f"the text is not {_codec_name(encoding)}, as its header says "
                          f"(byte 0x{chunk[exc.start]:02X}).", line) from None  # fmt: skip
        newlines += chunk.count(b"\n")
        reader.feed(text)
        yield
    reader.feed(decoder.decode(b"", True))
    reader.close()
    yield


def _chain(first: bytes, rest: Iterator[bytes]) -> Iterator[bytes]:
    if first:
        yield first
    yield from rest


def _head(chunks: Iterator[bytes]) -> tuple[bytes, Iterator[bytes]]:
    """The bytes up to the end of the first tag (or XML declaration) at least, and the pieces
    after."""
    head = b""
    for chunk in chunks:
        head += chunk
        first = head.find(b"<")
        if (first >= 0 and head.find(b">", first) >= 0) or len(head) > HEADER_MAX:
            break
    return head, chunks


def _header(head: bytes) -> tuple[str, bytes]:
    """The codec the header names, and ``head`` from where the markup starts."""
    start = head[3:] if head.startswith(codecs.BOM_UTF8) else head
    first = start.find(b"<")
    if first < 0:
        raise not_ofx("no OFX element (“<OFX>”) was found.")
    header, body = start[:first], start[first:]
    if not header.strip():  # OFX 2.x, or markup without a header
        declaration = body[: body.find(b">") + 1] if body.startswith(b"<?xml") else b""
        found = _XML_ENCODING.search(declaration)
        return (found.group(1).decode("ascii") if found else "utf-8"), body
    fields: dict[str, str] = {}
    for number, line in enumerate(header.split(b"\n"), start=1):
        at = 0
        for match in _HEADER_FIELD.finditer(line):
            key, value = match.group(1).upper().decode(), match.group(2)
            if line[at : match.start()].strip() or len(value) > 40:
                raise _bad_header(line, number)
            fields[key] = value.decode("ascii", "replace").upper()
            at = match.end()
        if line[at:].strip():
            raise _bad_header(line, number)
    if fields.get("OFXHEADER") != "100":
        raise not_ofx("its header does not start with “OFXHEADER:100”.", 1)
    if fields.get("DATA", "OFXSGML") != "OFXSGML":
        raise not_ofx(f"its header says DATA:{fields['DATA']}, not OFXSGML.", 1)
    return _codec(fields.get("ENCODING", "USASCII"), fields.get("CHARSET", "1252")), body


def _bad_header(text: bytes, line: int) -> StatementError:
    shown = excerpt(text.decode("ascii", "replace"))
    return not_ofx(f"its header line “{shown}” is not “KEY:VALUE” as OFX headers are.", line)


def _codec(encoding: str, charset: str) -> str:
    """The codec of an OFX 1.x header's ``ENCODING`` and ``CHARSET``."""
    if encoding in ("UTF-8", "UTF8", "UNICODE"):
        return "utf-8"
    if encoding != "USASCII":
        raise not_ofx(f"its header names the encoding “{excerpt(encoding)}”; this program "
                      "reads USASCII and UTF-8.", 1)  # fmt: skip
    if charset in ("NONE", "", "CSUNICODE"):
        return "cp1252"  # what banks mean by plain text with accents
    name = f"cp{charset}" if charset.isdigit() else charset.lower()
    try:
        return codecs.lookup(name).name
    except LookupError:
        raise not_ofx(f"its header names the character set “{excerpt(charset)}”, which this "
                      "program does not know.", 1) from None  # fmt: skip


def _codec_name(encoding: str) -> str:
    name = codecs.lookup(encoding).name
    return {"utf-8": "UTF-8", "cp1252": "Windows-1252", "iso8859-1": "ISO-8859-1"}.get(name, name)


def unescape(text: str) -> str:
    """``text`` with its entities read; unknown ones and lone ``&`` stay as written."""
    return _ENTITY.sub(_entity, text) if "&" in text else text


def _entity(found: re.Match[str]) -> str:
    name = found.group(1)
    if name[0] != "#":
        return _NAMED.get(name.lower(), found.group(0))
    number = int(name[2:], 16) if name[1] in "xX" else int(name[1:])
    return chr(number) if 0 < number < 0x110000 else found.group(0)


class _Markup:
    """The tag reader: text is fed in pieces; the tail from the last ``<`` waits for more."""

    def __init__(self, handler: OfxHandler, first_line: int) -> None:
        self.handler = handler
        self.buffer = ""
        self.stack: list[tuple[str, bool, int]] = []  # name, known aggregate, line
        self.pending: str | None = None  # a start tag whose content is not yet known
        self.pending_line = 0
        self.text: list[str] = []  # the text after the last tag
        self.started = self.ended = False
        # the line of ``self.buffer``'s position ``self.counted``
        self.line_at, self.counted = first_line, 0

    def line(self, position: int) -> int:
        """The line of ``position`` in the buffer (asked in growing positions)."""
        if position > self.counted:
            self.line_at += self.buffer.count("\n", self.counted, position)
            self.counted = position
        return self.line_at

    def feed(self, text: str, final: bool = False) -> None:
        buffer = self.buffer = self.buffer + text
        position, size = 0, len(buffer)
        match = _TAG.match
        while position < size:
            found = match(buffer, position)
            if found is not None:
                if found.end() == size and not final:  # its text may go on in the next piece
                    break
                self._tag(found.group(1) == "/", found.group(2).upper(), bool(found.group(3)),
                          self.line(position))  # fmt: skip
                self.text.append(found.group(4))
                position = found.end()
                continue
            done = self._special(buffer, position, final)
            if done is None:
                break
            position = done
        self.line(position)
        self.buffer = buffer[position:]
        self.counted = 0

    def _special(self, buffer: str, position: int, final: bool) -> int | None:
        """Read what starts at ``position`` that is not a plain tag; ``None`` when it needs
        the next piece. Returns where reading goes on."""
        if buffer[position] != "<":  # text after a comment, cut by the end of a piece
            return self._text_after(buffer, position)
        for opening, closing in (("<!--", "-->"), ("<![CDATA[", "]]>"), ("<?", "?>")):
            if buffer.startswith(opening, position):
                end = buffer.find(closing, position + len(opening))
                if end < 0:
                    return self._cut(buffer, position, final)
                if opening == "<![CDATA[":  # read as written: its "&" are not entities
                    self.text.append(buffer[position + 9 : end].replace("&", "&amp;"))
                return self._text_after(buffer, end + len(closing))
        after = buffer[position + 1 : position + 2]
        if after == "!":
            if len(buffer) - position < 9 and not final:
                return None
            raise not_ofx("it declares a document type or entities (“<!DOCTYPE” or “<!ENTITY”). "
                          "Bank statements never need that, and it can be used to attack the "
                          "program.", self.line(position))  # fmt: skip
        if after == "/" or after.isalpha():
            end, other = buffer.find(">", position), buffer.find("<", position + 1)
            if end < 0 and other < 0:
                return self._cut(buffer, position, final)
            if end < 0 or 0 <= other < end:
                end = other - 1  # "<NAME" without its ">"
            shown = excerpt(buffer[position : end + 1])
            raise not_ofx(f"“{shown}” is not a tag it can read.", self.line(position))
        if not after and not final:
            return None
        return self._text_after(buffer, position + 1, "<")  # "a < b" in a memo is text

    def _cut(self, buffer: str, position: int, final: bool) -> int | None:
        """``None`` (wait for the next piece), or at the end of the file a problem."""
        if not final:
            return None
        shown = excerpt(buffer[position:])
        raise not_ofx(f"it ends in the middle of “{shown}”.", self.line(position))

    def _text_after(self, buffer: str, position: int, literal: str = "") -> int:
        end = buffer.find("<", position)
        end = len(buffer) if end < 0 else end
        self.text.append(literal + buffer[position:end])
        return end

    def _settle(self, closing: str) -> str:
        """Decide what the pending start tag was, now that the next tag (``closing`` when it is
        an end tag, else "") is met; returns the name of a value it was, else ""."""
        text = "".join(self.text)
        self.text.clear()
        pending, line = self.pending, self.pending_line
        if pending is None:
            if text.strip(_IGNORED_AFTER_END):
                shown = excerpt(unescape(text))
                raise not_ofx(f"it has the text “{shown}” between two tags, where none belongs.",
                              self.line_at)  # fmt: skip
            return ""
        self.pending = None
        if text.strip():
            self.handler.value(pending, unescape(text.strip()), line)
            return pending
        known = pending in AGGREGATES
        if closing == pending and not known:
            self.handler.value(pending, "", line)
            return pending
        if known:  # no aggregate holds one of its own kind
            for name, _, started in self.stack:
                if name == pending:
                    raise not_ofx(f"<{name}> starts again before the one of line {started} is "
                                  "ended.", line)  # fmt: skip
        self.stack.append((pending, known, line))
        if known:
            self.handler.start(pending, line)
        return ""

    def _tag(self, closing: bool, name: str, empty: bool, line: int) -> None:
        valued = self._settle(name if closing else "")
        if self.ended:
            raise not_ofx(f"<{'/' if closing else ''}{name}> follows the end of the OFX element "
                          "(“</OFX>”).", line)  # fmt: skip
        if closing:
            if name != valued:  # else the end tag of the value just told
                self._close(name, line)
            return
        if not self.started:
            if name != "OFX":
                raise not_ofx(f"its first element is <{name}>, not <OFX>.", line)
            self.started = True
        if empty:
            self.handler.value(name, "", line)
        else:
            self.pending, self.pending_line = name, line

    def _close(self, name: str, line: int) -> None:
        stack = self.stack
        for depth in range(len(stack) - 1, -1, -1):
            if stack[depth][0] == name:
                break
        else:
            raise not_ofx(f"</{name}> ends an element that was never started.", line)
        for inner, known, started in stack[depth + 1 :]:
            if known:
                raise not_ofx(f"<{inner}> (line {started}) is not ended before </{name}>.", line)
        del stack[depth + 1 :]
        _, known, _ = stack.pop()
        if known:
            self.handler.end(name, line)
        if not stack:
            self.ended = True

    def close(self) -> None:
        """The end of the file: what is still open is a problem."""
        self.feed("", final=True)
        end = self.line(len(self.buffer))
        self._settle("")
        if not self.started:
            raise not_ofx("no OFX element (“<OFX>”) was found.")
        if self.stack:
            name, _, started = next((s for s in reversed(self.stack) if s[1]), self.stack[-1])
            raise not_ofx(f"it ends before <{name}> (line {started}) is ended.", end)
