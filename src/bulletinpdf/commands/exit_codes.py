"""Exit statuses of the command line, in one place."""

EXIT_OK = 0
EXIT_INPUT = 1
"""The issue file (or an image it uses) has errors, or the output cannot be written."""
EXIT_USAGE = 2
"""Bad command-line usage (argparse's own status)."""
EXIT_INTERNAL = 3
"""A bug in bulletinpdf."""
