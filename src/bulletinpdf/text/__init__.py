"""Mark up: the issue's inline markup, parsed once, into the runs every output is made from."""
