"""Allow `python -m lucli`."""

from lucli.cli import main

main()
