# SPDX-License-Identifier: MIT
"""The command line in the person's language (``ARAPP_LANGUAGE``, as the window): its messages,
tables and help in German and French, argparse's own words too; CSV output, option names and
exit codes stay exactly as in English; and under the pseudo-translation no English word is left
unmarked in what the table-printing commands print (only data from the books)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from arapp.i18n import PSEUDO_CLOSE, PSEUDO_OPEN, use_language
from tests.helpers.cli import run, run_process


@pytest.fixture(autouse=True)
def english_afterwards() -> Iterator[None]:
    """``run`` chooses the language in this process: the tests after these read English."""
    yield
    use_language("en")


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    db = tmp_path / "shop.sqlite3"
    assert run("init", "--name", "Zephyr Widgets", db=db).returncode == 0
    assert run("customer", "add", "--name", "Quixby Ltd", "--code", "QUIX", db=db).returncode == 0
    assert run("tax", "add", "VAT 20%", "20", db=db).returncode == 0
    assert run("product", "add", "Bolt", "0.35", "--tax", "VAT 20%", db=db).returncode == 0
    for day in ("2026-09-01", "2026-10-01"):
        made = run("invoice", "new", "--customer", "QUIX", "--line", "Bolts;100;0.35;VAT 20%",
                   "--issue", "--date", day, db=db)  # fmt: skip
        assert made.returncode == 0, made.stderr
    assert run("invoice", "new", "--customer", "QUIX", "--line", "Nuts;1;5", db=db).returncode == 0
    paid = run("payment", "record", "QUIX", "10.00", "--date", "2026-10-05",
               "--invoice", "INV-2026-00001=10.00", db=db)  # fmt: skip
    assert paid.returncode == 0, paid.stderr
    return db


#: Commands whose CSV is read by other programs: the same bytes in every language.
CSV_COMMANDS = (
    ("customer", "list", "--format", "csv"),
    ("invoice", "list", "--format", "csv"),
    ("report", "aging", "--format", "csv", "--as-of", "2026-11-30"),
    ("report", "kpis", "--format", "csv", "--as-of", "2026-11-30"),
    ("report", "forecast", "--format", "csv", "--as-of", "2026-11-30"),
    ("alerts", "--format", "csv", "--as-of", "2026-11-30"),
    ("export", "invoices", "-"),
)

#: A word of each language that only the translation prints, per command.
WORDS = {
    "de": {
        ("customer", "list"): "Zahlungsziel",
        ("invoice", "list"): "Nummer",
        ("customer", "show", "QUIX"): "Sprache:",
        ("tax", "list"): "zuzüglich",
        ("report", "aging", "--as-of", "2026-11-30"): "nach Fälligkeitsdatum",
        ("report", "kpis", "--as-of", "2026-11-30"): "Forderungslaufzeit (DSO)",
        ("payment", "record", "QUIX", "1.00"): "Zahlung 2: 1.00 EUR von QUIX.",
    },
    "fr": {
        ("customer", "list"): "conditions",
        ("invoice", "list"): "numéro",
        ("customer", "show", "QUIX"): "langue\u00a0:",
        ("tax", "list"): "hors taxe",
        ("report", "aging", "--as-of", "2026-11-30"): "par date d’échéance",
        ("report", "kpis", "--as-of", "2026-11-30"): "Délai moyen de paiement (DSO)",
        ("payment", "record", "QUIX", "1.00"): "Paiement 2\u00a0: 1.00 EUR de QUIX.",
    },
}


@pytest.mark.parametrize("language", ["de", "fr"])
def test_the_command_line_speaks_the_language_and_its_csv_stays_english(
    shop: Path, language: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    english = {args: run(*args, db=shop) for args in CSV_COMMANDS}
    monkeypatch.setenv("ARAPP_LANGUAGE", language)
    for args, expected in english.items():
        got = run(*args, db=shop)
        assert (got.returncode, got.stdout) == (expected.returncode, expected.stdout), args
    assert english[CSV_COMMANDS[1]].stdout.startswith("number,customer,issue_date,due_date,")
    for args, word in WORDS[language].items():
        result = run(*args, db=shop)
        assert result.returncode == 0, result.stderr
        assert word in result.stdout, (args, result.stdout)
    refused = run("customer", "promise", "QUIX", "--by", "2026-12-01", "--invoice",
                  "INV-2026-00009", db=shop)  # fmt: skip
    assert refused.returncode == 1  # a refusal keeps its exit code in every language


@pytest.mark.parametrize(
    ("language", "usage", "error", "words"),
    [
        ("de", "Aufruf: arapp", "arapp: Fehler: unbekannte Argumente: --bogus",
         ("Optionen:", "älteste zuerst")),
        ("fr", "utilisation\u00a0: arapp",
         "arapp\u00a0: erreur\u00a0: arguments non reconnus\u00a0: --bogus",
         ("options:", "les plus anciennes d’abord")),
    ],
)  # fmt: skip
def test_help_and_argparse_errors_in_the_language_as_a_real_process(
    language: str, usage: str, error: str, words: tuple[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ARAPP_LANGUAGE", language)
    helped = run_process("invoice", "list", "--help")
    assert helped.returncode == 0
    assert helped.stdout.startswith(usage)
    assert all(word in helped.stdout for word in words), helped.stdout
    assert "--format {table,csv}" in helped.stdout  # option names and choices stay as typed
    assert "oldest first" not in helped.stdout
    wrong = run_process("invoice", "list", "--bogus")
    assert wrong.returncode == 2
    assert error in wrong.stderr


#: Table-printing commands looked at under the pseudo-translation.
TABLES = (
    ("customer", "list"),
    ("customer", "show", "QUIX"),
    ("invoice", "list"),
    ("tax", "list"),
    ("product", "list"),
    ("report", "aging", "--as-of", "2026-11-30"),
    ("report", "kpis", "--as-of", "2026-11-30"),
    ("report", "kpis", "--as-of", "2026-11-30", "--trend"),
    ("report", "collecting", "--as-of", "2026-11-30"),
    ("report", "forecast", "--as-of", "2026-11-30"),
    ("plan", "list"),
    ("outbox", "list"),
    ("letters", "list"),
    ("followups",),
    ("customer", "promises", "QUIX"),
)

#: What the books hold, printed as it is (names, codes, the terms "net 30", the country).
DATA = {"Zephyr", "Widgets", "Quixby", "Ltd", "QUIX", "VAT", "Bolt", "INV", "EUR", "net", "US"}
#: Words of arapp.domain's own labels (customer status, delivery, e-invoice format, language
#: names): they are translated with the domain's texts in a later step.
DOMAIN_LABELS = {"Active", "mail", "with", "PDF", "Factur", "ZUGFeRD", "English", "en"}
_INNERMOST = re.compile(
    re.escape(PSEUDO_OPEN) + f"[^{PSEUDO_OPEN}{PSEUDO_CLOSE}]*" + re.escape(PSEUDO_CLOSE)
)


def _unmarked_words(text: str) -> list[str]:
    """The words of ``text`` outside every pseudo-translated text (they nest: a translated
    word inside a translated sentence)."""
    while True:
        left = _INNERMOST.sub(" ", text)
        if left == text:
            break
        text = left
    return [w for w in re.findall(r"[A-Za-z]{2,}", text) if w not in DATA | DOMAIN_LABELS]


def test_no_english_word_is_left_unmarked_under_the_pseudo_translation(
    shop: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ARAPP_LANGUAGE", "pseudo")
    found: dict[str, tuple[list[str], str]] = {}
    for args in TABLES:
        result = run(*args, db=shop)
        assert result.returncode == 0, (args, result.stderr)
        assert PSEUDO_OPEN in result.stdout, args
        unmarked = _unmarked_words(result.stdout)
        if unmarked:
            found[" ".join(args)] = (unmarked, result.stdout)
    assert found == {}, "\n\n".join(f"{k}: {w}\n{out}" for k, (w, out) in found.items())
