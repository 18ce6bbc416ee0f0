"""The configuration file: reading and checking it (:mod:`.loading`), and the few keys ``login``
writes back (:mod:`.writing`). Secrets never live here."""
