#!/usr/bin/env python3
"""Convert the sourced quality table into llmcost's bundled `llmcost-core/data/quality.json`.

Input: a `model_quality.json` (scores per task type in [0, 1], speed, sources and method; see
docs/SELECTION.md). Output: the subset the selector needs, with provenance kept:

- top level: `schema_version`, `compiled`, `method`, `method_details`, `sources` (copied as is);
- per model: `id`, `provider`, `match` (other names to look the model up by in the catalog),
  `scores` (task -> score; null scores are dropped, never invented), `score_basis`,
  `output_tokens_per_s`, `ttft_s`, `speed_source`, `sources` (the source ids of every raw figure
  used in a score or in speed), `notes`.

Usage: python3 scripts/convert_quality.py INPUT.json [OUTPUT.json]
(OUTPUT defaults to llmcost-core/data/quality.json). The conversion is deterministic.
"""
import json
import sys
from pathlib import Path

# Names under which a quality entry's model is also published by a provider's API. Each name is
# looked up in the catalog (id, alias, dated snapshot); every catalog model found gets the entry's
# figures. Only names that denote the *same* model (same weights and version) are listed; moving
# aliases such as `mistral-large-latest` are not, because they change meaning over time.
MATCH = {
    "gpt-4o": ["gpt-4o-2024-08-06"],
    "claude-3-5-haiku": ["claude-3-5-haiku-20241022", "claude-3-5-haiku-latest"],
    "claude-3-5-sonnet": ["claude-3-5-sonnet-20241022", "claude-3-5-sonnet-latest"],
    "claude-3-7-sonnet": ["claude-3-7-sonnet-20250219", "claude-3-7-sonnet-latest"],
    "claude-sonnet-4": ["claude-sonnet-4-20250514", "claude-sonnet-4-0"],
    "claude-opus-4": ["claude-opus-4-20250514", "claude-opus-4-0"],
    "claude-opus-4-1": ["claude-opus-4-1-20250805"],
    "claude-sonnet-4-5": ["claude-sonnet-4-5-20250929"],
    "claude-haiku-4-5": ["claude-haiku-4-5-20251001"],
    "claude-opus-4-5": ["claude-opus-4-5-20251101"],
    "gemini-2.0-flash": ["gemini-2.0-flash-001"],
    "gemini-2.0-flash-lite": ["gemini-2.0-flash-lite-001"],
    "mistral-large": ["mistral-large-2411"],
    "mistral-large-3": ["mistral-large-2512"],
    "mistral-medium": ["mistral-medium-2505", "mistral-medium-3"],
    "mistral-small": ["mistral-small-2506", "mistral-small-3-2"],
    "codestral": ["codestral-2508"],
    "deepseek-v3.2": ["deepseek-chat"],
    "deepseek-v3.2-reasoner": ["deepseek-reasoner"],
    # Open-weight models: the same weights served by several hosts (Fireworks, Together, Groq).
    "llama-3.1-8b": ["llama-v3p1-8b-instruct", "llama-3.1-8b-instant",
                     "meta-llama/Meta-Llama-3.1-8B-Instruct-Turbo"],
    "llama-3.1-70b": ["llama-v3p1-70b-instruct", "meta-llama/Meta-Llama-3.1-70B-Instruct-Turbo"],
    "llama-3.1-405b": ["llama-v3p1-405b-instruct",
                       "meta-llama/Meta-Llama-3.1-405B-Instruct-Turbo"],
    "llama-3.3-70b": ["llama-v3p3-70b-instruct", "meta-llama/Llama-3.3-70B-Instruct-Turbo",
                      "llama-3.3-70b-versatile"],
    "llama-4-scout": ["llama4-scout-instruct-basic", "meta-llama/Llama-4-Scout-17B-16E-Instruct",
                      "meta-llama/llama-4-scout-17b-16e-instruct"],
    "llama-4-maverick": ["llama4-maverick-instruct-basic",
                         "meta-llama/Llama-4-Maverick-17B-128E-Instruct-FP8",
                         "meta-llama/llama-4-maverick-17b-128e-instruct"],
    "command-r": ["command-r-08-2024"],
    "command-r-plus": ["command-r-plus-08-2024"],
    "command-a": ["command-a-03-2025"],
    "qwen2.5-max": ["qwen-max-2025-01-25"],
    "qwen3-235b-a22b-instruct-2507": ["qwen/qwen3-235b-a22b-instruct-2507"],
    "qwen3-235b-a22b-thinking-2507": ["qwen/qwen3-235b-a22b-thinking-2507"],
}

TASKS = [
    "general_chat",
    "coding",
    "reasoning_math",
    "summarization",
    "extraction_classification",
    "creative_writing",
    "translation",
]


def used_sources(model):
    """Source ids of the raw figures behind the scores and the speed of `model`."""
    raw = model.get("raw", {})
    used = set()
    components = set()
    for basis in (model.get("score_basis") or {}).values():
        components.update(basis or [])
    # Derived components (general_chat inside summarization, ...) expand to their own basis.
    for comp in list(components):
        if comp in (model.get("score_basis") or {}):
            components.update(model["score_basis"][comp] or [])
    for comp in components:
        if comp in raw and "source" in raw[comp]:
            used.add(raw[comp]["source"])
    for metric in ("output_tokens_per_s", "ttft_s"):
        if model.get(metric) is not None and metric in raw:
            used.add(raw[metric]["source"])
    return sorted(used)


def convert(data):
    out_models = []
    for m in data["models"]:
        scores = {t: m["scores"][t] for t in TASKS if (m.get("scores") or {}).get(t) is not None}
        for t, s in scores.items():
            if not (0.0 <= s <= 1.0):
                raise SystemExit(f"{m['id']}: score {t} = {s} outside [0, 1]")
        basis = {t: (m.get("score_basis") or {}).get(t) for t in scores}
        entry = {
            "id": m["id"],
            "provider": m["provider"],
            "match": MATCH.get(m["id"], []),
            "scores": scores,
            "score_basis": basis,
            "output_tokens_per_s": m.get("output_tokens_per_s"),
            "ttft_s": m.get("ttft_s"),
            "speed_source": m.get("speed_source"),
            "sources": used_sources(m),
            "notes": m.get("notes"),
        }
        out_models.append({k: v for k, v in entry.items() if v is not None})
    unknown = set(MATCH) - {m["id"] for m in data["models"]}
    if unknown:
        raise SystemExit(f"MATCH names unknown quality entries: {sorted(unknown)}")
    return {
        "schema_version": 1,
        "compiled": data["compiled"],
        "method": data["method"],
        "method_details": data["method_details"],
        "sources": data["sources"],
        "models": out_models,
    }


def main():
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    src = Path(sys.argv[1])
    dst = Path(sys.argv[2]) if len(sys.argv) > 2 else (
        Path(__file__).resolve().parent.parent / "llmcost-core" / "data" / "quality.json")
    data = json.loads(src.read_text(encoding="utf-8"))
    out = convert(data)
    dst.write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {dst}: {len(out['models'])} models, {len(out['sources'])} sources")


if __name__ == "__main__":
    main()
