# SPDX-License-Identifier: MIT
"""Die eingebauten deutschen Texte (German): e-mails, reminders, the words of the documents.

Formal address (``Sie``) throughout; the same keys and placeholders as
:mod:`arapp.domain.texts.en`.
"""

from __future__ import annotations

from arapp.domain.invoice import DocumentKind

DOCUMENT_MAIL: dict[tuple[str, str], str] = {
    (DocumentKind.INVOICE, "subject"): "Rechnung $number von $company",
    (DocumentKind.INVOICE, "body"): (
        "Guten Tag $contact,\n\nanbei erhalten Sie unsere Rechnung $number vom $issue_date "
        "über $total, fällig am $due_date.\n\nBei Fragen dazu antworten Sie einfach auf diese "
        "E-Mail.\n\nMit freundlichen Grüßen\n$company"
    ),
    (DocumentKind.CREDIT_NOTE, "subject"): "Gutschrift $number von $company",
    (DocumentKind.CREDIT_NOTE, "body"): (
        "Guten Tag $contact,\n\nanbei erhalten Sie unsere Gutschrift $number vom $issue_date "
        "über $total.\n\nBei Fragen dazu antworten Sie einfach auf diese E-Mail."
        "\n\nMit freundlichen Grüßen\n$company"
    ),
    ("statement", "subject"): "Kontoauszug von $company",
    ("statement", "body"): (
        "Guten Tag $contact,\n\nanbei erhalten Sie Ihren Kontoauszug für die Zeit vom "
        "$period_start bis $period_end. Ihr Saldo beträgt $balance.\n\nSollte Ihnen darin "
        "etwas nicht stimmen, antworten Sie einfach auf diese E-Mail.\n\n"
        "Mit freundlichen Grüßen\n$company"
    ),
}

DOCUMENT_WORDS: dict[str, str] = {
    DocumentKind.INVOICE: "Rechnung",
    DocumentKind.CREDIT_NOTE: "Gutschrift",
}

_SIGNATURE = "\n\n$payment_details\n\nMit freundlichen Grüßen\n$company"

REMINDERS: dict[int, tuple[str, str]] = {
    1: (
        "Zahlung bald fällig: $invoices",
        "Guten Tag $contact,\n\nein freundlicher Hinweis: $invoices $is_are in Kürze fällig."
        "\n\n$invoice_list\n\n$balance_sentence Falls die Zahlung bereits unterwegs ist, "
        "vielen Dank – dann betrachten Sie diese Nachricht bitte als gegenstandslos." + _SIGNATURE,
    ),
    2: (
        "Zahlungserinnerung: $invoices",
        "Guten Tag $contact,\n\nnach unseren Unterlagen ist die Zahlung für $invoices noch offen. "
        "Vielleicht ist dies im Alltag untergegangen; wir wären Ihnen dankbar, wenn Sie die "
        "Zahlung veranlassen könnten.\n\n$invoice_list\n\n$balance_sentence $reminded_sentence "
        "Sollten Sie inzwischen bezahlt haben, danken wir Ihnen und bitten Sie, diese "
        "Erinnerung als gegenstandslos zu betrachten." + _SIGNATURE,
    ),
    3: (
        "Noch unbezahlt: $invoices ($overdue_for)",
        "Guten Tag $contact,\n\nleider haben wir für $invoices noch keine Zahlung erhalten. "
        "$reminded_sentence\n\n$invoice_list\n\n$balance_sentence Bitte begleichen Sie den "
        "Betrag innerhalb von sieben Tagen. Sollte aus Ihrer Sicht etwas nicht stimmen, "
        "teilen Sie es uns bitte mit, damit wir es klären können." + _SIGNATURE,
    ),
    4: (
        "Letzte Mahnung: $level_invoices",
        "Guten Tag $contact,\n\ndies ist unsere letzte Mahnung für $level_invoices. "
        "$reminded_sentence\n\n$invoice_list\n\n$balance_sentence $late_fee_sentence\n\n"
        "Sollte die Zahlung für $level_invoices nicht innerhalb von zehn Tagen bei uns "
        "eingehen, müssen wir die Angelegenheit einem Inkassobüro übergeben. Wenn Sie nicht "
        "den vollen Betrag zahlen können, melden Sie sich bitte jetzt bei uns, damit wir eine "
        "Lösung vereinbaren können." + _SIGNATURE,
    ),
    5: (
        "Inkasso: $invoices",
        "$invoices von $customer ($amount_due, $overdue_for) an das Inkassobüro übergeben."
        "\n\n$invoice_list",
    ),
}

WORDS: dict[str, str] = {
    "invoice_title": "Rechnung",
    "credit_note_title": "Gutschrift",
    "draft_invoice": "Rechnungsentwurf",
    "draft_credit_note": "Gutschriftsentwurf",
    "not_issued": "Noch nicht ausgestellt",
    "credit_note_for": "Gutschrift zur Rechnung $number",
    "statement": "Kontoauszug",
    "of_account": "Ihres Kundenkontos",
    "payment_reminder": "Zahlungserinnerung",
    "payment_reminders": "Zahlungserinnerungen ($count)",
    "aging_report": "Altersstruktur der Forderungen",
    "document_for": "$title für $customer",
    "draft_mark": "ENTWURF",
    "void_mark": "STORNIERT",
    "void_invoice": "STORNIERT – diese Rechnung wurde storniert und ist nicht zu bezahlen.",
    "void_credit_note": "STORNIERT – diese Gutschrift wurde storniert.",
    "void_reason": "Grund: $reason",
    "page": "Seite $page von $pages",
    "bill_to": "Rechnungsempfänger",
    "statement_for": "Kontoauszug für",
    "attn": "z. Hd. $name",
    "tax_id": "USt-IdNr.: $tax_id",
    "issue_date": "Rechnungsdatum",
    "due_date": "Fällig am",
    "date": "Datum",
    "customer_no": "Kundennr.",
    "statement_date": "Datum",
    "period": "Zeitraum",
    "description": "Beschreibung",
    "quantity": "Menge",
    "unit": "Einheit",
    "unit_price": "Einzelpreis",
    "discount_percent": "Rabatt %",
    "tax": "USt.",
    "amount": "Betrag",
    "subtotal": "Zwischensumme",
    "discount": "Rabatt",
    "tax_on": "$tax auf $net",
    "no_tax": "Ohne USt.",
    "total": "Gesamtbetrag",
    "total_credit": "Gutschriftsbetrag",
    "amount_paid": "Bereits bezahlt",
    "amount_due": "Offener Betrag",
    "in_your_favour": "Ihr Guthaben",
    "notes": "Hinweise",
    "payment": "Zahlung",
    "terms": "Bedingungen",
    "how_to_pay": "So zahlen Sie",
    "bank": "Bank",
    "account_no": "Kontonr.",
    "reference": "Verwendungszweck",
    "pay_online": "Online bezahlen",
    "qr_caption": "Mit Ihrer Banking-App scannen und bezahlen",
    "qr_caption_euro": "Mit Ihrer Banking-App scannen und bezahlen (der Euro-Betrag)",
    "link_caption": "Scannen und online bezahlen",
    "pay_quoting": "Bitte überweisen Sie den offenen Betrag unter Angabe des Verwendungszwecks.",
    "pay_amount_quoting": "Bitte überweisen Sie $amount unter Angabe des Verwendungszwecks.",
    "pay_amount": "Bitte überweisen Sie $amount.",
    "terms_on_receipt": "Zahlbar sofort nach Erhalt.",
    "terms_net": "Zahlbar innerhalb von $days.",
    "terms_end_of_month": "Zahlbar bis zum Ende des Monats des Rechnungsdatums.",
    "terms_end_of_month_plus": "Zahlbar innerhalb von $days nach Ende des Monats des "
    "Rechnungsdatums.",
    "terms_discount": "$percent % Skonto bei Zahlung innerhalb von $days.",
    "terms_discount_same_day": "$percent % Skonto bei Zahlung am Rechnungsdatum.",
    "one_day": "1 Tag",
    "days": "$count Tagen",
    "late_fee_terms": "Für überfällige Beträge berechnen wir $charges.",
    "late_fee_flat": "eine Mahngebühr von $amount",
    "late_fee_interest": "Zinsen von $percent % pro Monat",
    "late_fee_line": "Mahngebühr: Rechnung $number, fällig am $due_date",
    "late_fee_notes": "Mahngebühren für Rechnung $number, fällig am $due_date.",
    "late_fee": "Mahngebühr",
    "open_items_on": "Offene Posten am $date",
    "nothing_open": "Es ist nichts offen – vielen Dank.",
    "activity": "Kontobewegungen $period",
    "aging_days": "Fälligkeit (Tage überfällig)",
    "document": "Beleg",
    "open": "Offen",
    "days_overdue": "Tage überfällig",
    "charges": "Belastungen",
    "credits": "Gutschriften",
    "balance": "Saldo",
    "opening_balance": "Anfangssaldo",
    "closing_balance": "Endsaldo",
    "no_activity": "Keine Bewegungen im Zeitraum",
    "total_open": "Summe offen",
    "payment_by": "Zahlung ($method)",
    "current": "Nicht fällig",
    "status": "Status",
    "open_amount": "Offener Betrag",
    "due_today": "heute fällig",
    "due_in_one_day": "fällig in 1 Tag",
    "due_in_days": "fällig in $count Tagen",
    "one_day_overdue": "1 Tag überfällig",
    "days_overdue_count": "$count Tage überfällig",
    "code": "Nr.",
    "customer": "Kunde",
    "aging_subtitle": "Stand $date · nach $basis · $currency · $count Kunden",
    "by_due_date": "Fälligkeitsdatum",
    "by_invoice_date": "Rechnungsdatum",
    "and": "und",
    "one_invoice": "Rechnung $number",
    "some_invoices": "Rechnungen $numbers",
    "many_invoices": "$count Rechnungen",
    "oldest_listed": "die $count ältesten aufgeführten Rechnungen",
    "some_listed": "$count der aufgeführten Rechnungen",
    "is": "ist",
    "are": "sind",
    "today": "heute",
    "in_one_day": "in 1 Tag",
    "in_days": "in $count Tagen",
    "list_line": "- $number, fällig am $due_date ($when): $amount",
    "not_yet_due": "noch nicht fällig",
    "oldest_overdue": "älteste: $when",
    "together": "Zusammen ergibt das $amount.",
    "together_all_overdue": "Zusammen ergibt das $amount; das ist alles, was auf Ihrem Konto "
    "überfällig ist.",
    "together_part_overdue": "Zusammen ergibt das $amount, davon sind $overdue überfällig.",
    "other_invoices_overdue": "Einschließlich Ihrer weiteren Rechnungen sind auf Ihrem Konto "
    "$amount überfällig.",
    "wrote_once": "Über $invoices haben wir Ihnen zuletzt am $date geschrieben.",
    "wrote_before": "Über $invoices haben wir Ihnen bereits geschrieben, zuletzt am $date.",
    "late_fee_one": "Gemäß unseren Bedingungen fällt für $invoices eine Mahngebühr von $amount "
    "an; sie wird gesondert in Rechnung gestellt.",
    "late_fee_many": "Gemäß unseren Bedingungen fallen für $invoices Mahngebühren von $amount "
    "an; sie werden gesondert in Rechnung gestellt.",
    "pay_online_line": "Online bezahlen: $link",
    "bank_transfer_line": "Überweisung: $bank",
    "quote_reference": "Bitte geben Sie als Verwendungszweck an: $reference",
    "quote_customer_number": "Bitte geben Sie Ihre Kundennummer als Verwendungszweck an: "
    "$reference",
    "more_links": "und $count weitere: jede Rechnung trägt ihren eigenen Link",
    "late_fee_interest_line": "Zinsen $rate % pro Monat auf $owed offen auf Rechnung $number, "
    "$start bis $end",
    "late_fee_counted": "Mahngebühren für Rechnung $number, fällig am $due_date, berechnet bis "
    "$date.",
    "voided": "$document storniert: $reason",
    "method_cash": "bar",
    "method_cheque": "Scheck",
    "method_card": "Karte",
    "method_bank_transfer": "Überweisung",
    "method_digital_wallet": "digitale Geldbörse",
    "method_other": "sonstige",
    "payment_reversed": "Zahlung rückgebucht: $reason",
    "refund": "Erstattung eines Guthabens",
    "early_payment_discount": "Skonto",
    "small_balance": "Kleinbetrag ausgebucht",
    "bad_debt": "Forderungsausfall ausgebucht",
    "adjustment_reversed": "$what: rückgängig gemacht",
    "customer_ref": "Kunde $code",
    "more_link": "und 1 weitere: jede Rechnung trägt ihren eigenen Link",
    "footer_thanks": "Vielen Dank für Ihren Auftrag.",
    "document_ref": "Beleg-Nr.",
}
