"""The editorial pages and asides — the subject index (``subject_index.py``) and the concordance
(``origins.py``) — added to the site's page generators and article asides, once and in a fixed
order: after the Definitions page, the Subject index, then the Concordance and its comparison
pages; after an article, its subjects, then its Origins box.  ``pages.make_pages`` calls
:func:`register`, so every caller (the build, the goldens) gets the same pages whatever was
imported before.
"""

from __future__ import annotations


def register() -> None:
    from . import pages
    from .origins import comparison_pages, concordance_page, origins_aside
    from .subject_index import subject_pages, subjects_aside

    generators = pages.PAGE_GENERATORS
    if subject_pages not in generators:
        at = generators.index(pages.glossary) + 1
        generators[at:at] = [subject_pages, concordance_page, comparison_pages]
    for aside in (subjects_aside, origins_aside):
        if aside not in pages.ARTICLE_ASIDES:
            pages.ARTICLE_ASIDES.append(aside)


__all__ = ["register"]
