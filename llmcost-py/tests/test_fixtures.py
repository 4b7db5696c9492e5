"""The shared golden fixtures (fixtures/) that the Rust and Node tests run too."""

import json
from pathlib import Path

import pytest

import llmcost

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
USAGE_CASES = sorted((FIXTURES / "usage").glob("*/*.json"))
FIELDS = [
    "input_tokens",
    "output_tokens",
    "cached_input_tokens",
    "cache_write_5m_tokens",
    "cache_write_1h_tokens",
    "reasoning_tokens",
    "batch",
]


def test_usage_fixtures_exist():
    assert len(USAGE_CASES) >= 30


@pytest.mark.parametrize("path", USAGE_CASES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_usage_fixture(path):
    case = json.loads(path.read_text())
    text = json.dumps(case["input"])
    if "expected_error" in case:
        with pytest.raises(llmcost.InvalidInputError) as e:
            llmcost.Usage.from_provider_json(case["provider"], text)
        assert case["expected_error"] in str(e.value)
        return
    usage = llmcost.Usage.from_provider_json(case["provider"], text)
    assert {f: getattr(usage, f) for f in FIELDS} == case["expected"]
    own = {
        "openai": llmcost.Usage.from_openai_json,
        "anthropic": llmcost.Usage.from_anthropic_json,
        "gemini": llmcost.Usage.from_gemini_json,
    }[path.parent.name]
    if case.get("detect", True):
        assert llmcost.Usage.from_provider_json(None, text) == usage
        assert own(text) == usage


GOLDEN = json.loads((FIXTURES / "tokens" / "golden.json").read_text())


@pytest.mark.parametrize("encoding", GOLDEN["encodings"])
def test_token_golden_counts(encoding):
    enc = llmcost.Encoding(encoding)
    for case in GOLDEN["texts"]:
        assert enc.count(case["text"]) == case["counts"][encoding], case["id"]
        ids = case.get("tokens", {}).get(encoding)
        if ids is not None:
            assert enc.encode(case["text"]) == ids, case["id"]
    for chat in GOLDEN["chats"]:
        assert enc.count_messages(chat["messages"]) == chat["counts"][encoding], chat["id"]


def test_unknown_encoding_is_invalid_input():
    with pytest.raises(llmcost.InvalidInputError, match="cl100k_base"):
        llmcost.Encoding("gpt2")
