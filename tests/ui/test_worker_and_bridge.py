# SPDX-License-Identifier: MIT
"""The background helper and the event bridge: results and events arrive on the GUI thread."""

from __future__ import annotations

import os
import sys
import threading

import pytest
import shiboken6
from PySide6.QtCore import QObject, QThread, QThreadPool
from PySide6.QtWidgets import QApplication

from arapp.services.customers import CustomerInput, create_customer
from arapp.services.events import Change, Entity, Event, EventBus
from arapp.ui.bridge import EventBridge
from arapp.ui.worker import UNWAITED_NICE, run_in_background, unwaited_pool


def on_gui_thread() -> bool:
    return QThread.currentThread() is QApplication.instance().thread()


def test_result_is_delivered_on_the_gui_thread(qtbot):
    parent = QObject()
    seen: dict[str, object] = {}

    def operation() -> int:
        seen["worker_thread"] = threading.get_ident()
        return 42

    def done(result: int) -> None:
        seen["result"] = result
        seen["gui"] = on_gui_thread()

    op = run_in_background(parent, operation, done, lambda exc: seen.setdefault("failed", exc))
    with qtbot.waitSignal(op.done, timeout=5_000):
        pass
    assert seen["result"] == 42
    assert seen["gui"] is True
    assert seen["worker_thread"] != threading.get_ident()
    assert "failed" not in seen


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="nice values are Linux's")
def test_work_nobody_waits_for_runs_at_a_lower_priority(qtbot):
    """Linux ignores Qt's thread priorities: the unwaited thread is made nicer instead, and so
    are the threads it starts; the ordinary workers keep the program's priority."""
    parent = QObject()
    seen: dict[str, int] = {}

    def nice() -> int:
        return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())

    def started_by_it() -> int:
        found: list[int] = []
        helper = threading.Thread(target=lambda: found.append(nice()))
        helper.start()
        helper.join()
        return found[0]

    ordinary = run_in_background(parent, nice, lambda n: seen.setdefault("ordinary", n))
    with qtbot.waitSignal(ordinary.done, timeout=5_000):
        pass
    low = run_in_background(
        parent, lambda: (nice(), started_by_it()), lambda n: seen.update(low=n[0], helper=n[1]),
        pool=unwaited_pool(),
    )  # fmt: skip
    with qtbot.waitSignal(low.done, timeout=5_000):
        pass
    assert seen["ordinary"] == nice()
    assert seen["low"] == max(nice(), UNWAITED_NICE)
    assert seen["helper"] == seen["low"]


def test_an_exception_is_delivered_as_failure(qtbot):
    parent = QObject()
    failures: list[Exception] = []
    successes: list[object] = []

    def operation() -> None:
        raise ValueError("the file is not a CSV export")

    def failed(exc: Exception) -> None:
        assert on_gui_thread()
        failures.append(exc)

    op = run_in_background(parent, operation, successes.append, failed)
    with qtbot.waitSignal(op.done, timeout=5_000):
        pass
    assert [str(e) for e in failures] == ["the file is not a CSV export"]
    assert successes == []


def test_a_result_for_a_destroyed_parent_is_dropped(qtbot):
    parent = QObject()
    gate = threading.Event()
    called: list[object] = []
    op = run_in_background(parent, gate.wait, called.append, called.append)
    parent.deleteLater()
    qtbot.waitUntil(lambda: not _alive(parent) and not _alive(op))
    gate.set()  # the worker finishes only now, with nobody left to tell
    qtbot.wait(100)
    assert called == []


def _alive(obj: QObject) -> bool:
    try:
        obj.objectName()
    except RuntimeError:
        return False
    return True


def test_a_service_run_in_the_background_refreshes_the_table(main_window, qtbot):
    ctx = main_window.ctx
    run_in_background(
        main_window, lambda: create_customer(ctx, CustomerInput(name="Zoë")), lambda _r: None
    )
    model = main_window.customers.model
    qtbot.waitUntil(lambda: model.rowCount() == 1, timeout=5_000)
    assert model.index(0, 1).data() == "Zoë"
    # The status bar counts on a worker of its own (it may arrive just after the table).
    qtbot.waitUntil(lambda: main_window.count_label.text() == "1 customer", timeout=5_000)


def test_bridge_delivers_events_queued_on_the_gui_thread(qtbot):
    bus = EventBus()
    bridge = EventBridge(bus)
    received: list[tuple[Event, bool]] = []
    bridge.changed.connect(lambda event: received.append((event, on_gui_thread())))

    bus.emit(Change.CUSTOMER_UPDATED, Entity.CUSTOMER, 7)
    assert received == []  # queued: after the service call has returned
    qtbot.waitUntil(lambda: len(received) == 1)

    worker = threading.Thread(target=bus.emit, args=(Change.CUSTOMER_CREATED, Entity.CUSTOMER, 8))
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: len(received) == 2)
    assert received == [
        (Event(Change.CUSTOMER_UPDATED, Entity.CUSTOMER, (7,)), True),
        (Event(Change.CUSTOMER_CREATED, Entity.CUSTOMER, (8,)), True),
    ]

    bridge.close()
    bus.emit(Change.CUSTOMER_UPDATED, Entity.CUSTOMER, 9)
    qtbot.wait(50)
    assert len(received) == 2
    bridge.close()  # twice is harmless


@pytest.mark.parametrize("count", [50])
def test_many_operations_each_deliver_once(qtbot, count):
    parent = QObject()
    results: list[int] = []
    for n in range(count):
        run_in_background(parent, lambda n=n: n * n, results.append)
    qtbot.waitUntil(lambda: len(results) == count, timeout=5_000)
    assert sorted(results) == [n * n for n in range(count)]


def test_parents_deleted_while_their_workers_finish(qtbot, qapp):
    # A window closed just as its worker finishes: the worker must never emit on an object the
    # GUI thread is deleting at that moment (that aborts the process). Results are dropped.
    delivered: list[object] = []
    for _ in range(3000):
        parent = QObject()
        gate = threading.Event()
        run_in_background(parent, gate.wait, delivered.append)
        gate.set()  # the worker finishes now, while ...
        shiboken6.delete(parent)  # ... the GUI thread deletes the parent and its op
    QThreadPool.globalInstance().waitForDone(5_000)
    qapp.processEvents()
    assert delivered == []
