"""Settings in one place: the names, where the package's data is, where outputs go.

Data — the corpus (``convention.json``, its source text, the editorial annotations), the
schemas, the site's MkDocs configuration and theme, the "How to cite" text — ships inside the
package (``treaty/data/``; in a checkout its entries are links to the repository's own
folders) and is found through :mod:`importlib.resources`, so an installed ``treaty`` works
from any folder.  ``TREATY_CORPUS_DIR`` names another corpus folder (``convention.json``,
``source/``, ``annotations/``).

Outputs — the site, the search index, exports, a corpus written by ``treaty parse`` — go
below the current directory unless an option or ``TREATY_INDEX_DIR`` says otherwise.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

#: The instrument's name, and each part's title.
TITLE = "United Nations Convention against Cybercrime"
PART_TITLES = {
    "report": "Report of the Third Committee",
    "resolution": "Draft resolution",
    "convention": TITLE,
    "notes": "Interpretative notes",
}

#: The package's data folder.
DATA_DIR = Path(str(resources.files(__package__).joinpath("data")))

#: The corpus: the parsed document, its source text, the editorial annotations.
CORPUS_DIR = Path(os.environ.get("TREATY_CORPUS_DIR") or DATA_DIR / "corpus")
CORPUS_PATH = CORPUS_DIR / "convention.json"
SOURCE_PATH = CORPUS_DIR / "source" / "third-committee-report-2024-11-27-cybercrime-convention.txt"
ANNOTATIONS_DIR = CORPUS_DIR / "annotations"
#: The schemas are the package's contract: always its own.
SCHEMA_PATH = DATA_DIR / "corpus" / "schema" / "convention.schema.json"
ANNOTATION_SCHEMA_PATH = DATA_DIR / "corpus" / "schema" / "annotation.schema.json"

#: The site: MkDocs' configuration (its theme folder ``site_overrides/`` beside it) and the
#: scheme of ids and citations, shown as the site's "How to cite" page.
MKDOCS_CONFIG = DATA_DIR / "mkdocs.yml"
CITATIONS_DOC = DATA_DIR / "citations.md"

#: Outputs, relative to the current directory.
BUILD_DIR = Path("build")
SITE_DIR = Path("site")
INDEX_DIR = BUILD_DIR / "index"
EXPORTS_DIR = BUILD_DIR / "exports"
PARSE_OUT = Path("corpus") / "convention.json"


def display_path(path: Path | str) -> str:
    """A path as messages show it: ``corpus/…`` inside the corpus, relative to the current
    directory below it, else as given."""
    p = Path(path).resolve()
    for base, shown in ((CORPUS_DIR.resolve(), "corpus"), (Path.cwd().resolve(), "")):
        try:
            rel = p.relative_to(base)
        except ValueError:
            continue
        return str(Path(shown) / rel) if shown else str(rel)
    return str(path)
