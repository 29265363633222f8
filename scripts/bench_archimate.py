"""Issue 16's ArchiMate import, timed as the user runs it: `seamwork import NEW.seamwork MODEL`
as a process (wall time), on a generated Archi model of 5,000 elements and relationships.

Prints figures; asserts nothing. Usage:

    python scripts/bench_archimate.py [--runs 3] [--keep FOLDER]

The model (seed 0): 1,000 application components and 500 data objects, each with
documentation and two properties (an owner, a lifecycle); 3,500 relationships: 1,500 flows
named after a data object, 500 serving relationships whose data object the access
relationships tell (1,000 of them, a write and a read), 500 triggering relationships that name
nothing (the "Unspecified" rule), plus 100 business elements and 5 views to skip. Each run
imports into a new file; the median of the runs is the figure (goal: under 5 s). The same
model as an exchange file and as Archi's CSV export is timed too, and `seamwork export -f
archimate-xml` of the result. The app's modules are byte-compiled first, as an install
compiles them.
"""

from __future__ import annotations

import argparse
import compileall
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from xml.sax.saxutils import quoteattr

ROOT = Path(__file__).resolve().parent.parent
COMPONENTS, DATA_OBJECTS = 1_000, 500
FLOWS, SERVING, TRIGGERING = 1_500, 500, 500
LIFECYCLES = ("Live", "Planned", "production", "Retiring")


def generate(folder: Path, seed: int = 0) -> Path:
    """The model as an Archi file in `folder`; returns its path."""
    rng = random.Random(seed)
    components = [f"id-c{index:04d}" for index in range(COMPONENTS)]
    objects = [f"id-d{index:03d}" for index in range(DATA_OBJECTS)]
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<archimate:model xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xmlns:archimate="http://www.archimatetool.com/archimate" name="Bench" id="id-m">',
        '<folder name="Business" id="id-fb" type="business">',
    ]
    lines += [
        f'<element xsi:type="archimate:BusinessProcess" name="Process {index}" id="id-b{index}"/>'
        for index in range(100)
    ]
    lines.append('</folder><folder name="Application" id="id-fa" type="application">')
    for index, ident in enumerate(components):
        lines.append(
            f'<element xsi:type="archimate:ApplicationComponent" name="System {index:04d}" '
            f'id="{ident}"><documentation>System {index} of the estate.</documentation>'
            f'<property key="Business owner" value="Team {index % 40}"/>'
            f'<property key="Lifecycle status" value="{rng.choice(LIFECYCLES)}"/></element>'
        )
    for index, ident in enumerate(objects):
        lines.append(
            f'<element xsi:type="archimate:DataObject" name="Data {index:03d}" id="{ident}">'
            f"<documentation>Data object {index}.</documentation>"
            f'<property key="Owner" value="Function {index % 12}"/>'
            f'<property key="Sensitivity" value="internal"/></element>'
        )
    lines.append('</folder><folder name="Relations" id="id-fr" type="relations">')
    count = 0

    def relation(kind: str, source: str, target: str, extra: str = "") -> None:
        nonlocal count
        count += 1
        lines.append(
            f'<element xsi:type="archimate:{kind}Relationship" id="id-r{count}" '
            f'source="{source}" target="{target}" {extra}/>'
        )

    for _ in range(FLOWS):
        source, target = rng.sample(components, 2)
        name = f"Data {rng.randrange(DATA_OBJECTS):03d}"
        relation("Flow", source, target, f"name={quoteattr(name)}")
    for _ in range(SERVING):
        source, target = rng.sample(components, 2)
        data = rng.choice(objects)
        relation("Serving", source, target)
        relation("Access", source, data)  # write: Archi's default, no attribute
        relation("Access", target, data, 'accessType="1"')
    for _ in range(TRIGGERING):
        source, target = rng.sample(components, 2)
        relation("Triggering", source, target)
    lines.append('</folder><folder name="Views" id="id-fv" type="diagrams">')
    lines += [
        f'<element xsi:type="archimate:ArchimateDiagramModel" name="View {n}" id="id-v{n}"/>'
        for n in range(5)
    ]
    lines.append("</folder></archimate:model>")
    path = folder / "bench.archimate"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def seamwork(*args: str | Path) -> float:
    """Run `seamwork ARGS` as a process; its wall time in seconds (it must succeed)."""
    command = [sys.executable, "-c", "from tui.cli import run; run()", *map(str, args)]
    started = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"seamwork {' '.join(map(str, args))} failed:\n{result.stderr}")
    return elapsed


def timed_import(folder: Path, source: Path, runs: int) -> list[float]:
    times = []
    for run in range(runs):
        target = folder / f"{source.stem}-{source.suffix.strip('.') or 'csv'}-{run}.seamwork"
        times.append(seamwork("import", target, source))
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    args = parser.parse_args()
    compileall.compile_dir(ROOT / "models", quiet=1)
    compileall.compile_dir(ROOT / "storage", quiet=1)
    compileall.compile_dir(ROOT / "tui", quiet=1)
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)

    with tempfile.TemporaryDirectory() as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        model = generate(folder)
        elements = COMPONENTS + DATA_OBJECTS + 100
        relationships = FLOWS + SERVING * 3 + TRIGGERING
        print(f"Archi model: {elements:,} elements, {relationships:,} relationships, 5 views, "
              f"{model.stat().st_size / 1024:.0f} KiB")  # fmt: skip
        rows = [("import .archimate into a new file", timed_import(folder, model, args.runs))]
        workshop = folder / f"{model.stem}-archimate-0.seamwork"
        exchange = folder / "bench-exchange.xml"
        archi_csv = folder / "bench-csv"
        rows.append(
            (
                "export -f archimate-xml",
                [seamwork("export", workshop, "-f", "archimate-xml", "-o", exchange)],
            )  # fmt: skip
        )
        seamwork("export", workshop, "-f", "archi-csv", "-o", archi_csv)
        rows.append(("import the exchange file", timed_import(folder, exchange, args.runs)))
        rows.append(("import the Archi CSV folder", timed_import(folder, archi_csv, args.runs)))
        for label, times in rows:
            shown = ", ".join(f"{value:.2f}" for value in times)
            print(f"{label:<38} median {statistics.median(times):5.2f} s   ({shown})")


if __name__ == "__main__":
    main()
