# SPDX-License-Identifier: MIT
"""What the demo company is made of: its profile, catalog, customers' names and terms.

Kept apart from :mod:`arapp.services.demo`, which writes the books from these; names carry
accents and letters from many languages on purpose, so search, sorting and PDFs get tried.
"""

from __future__ import annotations

from decimal import Decimal

from arapp.services.company import CompanyProfile

CURRENCY = "EUR"

NAMES = [
    "Acme Building Supplies",
    "Zoë Łukasiewicz",
    "Ünal Çelik Bau GmbH",
    "Đorđe Petrović",
    "Brightside Cafés",
    "Harbour View Hotel",
    "Oakwood Primary School",
    "Nordlys Møbler AS",
    "Café Süßigkeiten",
    "O'Brien & Daughters",
    "Green Thumb Landscaping",
    "Marta Kowalska",
    "Riverside Dental Practice",
    "Blue Door Bakery",
    "Peak Fitness Studio",
    "Søren Kierkegaard ApS",
    "Château Lafleur Wines",
    "Northgate Garage",
    "Little Sprouts Nursery",
    "Fionnuala Ní Bhriain",
    "Kraków Deli",
    "Seaside Surf Shop",
    "Tomás Ó Súilleabháin",
    "Ironworks Forge Ltd",
    "The Crooked Spoon",
    "Hélène Durand Architecte",
    "Maple Leaf Property Mgmt",
    "Yılmaz Tekstil",
    "Sunrise Yoga",
    "Brennan Electrical",
    "Quayside Chandlery",
    "Elif Şahin",
    "Grand Canal Books",
    "Nakamura Design Studio",
    "Highfield Golf Club",
    "Pádraig Mac Giolla",
    "Westend Pharmacy",
    "Copperpot Kitchen",
    "Ørsted & Sønn",
    "Willow Tree Florist",
    "Lakeside Veterinary",
    "Athena Greek Taverna",
    "Björk Consulting",
    "Corner Hardware Co.",
    "St. Brigid's Parish Hall",
    "Müller Haustechnik",
    "Rosewood Dental Lab",
    "Castle Print Works",
    "Ana Lúcia Ferreira",
    "Silver Birch Care Home",
    "Digital Den Repairs",
    "Bridge Street Barbers",
    "Moreno y Hijos S.L.",
    "Kelly's Corner Shop",
    "Aurora Photography",
    "Glenview Farm Shop",
    "Jakub Dvořák",
    "Meadowbank Tennis Club",
    "Tidewater Kayaks",
    "Zephyr Cycles",
]

PEOPLE = {
    "Zoë Łukasiewicz",
    "Đorđe Petrović",
    "Marta Kowalska",
    "Fionnuala Ní Bhriain",
    "Tomás Ó Súilleabháin",
    "Elif Şahin",
    "Pádraig Mac Giolla",
    "Ana Lúcia Ferreira",
    "Jakub Dvořák",
}

PRODUCTS = [
    ("Timber decking board 2.4 m", "pcs", Decimal("18.90")),
    ("Stainless screws 4x40, box of 200", "box", Decimal("12.50")),
    ("Exterior wood stain 2.5 L", "can", Decimal("34.95")),
    ("Cordless drill hire, per day", "day", Decimal("25.00")),
    ("Delivery within 20 km", "trip", Decimal("15.00")),
    ("Installation labour", "h", Decimal("48.00")),
    ("LED floodlight 30 W", "pcs", Decimal("39.90")),
    ("Garden hose 25 m with fittings", "pcs", Decimal("29.99")),
    ("Paint roller set", "set", Decimal("9.75")),
    ("Copper pipe 15 mm x 3 m", "pcs", Decimal("21.40")),
    ("Padlock, hardened steel", "pcs", Decimal("14.20")),
    ("Workshop safety gloves, pack of 12", "pack", Decimal("16.80")),
]

COMPANY = CompanyProfile(
    name="Harbour Lane Hardware",
    legal_name="Harbour Lane Hardware Ltd",
    street="12 Harbour Lane",
    postcode="A96 X2Y3",
    city="Dún Laoghaire",
    country="IE",
    contact_name="Niamh Byrne",
    email="accounts@harbourlane.example",
    phone="+353 1 555 0142",
    website="harbourlane.example",
    tax_id="IE 6388047V",
    currency=CURRENCY,
    locale="en_IE",
    bank_name="Allied Irish Banks",
    iban="IE29AIBK93115212345678",
    bic="AIBKIE2D",
    # each invoice fills in its number, what is due and the currency (domain.payment_link)
    payment_link_url=(
        "https://pay.harbourlane.example/invoice/{number}?amount={amount}&currency={currency}"
    ),
)
FOOTER = "Thank you for your business."

TERMS = ["net 30"] * 6 + ["net 14"] * 2 + ["due on receipt", "eom + 30", "2/10 net 30"]


FIRST_NAMES = ["Aoife", "Conor", "Siobhán", "Niamh", "Declan", "Ciarán", "Maeve", "Eoin", "Róisín"]
LAST_NAMES = ["Byrne", "Walsh", "Novak", "Meyer", "Costa", "O'Neill", "Murphy", "Kelly", "Nolan"]

#: The customer without an e-mail address: reminded by letter.
NO_EMAIL = "Pádraig Mac Giolla"

#: The credit limit of the customer who owes more than it.
OVER_LIMIT = Decimal(1500)

#: What the owner noted about some customers.
NOTES = {
    "Pádraig Mac Giolla": "No e-mail: send invoices and reminders by post.",
    "Oakwood Primary School": "Invoices go to the bursar. The school is closed in August.",
    "Castle Print Works": "Paying the old invoices by instalments; new orders paid on delivery.",
    "Blue Door Bakery": "Always asks for photos of damaged goods before a credit.",
    "Riverside Dental Practice": "Rounds payments up; keep the credit for the next invoice.",
}

#: Now and then a word with a late payer: (kind of entry, what was said).
CHATS = [
    ("email", "E-mailed a copy of the open invoices at their request."),
    ("meeting", "Met the owner in the shop; says the next payment run is at month end."),
    ("call", "Left a voicemail about the invoice past its due date."),
    ("note", "Their accounts person is new; sent our bank details again."),
]
