# SPDX-License-Identifier: MIT
"""The child process that runs the rule XSLTs with Saxon-HE (``saxonche``).

Saxon-HE for Python is a native GraalVM image: when it fails badly it aborts the whole process,
which no ``try`` can catch. So it runs here, in a process of its own that
:class:`arapp.einvoice.engine.RuleEngine` starts as ``python -P saxon_child.py``, talks to over
its standard input and output, and starts again if it dies. This file imports nothing of arapp's
(it runs as a script): the child needs only Saxon.

The protocol: one request, then one answer, each a frame of a 4-byte big-endian length and that
many bytes of UTF-8 JSON.

``{"run": stylesheet_path, "xml": xml_text}``
    -> ``{"ok": svrl_text}`` or ``{"error": message}``
``{"quit": true}`` (or the end of the input)
    -> the child exits.

Each stylesheet is compiled once, on first use, and kept for the child's life. Stylesheets may
read local files (the Factur-X code lists) but never reach the network.
"""

from __future__ import annotations

import json
import os
import struct
import sys
from typing import Any, BinaryIO

_HEADER = struct.Struct(">I")

#: In a frozen build (one program, no Python to run this script with) the child is the program
#: itself started with this first argument; ``arapp.__main__`` hands it to :func:`main`.
FROZEN_ARGUMENT = "--arapp-einvoice-rule-engine"


def read_frame(stream: BinaryIO) -> Any:
    """The next message on ``stream``, or ``None`` at its end."""
    header = stream.read(_HEADER.size)
    if len(header) < _HEADER.size:
        return None
    (size,) = _HEADER.unpack(header)
    body = stream.read(size)
    if len(body) < size:
        return None
    return json.loads(body.decode("utf-8"))


def write_frame(stream: BinaryIO, message: Any) -> None:
    body = json.dumps(message, ensure_ascii=False).encode("utf-8")
    stream.write(_HEADER.pack(len(body)) + body)
    stream.flush()


def serve(requests: BinaryIO, answers: BinaryIO) -> None:
    """Answer ``requests`` until told to quit or the input ends."""
    try:
        from saxonche import PySaxonProcessor

        processor: Any = PySaxonProcessor(license=False)
        processor.set_configuration_property("http://saxon.sf.net/feature/allowedProtocols", "file")
        broken = ""
    except Exception as exc:  # answered on every request: the parent reports "could not run"
        processor, broken = None, f"the XSLT engine could not start ({type(exc).__name__}: {exc})"
    compiled: dict[str, Any] = {}
    while True:
        request = read_frame(requests)
        if request is None or request.get("quit"):
            return
        if processor is None:
            write_frame(answers, {"error": broken})
            continue
        stylesheet = request["run"]
        try:
            executable = compiled.get(stylesheet)
            if executable is None:
                executable = processor.new_xslt30_processor().compile_stylesheet(
                    stylesheet_file=stylesheet
                )
                compiled[stylesheet] = executable
            node = processor.parse_xml(xml_text=request["xml"])
            report = executable.transform_to_string(xdm_node=node)
        except Exception as exc:
            write_frame(answers, {"error": f"{type(exc).__name__}: {exc}"})
            continue
        if report is None:
            write_frame(answers, {"error": "the rules wrote no report"})
        else:
            write_frame(answers, {"ok": report})


def main() -> None:
    # The answers go to a private copy of standard output; whatever the native engine prints
    # goes to standard error instead, so it can never corrupt a frame.
    answers = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    serve(sys.stdin.buffer, answers)


if __name__ == "__main__":
    main()
