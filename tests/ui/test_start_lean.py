# SPDX-License-Identifier: MIT
"""A start on books that already have a company pays only for the first screen: in a fresh
process, neither the demo company's code, the company dialog, the detail pane's page (its
panels, made when a customer is first shown) and dialogs, the recurring billing (books without
an active template) nor (on SQLite books) the PostgreSQL dialect is imported, and the reads
every start makes before the window (the company, recurring billing) do not configure the ORM's
mappers (0.2-0.3 s) on the GUI thread nor read a locale's data. Books with a template due are
still billed at start."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from arapp.app import open_books
from arapp.services import customers as cust
from arapp.services.company import CompanyProfile, save_company
from arapp.services.invoices import LineDraft
from arapp.services.recurring import RecurringInput, save_template


def _books(tmp_path: Path, *, template: bool = False) -> str:
    path = tmp_path / "books.sqlite3"
    books = open_books(str(path))
    profile = CompanyProfile(
        name="Lean Shop", currency="EUR", locale="de_DE", country="DE",
        address="Hauptstraße 1\n10115 Berlin",
    )  # fmt: skip
    save_company(books.ctx, profile)
    if template:
        customer = cust.create_customer(books.ctx, cust.CustomerInput(name="Brightside Cafés"))
        lines = (LineDraft("Monthly maintenance", "1", "120.00"),)
        first = books.ctx.today().replace(day=1)  # the start bills this month once
        save_template(
            books.ctx,
            RecurringInput(customer.id, "Maintenance", "monthly", first, lines=lines),
        )
    books.ctx.db.dispose()
    return str(path)


def _run(script: str, tmp_path: Path) -> list[object]:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "ARAPP_HOME": str(tmp_path / "home"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "ARAPP_READY_FILE": str(tmp_path / "ready.json"),
    }
    env.pop("ARAPP_DB", None)
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr
    result: list[object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_a_start_imports_no_demo_no_company_dialog_and_no_postgresql(tmp_path: Path) -> None:
    books = _books(tmp_path)
    script = f"""
import json, sys
from arapp.cli import main
code = main(["--db", {books!r}, "gui"])  # the ready file makes it quit once usable
unwanted = ("arapp.services.demo", "arapp.services.demo_data", "arapp.ui.company_dialog",
            "sqlalchemy.dialects.postgresql", "arapp.ui.customers.plan_dialog",
            "arapp.ui.customers.contact_dialog", "arapp.ui.reminders.holds",
            "arapp.services.recurring", "arapp.services.lifecycle",
            "arapp.ui.customers.account_panel", "arapp.ui.customers.collections_panel",
            "arapp.ui.plans", "arapp.ui.customers.note_dialog", "arapp.ui.send_documents")
print(json.dumps([code, sorted(m for m in unwanted if m in sys.modules),
                  "arapp.ui.main_window" in sys.modules]))
"""
    code, imported, window = _run(script, tmp_path)
    assert code == 0
    assert imported == []
    assert window is True  # the start did reach the window


def test_the_first_screen_configures_the_mappers_on_a_worker_only(tmp_path: Path) -> None:
    """The window opens on the Insight tab: the customer list reads no page of rows until its
    tab is shown, and the first ORM query, which configures every mapper (0.03 s), is the
    Insight figures' on their worker, never on the GUI thread."""
    books = _books(tmp_path)
    ctx = open_books(books).ctx
    for name in ("Brightside Cafés", "Corner Shop"):
        cust.create_customer(ctx, cust.CustomerInput(name=name))
    ctx.db.dispose()
    script = f"""
import json, sys, threading
from arapp.cli import main
from arapp.db.models import Customer
from arapp.services import customer_list
mappers = sys.modules["sqlalchemy.orm.mapper"]
configure, on_gui = mappers._do_configure_registries, []
def watched(*args, **kwargs):
    on_gui.append(threading.current_thread() is threading.main_thread())
    return configure(*args, **kwargs)
mappers._do_configure_registries = watched
read = []
rows = customer_list.customer_rows  # before the window's model takes it
customer_list.customer_rows = lambda ctx, ids, *rest: read.append(len(ids)) or rows(ctx, ids, *rest)
code = main(["--db", {books!r}, "gui"])
print(json.dumps([code, read, on_gui, Customer.__mapper__.configured]))
"""
    code, read, on_gui, configured = _run(script, tmp_path)
    assert code == 0
    assert read == []  # the Customers tab is not shown: no page of rows read
    assert on_gui == [False] and configured is True  # by the Insight tab's worker


def test_the_reads_before_the_window_leave_the_mappers_unconfigured(tmp_path: Path) -> None:
    books = _books(tmp_path)
    script = f"""
import json
import babel.localedata
from arapp.app import open_books
from arapp.db.models import Company
from arapp.services.company import get_company, has_company
from arapp.services.recurring import run_recurring
loaded = []
load = babel.localedata.get_locale_data
babel.localedata.get_locale_data = lambda name: loaded.append(name) or load(name)
ctx = open_books({books!r}).ctx
found, company, billed = has_company(ctx), get_company(ctx), run_recurring(ctx)
print(json.dumps([found, company.name, company.locale, company.address, list(billed.created),
                  Company.__mapper__.configured, loaded]))
"""
    found, name, locale, address, billed, configured, loaded = _run(script, tmp_path)
    assert (found, name, locale, address, billed) == (
        True, "Lean Shop", "de_DE", "Hauptstraße 1\n10115 Berlin", []
    )  # fmt: skip
    assert configured is False
    # Its own country is not printed, so not named: no locale's data is read (0.03 s).
    assert loaded == []


def test_a_start_bills_the_recurring_invoices_due(tmp_path: Path) -> None:
    books = _books(tmp_path, template=True)
    script = f"""
import json, sqlite3, sys
from arapp.cli import main
code = main(["--db", {books!r}, "gui"])
with sqlite3.connect({books!r}) as conn:
    billed = conn.execute("SELECT count(*) FROM invoice").fetchone()[0]
print(json.dumps([code, billed, "arapp.services.recurring" in sys.modules]))
"""
    assert _run(script, tmp_path) == [0, 1, True]
