"""Allow ``python -m salescoach``."""

from salescoach.cli.app import main

main()
