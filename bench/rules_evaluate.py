"""Benchmark: one rules evaluation for one household, after start-up.

    .venv/bin/python bench/rules_evaluate.py [-n 2000] [--tenant amsterdam] [--file examples/households/couple.json]

Prints the start-up time (building the four tenants' tax-benefit systems) and mean / p50 /
p95 / max milliseconds per ``RulesEngine.evaluate`` (parsing included). Target: under 5 ms.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from datetime import date
from pathlib import Path

from portal.rules.engine import RulesEngine
from portal.rules.situation import parse_situation
from portal.rules.system import DEFAULT_TENANTS_DIR

ROOT = Path(__file__).resolve().parents[1]
TENANTS = ["amsterdam", "rotterdam", "den-haag", "utrecht"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=2000, help="timed runs (default 2000)")
    parser.add_argument("--tenant", default=None, help="tenant slug (default: the file's municipality)")
    parser.add_argument("--file", type=Path, default=ROOT / "examples" / "households" / "couple.json")
    parser.add_argument("--date", default="2026-01-15")
    args = parser.parse_args()

    started = time.perf_counter()
    engine = RulesEngine.load(DEFAULT_TENANTS_DIR, TENANTS)
    startup_ms = (time.perf_counter() - started) * 1000

    answers = json.loads(args.file.read_text(encoding="utf-8"))
    tenant = args.tenant or answers.get("municipality", "amsterdam")
    on = date.fromisoformat(args.date)
    for _ in range(50):  # warm-up
        engine.evaluate(tenant, parse_situation(answers), on)

    times = []
    for _ in range(args.n):
        t0 = time.perf_counter()
        engine.evaluate(tenant, parse_situation(answers), on)
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, int(0.95 * len(times)))]
    print(f"household: {args.file.name}, tenant: {tenant}, date: {on}, runs: {args.n}")
    print(f"start-up (4 tenant systems): {startup_ms:.0f} ms")
    print(
        f"evaluate: mean {statistics.fmean(times):.3f} ms, p50 {statistics.median(times):.3f} ms, "
        f"p95 {p95:.3f} ms, max {times[-1]:.3f} ms"
    )


if __name__ == "__main__":
    main()
