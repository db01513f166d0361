"""The throughput budget, measured as the issue states it: this project against oTree 6
with the same flow, on the same machine, in the same sitting.

This machine's speed drifts by 15 % within an hour and by twice that between days, so
a request rate is only comparable with one measured next to it. This runs the two
benchmarks in turn (`bench.otree_flow`, then `bench.participation`, each at 16
participants at once with no pause), for a few rounds, and prints one JSON object:
each round's figures, the ratio of the two request rates, and whether the smallest
ratio is at least the budget's (twice oTree's rate). Progress goes to stderr.

    make bench-compare
    .venv/bin/python -m bench.compare --rounds 3 --check
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys

from bench.participation import PROJECT_DIR, log

CONCURRENCY = 16
# At 16 participants at once, at least twice the request rate oTree 6 reaches.
BUDGET_RATIO = 2.0


def run(module: str, *args: str) -> dict:
    """One benchmark's run at 16, as its JSON; its progress passes through to stderr."""
    command = [sys.executable, "-m", module, "--concurrency", str(CONCURRENCY), *args]
    result = subprocess.run(  # noqa: S603 - our own command line
        command, cwd=PROJECT_DIR, stdout=subprocess.PIPE, text=True, check=True
    )
    return json.loads(result.stdout)["runs"][str(CONCURRENCY)]


def round_figures(otree: dict, ours: dict) -> dict:
    def pick(run: dict, *names: str) -> dict:
        return {name: run[name] for name in names if name in run}

    common = ("requests_per_second", "pages_per_second", "page_p50_ms", "page_p95_ms")
    return {
        "otree": pick(otree, *common, "errors", "lost_answers", "cpu_ms_per_request"),
        "vignette_lab": pick(
            ours, *common, "autosave_p95_ms", "errors", "lost_answers", "cpu_ms_per_request"
        ),
        "requests_ratio": round(ours["requests_per_second"] / otree["requests_per_second"], 2),
        "pages_ratio": round(ours["pages_per_second"] / otree["pages_per_second"], 2),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.compare", description=__doc__)
    parser.add_argument("--rounds", type=int, default=3, help="rounds of both (default: 3)")
    parser.add_argument(
        "--participants-per-slot", type=int, default=3,
        help="passed to both benchmarks (default: 3)",
    )  # fmt: skip
    parser.add_argument(
        "--check", action="store_true", help="exit with status 1 when the budget is missed"
    )
    args = parser.parse_args(argv)
    per_slot = ("--participants-per-slot", str(args.participants_per_slot))
    rounds = []
    for number in range(1, args.rounds + 1):
        log(f"round {number} of {args.rounds}: oTree")
        otree = run("bench.otree_flow", *per_slot)
        log(f"round {number} of {args.rounds}: Vignette Lab")
        ours = run("bench.participation", *per_slot)
        rounds.append(round_figures(otree, ours))
        log(f"round {number}: ratio {rounds[-1]['requests_ratio']}")
    ratios = [r["requests_ratio"] for r in rounds]
    clean = all(
        r[side]["errors"] == 0 and r[side]["lost_answers"] == 0
        for r in rounds
        for side in ("otree", "vignette_lab")
    )
    result = {
        "benchmark": "compare",
        "concurrency": CONCURRENCY,
        "rounds": rounds,
        "requests_ratio_min": min(ratios),
        "requests_ratio_median": statistics.median(ratios),
        "pages_ratio_median": statistics.median(r["pages_ratio"] for r in rounds),
        "budget": {"requests_ratio_at_16": BUDGET_RATIO, "errors": 0, "lost_answers": 0},
        "within_budget": clean and min(ratios) >= BUDGET_RATIO,
    }
    print(json.dumps(result, indent=2))
    return 1 if args.check and not result["within_budget"] else 0


if __name__ == "__main__":
    sys.exit(main())
