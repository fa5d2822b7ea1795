# SPDX-License-Identifier: MIT
"""The Today page of the Collections tab: ranked overdue customers, promises that hold
reminders, credit hold, and "Nothing here" when a section is empty."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtWidgets import QDialog, QInputDialog

from arapp.services.customers import add_log_entry, get_customer
from arapp.services.reminders.run import plan_run
from arapp.ui.customers.note_dialog import NoteDialog
from arapp.ui.display import DisplaySource
from arapp.ui.reminders import today as today_module
from arapp.ui.reminders.holds import HoldDialog
from arapp.ui.reminders.today import LOADING, NOT_READ, NOTHING, TodayPage
from tests.helpers.books import TODAY, customer, overdue_invoice


def _page(qtbot, ctx) -> TodayPage:  # type: ignore[no-untyped-def]
    page = TodayPage(ctx, DisplaySource(ctx))
    qtbot.addWidget(page)
    page.resize(1100, 800)
    page.show()
    qtbot.waitUntil(lambda: page.data is not None and not page.loading)
    return page


def _reload(qtbot, page: TodayPage) -> None:
    page.data = None
    page.reload()
    qtbot.waitUntil(lambda: page.data is not None and not page.loading)


def test_empty_books_say_nothing_here(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, ctx)
    for section in (page.overdue, page.promises, page.disputes, page.plans, page.follow_ups):
        assert section.empty.isVisible() and section.empty.text() == NOTHING
        assert not section.table.isVisible()
    assert page.waiting.text() == NOTHING


def _sections(page: TodayPage) -> list[tuple[bool, str, bool]]:
    """Per section: table shown, the text under it, any button enabled."""
    return [
        (
            s.table.isVisible(),
            s.empty.text() if s.empty.isVisible() else "",
            any(
                s.buttons.itemAt(i).widget().isEnabled()
                for i in range(s.buttons.count())
                if s.buttons.itemAt(i).widget() is not None
            ),
        )
        for s in page.sections()
    ]


def test_the_page_says_loading_until_its_data_has_arrived(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    """Never a false "Nothing here" while the read is on its way; the real content after."""
    customer_id = customer(ctx, "Late Payer", "late@x.example")
    overdue_invoice(ctx, customer_id, 40, "120.00")
    page = TodayPage(ctx, DisplaySource(ctx))
    qtbot.addWidget(page)
    page.resize(1100, 800)
    page.show()  # starts the read; its result arrives through the event loop
    assert page.loading and page.data is None
    assert _sections(page) == [(False, LOADING, False)] * 5
    assert page.waiting.text() == LOADING
    qtbot.waitUntil(lambda: page.data is not None and not page.loading)
    overdue, *others = _sections(page)
    assert overdue == (True, "", True)
    assert page.overdue.table.item(0, 0).text() == "Late Payer"
    assert others == [(False, NOTHING, False)] * 4
    assert LOADING not in page.waiting.text()


def test_a_failed_first_read_does_not_say_nothing_here(qtbot, ctx, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def broken(*_args: object) -> None:
        raise RuntimeError("the disk is gone")

    monkeypatch.setattr(today_module, "load_today", broken)
    page = TodayPage(ctx, DisplaySource(ctx))
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: not page.loading)
    assert page.message.text() == "Today's work could not be read: the disk is gone"
    assert _sections(page) == [(False, NOT_READ, False)] * 5
    assert page.waiting.text() == NOT_READ


def test_overdue_customers_ranked_by_amount_times_days(qtbot, ctx, shots) -> None:  # type: ignore[no-untyped-def]
    small_old = customer(ctx, "Small but old", "a@x.example")
    big_new = customer(ctx, "Big and new", "b@x.example")
    middling = customer(ctx, "Middling", "")
    overdue_invoice(ctx, small_old, days_late=90, amount="50")  # 4500; oldest first
    overdue_invoice(ctx, middling, days_late=20, amount="100")  # 2000
    overdue_invoice(ctx, big_new, days_late=5, amount="2000")  # 10000
    page = _page(qtbot, ctx)
    names = [page.overdue.table.item(r, 0).text() for r in range(page.overdue.table.rowCount())]
    assert names == ["Big and new", "Small but old", "Middling"]
    assert page.overdue.table.item(1, 5).text() == "hold suggested"
    assert page.overdue.table.item(0, 5).text() == ""
    assert "3 reminders are due now." in page.waiting.text()
    page.grab().save(str(shots / "today-page.png"))


def test_promise_through_the_window_holds_the_reminder(qtbot, ctx, answer_modal) -> None:  # type: ignore[no-untyped-def]
    acme = customer(ctx, "Acme Ltd", "ap@acme.example")
    overdue_invoice(ctx, acme, days_late=10)
    assert len(plan_run(ctx)) == 1
    page = _page(qtbot, ctx)
    page.overdue.table.selectRow(0)

    def fill(dialog: QDialog) -> None:
        assert isinstance(dialog, HoldDialog)
        promised = TODAY + timedelta(days=5)
        dialog.until.setDate(promised)
        qtbot.keyClicks(dialog.note, "Pays on Friday")
        dialog.save()

    answer_modal(fill)
    page.record_hold("promise")
    assert plan_run(ctx) == []
    assert "Promise recorded" in page.message.text()
    _reload(qtbot, page)
    assert page.promises.empty.isVisible()  # due in five days: not today's business yet
    log = get_customer(ctx, acme).log
    assert any("Promise to pay" in e.summary for e in log)


def test_broken_promise_and_dispute_show(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    from arapp.services.reminders.holds import open_dispute, record_promise

    acme = customer(ctx, "Acme Ltd", "ap@acme.example")
    second = overdue_invoice(ctx, acme, days_late=12)  # oldest first: numbers follow dates
    first = overdue_invoice(ctx, acme, days_late=10)
    record_promise(ctx, first, TODAY, "today")
    open_dispute(ctx, second, "Wrong quantity")
    page = _page(qtbot, ctx)
    assert page.promises.table.item(0, 4).text() == "due today"
    assert page.disputes.table.item(0, 3).text() == "Wrong quantity"


def test_put_on_hold(qtbot, ctx, answer_modal) -> None:  # type: ignore[no-untyped-def]
    acme = customer(ctx, "Acme Ltd", "ap@acme.example")
    overdue_invoice(ctx, acme, days_late=70)
    page = _page(qtbot, ctx)
    page.overdue.table.selectRow(0)

    def reason(dialog: QDialog) -> None:
        assert isinstance(dialog, QInputDialog)
        dialog.setTextValue("70 days late")
        dialog.accept()

    answer_modal(reason)
    page.put_on_hold()
    assert get_customer(ctx, acme).customer.status.value == "credit_hold"
    assert page.message.text() == "Acme Ltd is on credit hold."
    _reload(qtbot, page)
    assert page.overdue.table.item(0, 5).text() == "on credit hold"  # no longer suggested


def test_hand_to_agency_writes_the_package_and_logs_it(qtbot, ctx, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import zipfile

    late = customer(ctx, "Gone Quiet Ltd", "q@x.example")
    overdue_invoice(ctx, late, days_late=80, amount="300")
    page = _page(qtbot, ctx)
    page.overdue.table.selectRow(0)
    target = tmp_path / "agency.zip"
    page.hand_to_agency(str(target))
    names = set(zipfile.ZipFile(target).namelist())
    assert {"open_items.csv", "contact_log.csv"} <= names
    assert any(n.endswith(".pdf") for n in names)
    assert "handed to the agency" in page.message.text()
    log = [e.summary for e in get_customer(ctx, late).log]
    assert any("collections agency" in text for text in log)


def test_call_with_a_follow_up_comes_back_until_done(qtbot, ctx, answer_modal, shots) -> None:  # type: ignore[no-untyped-def]
    acme = customer(ctx, "<b>Acme</b> & Co", "ap@acme.example")
    overdue_invoice(ctx, acme, days_late=10)
    add_log_entry(ctx, acme, "Send the signed copy", "email", follow_up=TODAY)
    page = _page(qtbot, ctx)
    rows = page.follow_ups.table
    assert [rows.item(0, c).text() for c in range(4)] == [
        "<b>Acme</b> & Co", "Nov 23, 2026", "email", "Send the signed copy"
    ]  # fmt: skip
    page.overdue.table.selectRow(0)

    def call(dialog: QDialog) -> None:
        assert isinstance(dialog, NoteDialog) and dialog.kind.currentText() == "call"
        dialog.save()  # nothing written yet: stays open and says why
        assert dialog.form.error_for("summary").text() == "Write what happened."
        qtbot.keyClicks(dialog.summary, "Will pay after the copy")
        dialog.follow_up.check.setChecked(True)
        dialog.follow_up.date.setDate(TODAY + timedelta(days=2))
        dialog.save()

    answer_modal(call)
    page.add_note()
    assert page.message.text() == "Logged with <b>Acme</b> & Co; follow up on Nov 25, 2026."
    entry = get_customer(ctx, acme).log[0]
    assert (entry.kind, entry.follow_up) == ("call", TODAY + timedelta(days=2))
    _reload(qtbot, page)
    assert rows.rowCount() == 1  # the new one is due in two days
    rows.selectRow(0)
    page.follow_up_done()
    assert page.message.text() == "Follow-up with <b>Acme</b> & Co done."
    _reload(qtbot, page)
    assert page.follow_ups.empty.isVisible() and not rows.isVisible()
    page.grab().save(str(shots / "today-follow-ups.png"))


def test_a_partly_kept_promise_shows_what_came_in(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    from datetime import timedelta

    from arapp.services.payments import PaymentInput, record_payment
    from arapp.services.reminders.holds import record_promise

    acme = customer(ctx, "Acme Ltd", "ap@acme.example")
    first = overdue_invoice(ctx, acme, days_late=20, amount="400")
    second = overdue_invoice(ctx, acme, days_late=10, amount="350")
    record_promise(ctx, (first, second), TODAY + timedelta(days=2), amount="500")
    record_payment(ctx, PaymentInput(acme, TODAY, "300", allocations=((first, "300"),)))
    ctx.today = lambda: TODAY + timedelta(days=3)
    page = _page(qtbot, ctx)
    row = [page.promises.table.item(0, c).text() for c in range(5)]
    assert row == [
        "Acme Ltd", "INV-2026-00001, INV-2026-00002", "Nov 25, 2026", "€450.00",
        "Partly kept: €300.00 of €500.00",
    ]  # fmt: skip


def test_what_waits_in_the_outbox_is_counted_and_linked(qtbot, ctx, shots) -> None:  # type: ignore[no-untyped-def]
    """E-mails queued without a mail account are never a "Nothing here"; the count links to
    the Outbox, and the customer marked for the agency is not among what waits."""
    from dataclasses import replace

    from arapp.services.reminders.sending import queue_only

    people = [(customer(ctx, name, email), days) for name, email, days in (
        ("Anna", "a@x.example", 10), ("Bert", "b@x.example", 12), ("Cleo", "", 14),
        ("Dora", "d@x.example", 50),
    )]  # fmt: skip
    for who, days in reversed(people):  # oldest first: numbers follow dates
        overdue_invoice(ctx, who, days_late=days)
    due = [
        replace(d, channel="flag", recipient="") if d.customer_name == "Dora" else d
        for d in plan_run(ctx)
    ]
    queue_only(ctx, due, TODAY, "No mail server is set.")
    page = _page(qtbot, ctx)
    page.resize(1366, 768)
    assert page.waiting.text() == (
        "Reminders in the Outbox: 2 e-mails queued, not sent, 1 letter to print."
    )
    assert page.reminders.link.isVisible()
    assert "Open the Outbox (3 waiting)" in page.reminders.link.text()
    assert page.reminders.account.text() == (
        "2 e-mails cannot be sent: No mail server is set. Set up the account in "
        "Tools ▸ Settings ▸ E-mail."
    )
    with qtbot.waitSignal(page.outbox_requested, timeout=1_000):
        page.reminders.link.linkActivated.emit("outbox")
    page.grab().save(str(shots / "today-outbox.png"))


def test_reminders_due_count_messages_and_the_agency_apart(qtbot, ctx, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import replace

    anna = customer(ctx, "Anna", "a@x.example")
    overdue_invoice(ctx, customer(ctx, "Dora", "d@x.example"), days_late=50)  # oldest first
    for days in (12, 10):
        overdue_invoice(ctx, anna, days_late=days)

    def planned(ctx, as_of=None, **options):  # type: ignore[no-untyped-def]
        return [
            replace(d, channel="flag", recipient="") if d.customer_name == "Dora" else d
            for d in plan_run(ctx, as_of, **options)
        ]

    monkeypatch.setattr(today_module, "plan_run", planned)
    page = _page(qtbot, ctx)
    assert page.waiting.text() == (
        "2 reminders are due now (3 invoices).\n"
        "Of these, 1 is a customer to hand to the collections agency (you decide in Run "
        "reminders…)."
    )
    assert not page.reminders.link.isVisible()  # nothing waits in the Outbox
