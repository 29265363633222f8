"""`python -m tui`: the same command line as the `seamwork` console script."""

from tui.cli import run

run()
