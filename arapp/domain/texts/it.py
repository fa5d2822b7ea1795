# SPDX-License-Identifier: MIT
"""I testi italiani integrati (Italian): e-mails, reminders, the words of the documents.

Formal address (``Lei``) throughout; the same keys and placeholders as
:mod:`arapp.domain.texts.en`. The phrases that name invoices carry their article (``la
fattura``), so the templates put them after ``per`` or ``con`` (never after ``di`` or ``a``,
which would have to merge with the article).
"""

from __future__ import annotations

from arapp.domain.invoice import DocumentKind

DOCUMENT_MAIL: dict[tuple[str, str], str] = {
    (DocumentKind.INVOICE, "subject"): "Fattura $number di $company",
    (DocumentKind.INVOICE, "body"): (
        "Gentile $contact,\n\nin allegato Le inviamo la nostra fattura $number del $issue_date "
        "per un importo di $total, con scadenza il $due_date.\n\nPer qualsiasi domanda può "
        "semplicemente rispondere a questa e-mail.\n\nCordiali saluti,\n$company"
    ),
    (DocumentKind.CREDIT_NOTE, "subject"): "Nota di credito $number di $company",
    (DocumentKind.CREDIT_NOTE, "body"): (
        "Gentile $contact,\n\nin allegato Le inviamo la nostra nota di credito $number del "
        "$issue_date per un importo di $total.\n\nPer qualsiasi domanda può semplicemente "
        "rispondere a questa e-mail.\n\nCordiali saluti,\n$company"
    ),
    ("statement", "subject"): "Estratto conto di $company",
    ("statement", "body"): (
        "Gentile $contact,\n\nin allegato Le inviamo il Suo estratto conto dal $period_start "
        "al $period_end. Il Suo saldo è di $balance.\n\nSe qualcosa non Le sembra corretto, "
        "può semplicemente rispondere a questa e-mail.\n\nCordiali saluti,\n$company"
    ),
}

DOCUMENT_WORDS: dict[str, str] = {
    DocumentKind.INVOICE: "fattura",
    DocumentKind.CREDIT_NOTE: "nota di credito",
}

_SIGNATURE = "\n\n$payment_details\n\nCordiali saluti,\n$company"

REMINDERS: dict[int, tuple[str, str]] = {
    1: (
        "Pagamento in scadenza: $invoices",
        "Gentile $contact,\n\nun cortese promemoria: $invoices $is_are in scadenza a breve."
        "\n\n$invoice_list\n\n$balance_sentence Se il pagamento è già stato disposto, La "
        "ringraziamo e La preghiamo di non tenere conto di questo messaggio." + _SIGNATURE,
    ),
    2: (
        "Sollecito di pagamento: $invoices",
        "Gentile $contact,\n\ndai nostri archivi il pagamento per $invoices risulta ancora "
        "aperto. Forse si tratta di una svista; Le saremmo grati se potesse provvedere al "
        "pagamento.\n\n$invoice_list\n\n$balance_sentence $reminded_sentence Se nel frattempo "
        "ha già pagato, La ringraziamo e La preghiamo di non tenere conto di questo sollecito."
        + _SIGNATURE,
    ),
    3: (
        "Ancora non pagato: $invoices ($overdue_for)",
        "Gentile $contact,\n\nnon abbiamo ancora ricevuto il pagamento per $invoices. "
        "$reminded_sentence\n\n$invoice_list\n\n$balance_sentence La preghiamo di effettuare "
        "il pagamento entro sette giorni. Se ritiene che ci sia un errore, ce lo comunichi, "
        "così potremo correggerlo." + _SIGNATURE,
    ),
    4: (
        "Ultimo sollecito: $level_invoices",
        "Gentile $contact,\n\nquesto è il nostro ultimo sollecito per $level_invoices. "
        "$reminded_sentence\n\n$invoice_list\n\n$balance_sentence $late_fee_sentence\n\n"
        "Se non riceveremo il pagamento per $level_invoices entro dieci giorni, saremo "
        "costretti ad affidare la pratica a un'agenzia di recupero crediti. Se non può pagare "
        "l'intero importo, ci contatti subito, così potremo concordare una soluzione." + _SIGNATURE,
    ),
    5: (
        "Recupero crediti: $invoices",
        "Affidare all'agenzia di recupero crediti $invoices (cliente $customer, $amount_due, "
        "$overdue_for).\n\n$invoice_list",
    ),
}

WORDS: dict[str, str] = {
    "invoice_title": "Fattura",
    "credit_note_title": "Nota di credito",
    "draft_invoice": "Bozza di fattura",
    "draft_credit_note": "Bozza di nota di credito",
    "not_issued": "Non ancora emessa",
    "credit_note_for": "Nota di credito per la fattura $number",
    "statement": "Estratto conto",
    "of_account": "cliente",
    "payment_reminder": "Sollecito di pagamento",
    "payment_reminders": "Solleciti di pagamento ($count)",
    "aging_report": "Scadenzario crediti",
    "document_for": "$title per $customer",
    "draft_mark": "BOZZA",
    "void_mark": "ANNULLATA",
    "void_invoice": "ANNULLATA – questa fattura è stata annullata e non deve essere pagata.",
    "void_credit_note": "ANNULLATA – questa nota di credito è stata annullata.",
    "void_reason": "Motivo: $reason",
    "page": "Pagina $page di $pages",
    "bill_to": "Intestata a",
    "statement_for": "Estratto conto per",
    "attn": "Alla c.a. di $name",
    "tax_id": "P. IVA: $tax_id",
    "issue_date": "Data fattura",
    "due_date": "Scadenza",
    "date": "Data",
    "customer_no": "Cod. cliente",
    "statement_date": "Data estratto",
    "period": "Periodo",
    "description": "Descrizione",
    "quantity": "Q.tà",
    "unit": "Unità",
    "unit_price": "Prezzo unitario",
    "discount_percent": "Sconto %",
    "tax": "IVA",
    "amount": "Importo",
    "subtotal": "Imponibile",
    "discount": "Sconto",
    "tax_on": "$tax su $net",
    "no_tax": "Senza IVA",
    "total": "Totale",
    "total_credit": "Totale nota di credito",
    "amount_paid": "Importo pagato",
    "amount_due": "Importo dovuto",
    "in_your_favour": "A Suo favore",
    "notes": "Note",
    "payment": "Pagamento",
    "terms": "Condizioni",
    "how_to_pay": "Come pagare",
    "bank": "Banca",
    "account_no": "N. conto",
    "reference": "Causale",
    "pay_online": "Paga online",
    "qr_caption": "Inquadri il codice per pagare con l'app della Sua banca",
    "qr_caption_euro": "Inquadri il codice per pagare con l'app della Sua banca (l'importo "
    "in euro)",
    "link_caption": "Inquadri il codice per pagare online",
    "pay_quoting": "La preghiamo di pagare l'importo dovuto indicando la causale qui sotto.",
    "pay_amount_quoting": "La preghiamo di pagare $amount indicando la causale qui sotto.",
    "pay_amount": "La preghiamo di pagare $amount.",
    "terms_on_receipt": "Pagamento a vista.",
    "terms_net": "Pagamento entro $days.",
    "terms_end_of_month": "Pagamento a fine mese data fattura.",
    "terms_end_of_month_plus": "Pagamento a $days fine mese data fattura.",
    "terms_discount": "Sconto del $percent % per pagamento entro $days.",
    "terms_discount_same_day": "Sconto del $percent % per pagamento alla data della fattura.",
    "one_day": "1 giorno",
    "days": "$count giorni",
    "late_fee_terms": "Sugli importi scaduti si applicano $charges.",
    "late_fee_flat": "una penale di ritardo di $amount",
    "late_fee_interest": "interessi del $percent % al mese",
    "late_fee_line": "Penale di ritardo: fattura $number scaduta il $due_date",
    "late_fee_notes": "Penali di ritardo per la fattura $number, scaduta il $due_date.",
    "late_fee": "Penale di ritardo",
    "open_items_on": "Partite aperte al $date",
    "nothing_open": "Non ci sono partite aperte: grazie.",
    "activity": "Movimenti $period",
    "aging_days": "Anzianità (giorni di ritardo)",
    "document": "Documento",
    "open": "Aperto",
    "days_overdue": "Giorni di ritardo",
    "charges": "Addebiti",
    "credits": "Accrediti",
    "balance": "Saldo",
    "opening_balance": "Saldo iniziale",
    "closing_balance": "Saldo finale",
    "no_activity": "Nessun movimento nel periodo",
    "total_open": "Totale aperto",
    "payment_by": "Pagamento ($method)",
    "current": "A scadere",
    "status": "Stato",
    "open_amount": "Importo aperto",
    "due_today": "scade oggi",
    "due_in_one_day": "scade tra 1 giorno",
    "due_in_days": "scade tra $count giorni",
    "one_day_overdue": "scaduta da 1 giorno",
    "days_overdue_count": "scaduta da $count giorni",
    "code": "Codice",
    "customer": "Cliente",
    "aging_subtitle": "Al $date · per $basis · $currency · $count clienti",
    "by_due_date": "data di scadenza",
    "by_invoice_date": "data fattura",
    "and": "e",
    "one_invoice": "la fattura $number",
    "some_invoices": "le fatture $numbers",
    "many_invoices": "$count fatture",
    "oldest_listed": "le $count fatture più vecchie dell'elenco",
    "some_listed": "$count fatture dell'elenco",
    "is": "è",
    "are": "sono",
    "today": "oggi",
    "in_one_day": "tra 1 giorno",
    "in_days": "tra $count giorni",
    "list_line": "- $number, scadenza $due_date ($when): $amount",
    "not_yet_due": "non ancora scaduta",
    "oldest_overdue": "la più vecchia $when",
    "together": "In totale ammontano a $amount.",
    "together_all_overdue": "In totale ammontano a $amount, cioè tutto quanto è scaduto sul "
    "Suo conto.",
    "together_part_overdue": "In totale ammontano a $amount, di cui $overdue scaduti.",
    "other_invoices_overdue": "Considerando anche le Sue altre fatture, sul Suo conto risultano "
    "scaduti $amount.",
    "wrote_once": "Le abbiamo scritto per $invoices l'ultima volta il $date.",
    "wrote_before": "Le abbiamo già scritto per $invoices, l'ultima volta il $date.",
    "late_fee_one": "Come previsto dalle nostre condizioni, per $invoices si applica una penale "
    "di ritardo di $amount, addebitata con fattura separata.",
    "late_fee_many": "Come previsto dalle nostre condizioni, per $invoices si applicano penali "
    "di ritardo di $amount, addebitate con fatture separate.",
    "pay_online_line": "Paga online: $link",
    "bank_transfer_line": "Bonifico bancario: $bank",
    "quote_reference": "Indichi come causale: $reference",
    "quote_customer_number": "Indichi come causale il Suo codice cliente: $reference",
    "more_links": "e altre $count: ogni fattura riporta il proprio link",
    "late_fee_interest_line": "Interessi del $rate % al mese su $owed aperti sulla fattura "
    "$number, dal $start al $end",
    "late_fee_counted": "Penali di ritardo per la fattura $number, scaduta il $due_date, "
    "calcolate al $date.",
    "voided": "$document annullata: $reason",
    "method_cash": "contanti",
    "method_cheque": "assegno",
    "method_card": "carta",
    "method_bank_transfer": "bonifico",
    "method_digital_wallet": "portafoglio digitale",
    "method_other": "altro",
    "payment_reversed": "Pagamento stornato: $reason",
    "refund": "Rimborso di credito",
    "early_payment_discount": "Sconto per pagamento anticipato",
    "small_balance": "Piccolo saldo stralciato",
    "bad_debt": "Credito inesigibile stralciato",
    "adjustment_reversed": "$what: stornato",
    "customer_ref": "Cliente $code",
    "more_link": "e un'altra: ogni fattura riporta il proprio link",
    "footer_thanks": "Grazie per averci scelto.",
    "document_ref": "Riferimento",
}
