#!/usr/bin/env python3
"""Peer figure for `benches/tokens.rs`: OpenAI's Python `tiktoken` on the same prompt corpus.

Counts every prompt of `fixtures/prompts/prompts.jsonl` one at a time with
`len(enc.encode_ordinary(text))` on one thread (the same work as the Rust bench), repeats the
pass, and reports MB/s (MiB/s, like criterion) from the median pass time, plus the best pass.

    pip install tiktoken
    python3 benches/peers/tokens_peer.py [--encoding cl100k_base] [--seconds 10]

No network is needed: the BPE files are taken from the tiktoken-rs crate in the cargo registry
(see scripts/tokens/tiktoken_offline.py).
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts" / "tokens"))

from tiktoken_offline import ensure_offline_cache  # noqa: E402

ensure_offline_cache()
import tiktoken  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--encoding", default="cl100k_base")
    ap.add_argument("--seconds", type=float, default=10.0, help="measurement time")
    args = ap.parse_args()

    with (ROOT / "fixtures" / "prompts" / "prompts.jsonl").open(encoding="utf-8") as f:
        prompts = [json.loads(line)["text"] for line in f]
    nbytes = sum(len(p.encode("utf-8")) for p in prompts)
    enc = tiktoken.get_encoding(args.encoding)
    encode = enc.encode_ordinary

    def one_pass() -> int:
        return sum(len(encode(p)) for p in prompts)

    tokens = one_pass()  # warm-up (also builds tiktoken's lazy state)
    times = []
    deadline = time.perf_counter() + args.seconds
    while time.perf_counter() < deadline or len(times) < 10:
        t0 = time.perf_counter()
        one_pass()
        times.append(time.perf_counter() - t0)
    mib = nbytes / (1 << 20)
    med = statistics.median(times)
    print(
        f"tiktoken {tiktoken.__version__} {args.encoding}: {len(prompts)} prompts, {nbytes} bytes, "
        f"{tokens} tokens; {len(times)} passes; median {med * 1e3:.2f} ms = {mib / med:.2f} MiB/s; "
        f"best {min(times) * 1e3:.2f} ms = {mib / min(times):.2f} MiB/s "
        f"(Python {platform.python_version()}, {platform.machine()})"
    )


if __name__ == "__main__":
    main()
