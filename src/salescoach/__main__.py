"""Allow ``python -m salescoach`` (the console script's entry: the kept help, else the app)."""

from salescoach.cli.entry import main

main()
