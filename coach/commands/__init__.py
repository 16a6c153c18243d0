"""One module per `coach` subcommand; see coach/cli.py."""
