"""The long fuzz run (issue 14): thousands of generated and mutated inputs through `resolve`,
`show`, `search`, `link` (text, Markdown, HTML) and annotation files, in this process (the
`treaty` command's own main(), with the corpus and index loaded once: tests/fuzzing.py), then
a sample through real `treaty` processes.  Prints, asserts nothing:

    inputs tried (by command), crashes (exit status other than 0/1/2, a traceback, output that is
    not UTF-8 or not JSON when --json), inputs over 2 s (wall-clock and CPU time; the slowest),
    by input size.

    .venv/bin/python benchmarks/bench_fuzz.py [--inputs 10500] [--seed 14] [--cli 60]
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent / "tests"))

from fuzzing import (Harness, judge, mutate, random_annotation, random_citation,  # noqa: E402
                     random_document)
from treaty.citation import LEXICONS  # noqa: E402

SLOW = 2.0
LANGS = sorted(LEXICONS)
#: the share of the inputs each command gets
SHARES = {"resolve": 0.22, "show": 0.10, "search": 0.14, "link text": 0.15, "link markdown": 0.15, "link html": 0.12, "annotations": 0.12}


def _corpus_paragraphs(doc) -> list[str]:
    return [u.full_text() for u in doc.walk() if u.kind in ("paragraph", "item", "note") and u.full_text()]


def _document(rng: random.Random, fmt: str, paragraphs: list[str]) -> str:
    """Generated tokens, or real paragraphs of the Convention mutated, now and then a large one."""
    r = rng.random()
    if r < 0.45:
        return random_document(rng, fmt, rng.randrange(1, 200))
    if r < 0.97:
        text = "\n\n".join(rng.choice(paragraphs) for _ in range(rng.randrange(1, 6)))
        return mutate(rng, text, rng.randrange(1, 6))
    # large: 100 KB to 1 MB of real text (with citations in every paragraph) or of generated tokens
    size = rng.randrange(100_000, 1_000_000)
    if rng.random() < 0.5:
        parts, n = [], 0
        while n < size:
            parts.append(rng.choice(paragraphs))
            n += len(parts[-1]) + 2
        return mutate(rng, "\n\n".join(parts), 20)
    return random_document(rng, fmt, size // 6)


def _argv(rng: random.Random, command: str, harness: Harness, paragraphs: list[str]) -> tuple[list[str], bool, int]:
    """(argv, --json, input size in bytes)"""
    json_flag = rng.random() < 0.4
    flag = ["--json"] if json_flag else []
    if command in ("resolve", "show", "search"):
        text = random_citation(rng) if rng.random() < 0.85 else mutate(rng, rng.choice(paragraphs)[:300], 2)
        return [command, *flag, "--", text], json_flag, len(text.encode("utf-8", "surrogatepass"))
    if command == "annotations":
        text = random_annotation(rng)
        return ["annotations", "--dir", harness.annotation_dir(text)], False, len(text.encode("utf-8", "surrogatepass"))
    fmt = command.split()[1]
    text = _document(rng, fmt, paragraphs)
    path = harness.file(f"doc-{rng.randrange(1 << 30)}.{fmt}", text)
    lang = ["--lang", rng.choice(LANGS)] if rng.random() < 0.25 else []
    return ["link", "--format", fmt, *lang, *flag, path], json_flag, len(text.encode("utf-8", "surrogatepass"))


def _size_class(n: int) -> str:
    return "≤1 KB" if n <= 1024 else "≤100 KB" if n <= 100_000 else "≤1 MB" if n <= 1_000_000 else ">1 MB"


def run_in_process(harness: Harness, total: int, seed: int):
    rng = random.Random(seed)
    paragraphs = _corpus_paragraphs(harness.doc)
    counts: Counter = Counter()
    by_size: Counter = Counter()
    crashes: list[tuple[str, str, str]] = []
    slow: list[tuple[float, str, int]] = []
    slow_cpu: list[tuple[float, str, int]] = []
    slowest: list[tuple[float, str, int, float]] = []
    plan = [c for c, share in SHARES.items() for _ in range(round(total * share))]
    rng.shuffle(plan)
    for n, command in enumerate(plan, 1):
        if n % 1000 == 0:
            print(f"  … {n} inputs", file=sys.stderr, flush=True)
        argv, json_flag, size = _argv(rng, command, harness, paragraphs)
        t0, c0 = time.perf_counter(), time.process_time()
        code, out, err = harness.run(*argv)
        secs, cpu = time.perf_counter() - t0, time.process_time() - c0
        counts[command] += 1
        by_size[_size_class(size)] += 1
        problem = judge(code, out, err, json_out=json_flag, codes=(0, 2) if command == "annotations" else (0, 1, 2))
        if problem:
            crashes.append((command, repr(argv[-1])[:120], problem))
        if secs > SLOW and size <= 1_000_000:
            slow.append((secs, command, size))
        if cpu > SLOW and size <= 1_000_000:
            slow_cpu.append((cpu, command, size))
        slowest = sorted(slowest + [(secs, command, size, cpu)], reverse=True)[:5]
    return counts, by_size, crashes, slow, slow_cpu, slowest


def run_processes(n: int, seed: int, index_dir: Path) -> tuple[int, list]:
    """A sample through real `treaty` processes: argv as bytes the shell would pass, stdin, files."""
    rng = random.Random(seed + 1)
    crashes = []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(n):
            command = rng.choice(["resolve", "show", "search", "link"])
            text = random_citation(rng).replace("\0", "")  # no argument can hold NUL
            if command == "link":
                path = Path(tmp) / f"doc{i}.{rng.choice(['txt', 'md', 'html'])}"
                path.write_bytes(random_document(rng, {"txt": "text", "md": "markdown", "html": "html"}[path.suffix[1:]], 80).encode("utf-8", "surrogatepass"))
                argv = ["link", "--json", str(path)]
            else:  # lone surrogates go out as the raw bytes they stand for (os.fsencode)
                argv = [command, *(["--index", str(index_dir)] if command == "search" else []), "--json", "--", text]
            proc = subprocess.run([sys.executable, "-m", "treaty.cli", *argv], capture_output=True, timeout=120)
            out = proc.stdout.decode("utf-8", "replace")
            err = proc.stderr.decode("utf-8", "replace")
            problem = judge(proc.returncode, out, err, json_out=True)
            if problem is None and (b"\xed\xb3" in proc.stdout or b"\xff" in proc.stdout):
                problem = "raw bytes that are not UTF-8 on stdout"
            if problem:
                crashes.append((command, repr(text)[:120], problem))
    return n, crashes


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--inputs", type=int, default=10_500)
    ap.add_argument("--seed", type=int, default=14)
    ap.add_argument("--cli", type=int, default=60, help="inputs sent through real `treaty` processes")
    args = ap.parse_args(argv if argv is not None else [])
    with tempfile.TemporaryDirectory() as tmp:
        index_dir = Path(tmp) / "index"
        t0 = time.perf_counter()
        with Harness(index_dir) as harness:
            counts, by_size, crashes, slow, slow_cpu, slowest = run_in_process(harness, args.inputs, args.seed)
        secs = time.perf_counter() - t0
        cli_n, cli_crashes = run_processes(args.cli, args.seed, index_dir)
    total = sum(counts.values())
    print(f"inputs tried: {total + cli_n} ({', '.join(f'{c} {n}' for c, n in counts.items())}; "
          f"{cli_n} through `treaty` processes) in {secs:.0f} s")
    print(f"by size: {', '.join(f'{k} {v}' for k, v in sorted(by_size.items()))}")
    print(f"crashes: {len(crashes) + len(cli_crashes)}")
    for command, text, problem in (crashes + cli_crashes)[:10]:
        print(f"  {command} {text}: {problem}")
    print(f"inputs over {SLOW:.0f} s (≤ 1 MB), wall-clock time: {len(slow)}")
    for secs_, command, size in sorted(slow, reverse=True)[:10]:
        print(f"  {secs_:.2f} s  {command}  {size} bytes")
    # on a shared machine wall-clock time counts other people's work too (at a load average of
    # 10 on 2 CPUs a 0.3 s input can take 2.5 s): this process's CPU time is the input's own cost
    print(f"inputs over {SLOW:.0f} s (≤ 1 MB), CPU time of this process: {len(slow_cpu)}")
    for secs_, command, size in sorted(slow_cpu, reverse=True)[:10]:
        print(f"  {secs_:.2f} s  {command}  {size} bytes")
    print("slowest: " + "; ".join(f"{s:.2f} s (CPU {cpu:.2f} s) {c} {n / 1000:.0f} KB" for s, c, n, cpu in slowest))
    print(f"machine load average (1 min) at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main(sys.argv[1:])
