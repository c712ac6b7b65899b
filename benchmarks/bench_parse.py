"""Parse-time benchmark: prints figures, asserts nothing.  `make bench` runs every benchmark."""

from __future__ import annotations

import statistics
import time

from treaty.corpus import SOURCE_PATH, dumps
from treaty.parse import parse_bytes


def main(repeat: int = 20) -> None:
    data = SOURCE_PATH.read_bytes()
    parse_times, dump_times = [], []
    for _ in range(repeat):
        t0 = time.perf_counter()
        doc = parse_bytes(data, "source.txt")
        t1 = time.perf_counter()
        dumps(doc)
        t2 = time.perf_counter()
        parse_times.append(t1 - t0)
        dump_times.append(t2 - t1)
    units = sum(1 for _ in doc.walk())
    print(f"parse: {len(data) / 1024:.0f} KiB, {units} units; "
          f"median {statistics.median(parse_times) * 1000:.1f} ms, min {min(parse_times) * 1000:.1f} ms over {repeat} runs; "
          f"JSON serialisation median {statistics.median(dump_times) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
