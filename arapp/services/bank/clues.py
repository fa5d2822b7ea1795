# SPDX-License-Identifier: MIT
"""Reading clues out of a bank line: invoice numbers in free text, and names alike.

People type invoice numbers as they please (``inv 2026 00012``, ``INV2026-12``,
``Rechnung INV-2026-00012``), so the numbering pattern of Settings is turned into a tolerant
regular expression: letters in any case, separators optional, the running number with or
without its leading zeros; what it finds is written back the way the pattern writes numbers and
then looked up exactly (an indexed query). Numbers from other systems (imported invoices) are
found by trying each word with a digit as it stands.

Names are compared folded (case, accents: ``Zoë`` = ``ZOE``), with the German spellings of
umlauts (``MUELLER`` = ``Müller``) and legal forms (GmbH, Ltd, SARL...) set aside, word order
ignored.
"""

from __future__ import annotations

import re
import string
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from difflib import SequenceMatcher

from arapp.domain.customer import fold_for_search
from arapp.domain.numbering import NumberPattern

_SEP = r"[\s\-_/.:#]*"
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9\-/._]*")
_WORDS = re.compile(r"[a-z0-9]+")
_UMLAUTS = re.compile(r"(?<=[a-z])(ae|oe|ue)")
# fmt: off
#: Words that say what kind of company a name is, not which one.
LEGAL_FORMS = frozenset((
    "gmbh", "mbh", "ag", "kg", "ohg", "ug", "ev", "gbr", "ltd", "limited", "inc", "llc", "plc",
    "co", "corp", "company", "sa", "sarl", "sas", "bv", "nv", "srl", "spa", "sl", "oy", "ab",
    "as", "aps", "the", "und", "and", "et", "mr", "mrs", "ms", "dr", "herr", "frau", "mme",
))
# fmt: on
#: Name keys shared by more customers than this are too common to suggest anyone.
COMMON_KEY = 200
#: Words at least this alike (0-100) are taken for the same word misspelt.
_NEAR = 80


def number_finder(pattern: NumberPattern) -> re.Pattern[str]:
    """A tolerant regular expression for numbers made by ``pattern``."""
    parts: list[str] = []
    for literal, field, _spec, _conv in string.Formatter().parse(pattern.text):
        for ch in literal:
            parts.append(re.escape(ch) if ch.isalnum() else _SEP)
        if field == "year":
            parts.append(r"(?P<year>\d{4})" + _SEP)
        elif field == "month":
            parts.append(r"(?P<month>\d{1,2})" + _SEP)
        elif field == "seq":
            parts.append(r"(?P<seq>\d{1,9})")
    body = "".join(parts).removesuffix(_SEP)
    return re.compile(rf"(?<![A-Za-z0-9]){body}(?!\d)", re.IGNORECASE)


def invoice_numbers(text: str, pattern: NumberPattern, finder: re.Pattern[str]) -> list[str]:
    """Invoice numbers that ``text`` may name, best guesses first, each once."""
    found: list[str] = []
    for match in finder.finditer(text):
        groups = match.groupdict()
        try:
            day = date(int(groups.get("year") or 2000), int(groups.get("month") or 1), 1)
        except ValueError:
            continue
        found.append(pattern.format(day, int(groups["seq"])))
    for word in _WORD.findall(text):
        word = word.rstrip("-/._")
        if 3 <= len(word) <= 50 and any(ch.isdigit() for ch in word):
            found.extend((word, word.upper()))
    return list(dict.fromkeys(found))[:40]


def name_tokens(text: str) -> frozenset[str]:
    """The words of a name that tell people apart, folded."""
    folded = _UMLAUTS.sub(_first, fold_for_search(text))
    return frozenset(w for w in _WORDS.findall(folded) if len(w) > 1 and w not in LEGAL_FORMS)


def _first(found: re.Match[str]) -> str:
    return found.group(1)[0]


def name_likeness(a: frozenset[str], b: frozenset[str]) -> int:
    """How alike two names are, 0 to 100: the share of words they have in common, a word
    spelt nearly alike (``muler``, ``muller``) counting for its likeness."""
    if not a or not b:
        return 0
    few, many = sorted((a, b), key=len)
    total = 0
    for word in few:
        best = max(_spelling(word, other) for other in many)
        total += best if best >= _NEAR else 0
    return total // max(len(a), len(b))


def _spelling(a: str, b: str) -> int:
    return 100 if a == b else int(SequenceMatcher(None, a, b).ratio() * 100)


def _keys(tokens: Iterable[str]) -> set[str]:
    return {t[:4] for t in tokens if len(t) > 1 and t not in LEGAL_FORMS}


class NameIndex:
    """Customers by the first letters of their words, to find look-alikes quickly.

    The keys come from the customers' stored search column (folded already: name, code,
    contact, e-mail), so building the index folds nothing; only the names of a line's few
    candidates are read (through ``names``) and folded, once each.
    """

    def __init__(
        self,
        customers: Iterable[tuple[int, str]],
        names: Callable[[Iterable[int]], Mapping[int, str]],
    ) -> None:
        self.names = names
        self.tokens: dict[int, frozenset[str]] = {}
        self.by_key: dict[str, set[int]] = defaultdict(set)
        for customer_id, search_text in customers:
            words = (_UMLAUTS.sub(_first, w) for w in _WORDS.findall(search_text))
            for key in _keys(words):
                self.by_key[key].add(customer_id)

    def alike(self, name: str, least: int = 50) -> dict[int, int]:
        """Customers whose name is at least ``least`` alike ``name``: id to likeness."""
        tokens = name_tokens(name)
        candidates: set[int] = set()
        for key in _keys(tokens):
            ids = self.by_key.get(key, set())
            if len(ids) <= COMMON_KEY:
                candidates |= ids
        unknown = candidates - set(self.tokens)
        for customer_id, text in self.names(unknown).items():
            self.tokens[customer_id] = name_tokens(text)
        scores = {c: name_likeness(tokens, self.tokens[c]) for c in candidates}
        return {c: s for c, s in scores.items() if s >= least}
