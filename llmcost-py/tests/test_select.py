"""Selector: the same request and expected choice as `classify_support_tickets` in
llmcost-core/tests/select_golden.rs."""

from decimal import Decimal

import pytest

import llmcost

REQ = dict(
    task_type="extraction_classification",
    complexity_level="low",
    quality_threshold=0.5,
    required_capabilities=["json_output"],
    estimated_input_tokens=600,
    estimated_output_tokens=20,
    cached_input_share=0.8,
)


@pytest.mark.parametrize("req", [REQ, llmcost.Requirements(**REQ)], ids=["dict", "Requirements"])
def test_classify_support_tickets_matches_rust_golden(req):
    sel = llmcost.Selector(llmcost.Catalog.bundled()).select(req)
    assert sel.success
    assert sel.as_of == "2026-11-20"
    assert sel.chosen is not None
    assert sel.chosen.model == "gpt-5-nano"
    assert sel.chosen.cost == Decimal("0.0000164")
    assert sel.chosen.retires_on == "2026-12-11"
    assert sel.task == "extraction_classification"
    assert [a.choice.model for a in sel.alternatives] == [
        "gpt-5-mini",
        "gemini-2.5-flash",
        "claude-haiku-4-5",
        "gpt-5",
        "gemini-2.5-pro",
    ]
    alt = sel.alternatives[2]
    assert str(alt) == "claude-haiku-4-5: $0.000268, quality 0.523; costs $0.0002516 more"
    assert alt.lost_on == "costs $0.0002516 more"
    assert sel.reasons()[0] == (
        "cheapest of 10 models that meet every constraint: $0.0000164 per request"
    )
    assert sel.feasible == 10
    assert sel.rejected_count() == 73
    assert "deepseek-chat: retired on 2026-07-24" in sel.rejected()
    assert "gpt-5-nano" in sel.explanation()
    assert sel.usage.input_tokens == 600
    assert sel.usage.cached_input_tokens == 480


def test_batch_budget_and_fallback_chain():
    s = llmcost.Selector()
    batch = s.select({**REQ, "batch_allowed": True})
    assert batch.chosen is not None and batch.chosen.model == "gpt-5-nano" and batch.chosen.batch
    none = s.select({**REQ, "max_acceptable_cost": Decimal("0.00001")})
    assert not none.success and none.chosen is None and none.reasons()
    chain = s.fallback_chain(REQ, 3)
    assert [c.model for c in chain][0] == "gpt-5-nano"
    assert len({c.provider for c in chain}) == 3


def test_requirements_fields_and_json():
    r = llmcost.Requirements("coding", max_acceptable_cost=Decimal("0.05"), complexity_level="high")
    assert r.task_type == "coding"
    assert r.complexity_level == "high"
    assert r.max_acceptable_cost == Decimal("0.05")
    assert r.estimated_input_tokens == 1000
    assert r.max_ttft_s is None
    assert llmcost.Requirements(max_ttft_s=1.5, cached_input_share=0.25).max_ttft_s == 1.5
    j = llmcost.Requirements.from_json_str('{"task_type": "coding", "remaining_budget": "1.5"}')
    assert j.remaining_budget == Decimal("1.5")
    assert llmcost.Requirements.from_dict({"max_alternatives": 2}).max_alternatives == 2


def test_requirements_speed_requirement_reads_back():
    assert llmcost.Requirements().speed_requirement == "any"
    assert llmcost.Requirements(speed_requirement="medium").speed_requirement == "medium"
    assert llmcost.Requirements(speed_requirement="FAST").speed_requirement == "fast"
    # "slow" is no constraint, the same as "any".
    assert llmcost.Requirements(speed_requirement="slow").speed_requirement == "any"
    j = llmcost.Requirements.from_json_str('{"speed_requirement": "fast"}')
    assert j.speed_requirement == "fast"
    with pytest.raises(llmcost.InvalidInputError, match="speed requirement"):
        llmcost.Requirements(speed_requirement="instant")


def test_bad_requirements_raise():
    s = llmcost.Selector()
    with pytest.raises(llmcost.InvalidInputError, match="coding"):
        s.select({"task_type": "poetry"})
    with pytest.raises(llmcost.InvalidInputError, match="unknown field"):
        llmcost.Requirements(bogus=1)
    with pytest.raises(llmcost.InvalidInputError):
        s.select({"max_acceptable_cost": "$5"})
    with pytest.raises(llmcost.InvalidInputError):
        s.select("coding")  # type: ignore[arg-type]
