"""What every ``treaty`` command shares and nothing else of the CLI: the error a command raises
to print one line and exit with a status, and the corpus every command reads.  Below cli.py and
cli_editorial.py so that neither imports the other.
"""

from __future__ import annotations

from .corpus import load
from .model import Document
from .settings import CORPUS_PATH, display_path


class UserError(Exception):
    def __init__(self, message: str, status: int = 2):
        super().__init__(message)
        self.status = status


def load_corpus() -> Document:
    if not CORPUS_PATH.exists():
        raise UserError(f"{display_path(CORPUS_PATH)} is missing; run 'treaty parse' first")
    return load(CORPUS_PATH)
