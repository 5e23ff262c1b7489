"""The command-line interface: thin adapters that parse options, call the library, render."""
