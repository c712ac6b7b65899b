"""The implementation map against benchmarks/map_gold.yaml: accuracy per strength class, per
addressee and per option kind, tuned and held-out apart, every disagreement listed, and the
time the map takes.  Prints, asserts nothing.

    .venv/bin/python benchmarks/bench_map.py [--hide-held-out]

--hide-held-out lists only the tuned part's disagreements (used while tuning the rules, so the
held-out ones are never read before the end); the figures are always printed for both.
"""

from __future__ import annotations

import re
import sys
import time
from collections import defaultdict
from pathlib import Path

import yaml

from treaty.analysis import OPTION_KINDS, STRENGTHS, build_map
from treaty.annotate import annotate
from treaty.citation import parse
from treaty.corpus import CORPUS_PATH, load

HERE = Path(__file__).parent
GOLD = HERE / "map_gold.yaml"


def held_out(citation: str) -> bool:
    """The gold file's rule: an article whose number is a multiple of 3."""
    return int(re.match(r"Article (\d+)", citation).group(1)) % 3 == 0


def load_gold(doc) -> dict:
    data = yaml.safe_load(GOLD.read_text(encoding="utf-8"))
    units = {u.citation.canonical for u in doc.walk()}
    for entry in data["provisions"] + data["options"]:
        c = entry["citation"]
        if c not in units or parse(c).canonical != c:
            raise SystemExit(f"{GOLD.name}: {c!r} is not a canonical citation of the corpus")
    return data


def _pct(ok: int, n: int) -> str:
    return f"{ok}/{n} = {100 * ok / n:5.1f} %" if n else "—"


def score_provisions(gold: list[dict], predicted: dict) -> dict:
    """Per part (tuned, held-out): per gold class (correct, total), and the disagreements."""
    out = {part: {"class": defaultdict(lambda: [0, 0]), "addressee": [0, 0], "mixed": [0, 0], "all": [0, 0], "wrong": []}
           for part in ("tuned", "held-out")}
    for g in gold:
        part = out["held-out" if held_out(g["citation"]) else "tuned"]
        p = predicted.get(g["citation"])
        strength = p.strength if p else "(not listed)"
        ok = strength == g["strength"]
        part["class"][g["strength"]][0] += ok
        part["class"][g["strength"]][1] += 1
        part["all"][0] += ok
        part["all"][1] += 1
        who = p.addressee if p else None
        part["addressee"][0] += who == g["addressee"]
        part["addressee"][1] += 1
        gold_mixed = sorted(g.get("mixed", []))
        got_mixed = sorted(p.strengths) if p and p.mixed else []
        part["mixed"][0] += gold_mixed == got_mixed
        part["mixed"][1] += 1
        if not ok or who != g["addressee"] or gold_mixed != got_mixed:
            part["wrong"].append((g["citation"], f"{g['strength']}/{g['addressee']}/{'+'.join(gold_mixed) or '-'}",
                                  f"{strength}/{who}/{'+'.join(got_mixed) or '-'}", p.trigger if p else None))
    return out


def score_options(gold: list[dict], predicted: list) -> dict:
    out = {part: {"kind": defaultdict(lambda: [0, 0]), "extra": [], "who": [0, 0], "when": [0, 0], "modifies": [0, 0], "wrong": []}
           for part in ("tuned", "held-out")}
    got = {(o.citation.canonical, o.kind): o for o in predicted}
    wanted = {(g["citation"], g["kind"]) for g in gold}
    for g in gold:
        part = out["held-out" if held_out(g["citation"]) else "tuned"]
        o = got.get((g["citation"], g["kind"]))
        part["kind"][g["kind"]][0] += o is not None
        part["kind"][g["kind"]][1] += 1
        if o is None:
            part["wrong"].append((g["citation"], g["kind"], "missed", ""))
            continue
        mods = [m.canonical for m in o.modifies]
        for key, value, expected in (("who", o.who, g["who"]), ("when", o.when, g["when"]), ("modifies", mods, g["modifies"])):
            same = (value or "").casefold() == (expected or "").casefold() if key == "when" else value == expected
            part[key][0] += same
            part[key][1] += 1
            if not same:
                part["wrong"].append((g["citation"], g["kind"], key, f"gold {expected!r}, got {value!r}"))
    for (c, kind), o in got.items():
        if (c, kind) not in wanted:
            out["held-out" if held_out(c) else "tuned"]["extra"].append((c, kind, o.trigger))
    return out


def main() -> None:
    hide = "--hide-held-out" in sys.argv[1:]
    doc = load(CORPUS_PATH)
    t = time.perf_counter()
    ann = annotate(doc)
    t_ann = time.perf_counter() - t
    t = time.perf_counter()
    m = build_map(doc, ann)
    t_map = time.perf_counter() - t
    gold = load_gold(doc)
    predicted = {p.citation.canonical: p for p in m.provisions}
    prov = score_provisions(gold["provisions"], predicted)
    opts = score_options(gold["options"], list(m.options))

    c = m.counts()
    print(f"map: {len(m.provisions)} provisions ({', '.join(f'{k} {v}' for k, v in c['strength'].items())}; {c['mixed']['mixed']} mixed), "
          f"{len(m.options)} options ({', '.join(f'{k} {v}' for k, v in c['option'].items())}), {len(m.edges)} typed edges")
    print(f"     edge types: {', '.join(f'{k} {v}' for k, v in c['edge'].items())}")
    print(f"time: annotate {t_ann * 1000:.0f} ms, map {t_map * 1000:.0f} ms")
    print(f"gold: {len(gold['provisions'])} provisions, {len(gold['options'])} options ({GOLD.name}; held out: articles divisible by 3)")
    for part in ("tuned", "held-out"):
        p = prov[part]
        print(f"\n[{part}] strength accuracy {_pct(*p['all'])} · addressee {_pct(*p['addressee'])} · mixed flag {_pct(*p['mixed'])}")
        for s in STRENGTHS:
            if p["class"][s][1]:
                print(f"    {s:<9} {_pct(*p['class'][s])}")
        o = opts[part]
        found = sum(v[0] for v in o["kind"].values())
        total = sum(v[1] for v in o["kind"].values())
        print(f"[{part}] options found {_pct(found, total)} · not in gold {len(o['extra'])} · who {_pct(*o['who'])} · when {_pct(*o['when'])} · modifies {_pct(*o['modifies'])}")
        for k in OPTION_KINDS:
            if o["kind"][k][1]:
                print(f"    {k:<16} {_pct(*o['kind'][k])}")
    for part in ("tuned", "held-out"):
        if hide and part == "held-out":
            print("\n(held-out disagreements hidden)")
            continue
        print(f"\n[{part}] provision disagreements (gold strength/addressee/mixed → map; trigger):")
        for cite, want, got, trig in prov[part]["wrong"]:
            print(f"    {cite:<18} {want:<48} → {got}   “{trig}”")
        print(f"[{part}] option disagreements:")
        for row in opts[part]["wrong"]:
            print("    " + "  ".join(str(x) for x in row))
        for cite, kind, trig in opts[part]["extra"]:
            print(f"    {cite}  {kind}  not in gold (“{trig}”)")


if __name__ == "__main__":
    main()
