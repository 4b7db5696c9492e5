from decimal import Decimal

import pytest

import llmcost


def test_cost_is_exact_decimal():
    cat = llmcost.Catalog.bundled()
    usage = llmcost.Usage(12_000, 800, cached_input_tokens=10_000)
    cost = cat.cost("openai/gpt-4o", usage)
    assert cost.model == "gpt-4o"
    assert isinstance(cost.total, Decimal)
    # 2,000 x $2.50/M + 10,000 x $1.25/M + 800 x $10/M
    assert cost.total == Decimal("0.0255")
    assert cost.input + cost.cached_input + cost.cache_write + cost.output + cost.reasoning == cost.total
    assert cat.total_cost("gpt-4o", usage) == Decimal("0.0255")


def test_ten_thousand_costs_sum_exactly():
    cat = llmcost.Catalog.bundled()
    one = cat.total_cost("gpt-4o", llmcost.Usage(1, 0))
    assert one == Decimal("0.0000025")
    assert sum((one for _ in range(10_000)), Decimal(0)) == Decimal("0.025")


def test_unknown_model_suggests_and_is_typed():
    cat = llmcost.Catalog.bundled()
    with pytest.raises(llmcost.UnknownModelError, match="did you mean 'gpt-4o'") as e:
        cat.cost("gpt4o", llmcost.Usage(1, 1))
    assert isinstance(e.value, llmcost.LlmcostError)


def test_invalid_usage_is_invalid_input():
    cat = llmcost.Catalog.bundled()
    with pytest.raises(llmcost.InvalidInputError, match="cached_input_tokens"):
        cat.cost("gpt-4o", llmcost.Usage(10, 1, cached_input_tokens=11))


def test_bad_catalog_json_names_line_and_column():
    with pytest.raises(llmcost.CatalogInvalidError, match="line 1 column"):
        llmcost.Catalog.from_json_str("{not json")


def test_count_tokens_and_messages():
    cat = llmcost.Catalog.bundled()
    c = cat.count_tokens("gpt-4o", "hello world")
    assert (c.tokens, c.encoding, c.estimated) == (2, "o200k_base", False)
    m = cat.count_messages("gpt-4o", [{"role": "user", "content": "hello world"}])
    # 3 per message + role (1) + content (2) + 3 reply priming
    assert m.tokens == 9
    with pytest.raises(llmcost.InvalidInputError, match="messages\\[0\\]"):
        cat.count_messages("gpt-4o", [{"content": "x"}])
    # Wrong types are the same typed error, not a TypeError.
    with pytest.raises(llmcost.InvalidInputError, match="\\['content'\\] must be a str"):
        cat.count_messages("gpt-4o", [{"role": "user", "content": 5}])
    with pytest.raises(llmcost.InvalidInputError, match="must be a list"):
        llmcost.Encoding("o200k_base").count_messages("hello")
    # Keys other than role, content and name are ignored.
    extra = [{"role": "user", "content": "hello world", "tool_call_id": "c1", "tool_calls": []}]
    assert cat.count_messages("gpt-4o", extra).tokens == 9


def test_worst_case_uses_max_tokens():
    cat = llmcost.Catalog.bundled()
    assert cat.worst_case("gpt-4o", 1000, 100) == Decimal("0.0035")
