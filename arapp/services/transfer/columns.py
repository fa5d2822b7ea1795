# SPDX-License-Identifier: MIT
"""The columns of someone else's CSV file: read its header and guess which of ours each one is.

:func:`read_header` gives the column names exactly as :func:`~.csvfile.read_rows` will compare
them (UTF-8, byte order mark dropped, spaces around names stripped). :func:`guess_mapping`
proposes ``{our column: their column}`` by equal names, ignoring case, spaces, punctuation and
accents, and then by common synonyms in English, German, French, Spanish, Italian and Dutch
("Customer No", "Kundennummer", "Invoice #", "Betrag"...). :func:`column_map` turns what the
person chose into the ``column_map`` the importers take.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from arapp.domain import csvtext
from arapp.services.errors import ServiceError
from arapp.services.transfer.csvfile import (
    COLUMNS,
    MAX_BYTES,
    OPTIONAL,
    delimiter_mark,
    detect_delimiter,
)

# fmt: off
# Names of our columns in other programs' files, best first. Compared after normalising
# (see _key), so "Customer No.", "customer-no" and "CUSTOMER NO" are all "customerno".
_CUSTOMER_CODE = (
    "Customer No", "Customer Number", "Customer #", "Customer ID", "Customer Code",
    "Client No", "Client Number", "Client ID", "Client Code", "Account No", "Account Number",
    "Kundennummer", "Kunden-Nr", "Kundennr", "Kd-Nr", "Debitor", "Debitorennummer",
    "Numéro client", "N° client", "Code client", "Número de cliente", "Código de cliente",
    "Codice cliente", "Klantnummer",
)
_CURRENCY = ("Currency", "Currency Code", "Curr", "Ccy", "Währung", "Devise", "Moneda", "Valuta")
_INVOICE_NUMBER = (
    "Invoice No", "Invoice Number", "Invoice #", "Invoice ID", "Inv No", "Invoice",
    "Rechnungsnummer", "Rechnungs-Nr", "Rechnungsnr", "Rechnung", "Numéro de facture",
    "N° facture", "Facture", "Número de factura", "Factura", "Numero fattura", "Fattura",
    "Factuurnummer", "Factuur",
)

SYNONYMS: dict[str, dict[str, tuple[str, ...]]] = {
    "customers": {
        "code": (*_CUSTOMER_CODE, "Code", "No", "Number", "ID", "Account", "Nummer"),
        "name": (
            "Customer Name", "Customer", "Client Name", "Client", "Company Name", "Company",
            "Full Name", "Business Name", "Name 1", "Kundenname", "Kunde", "Firmenname",
            "Firma", "Nom", "Raison sociale", "Nombre", "Razón social", "Cliente",
            "Ragione sociale", "Naam", "Bedrijfsnaam", "Klant",
        ),
        "email": (
            "E-mail", "Email Address", "E-mail Address", "Mail", "E-Mail-Adresse", "Courriel",
            "Adresse e-mail", "Correo", "Correo electrónico", "Posta elettronica",
        ),
        "phone": (
            "Phone Number", "Telephone", "Tel", "Mobile", "Telefon", "Telefonnummer",
            "Téléphone", "Teléfono", "Telefono", "Telefoon",
        ),
        "address": (
            "Billing Address", "Rechnungsadresse", "Adresse", "Anschrift",
            "Adresse de facturation", "Dirección", "Indirizzo", "Adres",
        ),
        "terms": (
            "Payment Terms", "Terms of Payment", "Zahlungsbedingungen", "Zahlungsziel",
            "Conditions de paiement", "Condiciones de pago", "Termini di pagamento",
            "Betalingstermijn",
        ),
        "credit_limit": (
            "Credit Limit", "Credit", "Kreditlimit", "Kreditrahmen", "Limite de crédit",
            "Límite de crédito", "Limite di credito", "Kredietlimiet",
        ),
        "currency": _CURRENCY,
        "street": ("Street", "Address Line", "Address Line 1", "Straße", "Strasse", "Rue"),
        "postcode": ("Postal Code", "Post Code", "ZIP", "ZIP Code", "PLZ", "Postleitzahl",
                     "Code postal", "Eircode"),
        "city": ("Town", "Stadt", "Ville", "Ciudad", "Città", "Plaats"),
        "region": ("State", "Province", "County", "State/Province", "Bundesland", "Région",
                   "Provincia", "Provincie"),
        "country": ("Country Code", "Land", "Pays", "País", "Paese"),
        "vat_id": ("VAT ID", "VAT Number", "VAT", "Tax ID", "USt-IdNr", "USt-ID",
                   "Numéro de TVA", "TVA"),
        "registration_id": ("Registration Number", "Company Number", "Handelsregisternummer",
                            "SIREN", "SIRET"),
        "buyer_reference": ("Buyer Reference", "Leitweg-ID", "Käuferreferenz"),
        "electronic_address": ("Electronic Address", "Peppol ID", "Endpoint ID"),
        "electronic_address_scheme": ("Electronic Address Scheme", "EAS", "Scheme"),
        "delivery": ("Delivery", "Invoice Delivery", "Versand"),
        "einvoice_format": ("E-invoice Format", "E-Rechnungsformat"),
        "invoice_email": ("Invoice E-mail", "Invoice Email", "Accounts E-mail",
                          "Rechnungs-E-Mail"),
        "invoice_cc": ("Invoice CC", "CC"),
        "language": ("Language", "Sprache", "Langue", "Idioma", "Lingua", "Taal"),
    },
    "invoices": {
        "number": (*_INVOICE_NUMBER, "Document No", "Belegnummer", "Number", "No", "Nummer"),
        "customer_code": (*_CUSTOMER_CODE, "Customer", "Client", "Kunde", "Cliente", "Klant"),
        "issue_date": (
            "Invoice Date", "Issue Date", "Date", "Issued", "Document Date", "Rechnungsdatum",
            "Belegdatum", "Datum", "Date de facture", "Date facture", "Fecha de factura",
            "Fecha", "Data fattura", "Data", "Factuurdatum",
        ),
        "due_date": (
            "Due Date", "Due", "Payment Due", "Fälligkeitsdatum", "Fälligkeit", "Fällig am",
            "Fällig", "Date d'échéance", "Échéance", "Fecha de vencimiento", "Vencimiento",
            "Scadenza", "Vervaldatum",
        ),
        "currency": _CURRENCY,
        "description": (
            "Item Description", "Item", "Product", "Service", "Details", "Text", "Memo",
            "Beschreibung", "Bezeichnung", "Artikel", "Leistung", "Désignation", "Libellé",
            "Descripción", "Concepto", "Descrizione", "Omschrijving",
        ),
        "quantity": (
            "Qty", "Units", "Menge", "Anzahl", "Stück", "Quantité", "Qté", "Cantidad",
            "Quantità", "Aantal",
        ),
        "unit_price": (
            "Unit Price", "Price", "Price Each", "Rate", "Unit Cost", "Einzelpreis",
            "Stückpreis", "Preis", "Prix unitaire", "Prix", "Precio unitario", "Precio",
            "Prezzo unitario", "Prezzo", "Prijs",
        ),
        "tax_rate": (
            "Tax Rate", "Tax %", "Tax", "VAT Rate", "VAT %", "VAT", "GST", "Sales Tax",
            "Steuersatz", "MwSt-Satz", "MwSt", "USt", "Mehrwertsteuer", "Taux TVA", "TVA",
            "IVA", "BTW",
        ),
    },
    "payments": {
        "date": (
            "Payment Date", "Date Paid", "Paid On", "Date Received", "Received", "Value Date",
            "Booking Date", "Date", "Zahlungsdatum", "Zahldatum", "Buchungstag",
            "Buchungsdatum", "Wertstellung", "Datum", "Date de paiement", "Fecha de pago",
            "Fecha", "Data pagamento", "Data", "Betaaldatum",
        ),
        "customer_code": (*_CUSTOMER_CODE, "Customer", "Client", "Kunde", "Cliente", "Klant"),
        "amount": (
            "Amount Paid", "Paid Amount", "Payment Amount", "Amount", "Payment", "Paid", "Sum",
            "Total", "Betrag", "Zahlbetrag", "Summe", "Montant", "Importe", "Importo", "Bedrag",
        ),
        "method": (
            "Payment Method", "Method", "Payment Type", "Type", "Zahlungsart", "Zahlweise",
            "Mode de paiement", "Moyen de paiement", "Método de pago", "Forma de pago",
            "Metodo di pagamento", "Betaalwijze",
        ),
        "reference": (
            "Payment Reference", "Reference", "Ref", "Transaction ID", "Memo", "Note",
            "Verwendungszweck", "Referenz", "Référence", "Referencia", "Riferimento",
            "Referentie", "Kenmerk",
        ),
        "invoice_number": _INVOICE_NUMBER,
    },
}
# fmt: on


# Prefix of the name an unchosen column is mapped to: a header name cannot start with it.
SKIPPED = "\x00"


class FileNotReadable(ServiceError):
    """The file cannot be read as CSV text at all; the message says what to do."""


class NotTextOfEncoding(FileNotReadable):
    """The file is not text of the encoding it was read with: another encoding may read it."""


def check_size(size: int) -> None:
    """Raise :class:`FileNotReadable` for a file of ``size`` bytes too big to import."""
    if size > MAX_BYTES:
        raise FileNotReadable(
            f"The file is {Decimal(size) / 1_048_576:.1f} MB; an import takes at most "
            f"{MAX_BYTES // 1_048_576} MB. Split it."
        )


def read_header(data: bytes, delimiter: str | None = None, encoding: str = "utf-8") -> list[str]:
    """The column names in the first line of a CSV file, as the importers will compare them.

    ``delimiter`` is an option of :data:`~.csvfile.DELIMITERS`; ``None`` detects it. Raises
    :class:`FileNotReadable` for a file that is too big or empty, and
    :class:`NotTextOfEncoding` for one that is not text of ``encoding``.
    """
    check_size(len(data))
    try:
        text = csvtext.decode(data, encoding)
    except csvtext.NotText as exc:
        if csvtext.codec(encoding) != "utf-8-sig":
            raise NotTextOfEncoding(
                f"This is not {encoding} text (line {exc.line}). "
                "Choose the encoding the file was saved with."
            ) from None
        raise NotTextOfEncoding(
            f"This is not UTF-8 text (line {exc.line}). "
            'Save the file as "CSV UTF-8" and choose it again.'
        ) from None
    try:
        if delimiter is None:
            delimiter = detect_delimiter(data, encoding)
        mark = delimiter_mark(delimiter)
        header = next(csv.reader(io.StringIO(text, newline=""), delimiter=mark), [])
    except csv.Error as exc:
        raise FileNotReadable(f"The first line is not valid CSV: {exc}.") from None
    names = [name.strip() for name in header]
    if not any(names):
        raise FileNotReadable("The file is empty: its first line should name the columns.")
    return names


#: Delimiter options as people read them.
DELIMITER_NAMES = {",": "commas", ";": "semicolons", "tab": "tabs"}


def delimiter_warning(header: Sequence[str], delimiter: str = ",") -> str:
    """A sentence for people when the header, read with ``delimiter``, is one column that looks
    separated by something else. Empty when the header looks right."""
    if len(header) != 1:
        return ""
    for option, word in (*DELIMITER_NAMES.items(), ("|", "vertical bars")):
        if option == delimiter or delimiter_mark(delimiter) == option:
            continue
        if header[0].count(option if option != "tab" else "\t") >= 1:
            if option == "|":
                return (
                    f"The columns of this file seem to be separated by {word}; the import "
                    "reads files separated by commas, semicolons or tabs. Save it as "
                    "“CSV UTF-8” and choose it again."
                )
            return (
                f"The columns of this file seem to be separated by {word}, not "
                f"{DELIMITER_NAMES.get(delimiter, delimiter)}: choose {word} as the separator."
            )
    return ""


def _key(name: str) -> str:
    """A column name as compared: no accents, case, spaces or punctuation ("#" is "no")."""
    text = unicodedata.normalize("NFKD", name.replace("#", " no ").replace("°", "o"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    return re.sub(r"[\W_]+", "", text)


def guess_mapping(kind: str, header: Sequence[str]) -> dict[str, str]:
    """Our column to the file's column, for each of ours the header seems to contain.

    First our own names (``customer_code``, ``Customer Code``), then the synonyms in
    :data:`SYNONYMS`, best first; each column of the file is used at most once.
    """
    keys: dict[str, str] = {}
    for name in header:
        if name:
            keys.setdefault(_key(name), name)
    found: dict[str, str] = {}
    used: set[str] = set()

    def take(column: str, candidates: Iterable[str]) -> None:
        for candidate in candidates:
            name = keys.get(_key(candidate))
            if name is not None and name not in used:
                found[column] = name
                used.add(name)
                return

    for column in COLUMNS[kind]:
        take(column, (column,))
    for column in COLUMNS[kind]:
        if column not in found:
            take(column, SYNONYMS[kind][column])
    return {column: found[column] for column in COLUMNS[kind] if column in found}


def is_required(kind: str, column: str) -> bool:
    """Whether every file of ``kind`` must have ``column``."""
    return column not in OPTIONAL[kind]


def missing_required(kind: str, chosen: Mapping[str, str]) -> list[str]:
    """Required columns of ``kind`` that ``chosen`` maps to no column of the file."""
    return [c for c in COLUMNS[kind] if is_required(kind, c) and not chosen.get(c)]


def saved_columns(kind: str, saved: Mapping[str, Any], header: Sequence[str]) -> dict[str, str]:
    """The part of a saved mapping that applies to this file: our columns it names that the
    header has (other keys, such as format options of other kinds, are left out)."""
    present = set(header)
    return {
        c: saved[c] for c in COLUMNS[kind] if isinstance(saved.get(c), str) and saved[c] in present
    }


def column_map(kind: str, chosen: Mapping[str, str], header: Sequence[str]) -> dict[str, str]:
    """The ``column_map`` for the importers from what was chosen (our column: their column).

    Our columns left unchosen are not read even when the file has a column of that very name
    (they are mapped to a name the header cannot have).
    """
    present = set(header)
    result = {}
    for column in COLUMNS[kind]:
        name = chosen.get(column, "")
        if name and name in present:
            result[column] = name
        else:
            result[column] = SKIPPED + column  # never a header name: the column is skipped
    return result


def chosen_columns(kind: str, chosen: Mapping[str, str], header: Sequence[str]) -> tuple[str, ...]:
    """Our columns that ``chosen`` maps to a column of the file, in our order."""
    present = set(header)
    return tuple(c for c in COLUMNS[kind] if chosen.get(c, "") in present and chosen[c])
