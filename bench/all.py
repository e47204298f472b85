"""Every benchmark in one invocation (`make bench`), each figure printed beside its goal, and the
goal lines again at the end as one table. Each part also runs alone: `python -m bench.<part>`.

    .venv/bin/python -m bench.all [--quick] [--full] [--backend sqlite]

Defaults keep a full run near 20 minutes on a 2-core machine: steps with 300 people × 3 rounds,
figures at 0.1 × and 1 × (--full adds 10 ×, a few minutes of bulk loading more), the broadcast
alone of 1,000 chats × 3 messages, replies during a 2,000-recipient broadcast (--full: 10,000).
--quick is a look in a few minutes (small sizes, one round), not figures to quote.
"""

from __future__ import annotations

import argparse
import asyncio
import platform
import subprocess
import sys
import time

from bench import broadcast, figures, startup, steps


def _machine() -> str:
    cpus = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
    return f"{platform.processor() or platform.machine()} · {cpus} CPUs · Python {sys.version.split()[0]}"


def _reply_during_broadcast(args: argparse.Namespace) -> None:
    recipients = "10000" if args.full else ("300" if args.quick else "2000")
    command = [sys.executable, "-m", "bench.reply_during_broadcast", "--recipients", recipients,
               "--baseline", "5" if args.quick else "20"]
    for backend in args.backend or []:
        command += ["--backend", backend]
    print("\n== replies during a broadcast (bench.reply_during_broadcast): goal p99 ≤ 1000 ms, "
          "broadcast ≥ 28.5 msg/s, 0 × 429, 0 lost, 0 duplicated", flush=True)
    subprocess.run(command, check=False)


async def _run(args: argparse.Namespace) -> list[str]:
    quick = args.quick
    backend = args.backend
    lines: list[str] = []
    lines += await steps.run(steps.parser().parse_args(
        ["--rounds", "1" if quick else "3", "--people", "60" if quick else "300"]
        + (["--burst", "100"] if quick else []) + [a for b in backend or [] for a in ("--backend", b)]))
    scales = ["0.1"] if quick else ["0.1", "1", *(["10"] if args.full else [])]
    lines += await figures.run(figures.parser().parse_args(
        [a for s in scales for a in ("--scale", s)] + ["--rounds", "3" if quick else "5"]
        + [a for b in backend or [] for a in ("--backend", b)]))
    lines += await startup.run(startup.parser().parse_args(
        ["--rounds", "1" if quick else "3"] + [a for b in backend or [] for a in ("--backend", b)]))
    lines += await broadcast.run(broadcast.parser().parse_args(
        ["--chats", "100" if quick else "1000"] + [a for b in backend or [] for a in ("--backend", b)]))
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, one round: a look, not figures")
    parser.add_argument("--full", action="store_true", help="adds figures at 10 × and a 10,000-recipient broadcast")
    parser.add_argument("--backend", action="append", choices=["sqlite", "postgres"], help="default: both")
    args = parser.parse_args()
    started = time.perf_counter()
    print(f"machine: {_machine()}", flush=True)
    lines = asyncio.run(_run(args))
    _reply_during_broadcast(args)
    print("\n== every goal (the lines above, together)")
    print("\n".join(line if line.startswith("  ") else f"  {line}" for line in lines))
    print(f"\n({time.perf_counter() - started:.0f} s in all)")


if __name__ == "__main__":
    main()
