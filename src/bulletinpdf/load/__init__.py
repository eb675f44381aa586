"""Load: the issue file, read with positions into the typed model; every mistake a Diagnostic."""
