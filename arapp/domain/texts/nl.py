# SPDX-License-Identifier: MIT
"""De ingebouwde Nederlandse teksten (Dutch): e-mails, reminders, the words of the documents.

Formal address (``u``) throughout; the same keys and placeholders as
:mod:`arapp.domain.texts.en`.
"""

from __future__ import annotations

from arapp.domain.invoice import DocumentKind

DOCUMENT_MAIL: dict[tuple[str, str], str] = {
    (DocumentKind.INVOICE, "subject"): "Factuur $number van $company",
    (DocumentKind.INVOICE, "body"): (
        "Geachte $contact,\n\nBijgaand ontvangt u onze factuur $number van $issue_date ter "
        "hoogte van $total, te voldoen uiterlijk op $due_date.\n\nHeeft u vragen, dan kunt u "
        "eenvoudig op deze e-mail antwoorden.\n\nMet vriendelijke groet,\n$company"
    ),
    (DocumentKind.CREDIT_NOTE, "subject"): "Creditnota $number van $company",
    (DocumentKind.CREDIT_NOTE, "body"): (
        "Geachte $contact,\n\nBijgaand ontvangt u onze creditnota $number van $issue_date ter "
        "hoogte van $total.\n\nHeeft u vragen, dan kunt u eenvoudig op deze e-mail antwoorden."
        "\n\nMet vriendelijke groet,\n$company"
    ),
    ("statement", "subject"): "Rekeningoverzicht van $company",
    ("statement", "body"): (
        "Geachte $contact,\n\nBijgaand ontvangt u uw rekeningoverzicht van $period_start tot "
        "en met $period_end. Uw saldo bedraagt $balance.\n\nKlopt er iets niet, dan kunt u "
        "eenvoudig op deze e-mail antwoorden.\n\nMet vriendelijke groet,\n$company"
    ),
}

DOCUMENT_WORDS: dict[str, str] = {
    DocumentKind.INVOICE: "factuur",
    DocumentKind.CREDIT_NOTE: "creditnota",
}

_SIGNATURE = "\n\n$payment_details\n\nMet vriendelijke groet,\n$company"

REMINDERS: dict[int, tuple[str, str]] = {
    1: (
        "Betaling binnenkort verschuldigd: $invoices",
        "Geachte $contact,\n\nEen vriendelijke herinnering: $invoices $is_are binnenkort "
        "verschuldigd.\n\n$invoice_list\n\n$balance_sentence Is de betaling al onderweg, dan "
        "danken wij u hartelijk en kunt u dit bericht als niet verzonden beschouwen." + _SIGNATURE,
    ),
    2: (
        "Betalingsherinnering: $invoices",
        "Geachte $contact,\n\nVolgens onze administratie staat de betaling van $invoices nog "
        "open. Mogelijk is dit aan uw aandacht ontsnapt; wij zouden het op prijs stellen als u "
        "de betaling wilt regelen.\n\n$invoice_list\n\n$balance_sentence $reminded_sentence "
        "Heeft u inmiddels betaald, dan danken wij u en kunt u deze herinnering als niet "
        "verzonden beschouwen." + _SIGNATURE,
    ),
    3: (
        "Nog onbetaald: $invoices ($overdue_for)",
        "Geachte $contact,\n\nWij hebben de betaling van $invoices nog niet ontvangen. "
        "$reminded_sentence\n\n$invoice_list\n\n$balance_sentence Wij verzoeken u het bedrag "
        "binnen zeven dagen te voldoen. Denkt u dat er iets niet klopt, laat het ons dan weten, "
        "zodat wij het kunnen rechtzetten." + _SIGNATURE,
    ),
    4: (
        "Laatste aanmaning: $level_invoices",
        "Geachte $contact,\n\nDit is onze laatste aanmaning voor $level_invoices. "
        "$reminded_sentence\n\n$invoice_list\n\n$balance_sentence $late_fee_sentence\n\n"
        "Ontvangen wij de betaling van $level_invoices niet binnen tien dagen, dan zijn wij "
        "genoodzaakt de zaak uit handen te geven aan een incassobureau. Kunt u niet het "
        "volledige bedrag betalen, neem dan nu contact met ons op, zodat wij samen een "
        "oplossing kunnen afspreken." + _SIGNATURE,
    ),
    5: (
        "Incasso: $invoices",
        "$invoices van $customer ($amount_due, $overdue_for) uit handen geven aan het "
        "incassobureau.\n\n$invoice_list",
    ),
}

WORDS: dict[str, str] = {
    "invoice_title": "Factuur",
    "credit_note_title": "Creditnota",
    "draft_invoice": "Conceptfactuur",
    "draft_credit_note": "Concept-creditnota",
    "not_issued": "Nog niet uitgegeven",
    "credit_note_for": "Creditnota bij factuur $number",
    "statement": "Rekeningoverzicht",
    "of_account": "klantrekening",
    "payment_reminder": "Betalingsherinnering",
    "payment_reminders": "Betalingsherinneringen ($count)",
    "aging_report": "Ouderdomsanalyse debiteuren",
    "document_for": "$title voor $customer",
    "draft_mark": "CONCEPT",
    "void_mark": "VERVALLEN",
    "void_invoice": "VERVALLEN – deze factuur is geannuleerd en hoeft niet betaald te worden.",
    "void_credit_note": "VERVALLEN – deze creditnota is geannuleerd.",
    "void_reason": "Reden: $reason",
    "page": "Pagina $page van $pages",
    "bill_to": "Factuuradres",
    "statement_for": "Overzicht voor",
    "attn": "T.a.v. $name",
    "tax_id": "Btw-nr.: $tax_id",
    "issue_date": "Factuurdatum",
    "due_date": "Vervaldatum",
    "date": "Datum",
    "customer_no": "Klantnr.",
    "statement_date": "Datum overzicht",
    "period": "Periode",
    "description": "Omschrijving",
    "quantity": "Aantal",
    "unit": "Eenheid",
    "unit_price": "Prijs per eenheid",
    "discount_percent": "Korting %",
    "tax": "Btw",
    "amount": "Bedrag",
    "subtotal": "Subtotaal",
    "discount": "Korting",
    "tax_on": "$tax over $net",
    "no_tax": "Geen btw",
    "total": "Totaal",
    "total_credit": "Totaal credit",
    "amount_paid": "Reeds betaald",
    "amount_due": "Te betalen",
    "in_your_favour": "In uw voordeel",
    "notes": "Opmerkingen",
    "payment": "Betaling",
    "terms": "Voorwaarden",
    "how_to_pay": "Zo betaalt u",
    "bank": "Bank",
    "account_no": "Rekeningnr.",
    "reference": "Betalingskenmerk",
    "pay_online": "Online betalen",
    "qr_caption": "Scan om te betalen met uw bankapp",
    "qr_caption_euro": "Scan om te betalen met uw bankapp (het bedrag in euro)",
    "link_caption": "Scan om online te betalen",
    "pay_quoting": "Wij verzoeken u het verschuldigde bedrag te betalen onder vermelding van "
    "het betalingskenmerk.",
    "pay_amount_quoting": "Wij verzoeken u $amount te betalen onder vermelding van het "
    "betalingskenmerk hieronder.",
    "pay_amount": "Wij verzoeken u $amount te betalen.",
    "terms_on_receipt": "Betaling bij ontvangst.",
    "terms_net": "Betaling binnen $days.",
    "terms_end_of_month": "Betaling voor het einde van de maand van de factuurdatum.",
    "terms_end_of_month_plus": "Betaling binnen $days na het einde van de maand van de "
    "factuurdatum.",
    "terms_discount": "$percent% korting bij betaling binnen $days.",
    "terms_discount_same_day": "$percent% korting bij betaling op de factuurdatum.",
    "one_day": "1 dag",
    "days": "$count dagen",
    "late_fee_terms": "Over achterstallige bedragen berekenen wij $charges.",
    "late_fee_flat": "administratiekosten van $amount",
    "late_fee_interest": "rente van $percent% per maand",
    "late_fee_line": "Administratiekosten: factuur $number, vervallen op $due_date",
    "late_fee_notes": "Administratiekosten voor factuur $number, vervallen op $due_date.",
    "late_fee": "Administratiekosten",
    "open_items_on": "Openstaande posten op $date",
    "nothing_open": "Er staat niets open: dank u wel.",
    "activity": "Mutaties $period",
    "aging_days": "Ouderdom (dagen over de vervaldatum)",
    "document": "Document",
    "open": "Open",
    "days_overdue": "Dagen te laat",
    "charges": "Debet",
    "credits": "Credit",
    "balance": "Saldo",
    "opening_balance": "Beginsaldo",
    "closing_balance": "Eindsaldo",
    "no_activity": "Geen mutaties in de periode",
    "total_open": "Totaal open",
    "payment_by": "Betaling ($method)",
    "current": "Niet vervallen",
    "status": "Status",
    "open_amount": "Openstaand bedrag",
    "due_today": "vervalt vandaag",
    "due_in_one_day": "vervalt over 1 dag",
    "due_in_days": "vervalt over $count dagen",
    "one_day_overdue": "1 dag te laat",
    "days_overdue_count": "$count dagen te laat",
    "code": "Code",
    "customer": "Klant",
    "aging_subtitle": "Per $date · naar $basis · $currency · $count klanten",
    "by_due_date": "vervaldatum",
    "by_invoice_date": "factuurdatum",
    "and": "en",
    "one_invoice": "factuur $number",
    "some_invoices": "facturen $numbers",
    "many_invoices": "$count facturen",
    "oldest_listed": "de $count oudste facturen in de lijst",
    "some_listed": "$count van de facturen in de lijst",
    "is": "is",
    "are": "zijn",
    "today": "vandaag",
    "in_one_day": "over 1 dag",
    "in_days": "over $count dagen",
    "list_line": "- $number, vervaldatum $due_date ($when): $amount",
    "not_yet_due": "nog niet vervallen",
    "oldest_overdue": "de oudste $when",
    "together": "Samen bedragen zij $amount.",
    "together_all_overdue": "Samen bedragen zij $amount; dat is alles wat er op uw rekening "
    "achterstallig is.",
    "together_part_overdue": "Samen bedragen zij $amount, waarvan $overdue achterstallig is.",
    "other_invoices_overdue": "Inclusief uw andere facturen staat er $amount achterstallig op "
    "uw rekening.",
    "wrote_once": "Wij schreven u over $invoices voor het laatst op $date.",
    "wrote_before": "Wij hebben u al eerder over $invoices geschreven, voor het laatst op $date.",
    "late_fee_one": "Volgens onze voorwaarden zijn voor $invoices administratiekosten van "
    "$amount verschuldigd; deze worden apart gefactureerd.",
    "late_fee_many": "Volgens onze voorwaarden zijn voor $invoices administratiekosten van "
    "$amount verschuldigd; deze worden apart gefactureerd.",
    "pay_online_line": "Online betalen: $link",
    "bank_transfer_line": "Overschrijving: $bank",
    "quote_reference": "Vermeld bij uw betaling: $reference",
    "quote_customer_number": "Vermeld bij uw betaling uw klantnummer: $reference",
    "more_links": "en nog $count: elke factuur vermeldt zijn eigen link",
    "late_fee_interest_line": "Rente $rate% per maand over $owed open op factuur $number, $start "
    "tot en met $end",
    "late_fee_counted": "Administratiekosten voor factuur $number, vervallen op $due_date, "
    "berekend tot $date.",
    "voided": "$document vervallen: $reason",
    "method_cash": "contant",
    "method_cheque": "cheque",
    "method_card": "kaart",
    "method_bank_transfer": "overschrijving",
    "method_digital_wallet": "digitale portemonnee",
    "method_other": "overig",
    "payment_reversed": "Betaling teruggeboekt: $reason",
    "refund": "Terugbetaling van tegoed",
    "early_payment_discount": "Betalingskorting",
    "small_balance": "Klein saldo afgeboekt",
    "bad_debt": "Oninbare vordering afgeboekt",
    "adjustment_reversed": "$what: teruggedraaid",
    "customer_ref": "Klant $code",
    "more_link": "en nog 1: elke factuur vermeldt zijn eigen link",
    "footer_thanks": "Hartelijk dank voor uw vertrouwen.",
    "document_ref": "Kenmerk",
}
