# SPDX-License-Identifier: MIT
"""A validation error names its field as a structure, and as the text it always had."""

from __future__ import annotations

from arapp.domain.errors import FieldRef, ValidationError


def test_a_line_field_reads_as_its_parts_and_as_the_old_text():
    error = ValidationError(FieldRef.of_line(3, "quantity"), "Line 3: no quantity.")
    assert (error.ref.name, error.ref.line, error.ref.part) == ("lines", 3, "quantity")
    assert error.field == str(error.ref) == "lines[3].quantity"
    assert str(error) == "Line 3: no quantity."
    assert repr(error) == (
        "ValidationError(field='lines[3].quantity', message='Line 3: no quantity.')"
    )


def test_a_plain_field_given_as_text_is_a_ref_without_a_line():
    error = ValidationError("email", "Give an e-mail address.")
    assert error.ref == FieldRef("email") and error.ref.line is None
    assert error.field == "email"
    assert str(FieldRef("lines", 2)) == "lines[2]"
