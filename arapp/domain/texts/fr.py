# SPDX-License-Identifier: MIT
"""Les textes français intégrés (French): e-mails, reminders, the words of the documents.

Formal address (``vous``) throughout; the same keys and placeholders as
:mod:`arapp.domain.texts.en`. French puts a (narrow) space before ``: ; ? !`` and ``%``.
"""

from __future__ import annotations

from arapp.domain.invoice import DocumentKind

DOCUMENT_MAIL: dict[tuple[str, str], str] = {
    (DocumentKind.INVOICE, "subject"): "Facture $number de $company",
    (DocumentKind.INVOICE, "body"): (
        "Bonjour $contact,\n\nVeuillez trouver ci-joint notre facture $number du $issue_date "
        "d'un montant de $total, à régler au plus tard le $due_date.\n\nPour toute question, "
        "il vous suffit de répondre à ce message.\n\nCordialement,\n$company"
    ),
    (DocumentKind.CREDIT_NOTE, "subject"): "Avoir $number de $company",
    (DocumentKind.CREDIT_NOTE, "body"): (
        "Bonjour $contact,\n\nVeuillez trouver ci-joint notre avoir $number du $issue_date "
        "d'un montant de $total.\n\nPour toute question, il vous suffit de répondre à ce "
        "message.\n\nCordialement,\n$company"
    ),
    ("statement", "subject"): "Relevé de compte de $company",
    ("statement", "body"): (
        "Bonjour $contact,\n\nVeuillez trouver ci-joint votre relevé de compte du "
        "$period_start au $period_end. Votre solde s'élève à $balance.\n\nSi quelque chose "
        "vous semble inexact, il vous suffit de répondre à ce message.\n\nCordialement,"
        "\n$company"
    ),
}

DOCUMENT_WORDS: dict[str, str] = {
    DocumentKind.INVOICE: "facture",
    DocumentKind.CREDIT_NOTE: "avoir",
}

_SIGNATURE = "\n\n$payment_details\n\nCordialement,\n$company"

REMINDERS: dict[int, tuple[str, str]] = {
    1: (
        "Échéance prochaine : $invoices",
        "Bonjour $contact,\n\nPetit rappel amical : l'échéance approche pour "
        "$invoices ($is_are bientôt à régler).\n\n$invoice_list\n\n$balance_sentence "
        "Si le paiement est déjà en route, merci beaucoup, et ne tenez pas compte de ce "
        "message." + _SIGNATURE,
    ),
    2: (
        "Rappel de paiement : $invoices",
        "Bonjour $contact,\n\nSauf erreur de notre part, le règlement concernant $invoices "
        "ne nous est pas encore parvenu. Il s'agit peut-être d'un simple oubli ; nous vous serions "
        "reconnaissants de bien vouloir procéder au paiement.\n\n$invoice_list\n\n"
        "$balance_sentence $reminded_sentence Si vous avez réglé entre-temps, nous vous en "
        "remercions et vous prions de ne pas tenir compte de ce rappel." + _SIGNATURE,
    ),
    3: (
        "Toujours impayé : $invoices ($overdue_for)",
        "Bonjour $contact,\n\nNous n'avons toujours pas reçu le règlement concernant $invoices. "
        "$reminded_sentence\n\n$invoice_list\n\n$balance_sentence Nous vous prions de bien "
        "vouloir régler ce montant sous sept jours. Si vous pensez qu'il y a une erreur, "
        "merci de nous le signaler afin que nous puissions la corriger." + _SIGNATURE,
    ),
    4: (
        "Dernier rappel avant recouvrement : $level_invoices",
        "Bonjour $contact,\n\nCeci est notre dernier rappel concernant $level_invoices. "
        "$reminded_sentence\n\n$invoice_list\n\n$balance_sentence $late_fee_sentence\n\n"
        "Sans règlement pour $level_invoices sous dix jours, nous serons contraints de confier "
        "le dossier à une société de recouvrement. Si vous ne pouvez pas régler la totalité, "
        "contactez-nous dès maintenant afin que nous convenions ensemble d'une solution."
        + _SIGNATURE,
    ),
    5: (
        "Recouvrement : $invoices",
        "Confier $invoices de $customer ($amount_due, $overdue_for) à la société de "
        "recouvrement.\n\n$invoice_list",
    ),
}

WORDS: dict[str, str] = {
    "invoice_title": "Facture",
    "credit_note_title": "Avoir",
    "draft_invoice": "Projet de facture",
    "draft_credit_note": "Projet d'avoir",
    "not_issued": "Pas encore émis",
    "credit_note_for": "Avoir sur la facture $number",
    "statement": "Relevé",
    "of_account": "de compte",
    "payment_reminder": "Rappel de paiement",
    "payment_reminders": "Rappels de paiement ($count)",
    "aging_report": "Balance âgée",
    "document_for": "$title pour $customer",
    "draft_mark": "PROJET",
    "void_mark": "ANNULÉ",
    "void_invoice": "ANNULÉE – cette facture a été annulée et ne doit pas être réglée.",
    "void_credit_note": "ANNULÉ – cet avoir a été annulé.",
    "void_reason": "Motif : $reason",
    "page": "Page $page sur $pages",
    "bill_to": "Facturé à",
    "statement_for": "Relevé pour",
    "attn": "À l'attention de $name",
    "tax_id": "N° TVA : $tax_id",
    "issue_date": "Date de facture",
    "due_date": "Échéance",
    "date": "Date",
    "customer_no": "N° client",
    "statement_date": "Date du relevé",
    "period": "Période",
    "description": "Désignation",
    "quantity": "Qté",
    "unit": "Unité",
    "unit_price": "Prix unitaire",
    "discount_percent": "Remise %",
    "tax": "TVA",
    "amount": "Montant",
    "subtotal": "Sous-total",
    "discount": "Remise",
    "tax_on": "$tax sur $net",
    "no_tax": "Sans TVA",
    "total": "Total",
    "total_credit": "Total de l'avoir",
    "amount_paid": "Déjà réglé",
    "amount_due": "Net à payer",
    "in_your_favour": "En votre faveur",
    "notes": "Remarques",
    "payment": "Paiement",
    "terms": "Conditions",
    "how_to_pay": "Comment payer",
    "bank": "Banque",
    "account_no": "N° de compte",
    "reference": "Référence",
    "pay_online": "Payer en ligne",
    "qr_caption": "Scannez pour payer avec votre application bancaire",
    "qr_caption_euro": "Scannez pour payer avec votre application bancaire (le montant en euros)",
    "link_caption": "Scannez pour payer en ligne",
    "pay_quoting": "Merci de régler le montant dû en indiquant la référence ci-dessous.",
    "pay_amount_quoting": "Merci de régler $amount en indiquant la référence ci-dessous.",
    "pay_amount": "Merci de régler $amount.",
    "terms_on_receipt": "Paiement à réception.",
    "terms_net": "Paiement sous $days.",
    "terms_end_of_month": "Paiement à la fin du mois de la date de facture.",
    "terms_end_of_month_plus": "Paiement à $days fin de mois.",
    "terms_discount": "Escompte de $percent % pour paiement sous $days.",
    "terms_discount_same_day": "Escompte de $percent % pour paiement à la date de facture.",
    "one_day": "1 jour",
    "days": "$count jours",
    "late_fee_terms": "Tout retard de paiement donne lieu à $charges.",
    "late_fee_flat": "des frais de retard de $amount",
    "late_fee_interest": "des intérêts de $percent % par mois",
    "late_fee_line": "Frais de retard : facture $number échue le $due_date",
    "late_fee_notes": "Frais de retard sur la facture $number, échue le $due_date.",
    "late_fee": "Frais de retard",
    "open_items_on": "Éléments ouverts au $date",
    "nothing_open": "Aucun élément ouvert : merci.",
    "activity": "Mouvements $period",
    "aging_days": "Ancienneté (jours de retard)",
    "document": "Pièce",
    "open": "Restant dû",
    "days_overdue": "Jours de retard",
    "charges": "Débit",
    "credits": "Crédit",
    "balance": "Solde",
    "opening_balance": "Solde d'ouverture",
    "closing_balance": "Solde de clôture",
    "no_activity": "Aucun mouvement sur la période",
    "total_open": "Total restant dû",
    "payment_by": "Paiement ($method)",
    "current": "Non échu",
    "status": "Statut",
    "open_amount": "Restant dû",
    "due_today": "échéance aujourd'hui",
    "due_in_one_day": "échéance dans 1 jour",
    "due_in_days": "échéance dans $count jours",
    "one_day_overdue": "1 jour de retard",
    "days_overdue_count": "$count jours de retard",
    "code": "Code",
    "customer": "Client",
    "aging_subtitle": "Au $date · par $basis · $currency · $count clients",
    "by_due_date": "date d'échéance",
    "by_invoice_date": "date de facture",
    "and": "et",
    "one_invoice": "la facture $number",
    "some_invoices": "les factures $numbers",
    "many_invoices": "$count factures",
    "oldest_listed": "les $count factures les plus anciennes de la liste",
    "some_listed": "$count des factures de la liste",
    "is": "elle est",
    "are": "elles sont",
    "today": "aujourd'hui",
    "in_one_day": "dans 1 jour",
    "in_days": "dans $count jours",
    "list_line": "- $number, échéance le $due_date ($when) : $amount",
    "not_yet_due": "pas encore échu",
    "oldest_overdue": "la plus ancienne : $when",
    "together": "Le total s'élève à $amount.",
    "together_all_overdue": "Le total s'élève à $amount, soit la totalité de ce qui est en "
    "retard sur votre compte.",
    "together_part_overdue": "Le total s'élève à $amount, dont $overdue en retard.",
    "other_invoices_overdue": "En comptant vos autres factures, $amount sont en retard sur "
    "votre compte.",
    "wrote_once": "Nous vous avons écrit concernant $invoices pour la dernière fois le $date.",
    "wrote_before": "Nous vous avons déjà écrit concernant $invoices, la dernière fois le $date.",
    "late_fee_one": "Conformément à nos conditions, $invoices donne lieu à des frais de retard "
    "de $amount ; ils sont facturés séparément.",
    "late_fee_many": "Conformément à nos conditions, $invoices donnent lieu à des frais de "
    "retard de $amount ; ils sont facturés séparément.",
    "pay_online_line": "Payer en ligne : $link",
    "bank_transfer_line": "Virement bancaire : $bank",
    "quote_reference": "Merci d'indiquer la référence : $reference",
    "quote_customer_number": "Merci d'indiquer votre numéro client : $reference",
    "more_links": "et $count autres : chaque facture porte son propre lien",
    "late_fee_interest_line": "Intérêts de $rate % par mois sur $owed restant dû sur la facture "
    "$number, du $start au $end",
    "late_fee_counted": "Frais de retard sur la facture $number, échue le $due_date, calculés au "
    "$date.",
    "voided": "$document annulé(e) : $reason",
    "method_cash": "espèces",
    "method_cheque": "chèque",
    "method_card": "carte",
    "method_bank_transfer": "virement",
    "method_digital_wallet": "portefeuille numérique",
    "method_other": "autre",
    "payment_reversed": "Paiement annulé : $reason",
    "refund": "Remboursement d'avoir",
    "early_payment_discount": "Escompte pour paiement anticipé",
    "small_balance": "Solde minime passé en perte",
    "bad_debt": "Créance irrécouvrable passée en perte",
    "adjustment_reversed": "$what : annulé",
    "customer_ref": "Client $code",
    "more_link": "et 1 autre : chaque facture porte son propre lien",
    "footer_thanks": "Merci de votre confiance.",
    "document_ref": "Référence",
}
