"""Optimizer: the shared golden cases (fixtures/optimize/golden.json, also run by Rust and Node)
and the report, batch and analysis shapes."""

import json
from decimal import Decimal
from pathlib import Path

import pytest

import llmcost

GOLDEN = json.loads(
    (Path(__file__).resolve().parents[2] / "fixtures" / "optimize" / "golden.json").read_text()
)


def test_golden_cases():
    assert len(GOLDEN["cases"]) > 300
    opt = llmcost.Optimizer()
    failures = []
    for case in GOLDEN["cases"]:
        o = case["options"]
        r = opt.optimize(
            case["input"], level=o["level"], preserve_structure=o["preserve_structure"]
        )
        if r.optimized_prompt != case["expected"]:
            failures.append(f"{case['name']}: got {r.optimized_prompt!r}")
        assert r.optimized_tokens <= r.original_tokens
        assert r.encoding == GOLDEN["encoding"]
    assert failures == []


def test_report_counts_and_prices_savings_exactly():
    opt = llmcost.Optimizer()
    r = opt.optimize("We in order to now.", level="conservative", model="gpt-4o")
    assert r.original_prompt == "We in order to now."
    assert r.optimized_prompt == "We to now."
    assert r.tokens_saved == r.original_tokens - r.optimized_tokens > 0
    assert [(a.rule_id, a.count) for a in r.optimizations_applied] == [("en.in_order_to", 1)]
    expected = llmcost.Catalog.bundled().cost("gpt-4o", llmcost.Usage(r.tokens_saved)).input
    assert isinstance(r.estimated_savings_usd, Decimal)
    assert r.estimated_savings_usd == expected
    assert opt.optimize("We in order to now.").estimated_savings_usd is None


def test_optimizer_with_a_catalog_prices_with_it():
    cat = llmcost.Catalog.bundled()
    r = llmcost.Optimizer(cat).optimize("We in order to now.", model="gpt-4o")
    assert r.estimated_savings_usd == cat.cost("gpt-4o", llmcost.Usage(r.tokens_saved)).input


def test_protect_and_keep_prefix_leave_text_unchanged():
    opt = llmcost.Optimizer()
    text = "We in order to now."
    assert opt.optimize(text, protect=["in order to"]).optimized_prompt == text
    assert opt.optimize(text, keep_prefix_marker="now").optimized_prompt == text
    assert opt.optimize(text, keep_prefix_bytes=len(text)).optimized_prompt == text
    assert opt.optimize(text, keep_prefix_bytes=3).optimized_prompt == "We to now."


def test_min_reduction_gate():
    r = llmcost.Optimizer().optimize("We in order to now.", min_reduction=99.0)
    assert r.below_min_reduction
    assert r.optimized_prompt == "We in order to now."


def test_bad_options_raise():
    opt = llmcost.Optimizer()
    with pytest.raises(llmcost.InvalidInputError, match="conservative"):
        opt.optimize("x", level="extreme")
    with pytest.raises(llmcost.InvalidInputError, match="min_reduction"):
        opt.optimize("x", min_reduction=150.0)
    with pytest.raises(llmcost.InvalidInputError):
        opt.optimize("x", protect=["("])
    with pytest.raises(llmcost.InvalidInputError, match="not both"):
        opt.optimize("x", keep_prefix_bytes=1, keep_prefix_marker="x")
    with pytest.raises(llmcost.UnknownModelError):
        opt.optimize("x", model="gpt4o")
    with pytest.raises(llmcost.InvalidInputError):
        opt.optimize_batch(["x"], level="extreme")


def test_batch_aggregates():
    texts = ["We in order to now.", "In order to we go.", "Short."]
    b = llmcost.Optimizer().optimize_batch(texts, model="gpt-4o")
    assert b.total_prompts == len(b) == 3
    assert [r.original_prompt for r in b.results] == texts
    assert b.total_tokens_saved == sum(r.tokens_saved for r in b.results)
    assert b.total_original_tokens == sum(r.original_tokens for r in b.results)
    assert b.successful_optimizations == sum(1 for r in b.results if r.tokens_saved > 0)
    assert b.most_frequent_optimizations[0] == ("en.in_order_to", 2)
    assert b.total_savings_usd == sum(r.estimated_savings_usd for r in b.results)


def test_analyze_offsets_index_the_python_string():
    text = "Café 😀: we in order to now."
    a = llmcost.Optimizer().analyze(text)
    f = next(f for f in a.findings if f.rule_id == "en.in_order_to")
    assert text[f.start : f.end] == "in order to"
    assert f.level == "conservative"
    assert a.potential_tokens_saved >= f.tokens_saved > 0
    assert 0 <= a.efficiency_score < 1
    assert a.char_count == len(text)
    assert a.encoding == "o200k_base"
    assert llmcost.Optimizer().analyze("Hello.").findings == []
