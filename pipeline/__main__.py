"""``python -m pipeline`` is the ``vanban`` command."""

from pipeline.cli import cli

if __name__ == "__main__":
    cli()
