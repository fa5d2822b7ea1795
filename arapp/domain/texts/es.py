# SPDX-License-Identifier: MIT
"""Los textos en español integrados (Spanish, as written in Spain): e-mails, reminders, the
words of the documents.

Formal address (``usted``) throughout; a credit note is a *factura rectificativa* (the name
Spanish law gives a document that corrects an invoice). The same keys and placeholders as
:mod:`arapp.domain.texts.en`.
"""

from __future__ import annotations

from arapp.domain.invoice import DocumentKind

DOCUMENT_MAIL: dict[tuple[str, str], str] = {
    (DocumentKind.INVOICE, "subject"): "Factura $number de $company",
    (DocumentKind.INVOICE, "body"): (
        "Estimado/a $contact:\n\nLe adjuntamos nuestra factura $number del $issue_date por "
        "importe de $total, con vencimiento el $due_date.\n\nSi tiene cualquier pregunta, "
        "basta con responder a este correo.\n\nAtentamente,\n$company"
    ),
    (DocumentKind.CREDIT_NOTE, "subject"): "Factura rectificativa $number de $company",
    (DocumentKind.CREDIT_NOTE, "body"): (
        "Estimado/a $contact:\n\nLe adjuntamos nuestra factura rectificativa $number del "
        "$issue_date por importe de $total.\n\nSi tiene cualquier pregunta, basta con "
        "responder a este correo.\n\nAtentamente,\n$company"
    ),
    ("statement", "subject"): "Extracto de cuenta de $company",
    ("statement", "body"): (
        "Estimado/a $contact:\n\nLe adjuntamos su extracto de cuenta del $period_start al "
        "$period_end. Su saldo es de $balance.\n\nSi algo no le parece correcto, basta con "
        "responder a este correo.\n\nAtentamente,\n$company"
    ),
}

DOCUMENT_WORDS: dict[str, str] = {
    DocumentKind.INVOICE: "factura",
    DocumentKind.CREDIT_NOTE: "factura rectificativa",
}

_SIGNATURE = "\n\n$payment_details\n\nAtentamente,\n$company"

REMINDERS: dict[int, tuple[str, str]] = {
    1: (
        "Próximo vencimiento: $invoices",
        "Estimado/a $contact:\n\nLe recordamos amablemente que $invoices $is_are a punto de "
        "vencer.\n\n$invoice_list\n\n$balance_sentence Si el pago ya está en camino, muchas "
        "gracias, y le rogamos que no tenga en cuenta este mensaje." + _SIGNATURE,
    ),
    2: (
        "Recordatorio de pago: $invoices",
        "Estimado/a $contact:\n\nSegún nuestros registros, el pago de $invoices sigue pendiente. "
        "Quizá se le haya pasado; le agradeceríamos que realizara el pago.\n\n$invoice_list"
        "\n\n$balance_sentence $reminded_sentence Si ya ha pagado, le damos las gracias y le "
        "rogamos que no tenga en cuenta este recordatorio." + _SIGNATURE,
    ),
    3: (
        "Pendiente de pago: $invoices ($overdue_for)",
        "Estimado/a $contact:\n\nTodavía no hemos recibido el pago de $invoices. "
        "$reminded_sentence\n\n$invoice_list\n\n$balance_sentence Le rogamos que realice el "
        "pago en un plazo de siete días. Si cree que hay algún error, le rogamos que nos lo "
        "indique para poder corregirlo." + _SIGNATURE,
    ),
    4: (
        "Último aviso: $level_invoices",
        "Estimado/a $contact:\n\nEste es nuestro último aviso sobre $level_invoices. "
        "$reminded_sentence\n\n$invoice_list\n\n$balance_sentence $late_fee_sentence\n\n"
        "Si no recibimos el pago de $level_invoices en un plazo de diez días, nos veremos "
        "obligados a encargar el cobro a una agencia de recobro. Si no puede pagar el importe "
        "completo, póngase en contacto con nosotros ahora para que podamos acordar una "
        "solución." + _SIGNATURE,
    ),
    5: (
        "Recobro: $invoices",
        "Entregar $invoices de $customer ($amount_due, $overdue_for) a la agencia de recobro."
        "\n\n$invoice_list",
    ),
}

WORDS: dict[str, str] = {
    "invoice_title": "Factura",
    "credit_note_title": "Factura rectificativa",
    "draft_invoice": "Borrador de factura",
    "draft_credit_note": "Borrador de factura rectificativa",
    "not_issued": "Aún no emitida",
    "credit_note_for": "Rectifica la factura $number",
    "statement": "Extracto",
    "of_account": "de cuenta",
    "payment_reminder": "Recordatorio de pago",
    "payment_reminders": "Recordatorios de pago ($count)",
    "aging_report": "Antigüedad de saldos",
    "document_for": "$title para $customer",
    "draft_mark": "BORRADOR",
    "void_mark": "ANULADA",
    "void_invoice": "ANULADA – esta factura ha sido anulada y no debe pagarse.",
    "void_credit_note": "ANULADA – esta factura rectificativa ha sido anulada.",
    "void_reason": "Motivo: $reason",
    "page": "Página $page de $pages",
    "bill_to": "Facturar a",
    "statement_for": "Extracto para",
    "attn": "A la atención de $name",
    "tax_id": "NIF: $tax_id",
    "issue_date": "Fecha de emisión",
    "due_date": "Vencimiento",
    "date": "Fecha",
    "customer_no": "N.º de cliente",
    "statement_date": "Fecha del extracto",
    "period": "Periodo",
    "description": "Descripción",
    "quantity": "Cant.",
    "unit": "Unidad",
    "unit_price": "Precio unitario",
    "discount_percent": "Dto. %",
    "tax": "IVA",
    "amount": "Importe",
    "subtotal": "Subtotal",
    "discount": "Descuento",
    "tax_on": "$tax sobre $net",
    "no_tax": "Sin IVA",
    "total": "Total",
    "total_credit": "Total rectificado",
    "amount_paid": "Importe pagado",
    "amount_due": "Importe pendiente",
    "in_your_favour": "A su favor",
    "notes": "Observaciones",
    "payment": "Pago",
    "terms": "Condiciones",
    "how_to_pay": "Cómo pagar",
    "bank": "Banco",
    "account_no": "N.º de cuenta",
    "reference": "Referencia",
    "pay_online": "Pagar en línea",
    "qr_caption": "Escanee para pagar con la aplicación de su banco",
    "qr_caption_euro": "Escanee para pagar con la aplicación de su banco (el importe en euros)",
    "link_caption": "Escanee para pagar en línea",
    "pay_quoting": "Le rogamos que abone el importe pendiente indicando la referencia.",
    "pay_amount_quoting": "Le rogamos que abone $amount indicando la referencia siguiente.",
    "pay_amount": "Le rogamos que abone $amount.",
    "terms_on_receipt": "Pago a la recepción de la factura.",
    "terms_net": "Pago en un plazo de $days.",
    "terms_end_of_month": "Pago a fin del mes de la fecha de factura.",
    "terms_end_of_month_plus": "Pago a $days a partir del fin del mes de la fecha de factura.",
    "terms_discount": "Descuento del $percent % por pago en un plazo de $days.",
    "terms_discount_same_day": "Descuento del $percent % por pago en la fecha de factura.",
    "one_day": "1 día",
    "days": "$count días",
    "late_fee_terms": "Los importes vencidos devengan $charges.",
    "late_fee_flat": "un recargo por demora de $amount",
    "late_fee_interest": "intereses del $percent % mensual",
    "late_fee_line": "Recargo por demora: factura $number vencida el $due_date",
    "late_fee_notes": "Recargos por demora de la factura $number, vencida el $due_date.",
    "late_fee": "Recargo por demora",
    "open_items_on": "Partidas pendientes a $date",
    "nothing_open": "No hay nada pendiente: gracias.",
    "activity": "Movimientos $period",
    "aging_days": "Antigüedad (días vencidos)",
    "document": "Documento",
    "open": "Pendiente",
    "days_overdue": "Días vencidos",
    "charges": "Cargos",
    "credits": "Abonos",
    "balance": "Saldo",
    "opening_balance": "Saldo inicial",
    "closing_balance": "Saldo final",
    "no_activity": "Sin movimientos en el periodo",
    "total_open": "Total pendiente",
    "payment_by": "Pago ($method)",
    "current": "No vencido",
    "status": "Estado",
    "open_amount": "Importe pendiente",
    "due_today": "vence hoy",
    "due_in_one_day": "vence en 1 día",
    "due_in_days": "vence en $count días",
    "one_day_overdue": "1 día de retraso",
    "days_overdue_count": "$count días de retraso",
    "code": "Código",
    "customer": "Cliente",
    "aging_subtitle": "A $date · por $basis · $currency · $count clientes",
    "by_due_date": "fecha de vencimiento",
    "by_invoice_date": "fecha de factura",
    "and": "y",
    "one_invoice": "la factura $number",
    "some_invoices": "las facturas $numbers",
    "many_invoices": "$count facturas",
    "oldest_listed": "las $count facturas más antiguas de la lista",
    "some_listed": "$count de las facturas de la lista",
    "is": "está",
    "are": "están",
    "today": "hoy",
    "in_one_day": "en 1 día",
    "in_days": "en $count días",
    "list_line": "- $number, vence el $due_date ($when): $amount",
    "not_yet_due": "aún no vencida",
    "oldest_overdue": "la más antigua con $when",
    "together": "En total suman $amount.",
    "together_all_overdue": "En total suman $amount, que es todo lo vencido en su cuenta.",
    "together_part_overdue": "En total suman $amount, de los cuales $overdue están vencidos.",
    "other_invoices_overdue": "Contando sus demás facturas, su cuenta tiene $amount vencidos.",
    "wrote_once": "Le escribimos por última vez sobre $invoices el $date.",
    "wrote_before": "Ya le hemos escrito sobre $invoices, la última vez el $date.",
    "late_fee_one": "Según nuestras condiciones, a $invoices se aplica un recargo por demora "
    "de $amount, que se factura por separado.",
    "late_fee_many": "Según nuestras condiciones, a $invoices se aplican recargos por demora "
    "de $amount, que se facturan por separado.",
    "pay_online_line": "Pagar en línea: $link",
    "bank_transfer_line": "Transferencia bancaria: $bank",
    "quote_reference": "Indique la referencia: $reference",
    "quote_customer_number": "Indique su número de cliente: $reference",
    "more_links": "y $count más: cada factura lleva su propio enlace",
    "late_fee_interest_line": "Intereses del $rate % mensual sobre $owed pendientes de la factura "
    "$number, del $start al $end",
    "late_fee_counted": "Recargos por demora de la factura $number, vencida el $due_date, "
    "calculados a $date.",
    "voided": "$document anulada: $reason",
    "method_cash": "efectivo",
    "method_cheque": "cheque",
    "method_card": "tarjeta",
    "method_bank_transfer": "transferencia",
    "method_digital_wallet": "monedero digital",
    "method_other": "otro",
    "payment_reversed": "Pago anulado: $reason",
    "refund": "Devolución de saldo a favor",
    "early_payment_discount": "Descuento por pronto pago",
    "small_balance": "Saldo menor cancelado",
    "bad_debt": "Crédito incobrable cancelado",
    "adjustment_reversed": "$what: anulado",
    "customer_ref": "Cliente $code",
    "more_link": "y 1 más: cada factura lleva su propio enlace",
    "footer_thanks": "Gracias por confiar en nosotros.",
    "document_ref": "Referencia",
}
