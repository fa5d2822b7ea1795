# SPDX-License-Identifier: MIT
"""Help ▸ About's licences (issue 16, item 7): read from the installed packages and the
e-invoice rules' own files, never from the network."""

from __future__ import annotations

from arapp.licences import bundled_packages, rules_notices


def test_the_bundled_packages_and_their_licences() -> None:
    packages = bundled_packages()
    assert packages[0].name == "arapp" and packages[0].licence == "MIT"
    by_name = {p.name.lower().replace("_", "-"): p for p in packages}
    assert "sqlalchemy" in by_name and "pyside6-essentials" in by_name
    assert "LGPL" in by_name["pyside6-essentials"].licence
    assert "psycopg" in by_name  # the PostgreSQL driver the installers bring
    assert "pytest" not in by_name  # the test tools are not bundled
    assert all(p.licence for p in packages)


def test_the_e_invoice_rules_notices() -> None:
    names = [name for name, _text in rules_notices()]
    assert "peppol/NOTICE.txt" in names and "xrechnung/NOTICE.txt" in names
    assert all(text.strip() for _name, text in rules_notices())
