"""Optimizer: the shared golden cases (fixtures/optimize/golden.json, also run by Rust and Node)
the report, batch and analysis shapes, and chat requests (`optimize_messages`)."""

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


# A chat request: a cached system prompt, a named user, tool and function results (data), a reply.
CHAT = [
    {
        "role": "system",
        "content": "In order to answer, use the `search` tool.   \n\n\n\nDo not guess {name}.",
    },
    {"role": "user", "content": "Do it in order to win and in order to go.", "name": "alice"},
    {"role": "tool", "content": "In order to   help:   done."},
    {"role": "function", "content": "We in order to now.   "},
    {"role": "assistant", "content": "We in order to now."},
]


def test_optimize_messages_optimizes_contents_like_optimize_and_leaves_the_rest():
    opt = llmcost.Optimizer()
    r = opt.optimize_messages(CHAT, level="standard")
    assert isinstance(r, llmcost.ChatOptimizeReport)
    assert len(r) == len(r.messages) == len(r.per_message) == len(CHAT)
    for before, after, rep in zip(CHAT, r.messages, r.per_message):
        assert after["role"] == before["role"]
        assert after.get("name") == before.get("name")
        assert set(after) == set(before)
        alone = opt.optimize(before["content"], level="standard")
        # Every content here can be optimized on its own ...
        assert alone.optimized_prompt != before["content"]
        assert rep.original_prompt == before["content"]
        assert rep.optimized_prompt == after["content"]
        if before["role"] in ("tool", "function"):
            # ... but tool and function messages are data and stay as they are.
            assert after["content"] == before["content"]
            assert rep.tokens_saved == 0 and rep.optimizations_applied == []
            assert rep.original_tokens == alone.original_tokens
        else:
            assert after["content"] == alone.optimized_prompt
            assert (rep.original_tokens, rep.optimized_tokens, rep.tokens_saved) == (
                alone.original_tokens,
                alone.optimized_tokens,
                alone.tokens_saved,
            )
            assert [a.rule_id for a in rep.optimizations_applied] == [
                a.rule_id for a in alone.optimizations_applied
            ]
    # The input is not modified.
    assert CHAT[0]["content"].startswith("In order to answer")


def test_optimize_messages_totals_count_the_whole_request():
    opt = llmcost.Optimizer()
    cat = llmcost.Catalog.bundled()
    r = opt.optimize_messages(CHAT, model="gpt-4o")
    enc = llmcost.Encoding(cat.count_tokens("gpt-4o", "").encoding)
    # Prompt tokens with per-message overhead (3 per message, 1 per name, 3 to prime the reply).
    assert r.original_tokens == enc.count_messages(CHAT) == cat.count_messages("gpt-4o", CHAT).tokens
    assert r.optimized_tokens == enc.count_messages(r.messages)
    assert r.original_tokens - r.optimized_tokens == r.tokens_saved > 0
    assert r.reduction_percentage == pytest.approx(100 * r.tokens_saved / r.original_tokens)
    assert isinstance(r.estimated_savings_usd, Decimal)
    assert r.estimated_savings_usd == cat.cost("gpt-4o", llmcost.Usage(r.tokens_saved)).input
    assert opt.optimize_messages(CHAT).estimated_savings_usd is None
    empty = opt.optimize_messages([])
    assert (empty.messages, empty.original_tokens, empty.tokens_saved) == ([], 3, 0)
    assert empty.reduction_percentage == 0.0


def test_optimize_messages_passes_every_option():
    opt = llmcost.Optimizer()
    kept = opt.optimize_messages(CHAT, protect=["in order to", "In order to"])
    assert [m["content"] for m in kept.messages][1:] == [m["content"] for m in CHAT][1:]
    gated = opt.optimize_messages(CHAT, min_reduction=99.0)
    assert [m["content"] for m in gated.messages] == [m["content"] for m in CHAT]
    assert gated.per_message[0].below_min_reduction
    conservative = opt.optimize_messages(CHAT, level="conservative")
    assert conservative.messages[4]["content"] == "We to now."


def test_optimize_messages_keep_prefix_counts_across_messages():
    opt = llmcost.Optimizer()
    system = CHAT[0]["content"]
    user = CHAT[1]["content"]
    n = len(system.encode())
    # Exactly the system prompt: it stays byte-identical, the rest is optimized.
    r = opt.optimize_messages(CHAT, keep_prefix_bytes=n)
    assert r.messages[0]["content"] == system
    assert r.messages[1]["content"] == opt.optimize(user).optimized_prompt
    assert r.messages[4]["content"] == "We to now."
    # Into the second message: its first bytes are kept as `optimize` would keep them.
    k = len("Do it in order to win")
    r = opt.optimize_messages(CHAT, keep_prefix_bytes=n + k)
    assert r.messages[0]["content"] == system
    assert r.messages[1]["content"] == opt.optimize(user, keep_prefix_bytes=k).optimized_prompt
    assert r.messages[1]["content"] == "Do it in order to win and to go."
    assert r.messages[4]["content"] == "We to now."
    # A marker in the second message: everything before it is kept, everything after optimized.
    marker = "win"
    r = opt.optimize_messages(CHAT, keep_prefix_marker=marker)
    assert r.messages[0]["content"] == system
    assert r.messages[1]["content"] == opt.optimize(user, keep_prefix_marker=marker).optimized_prompt
    assert r.messages[1]["content"] == "Do it in order to win and to go."
    assert r.messages[4]["content"] == "We to now."
    # A marker that does not occur keeps the whole request.
    r = opt.optimize_messages(CHAT, keep_prefix_marker="<<absent>>")
    assert r.messages == CHAT
    assert r.tokens_saved == 0


def test_optimize_messages_accepts_sequences_of_mappings_and_ignores_other_keys():
    opt = llmcost.Optimizer()
    msgs = (
        {"role": "assistant", "content": "We in order to now.", "name": None, "tool_calls": [{}]},
    )
    r = opt.optimize_messages(msgs)
    assert r.messages == [{"role": "assistant", "content": "We to now."}]
    # A name of None is no name: it adds no tokens.
    plain = [{"role": "assistant", "content": "We in order to now."}]
    assert r.original_tokens == opt.optimize_messages(plain).original_tokens


@pytest.mark.parametrize(
    "messages, match",
    [
        ("We in order to now.", "must be a list"),
        ({"role": "user", "content": "x"}, "must be a list"),
        (5, "must be a list"),
        (["x"], r"messages\[0\] must be a dict"),
        ([{"content": "x"}], r"messages\[0\] needs string 'role' and 'content'"),
        ([{"role": "user", "content": "x"}, {"role": "user"}], r"messages\[1\] needs"),
        ([{"role": "user", "content": None}], r"messages\[0\] needs"),
        ([{"role": "user", "content": 5}], r"messages\[0\]\['content'\] must be a str, got int"),
        ([{"role": ["user"], "content": "x"}], r"messages\[0\]\['role'\] must be a str, got list"),
        ([{"role": "user", "content": "x", "name": 3}], r"messages\[0\]\['name'\] must be a str"),
        (
            [{"role": "user", "content": [{"type": "text", "text": "x"}]}],
            r"\['content'\] must be a str",
        ),
    ],
)
def test_optimize_messages_bad_messages_raise_invalid_input(messages, match):
    with pytest.raises(llmcost.InvalidInputError, match=match):
        llmcost.Optimizer().optimize_messages(messages)


def test_optimize_messages_bad_options_raise():
    opt = llmcost.Optimizer()
    with pytest.raises(llmcost.InvalidInputError, match="conservative"):
        opt.optimize_messages(CHAT, level="extreme")
    with pytest.raises(llmcost.InvalidInputError, match="not both"):
        opt.optimize_messages(CHAT, keep_prefix_bytes=1, keep_prefix_marker="x")
    with pytest.raises(llmcost.InvalidInputError):
        opt.optimize_messages(CHAT, protect=["("])
    with pytest.raises(llmcost.UnknownModelError, match="gpt-4o"):
        opt.optimize_messages(CHAT, model="gpt4o")
