# SPDX-License-Identifier: MIT
"""Which routing fields an issued invoice's e-invoice takes from today's customer record."""

from __future__ import annotations

from types import SimpleNamespace

from arapp.pdf.document import Party
from arapp.services.einvoice_parties import with_current_routing


def _record(reference: str = "", address: str = "", scheme: str = "") -> SimpleNamespace:
    return SimpleNamespace(
        buyer_reference=reference, electronic_address=address, electronic_address_scheme=scheme
    )


def test_what_the_face_lacks_is_taken_and_said() -> None:
    face = Party(name="Kunde GmbH")
    buyer, taken = with_current_routing(face, _record("04011000-1", "DE987654321", "9930"))
    assert (buyer.buyer_reference, buyer.electronic_address) == ("04011000-1", "DE987654321")
    assert taken == (
        "buyer reference (BT-10) 04011000-1",
        "electronic address (BT-49) 9930:DE987654321",
    )


def test_an_e_mail_address_on_the_face_gives_way_to_a_participant_id_only() -> None:
    face = Party(name="Kunde GmbH", electronic_address="ap@k.example",
                 electronic_address_scheme="EM")  # fmt: skip
    buyer, taken = with_current_routing(face, _record(address="DE987654321", scheme="9930"))
    assert (buyer.electronic_address, buyer.electronic_address_scheme) == ("DE987654321", "9930")
    assert taken == ("electronic address (BT-49) 9930:DE987654321",)
    # another e-mail address does not replace the one issued
    kept, nothing = with_current_routing(face, _record(address="new@k.example", scheme="EM"))
    assert (kept.electronic_address, nothing) == ("ap@k.example", ())
    # a participant id on the face stays as issued
    gln = Party(name="K", electronic_address="4012345000009", electronic_address_scheme="0088")
    kept, nothing = with_current_routing(gln, _record(address="DE987654321", scheme="9930"))
    assert (kept.electronic_address, nothing) == ("4012345000009", ())
