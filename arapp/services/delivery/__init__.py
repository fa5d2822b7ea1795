# SPDX-License-Identifier: MIT
"""E-mailing invoices, credit notes, fee documents and statements through the outbox.

:mod:`.send` plans the documents (:mod:`.documents`), queues them once per document and
recipient set (:mod:`.queue`), sends what waits (:mod:`.sending`, attachments by
:mod:`.attachments`) and says per document what happened (:mod:`.outcome`, in words by
:mod:`.telling`): never "sent" unless the server accepted it. This package's own module imports
nothing, so the window can import :mod:`.outcome` without the PDF stack.
"""
