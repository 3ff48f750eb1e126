"""Time the readers of saved web pages and exports (milliseconds per release).

Reads the pages of ``tests/pages`` (shaped like UK force and agency pages)
through :func:`releasekit.read.scan_file`, which runs trafilatura and the
page-metadata reader, and a generated JSON Lines and CSV export of N records.
In a build each file is scanned twice (pass one for the corpus-wide chrome
and duplicate facts, pass two to read it), so a page costs twice the figure
printed here before extraction starts.

Usage::

    .venv/bin/python benchmarks/bench_formats.py [--records 5000] [--repeat 5]

This is a script that prints figures, not a test: nothing here asserts.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import time
from pathlib import Path

from releasekit.read import scan_file

ROOT = Path(__file__).resolve().parents[1]
BODY = (
    "Officers from Westshire Police arrested {n} men on suspicion of modern slavery offences after raids on "
    "addresses in {town} on Tuesday. Four women were safeguarded and are being supported by specialist partners. "
    "Detectives said the investigation into labour exploitation is continuing."
)


def best(func, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        func()
        times.append(time.perf_counter() - began)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--records", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    pages = [(p.name, p.read_bytes()) for p in sorted((ROOT / "tests" / "pages").iterdir())]
    scan_file(*pages[0])  # imports and caches
    seconds = best(lambda: [scan_file(name, data) for name, data in pages], args.repeat)
    size = sum(len(d) for _, d in pages) / len(pages)
    print(f"saved web pages: {1000 * seconds / len(pages):.1f} ms per page ({len(pages)} pages, {size / 1024:.1f} kB on average)")
    rows = [{"id": f"r{i}", "title": f"Raids in Town{i}", "text": BODY.format(n=i % 9 + 2, town=f"Town{i}")} for i in range(args.records)]
    jsonl = "\n".join(json.dumps(r) for r in rows).encode()
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=["id", "title", "text"])
    writer.writeheader()
    writer.writerows(rows)
    for name, data in (("export.jsonl", jsonl), ("export.csv", buffer.getvalue().encode())):
        seconds = best(lambda: scan_file(name, data), args.repeat)
        print(f"{name}: {1000 * seconds / args.records:.3f} ms per record ({args.records:,} records, {len(data) / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
