"""`python -m chinacompute ...` runs the command-line interface."""

from .cli import app

app(prog_name="python -m chinacompute")
