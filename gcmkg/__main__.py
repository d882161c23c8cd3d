"""`python -m gcmkg` runs the command line."""

from gcmkg.cli import main

main()
