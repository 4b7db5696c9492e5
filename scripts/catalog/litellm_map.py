"""Reading LiteLLM's model_prices_and_context_window.json: the same field mapping as the Rust
importer (`Catalog::from_litellm_json`), used by build_catalog.py and crosscheck_litellm.py.

Prices are converted exactly: LiteLLM stores USD per token as JSON numbers; each float is taken
as its shortest round-trip decimal (`repr`) and scaled to per million tokens with `Decimal`,
never with float arithmetic.
"""

import glob
import json
import os
import re
import zipfile
from decimal import Decimal

WHEEL_MEMBER = "litellm/model_prices_and_context_window_backup.json"

TIER_RE = re.compile(
    r"^(input_cost_per_token|output_cost_per_token|cache_read_input_token_cost"
    r"|cache_creation_input_token_cost|cache_creation_input_token_cost_above_1hr)"
    r"_above_(\d+)k_tokens$"
)
TIER_FIELD = {
    "input_cost_per_token": "input",
    "output_cost_per_token": "output",
    "cache_read_input_token_cost": "cached_input",
    "cache_creation_input_token_cost": "cache_write_5m",
    "cache_creation_input_token_cost_above_1hr": "cache_write_1h",
}
BASE_FIELD = {
    "input_cost_per_token": "input",
    "output_cost_per_token": "output",
    "cache_read_input_token_cost": "cached_input",
    "cache_creation_input_token_cost": "cache_write_5m",
    "cache_creation_input_token_cost_above_1hr": "cache_write_1h",
    "input_cost_per_token_batches": "batch_input",
    "output_cost_per_token_batches": "batch_output",
}
PRICE_ORDER = [
    "input",
    "output",
    "cached_input",
    "cache_write_5m",
    "cache_write_1h",
    "batch_input",
    "batch_output",
    "reasoning",
]
TIER_ORDER = ["above_input_tokens", "input", "output", "cached_input", "cache_write_5m", "cache_write_1h"]


def load(path=None):
    """The LiteLLM price file as a dict, from a .json path or a LiteLLM wheel (default: the
    newest wheel in /tmp/litellm)."""
    if path is None:
        wheels = sorted(glob.glob("/tmp/litellm/litellm-*.whl"))
        if not wheels:
            raise SystemExit(
                "no LiteLLM wheel found; run: pip download --no-deps -d /tmp/litellm litellm"
            )
        path = wheels[-1]
    if path.endswith(".whl"):
        with zipfile.ZipFile(path) as z:
            return json.loads(z.read(WHEEL_MEMBER)), os.path.basename(path)
    with open(path) as f:
        return json.load(f), os.path.basename(path)


def per_million(value):
    """A LiteLLM per-token float as an exact per-million decimal string."""
    d = Decimal(repr(float(value))).scaleb(6).normalize()
    text = format(d, "f")
    return text


def usable_price(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool) and v >= 0


def convert(entry):
    """The native-format fields LiteLLM gives for one entry: pricing, limits, capabilities and
    reasoning rule. Missing prices stay missing."""
    pricing = {}
    for lk, ours in BASE_FIELD.items():
        if usable_price(entry.get(lk)):
            pricing[ours] = per_million(entry[lk])
    tiers = {}
    for k, v in entry.items():
        mt = TIER_RE.match(k)
        if mt and usable_price(v):
            t = int(mt.group(2)) * 1000
            tiers.setdefault(t, {"above_input_tokens": t})[TIER_FIELD[mt.group(1)]] = per_million(v)
    if tiers:
        pricing["tiers"] = [tiers[t] for t in sorted(tiers)]
    reasoning_rule = "billed_as_output" if entry.get("supports_reasoning") else "none"
    r = entry.get("output_cost_per_reasoning_token")
    if usable_price(r) and "output" in pricing and per_million(r) != pricing["output"]:
        pricing["reasoning"] = per_million(r)
        reasoning_rule = "separate_price"
    schema = bool(entry.get("supports_response_schema"))
    caps = {
        "tools": bool(entry.get("supports_function_calling")),
        "vision": bool(entry.get("supports_vision")),
        "json_output": schema,
        "structured_output": schema,
        "reasoning": bool(entry.get("supports_reasoning")),
        "audio_input": bool(entry.get("supports_audio_input")),
        "audio_output": bool(entry.get("supports_audio_output")),
        "prompt_caching": bool(entry.get("supports_prompt_caching")),
    }
    out = {"pricing": pricing, "reasoning_tokens": reasoning_rule, "capabilities": caps}
    for lk, ours in (("max_input_tokens", "context_window"), ("max_output_tokens", "max_output_tokens")):
        v = entry.get(lk)
        if isinstance(v, int) and not isinstance(v, bool) and v > 0:
            out[ours] = v
    return out
