"""The implementation map (issue 16): what each provision obliges, what each State may
choose, and how the provisions lean on each other.

    strength.py   obligation strength, addressee and qualifiers of every operative provision
    options.py    State options: optional elements, reservations, declarations, exclusions,
                  notifications — with who, when and what they modify
    edges.py      typed cross-references ("subject to", "mutatis mutandis", …) from the
                  annotating stage's references
    export.py     JSON and GraphML
    rules/        the rules, as data (YAML), read by rules.py

Reads the Document and its Annotations; knows nothing of the site or the search index.
"""

from .edges import EDGE_TYPES, Edge
from .map import ImplementationMap, build_map
from .options import OPTION_KINDS, Option
from .strength import STRENGTHS, Provision

__all__ = ["build_map", "ImplementationMap", "Provision", "Option", "Edge", "STRENGTHS", "OPTION_KINDS", "EDGE_TYPES"]
