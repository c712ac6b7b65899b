"""The linker in the world (issue 12): recall and precision per language on the case table
tests/fixtures/link_world/, the tuned part and the held-out part side by side.

Prints figures, asserts nothing.  Links are scored by their targets (a multiset per case: found
targets that were expected are hits, the others false links); skipped phrases by whether each
expected one is reported in ``skipped`` with its reason.  A language the linker has no lexicon
for is read with the default (English) one, as a user who does not pass ``--lang`` would.
"""

from __future__ import annotations

import sys
from collections import Counter, defaultdict
from pathlib import Path

import yaml

from treaty.corpus import load
from treaty.link import Linker, link_text

WORLD = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "link_world"
LANGUAGES = ("ar", "zh", "en", "fr", "ru", "es", "de", "pt", "it", "vi", "id", "ja", "ko")


def world_cases() -> list[dict]:
    return [{**case, "lang": lang} for lang in LANGUAGES
            for case in yaml.safe_load((WORLD / f"{lang}.yaml").read_text(encoding="utf-8"))]


def _linker(doc, index, case: dict):
    try:
        return Linker(doc, case.get("a", "THIS"), index=index, lang=case["lang"]), case["lang"]
    except ValueError:  # no lexicon for the language: what a user gets without --lang
        return Linker(doc, case.get("a", "THIS"), index=index), "en"


def run_case(doc, index, case: dict) -> dict:
    linker, used = _linker(doc, index, case)
    text = case["t"]
    result = link_text(text, doc, linker=linker)
    found = Counter(t.canonical for x in result.links for t in x.targets)
    expected = Counter(t for _, targets in (case.get("l") or []) for t in targets)
    hit = sum((found & expected).values())
    skipped = [(text[x.start:x.end], x.reason) for x in getattr(result, "skipped", [])]
    want = case.get("s") or []
    skipped_hit = sum(1 for phrase, reason in want if any(phrase in span and r == reason for span, r in skipped))
    return {"tp": hit, "fp": sum(found.values()) - hit, "fn": sum(expected.values()) - hit,
            "s_tp": skipped_hit, "s_n": len(want), "lexicon": used}


def _ratio(a: int, b: int) -> str:
    return f"{a / b:5.3f}" if b else "  -  "


def report(rows: dict, label: str) -> None:
    tp, fp, fn = rows["tp"], rows["fp"], rows["fn"]
    print(f"  {label:<8} recall {_ratio(tp, tp + fn)}  precision {_ratio(tp, tp + fp)}  "
          f"(tp {tp:3d} fp {fp:3d} fn {fn:3d})  skipped recall {_ratio(rows['s_tp'], rows['s_n'])} ({rows['s_tp']}/{rows['s_n']})",
          end="")


def main(argv: list[str] | None = None) -> None:
    doc = load()
    index = doc.index()
    cases = world_cases()
    totals: dict = defaultdict(Counter)
    lexicons: dict = {}
    for case in cases:
        r = run_case(doc, index, case)
        lexicons[case["lang"]] = r.pop("lexicon")
        split = "held" if case.get("held") else "tuned"
        for key in (case["lang"], "ALL"):
            totals[(key, split)].update(r)
            totals[(key, "both")].update(r)
    n_held = sum(1 for c in cases if c.get("held"))
    print(f"link_world: {len(cases)} cases, {n_held} held out, {len(cases) - n_held} tuned")
    for lang in LANGUAGES + ("ALL",):
        suffix = "" if lang == "ALL" or lexicons[lang] == lang else f"   [no lexicon: read as {lexicons[lang]}]"
        print(f"{lang}:{suffix}")
        for split in ("tuned", "held"):
            report(totals[(lang, split)], split)
            print()


if __name__ == "__main__":
    main(sys.argv[1:])
