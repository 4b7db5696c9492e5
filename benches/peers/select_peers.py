"""Peer figure for docs/PERFORMANCE.md, "Model selection": LiteLLM's cost-based routing.

LiteLLM's `Router(routing_strategy="cost-based-routing")` picks, among the deployments of one model
group, the one with the lowest list price (input + output per token, from LiteLLM's cost map; no
quality, capability, cache or tier awareness). We put every model of llmcost's bundled catalog that
LiteLLM's cost map also knows into one group and time `await Router.select(...)` (the async pick;
cost-based routing is one of LiteLLM's async strategies) for one request.

    python3 -m venv /tmp/peer && /tmp/peer/bin/pip install litellm
    LITELLM_LOCAL_MODEL_COST_MAP=True /tmp/peer/bin/python benches/peers/select_peers.py
"""
import asyncio
import importlib.metadata
import json
import os
import statistics
import time
from pathlib import Path

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")

import litellm  # noqa: E402
from litellm import Router  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]


def model_list():
    catalog = json.loads((ROOT / "llmcost-core" / "data" / "catalog.json").read_text())
    out = []
    for m in catalog["models"]:
        for key in (f"{m['provider']}/{m['id']}", m["id"]):
            if key not in litellm.model_cost:
                continue
            try:
                litellm.get_llm_provider(key)
            except Exception:  # LiteLLM cannot route this name without a provider prefix
                continue
            out.append({"model_name": "any", "litellm_params": {"model": key, "api_key": "x"}})
            break
    return out


async def pick(router, messages):
    return await router.select("any", {}, messages=messages)


async def run():
    deployments = model_list()
    router = Router(model_list=deployments, routing_strategy="cost-based-routing")
    messages = [{"role": "user", "content": "Classify this ticket: my invoice shows two charges."}]
    for _ in range(200):
        await pick(router, messages)
    samples = []
    for _ in range(15):
        n = 300
        t0 = time.perf_counter()
        for _ in range(n):
            await pick(router, messages)
        samples.append((time.perf_counter() - t0) / n)
    med = statistics.median(samples)
    picked = await pick(router, messages)
    print(
        f"litellm {importlib.metadata.version('litellm')} "
        f"cost-based-routing over {len(deployments)} deployments: median {med * 1e6:.1f} µs per pick "
        f"(picked {picked['litellm_params']['model']})"
    )


def main():
    asyncio.run(run())


if __name__ == "__main__":
    main()
