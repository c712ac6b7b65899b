"""The fast path's lists (``compiled.Fast`` builds the expressions, ``compiled_rules`` reads one
provision): numbers joined by separators and range words ("articles 5, 7 and 9 to 11",
"paragraphs 1 and 2"), items with labels ("Articles 14(1) and 15(1)"), the paragraphs of an
article ("article 5, paragraphs 1 and 2"), a paragraph's subparagraph ("paragraph 2,
subparagraph (b)", "para. 2 lit. b") and the qualifier after paragraphs ("of article 24", "of
this article").  Each method answers a ``Found`` or None (the reader decides), never raises.
"""

from __future__ import annotations

import re

from .compiled_rules import ARTICLES, FastRules, Found, article_target, new, target
from .tokens import Token, label_kind, token_from


class FastLists(FastRules):
    """Reading lists with the expressions of ``compiled.Fast`` (a mixin: its attributes)."""

    def _item(self, text: str, a: int, m: re.Match):
        """The labels or dotted segments ``m`` after the number of an item of a list of articles
        written from ``a`` ('14(1)', '40(21)(a) and (b)', '23.2.b'), and their siblings: (paths,
        owns, end), or None where the reader could read them otherwise."""
        segs = self._segments(text, m, m.lastgroup, [])
        return self._siblings(text, m.end(), segs, 0, (a, m.end())) if segs is not None else None

    def _qualified(self, paths: list, owns: list, text: str, end: int, after: Token | None | bool = False) -> Found | None:
        """Paragraphs' ``paths`` read to ``end``, then 'of article N' / 'of this article', or
        nothing that carries them on: relative to their context (``ProvisionRules.qualified``,
        with a paragraph).  ``after``: the token at ``end``, if known."""
        q = self.qualifier(text, end) if self.qualifier is not None else None
        if q is None:
            if after is False:
                after = self._next(text, end)
            if not self._ends(text, end, after, self.para_extend):
                return None
            return new(Found, ([target("article", None, p, None, "context") for p in paths], owns, end, after))
        after = self._next(text, q.end())
        if q.group("this") is not None:
            return new(Found, ([target("article", None, p, None, "article") for p in paths], owns, q.end(), after))
        if after is not None and (after.kind == "b" or (after.kind == "w" and after.value in self.quantities)):
            return None  # "of article 5 (2)": the reader's qualifier declines
        art = int(q.group("qn"))
        return new(Found, ([target("article", art, p) for p in paths], owns, q.end(), after))

    def _sub_after(self, text: str, h: int, n: str, m: re.Match):
        """', subparagraph (b) (and (c))', 'lit. b' after paragraph ``n``'s number (as
        ``ProvisionRules.paragraph_list`` reads them): (paths, owns, end), or None where the
        reader could read otherwise (a letter not after an abbreviation: "item a report")."""
        lab = m.group("letter")
        if lab is not None:
            if text[m.end("sub_") - 1] != "." or label_kind(lab) not in ("letter", "roman"):
                return None
            return [(n, lab)], [(h, m.end())], m.end()
        lab = m.group(m.re.groupindex["lt"] + 1)
        if lab.isdigit() or label_kind(lab) is None:
            return None
        return self._siblings(text, m.end(), [n, lab], 1, (h, m.end()))

    def _list(self, text: str, h: int, a: int, b: int, kind: str, plural: bool = True, segs=(), end: int | None = None,
              article: int | None = None) -> Found | None:
        """'articles 5, 7 and 9 to 11', 'paragraphs 1 and 2 (of article 24)', 'interpretative
        notes 3 to 5': numbers joined by separators and range words (``plural``: a bare comma
        joins too; ``segs``: the labels after a paragraph's one number, read up to ``end``;
        ``article``: the paragraphs of that article, 'article 5, paragraphs 1 and 2')."""
        nums, owns = [int(text[a:b])], [(h, b)]
        end, bare_comma, after_range = (b if end is None else end), False, False
        paths = None  # (paragraphs with labels: their segment paths)
        one = bool(segs)  # a list of one paragraph, with labels
        if segs:
            r = self._siblings(text, end, [text[a:b]] + list(segs), 1, (h, end))
            if r is None:
                return None
            paths, owns, end = r
        elif kind == "paragraph" and self.sub_after is not None and (sm := self.sub_after(text, end)) is not None:
            r = self._sub_after(text, h, text[a:b], sm)
            if r is None:
                return None
            paths, owns, end = r
            one = True
        tail = self.tail
        glossed = False  # the list ends before a gloss ("(definitions)") nothing follows
        glosses = plural and kind == "article"
        arts = None  # (a list of articles whose items have labels: the segment path of each target)
        labelled = False  # the last item has labels ("14(1)"): no range goes on from it
        if glosses and (mi := self.item_rest(text, end)) is not None:
            if (r := self._item(text, h, mi)) is None:
                return None
            arts, owns, end = r
            nums *= len(arts)
            labelled = True
        while True:
            s = tail(text, end)
            if s is None:
                after = None
                break
            if s.group("n") is None or one:  # the token after the list (with labels: a list of one)
                g = s.lastgroup
                after = token_from(g[1], s.group(g), *s.span(g)) if s.group("n") is None else self._next(text, end)
                if not glosses or (g_end := self._gloss_end(text, after)) is None:
                    if glosses and self.gloss is None and after is not None and after.kind == "o" and after.value == "(":
                        return None  # a gloss the expressions do not read (labels written "a)"): the reader's
                    glosses = False  # (no gloss: a bracket ends the list as it ends any phrase)
                    break
                # "Articles 29 (real-time collection) and 30": the list goes on past a gloss
                # only with a separator and a number
                s = tail(text, g_end)
                if s is not None and s.group("n") is None:
                    g = s.lastgroup
                    if (g[1], s.group(g).casefold()) in self.sep_first:
                        return None
                if s is None or s.group("sep") is None:
                    glossed = True
                    break
            n = int(s.group("n"))
            if s.group("to") is not None:
                if labelled:
                    return None  # "14(1) to 16": the reader's list does not go on with a range
                if after_range:
                    after = self._next(text, end)
                    break  # "5 to 7 to 9": the reader stops at 7
                if n <= nums[-1]:
                    return None
                owns += [None] * (n - nums[-1] - 1) + [s.span("n")]
                if arts is not None:
                    arts += [()] * (n - nums[-1])
                nums += list(range(nums[-1] + 1, n + 1))
                after_range, bare_comma = True, False
            else:
                bare_comma = text[s.start("sep"):s.end("sep")].rstrip().endswith(",")
                if bare_comma and not plural:
                    after = self._next(text, end)
                    break  # "Article 5, 7": the reader stops at 5
                nums.append(n)
                owns.append(s.span("n"))
                after_range = False
                if glosses:
                    mi = self.item_rest(text, s.end())
                    labelled = mi is not None
                    if labelled:
                        if (r := self._item(text, s.start("n"), mi)) is None:
                            return None
                        paths_n, owns_n, end_n = r
                        if arts is None:
                            arts = [()] * (len(nums) - 1)
                        arts += paths_n
                        owns[-1:] = owns_n
                        nums += [n] * (len(paths_n) - 1)
                        bare_comma = False  # (the reader looks at the token after the number: a label)
                        end = end_n
                        continue
                    if arts is not None:
                        arts.append(())
            end = s.end()
        if after is not None and after.kind == "w" and after.value in self.quantities:
            return None
        if bare_comma and plural and after is not None and not (after.kind in ("p", "b") or (after.kind, after.value) in self.after_comma_list):
            return None  # "articles 5, 9 requires": the reader does not take the 9
        if kind == "paragraph":
            if paths is None:
                paths = [(str(n),) for n in nums]
            if article is not None:  # (no qualifier: the article is named)
                if not self._ends(text, end, after, self.art_extend):
                    return None
                return new(Found, ([target("article", article, p) for p in paths], owns, end, after))
            if self.qualifier is not None and (after is None or after.kind != "w" or after.value in self.para_extend):
                return self._qualified(paths, owns, text, end, after)  # (it opens with a word of ``para_extend``)
            if not self._ends(text, end, after, self.para_extend):
                return None
            return new(Found, ([target("article", None, p, None, "context") for p in paths], owns, end, after))
        if not glossed and not self._ends(text, end, after, self.art_extend, gloss=glosses):
            return None
        if kind == "note":
            return Found([target("note", None, (), n) for n in nums], owns, end, after)
        if arts is not None:
            return new(Found, ([target("article", n, p) for n, p in zip(nums, arts)], owns, end, after))
        return new(Found, ([ARTICLES[n] or article_target(n) for n in nums], owns, end, after))
