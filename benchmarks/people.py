# SPDX-License-Identifier: MIT
"""Customers as they come in a European business: accented names, cities, addresses, e-mails.

Benchmarks that search, sort and fold names must see real text: ``Müller``, ``Łukasz``,
``Ørsted``, ``Ñúñez`` fold differently from ``Customer 42`` and make different indexes. The
rows come out in the form :mod:`benchmarks.books` hands to the driver; ``search_text`` is made by
the app's own :func:`~arapp.services.customers.search_key`, and codes the way
:func:`~arapp.services.customers.suggest_code` makes them (folded name, then 2, 3...).
"""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Iterator

from arapp.domain.customer import fold_for_search
from arapp.services.customers import search_key


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


FIRST = _words(
    "Anna Łukasz François Zoë Jürgen Søren Ñuño José Małgorzata Björn Chloé Dvořák Ólafur "
    "Agnès Håkon Tomasz Renée Jörg Ines Mikołaj Ærøn Ségolène Gonçalo Wojciech Åsa Þóra "
    "Émile Mária Niño Ludwig Sofía Kristýna Dragoş Žaneta Mehmet Ülkü Øystein Lucía Paweł"
)
LAST = _words(
    "Müller Ørsted Ñúñez Dubois Wiśniewski Schäfer Kovačević Lindqvist Gößmann Łapiński "
    "Fernández García Møller Nováková Brontë Jørgensen Ménard Żukowski Hernández Çelik "
    "Štěpánek Østergaard Lefèvre Köhler Szőke Åkerlund Peña Dąbrowski Kühn Fjällström "
    "Rodríguez Ødegård Sánchez Weiß Mörtl Bjørnstad Łęcki Gonçalves Castaño Varga"
)
TRADES = _words(
    "Bäckerei Café Brasserie Tischlerei Ferretería Bodega Konditorei Atelier Apotek "
    "Librería Fahrräder Bistro Optik Gärtnerei Droguería Boulangerie Sklep Værksted"
)
FORMS = ("GmbH", "S.L.", "SARL", "ApS", "AB", "sp. z o.o.", "s.r.o.", "Kft.", "AG", "", "", "")
PLACES = (
    ("München", "80", "Deutschland", "DE"),
    ("Köln", "50", "Deutschland", "DE"),
    ("Kraków", "30-", "Polska", "PL"),
    ("Łódź", "90-", "Polska", "PL"),
    ("Zürich", "80", "Schweiz", "CH"),
    ("Malmö", "21", "Sverige", "SE"),
    ("Göteborg", "41", "Sverige", "SE"),
    ("København", "1", "Danmark", "DK"),
    ("Århus", "80", "Danmark", "DK"),
    ("Besançon", "25", "France", "FR"),
    ("Orléans", "45", "France", "FR"),
    ("A Coruña", "15", "España", "ES"),
    ("Málaga", "29", "España", "ES"),
    ("Brno", "6", "Česko", "CZ"),
    ("Pécs", "76", "Magyarország", "HU"),
    ("Linköping", "58", "Sverige", "SE"),
)
STREETS = (
    "Hauptstraße", "ul. Świętokrzyska", "Rue de l'Église", "Calle Mayor", "Nørregade",
    "Kungsgatan", "Bahnhofstraße", "Avenida de la Constitución", "Václavské náměstí",
    "Rákóczi út", "Place du Marché", "Strøget", "ul. Żeromskiego", "Grüner Weg",
)  # fmt: skip
DOMAINS = ("example.org", "example.com", "example.net", "mail.example.eu")
TERMS = ("net 30",) * 7 + ("net 14",) * 2 + ("net 60",)

#: Customer columns in the order :func:`customer_rows` fills them.
CUSTOMER_COLUMNS = (
    "id", "code", "name", "search_text", "contact_person", "email", "phone", "billing_address",
    "tax_id", "currency", "payment_terms", "credit_limit", "status", "notes", "created_at",
    "updated_at",
)  # fmt: skip


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def _name(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.45:
        return _person(rng)
    if roll < 0.75:
        return f"{rng.choice(LAST)} {rng.choice(FORMS)}".strip()
    if roll < 0.9:
        return f"{rng.choice(TRADES)} {rng.choice(LAST)}"
    return f"{rng.choice(LAST)} & {rng.choice(LAST)} {rng.choice(FORMS)}".strip()


def _ascii(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", ".", fold_for_search(text)).strip(".")


def customer_rows(count: int, rng: random.Random, stamp: str) -> Iterator[tuple[object, ...]]:
    """``count`` customers with ids 1..count, as rows of :data:`CUSTOMER_COLUMNS` (the driver's
    form: amounts as stored integers, timestamps as text)."""
    codes: Counter[str] = Counter()
    for customer_id in range(1, count + 1):
        name = _name(rng)
        base = re.sub(r"[^A-Z0-9]", "", fold_for_search(name).upper())[:12] or "CUST"
        codes[base] += 1
        code = base if codes[base] == 1 else f"{base}{codes[base]}"
        contact = _person(rng) if rng.random() < 0.7 else ""
        email = (
            f"{_ascii(contact or name)}{customer_id % 97}@{rng.choice(DOMAINS)}"
            if rng.random() < 0.9
            else ""
        )
        city, postcode, country, iso = rng.choice(PLACES)
        address = (
            f"{rng.choice(STREETS)} {rng.randint(1, 180)}\n"
            f"{postcode}{rng.randint(100, 999)} {city}\n{country}"
        )
        phone = f"+{rng.randint(30, 49)} {rng.randint(10, 99)} {rng.randint(1000000, 9999999)}"
        tax_id = f"{iso}{rng.randint(100000000, 999999999)}" if rng.random() < 0.6 else ""
        limit = rng.choice((5_000, 10_000, 25_000)) * 10_000 if rng.random() < 0.1 else None
        roll = rng.random()
        status = "credit_hold" if roll < 0.02 else "archived" if roll < 0.03 else "active"
        yield (
            customer_id,
            code,
            name,
            search_key(code, name, email, contact),
            contact,
            email,
            phone,
            address,
            tax_id,
            "EUR",
            rng.choice(TERMS),
            limit,
            status,
            "",
            stamp,
            stamp,
        )
