"""Cold start of the ``treaty`` command, and our site-build stages against ``mkdocs build``.
Prints, asserts nothing.

Each command runs in a fresh process from an empty folder (so ``build/`` — the search index and
``build/cache`` — is that folder's own); figures are medians of ``REPEAT`` runs: wall-clock
seconds and the CPU seconds of the process (user + system), which a loaded machine disturbs less.
``show (first run)`` starts with no ``build/cache``: it reads and annotates the corpus and checks
the annotation files; later runs read what the first one kept.  The commands run with their
modules' bytecode written, as `pip install` leaves an installed package (a first run writes it;
PYTHONDONTWRITEBYTECODE, which the Makefile sets for the checkout, is not passed on: with it every
process compiles its ~30 modules from source again, about 40 ms).

    python benchmarks/bench_cli.py          # CLI cold starts and the build-stage ratio
    python benchmarks/bench_cli.py cli      # CLI cold starts only
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPEAT = 7
TREATY = [sys.executable, "-c", "import sys; from treaty.cli import main; sys.exit(main())"]
#: the issue's ceilings (issue 15), for the printed comparison
TARGETS = {"--version": 0.08, "show": 0.15}
#: the environment the commands run in: the bytecode written and read, as once installed
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def _run(argv: list[str], cwd: Path) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one run of ``treaty argv`` in ``cwd``."""
    start = time.perf_counter()
    proc = subprocess.Popen([*TREATY, *argv], cwd=cwd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"treaty {' '.join(argv)} exited {proc.returncode}")
    return wall, usage.ru_utime + usage.ru_stime


def _line(name: str, runs: list[tuple[float, float]], target: float | None = None) -> str:
    wall = statistics.median(r[0] for r in runs)
    cpu = statistics.median(r[1] for r in runs)
    goal = f"  (target ≤ {target:.2f} s)" if target else ""
    return f"  {name:<28} wall {wall * 1000:6.0f} ms   cpu {cpu * 1000:6.0f} ms{goal}"


def cli(repeat: int = REPEAT) -> None:
    folder = Path(tempfile.mkdtemp(prefix="treaty-bench-cli-"))
    try:
        print(f"treaty cold start, median of {repeat} fresh processes (empty folder; build/ is its own; bytecode written):")
        _run(["search", "extradition"], folder)  # writes the bytecode of what the commands import
        shutil.rmtree(folder / "build", ignore_errors=True)
        print(_line("--version", [_run(["--version"], folder) for _ in range(repeat)], TARGETS["--version"]))
        first = []
        for _ in range(repeat):
            shutil.rmtree(folder / "build", ignore_errors=True)
            first.append(_run(["show", "Article 5"], folder))
        print(_line('show "Article 5" (first run)', first))
        print(_line('show "Article 5"', [_run(["show", "Article 5"], folder) for _ in range(repeat)], TARGETS["show"]))
        print(_line('show --json "Article 5"', [_run(["show", "--json", "Article 5"], folder) for _ in range(repeat)]))
        _run(["search", "extradition"], folder)  # builds build/index once
        print(_line("search extradition", [_run(["search", "extradition"], folder) for _ in range(repeat)]))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def build(repeat: int = 3) -> None:
    from treaty.corpus import load
    from treaty.site.build import build_site

    doc = load()
    root = Path(tempfile.mkdtemp(prefix="treaty-bench-cli-build-"))
    try:
        runs = [build_site(doc, site_dir=root / "site", build_dir=root / "build").stages for _ in range(repeat)]
        stages = {name: statistics.median(r[name] for r in runs) for name in runs[0]}
        mkdocs = stages.pop("mkdocs build")
        ours = sum(stages.values())
        print(f"site build, median of {repeat}: our stages {ours:.2f} s vs mkdocs build {mkdocs:.2f} s = "
              f"{ours / mkdocs:.2f}× (target ≤ 0.25×)")
        print("  " + ", ".join(f"{k} {v * 1000:.0f} ms" for k, v in sorted(stages.items(), key=lambda kv: -kv[1])))
    finally:
        shutil.rmtree(root, ignore_errors=True)


def main() -> None:
    cli()
    build()


if __name__ == "__main__":
    if sys.argv[1:] == ["cli"]:
        cli()
    else:
        main()
