#!/usr/bin/env python3
"""Peer figure for `benches/optimize.rs`: the reference design's `AdvancedPromptOptimizer`.

The reference design this project grew from ships its optimizer as a Python code block inside
its design document; this script extracts that block from the document (it is not copied into
this repository), runs `optimize_prompt(text, level, preserve_structure)` on every prompt of
`fixtures/prompts/prompts.jsonl` one at a time on one thread (the same work as the criterion
bench's `standard+counts`: rewrite plus token counts before and after), clears its result cache
before every pass, and reports MB/s (10^6 bytes per second, like docs/PERFORMANCE.md) from the
median pass, plus the best pass.

    pip install tiktoken numpy
    python3 benches/peers/optimize_peer.py PATH/TO/reference-design.txt [--level standard]

No network is needed: the BPE files come from the tiktoken-rs crate in the cargo registry (see
scripts/tokens/tiktoken_offline.py).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import platform
import re
import statistics
import sys
import time
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts" / "tokens"))

from tiktoken_offline import ensure_offline_cache  # noqa: E402

ensure_offline_cache()


def load_optimizer(path: Path):
    text = path.read_text(encoding="utf-8", errors="replace")
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.S)
    src = next(b for b in blocks if "class AdvancedPromptOptimizer" in b)
    module = types.ModuleType("reference_optimizer")
    sys.modules[module.__name__] = module  # dataclasses look their module up
    exec(compile(src, str(path), "exec"), module.__dict__)  # noqa: S102 - the peer measured
    return module.AdvancedPromptOptimizer


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("reference", type=Path, help="the reference design document")
    ap.add_argument("--level", default="standard")
    ap.add_argument("--seconds", type=float, default=10.0, help="measurement time")
    args = ap.parse_args()

    cls = load_optimizer(args.reference)
    opt = cls("gpt-4")
    with (ROOT / "fixtures" / "prompts" / "prompts.jsonl").open(encoding="utf-8") as f:
        prompts = [json.loads(line)["text"] for line in f]
    nbytes = sum(len(p.encode("utf-8")) for p in prompts)

    async def one_pass() -> int:
        opt.optimization_cache.clear()
        saved = 0
        for p in prompts:
            r = await opt.optimize_prompt(p, args.level, True)
            saved += r.original_tokens - r.optimized_tokens
        return saved

    loop = asyncio.new_event_loop()
    saved = loop.run_until_complete(one_pass())  # warm-up
    times = []
    deadline = time.perf_counter() + args.seconds
    while time.perf_counter() < deadline or len(times) < 5:
        t0 = time.perf_counter()
        loop.run_until_complete(one_pass())
        times.append(time.perf_counter() - t0)
    med = statistics.median(times)
    print(
        f"reference AdvancedPromptOptimizer, {args.level}: {len(prompts)} prompts, {nbytes} bytes, "
        f"{saved} tokens saved; {len(times)} passes; median {med * 1e3:.1f} ms = "
        f"{nbytes / med / 1e6:.2f} MB/s; best {min(times) * 1e3:.1f} ms = "
        f"{nbytes / min(times) / 1e6:.2f} MB/s (Python {platform.python_version()}, "
        f"{platform.machine()})"
    )


if __name__ == "__main__":
    main()
