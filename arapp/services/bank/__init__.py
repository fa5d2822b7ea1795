# SPDX-License-Identifier: MIT
"""Bank statements: import them (CSV, OFX/QFX, camt.053), match their lines to customers.

* :mod:`.lines` — the plain records every parser returns;
* :mod:`.csvformat`, :mod:`.ofx`, :mod:`.camt`, :mod:`.formats` — the parsers and detection;
* :mod:`.statements` — :func:`~.statements.import_statement`, idempotent by line fingerprints;
* :mod:`.transactions` — listing stored lines, ignoring and reopening them;
* :mod:`.clues`, :mod:`.matching` — :func:`~.matching.propose_matches` with confidences and reasons;
* :mod:`.confirm` — :func:`~.confirm.confirm_match` and :func:`~.confirm.auto_match`: a line
  becomes a payment.
"""
