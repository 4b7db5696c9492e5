#!/usr/bin/env python3
"""Cost-computation speed of peer libraries, for docs/PERFORMANCE.md ("Cost computation").

Measures how many cost computations per second LiteLLM's `cost_per_token` and tokencost's
`calculate_cost_by_tokens` do for gpt-4o, on the same request the Rust bench `benches/cost.rs`
prices: 12,000 prompt tokens (10,000 read from the prompt cache) and 800 output tokens, which
costs exactly $0.0255 at gpt-4o's list prices.

Run it in the same session as the Rust bench (see docs/PERFORMANCE.md):

    python3 -m venv /tmp/peers && /tmp/peers/bin/pip install litellm tokencost
    /tmp/peers/bin/python benches/peers/cost_peers.py

Neither peer is vendored: install them from PyPI. LiteLLM is told to use the price map shipped in
its package (LITELLM_LOCAL_MODEL_COST_MAP) so that no network fetch is timed or needed.
"""

import json
import os
import platform
import sys
import time
from decimal import Decimal

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")

MODEL = "gpt-4o"
PROMPT, CACHED, OUTPUT = 12_000, 10_000, 800
EXPECTED = Decimal("0.0255")


def rate(fn, min_seconds=1.0, repeats=5):
    """Best-of-`repeats` calls per second, each repeat running for at least `min_seconds`."""
    n = 1
    while True:  # calibrate a batch size that runs ~0.1 s
        t = time.perf_counter()
        for _ in range(n):
            fn()
        if time.perf_counter() - t > 0.1:
            break
        n *= 2
    best = 0.0
    for _ in range(repeats):
        calls, start = 0, time.perf_counter()
        while True:
            for _ in range(n):
                fn()
            calls += n
            elapsed = time.perf_counter() - start
            if elapsed >= min_seconds:
                break
        best = max(best, calls / elapsed)
    return best


def litellm_case():
    import litellm

    def call():
        return litellm.cost_per_token(
            model=MODEL,
            prompt_tokens=PROMPT,
            completion_tokens=OUTPUT,
            cache_read_input_tokens=CACHED,
        )

    prompt_cost, completion_cost = call()
    total = prompt_cost + completion_cost  # floats: the peer's own result type
    return {
        "name": "litellm.cost_per_token",
        "version": litellm.__version__ if hasattr(litellm, "__version__") else _version("litellm"),
        "result": repr(total),
        "exact": Decimal(repr(total)) == EXPECTED,
        "calls_per_s": rate(call),
    }


def tokencost_case():
    import tokencost

    def call():
        return (
            tokencost.calculate_cost_by_tokens(PROMPT - CACHED, MODEL, "input")
            + tokencost.calculate_cost_by_tokens(CACHED, MODEL, "cached")
            + tokencost.calculate_cost_by_tokens(OUTPUT, MODEL, "output")
        )

    total = call()
    return {
        "name": "tokencost.calculate_cost_by_tokens (input + cached + output)",
        "version": _version("tokencost"),
        "result": str(total),
        "exact": Decimal(total) == EXPECTED,
        "calls_per_s": rate(call),
    }


def _version(dist):
    from importlib.metadata import version

    return version(dist)


def main():
    rows = [litellm_case(), tokencost_case()]
    print(json.dumps({"python": platform.python_version(), "machine": platform.machine(),
                      "results": rows}, indent=2))
    print()
    print("| peer | version | cost computations/s | result for the test request |", file=sys.stderr)
    print("|---|---|---|---|", file=sys.stderr)
    for r in rows:
        mark = "exact" if r["exact"] else "inexact"
        print(f"| {r['name']} | {r['version']} | {r['calls_per_s']:,.0f} | "
              f"{r['result']} ({mark}) |", file=sys.stderr)


if __name__ == "__main__":
    main()
