#!/usr/bin/env python3
"""Builds llmcost-core/data/catalog.json from LiteLLM's price file and table.py.

    python3 scripts/catalog/build_catalog.py [path/to/litellm.whl | model_prices.json]

Without an argument it reads the newest wheel in /tmp/litellm (get one with
`pip download --no-deps -d /tmp/litellm litellm==1.110.2`). The output is committed; the crate
never needs LiteLLM or the network to build.
"""

import copy
import json
import os
import re
import sys
from decimal import Decimal

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import litellm_map as lm  # noqa: E402
import table  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT = os.path.join(ROOT, "llmcost-core", "data", "catalog.json")
DATE_RE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$")


def ordered_pricing(p):
    out = {k: p[k] for k in lm.PRICE_ORDER if k in p}
    if p.get("tiers"):
        out["tiers"] = [{k: t[k] for k in lm.TIER_ORDER if k in t} for t in p["tiers"]]
    return out


def build_model(spec, data):
    if spec.get("manual"):
        body = copy.deepcopy(spec["manual"])
    else:
        entry = data.get(spec["key"])
        if entry is None:
            raise SystemExit(f"{spec['id']}: LiteLLM has no entry '{spec['key']}'")
        body = lm.convert(entry)
        if entry.get("deprecation_date"):
            body["deprecated"] = True
            body["deprecation_date"] = entry["deprecation_date"]
    for field, value in spec["overrides"].items():
        if field.startswith("pricing."):
            name = field.split(".", 1)[1]
            if value is None:
                body["pricing"].pop(name, None)
            else:
                body["pricing"][name] = copy.deepcopy(value)
        elif value is None:
            body.pop(field, None)
        else:
            body[field] = value
    if spec.get("deprecated"):
        body["deprecated"] = True
    if "deprecation_date" in spec:
        # The table's date (None: no known date) replaces the LiteLLM entry's.
        body.pop("deprecation_date", None)
        if spec["deprecation_date"] is not None:
            body["deprecation_date"] = spec["deprecation_date"]
    date = body.get("deprecation_date")
    if date is not None:
        if not body.get("deprecated"):
            raise SystemExit(f"{spec['id']}: deprecation_date without deprecated")
        if not DATE_RE.match(date):
            raise SystemExit(f"{spec['id']}: deprecation_date '{date}' is not YYYY-MM-DD")
    pricing = body["pricing"]
    for need in ("input", "output"):
        if need not in pricing:
            raise SystemExit(f"{spec['id']}: no {need} price")
    for k, v in pricing.items():
        if k != "tiers":
            Decimal(v)  # must be an exact decimal string
    enc, estimated = spec["tokenizer"]
    model = {
        "id": spec["id"],
        "provider": spec["provider"],
    }
    if spec["aliases"]:
        model["aliases"] = spec["aliases"]
    for k in ("context_window", "max_output_tokens"):
        if k in body:
            model[k] = body[k]
    model["tokenizer"] = {"encoding": enc, "estimated": estimated}
    model["pricing"] = ordered_pricing(pricing)
    model["reasoning_tokens"] = body.get("reasoning_tokens", "none")
    model["capabilities"] = {k: v for k, v in body["capabilities"].items() if v}
    model["source"] = table.SOURCES[spec["provider"]]
    model["as_of"] = table.AS_OF
    if body.get("deprecated"):
        model["deprecated"] = True
    if date is not None:
        model["deprecation_date"] = date
    return model


def compact(v):
    return json.dumps(v, ensure_ascii=False, separators=(", ", ": "))


def dump(doc):
    """One model per block, one field per line, small objects inline: easy to review in diffs."""
    lines = ["{", f'  "schema_version": {doc["schema_version"]},', f'  "as_of": {compact(doc["as_of"])},', '  "models": [']
    for i, mdl in enumerate(doc["models"]):
        fields = [f"      {compact(k)}: {compact(v)}" for k, v in mdl.items()]
        end = "," if i + 1 < len(doc["models"]) else ""
        lines += ["    {", ",\n".join(fields), "    }" + end]
    lines += ["  ]", "}"]
    return "\n".join(lines) + "\n"


def main():
    data, origin = lm.load(sys.argv[1] if len(sys.argv) > 1 else None)
    models = [build_model(s, data) for s in table.MODELS]
    names = {}
    for mdl in models:
        for n in [mdl["id"], *mdl.get("aliases", [])]:
            key = n.lower()
            if key in names:
                raise SystemExit(f"name '{n}' claimed by {names[key]} and {mdl['id']}")
            names[key] = mdl["id"]
    doc = {"schema_version": 1, "as_of": table.AS_OF, "models": models}
    text = dump(doc)
    with open(OUT, "w") as f:
        f.write(text)
    print(f"wrote {len(models)} models to {os.path.relpath(OUT, ROOT)} from {origin}")


if __name__ == "__main__":
    main()
