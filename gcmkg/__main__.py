"""`python -m gcmkg` runs the command line."""

from gcmkg.cli import main

if __name__ == "__main__":  # a build's worker processes import this module again: do not rerun the CLI there
    main()
