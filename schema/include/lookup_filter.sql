-- lookup_filter: the conditions every lookup query puts on a DNS message
-- m after matching its name: inside :since/:until, from the selected
-- evidence (CTE sel), and counted once under :dedupe = server.
.include lookup_window
AND m.evidence_id IN sel
.include lookup_dedupe
