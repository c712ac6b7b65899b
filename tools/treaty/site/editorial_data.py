"""The editorial data the site shows (subject index, concordance), loaded once per build.

Unsound data fails the build: EditorialDataError, with every ``file:line: message``, which the
build turns into its BuildError.
"""

from __future__ import annotations

from typing import Callable, TypeVar

from ..model import Document
from .derived import derived
from .render import Context

T = TypeVar("T")


class EditorialDataError(ValueError):
    """The subject index or the concordance is unsound; the message lists file:line problems."""


def once(ctx: Context, what: str, load: Callable[[Document], T]) -> T:
    """``load(ctx.doc)``, kept on ``ctx`` for the rest of the build (and between builds: site/derived.py)."""
    key = f"_editorial_{what}"
    value = ctx.__dict__.get(key)
    if value is None:
        from ..editorial.yamlfile import YamlErrors

        try:
            value = derived(ctx, what, lambda: load(ctx.doc))
        except YamlErrors as e:
            raise EditorialDataError(f"{what}: " + "; ".join(str(x) for x in e.errors)) from None
        ctx.__dict__[key] = value
    return value
