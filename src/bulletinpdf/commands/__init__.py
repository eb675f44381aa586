"""The subcommands of `bulletinpdf`, one module each: `add_parser(subparsers)` and `run(args) -> exit status`."""
