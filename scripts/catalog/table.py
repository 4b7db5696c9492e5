"""The hand-kept part of the bundled catalog: which models ship, under which ids and aliases,
which LiteLLM entry each one is read from, and every place where the provider's own published
price is preferred over LiteLLM's figure (with the reason).

`build_catalog.py` reads this table and LiteLLM's `model_prices_and_context_window.json` and
writes `llmcost-core/data/catalog.json`. `crosscheck_litellm.py` compares the result with LiteLLM
and uses the `why` notes below to explain every disagreement.

Prices in overrides are USD per million tokens, as decimal strings.
"""

# The LiteLLM release the bundled figures were read from and compared with
# (PyPI wheel litellm-1.110.2, uploaded 2026-11-20; MIT licence).
LITELLM_VERSION = "1.110.2"
LITELLM_DATE = "2026-11-20"

# The date every bundled entry is "as of": the date of the LiteLLM release its figures were
# read from and checked against, and for overridden fields the provider page recorded in `why`.
AS_OF = LITELLM_DATE

SOURCES = {
    "openai": "https://developers.openai.com/api/docs/pricing",
    "anthropic": "https://platform.claude.com/docs/en/about-claude/pricing",
    "google": "https://ai.google.dev/gemini-api/docs/pricing",
    "mistral": "https://mistral.ai/pricing",
    "deepseek": "https://api-docs.deepseek.com/quick_start/pricing",
    "xai": "https://docs.x.ai/docs/models",
    "cohere": "https://cohere.com/pricing",
    "groq": "https://groq.com/pricing",
    "together": "https://www.together.ai/pricing",
    "fireworks": "https://fireworks.ai/pricing",
    "alibaba": "https://www.alibabacloud.com/help/en/model-studio/models",
}

# How LiteLLM names each provider's entries: key prefix used by the cross-check.
LITELLM_PREFIX = {
    "openai": "",
    "anthropic": "",
    "google": "gemini/",
    "mistral": "mistral/",
    "deepseek": "deepseek/",
    "xai": "xai/",
    "cohere": "",
    "groq": "groq/",
    "together": "together_ai/",
    "fireworks": "fireworks_ai/",
    "alibaba": "dashscope/",
}

O200K = ("o200k_base", False)  # OpenAI's own tokenizer: exact counts
CL100K = ("cl100k_base", False)
EST = ("o200k_base", True)  # tokenizer not public: estimated with o200k_base

# Anthropic's published long-context rates for Claude Sonnet 4 and 4.5 with the 1M-token context
# window: a request whose prompt exceeds 200k tokens is billed entirely at these rates.
SONNET4_LONG = {
    "above_input_tokens": 200000,
    "input": "6",
    "output": "22.5",
    "cached_input": "0.6",
    "cache_write_5m": "7.5",
    "cache_write_1h": "12",
}
SONNET4_LONG_WHY = (
    "Anthropic's price page lists long-context pricing for Sonnet 4/4.5 (1M context window): "
    "prompts over 200k tokens bill input $6, output $22.50, cache write $7.50 (5m) / $12 (1h), "
    "cache read $0.60 per MTok for the whole request; LiteLLM's anthropic entry has no tier"
)
ANTHROPIC_1H_WHY = (
    "Anthropic bills 1-hour cache writes at 2x the base input price (price page, 'Prompt caching' "
    "multipliers); the LiteLLM entry used has no 1h field"
)
ANTHROPIC_BATCH_WHY = (
    "Anthropic's Batch API is 50% of input and output (price page, 'Batch processing'); "
    "the LiteLLM entry used has no batch fields"
)
GEMINI_VERTEX_WHY = (
    "the bare key is LiteLLM's Vertex AI entry; the Gemini API price page (our source, and "
    "LiteLLM's gemini/ entry) has no separate cache-write price: cached content is created at "
    "the input price (plus hourly storage, not modelled), and 0.25 is the tier's cache-read price"
)
BEDROCK_DATE_WHY = (
    "retired on the Claude API (Anthropic's model deprecations page); the Bedrock entry's "
    "deprecation_date, where it has one, is Amazon Bedrock's own schedule, not Anthropic's, so "
    "no date is recorded and the selector treats the model as retired"
)
GEMINI_2_DATE_WHY = (
    "Google's retirement date for Gemini 2.0 Flash and Flash-Lite, from LiteLLM 1.110.2's "
    "'vertex_ai/{id}' entry (Google's own platform; the Gemini API entry is gone)"
)
BEDROCK_WHY = (
    "LiteLLM 1.110.2 dropped the direct-API entry of this retired model; figures are read from "
    "its Amazon Bedrock entry '{key}', billed at Anthropic's list price (same as Anthropic's "
    "price page)"
)


def m(id, provider, key=None, aliases=(), tok=EST, overrides=None, why=None, **extra):
    """One catalog model.

    key: the LiteLLM key to read (default: LITELLM_PREFIX[provider] + id).
    overrides: {"pricing.<field>": "decimal" | None, "context_window": int, ...}; None deletes.
    why: {field: reason} for each override or known disagreement with LiteLLM.
    extra: `manual` (a complete entry for models LiteLLM does not list), `deprecated`,
    `deprecation_date` ("YYYY-MM-DD", or None for "no known date"; replaces the date of the
    LiteLLM entry, which is used when this is absent).
    """
    return {
        "id": id,
        "provider": provider,
        "key": key if key is not None else LITELLM_PREFIX[provider] + id,
        "aliases": list(aliases),
        "tokenizer": tok,
        "overrides": overrides or {},
        "why": why or {},
        **extra,
    }


MODELS = [
    # ---------------------------------------------------------------- OpenAI
    m("gpt-4o", "openai", aliases=["gpt-4o-2024-08-06", "gpt-4o-2024-11-20"], tok=O200K),
    # The first gpt-4o snapshot is priced differently ($5/$15), so it is its own entry.
    m("gpt-4o-2024-05-13", "openai", tok=O200K),
    m("gpt-4o-mini", "openai", aliases=["gpt-4o-mini-2024-07-18"], tok=O200K),
    m("gpt-4.1", "openai", aliases=["gpt-4.1-2025-04-14"], tok=O200K),
    m("gpt-4.1-mini", "openai", aliases=["gpt-4.1-mini-2025-04-14"], tok=O200K),
    m("gpt-4.1-nano", "openai", aliases=["gpt-4.1-nano-2025-04-14"], tok=O200K),
    m("o1", "openai", aliases=["o1-2024-12-17"], tok=O200K),
    m("o3", "openai", aliases=["o3-2025-04-16"], tok=O200K),
    m("o3-pro", "openai", aliases=["o3-pro-2025-06-10"], tok=O200K),
    m("o3-mini", "openai", aliases=["o3-mini-2025-01-31"], tok=O200K),
    m("o4-mini", "openai", aliases=["o4-mini-2025-04-16"], tok=O200K),
    m("gpt-5", "openai", aliases=["gpt-5-2025-08-07"], tok=O200K),
    m("gpt-5-mini", "openai", aliases=["gpt-5-mini-2025-08-07"], tok=O200K),
    m("gpt-5-nano", "openai", aliases=["gpt-5-nano-2025-08-07"], tok=O200K),
    m("gpt-5-pro", "openai", aliases=["gpt-5-pro-2025-10-06"], tok=O200K),
    m("gpt-5-chat-latest", "openai", tok=O200K),
    m("gpt-5.1", "openai", aliases=["gpt-5.1-2025-11-13"], tok=O200K),
    m("gpt-5.2", "openai", aliases=["gpt-5.2-2025-12-11"], tok=O200K),
    m("gpt-5.4", "openai", aliases=["gpt-5.4-2026-03-05"], tok=O200K),
    m("gpt-5.4-mini", "openai", aliases=["gpt-5.4-mini-2026-03-17"], tok=O200K),
    m("gpt-5.4-nano", "openai", aliases=["gpt-5.4-nano-2026-03-17"], tok=O200K),
    m("gpt-5.5", "openai", aliases=["gpt-5.5-2026-04-23"], tok=O200K),
    m(
        "gpt-3.5-turbo",
        "openai",
        key="gpt-3.5-turbo-0125",
        aliases=["gpt-3.5-turbo-0125"],
        tok=CL100K,
        why={
            "batch_input": "gpt-3.5-turbo points to gpt-3.5-turbo-0125, whose Batch API price is "
            "$0.25/$0.75; LiteLLM lists the batch price only on the dated snapshot",
            "batch_output": "as batch_input",
        },
    ),
    m("gpt-3.5-turbo-1106", "openai", tok=CL100K),
    m(
        "gpt-4-turbo",
        "openai",
        key="gpt-4-turbo-2024-04-09",
        aliases=["gpt-4-turbo-2024-04-09"],
        tok=CL100K,
        why={
            "batch_input": "gpt-4-turbo points to gpt-4-turbo-2024-04-09, whose Batch API price "
            "is $5/$15; LiteLLM lists the batch price only on the dated snapshot",
            "batch_output": "as batch_input",
        },
    ),
    m(
        "gpt-4",
        "openai",
        key="gpt-4-0613",
        aliases=["gpt-4-0613"],
        tok=CL100K,
        why={
            "batch_input": "gpt-4 points to gpt-4-0613, whose Batch API price is $15/$30; "
            "LiteLLM lists the batch price only on the dated snapshot",
            "batch_output": "as batch_input",
        },
    ),
    # ------------------------------------------------------------- Anthropic
    m(
        "claude-3-5-haiku",
        "anthropic",
        key="anthropic.claude-3-5-haiku-20241022-v1:0",
        aliases=["claude-3-5-haiku-20241022", "claude-3-5-haiku-latest"],
        deprecated=True,
        deprecation_date=None,
        overrides={
            "pricing.cache_write_1h": "1.6",
            "pricing.batch_input": "0.4",
            "pricing.batch_output": "2",
        },
        why={
            "*": BEDROCK_WHY,
            "deprecation_date": BEDROCK_DATE_WHY,
            "cache_write_1h": ANTHROPIC_1H_WHY,
            "batch_input": ANTHROPIC_BATCH_WHY,
            "batch_output": ANTHROPIC_BATCH_WHY,
        },
    ),
    m(
        "claude-3-5-sonnet",
        "anthropic",
        key="anthropic.claude-3-5-sonnet-20241022-v2:0",
        aliases=[
            "claude-3-5-sonnet-20241022",
            "claude-3-5-sonnet-20240620",
            "claude-3-5-sonnet-latest",
        ],
        deprecated=True,
        deprecation_date=None,
        overrides={
            "pricing.cache_write_1h": "6",
            "pricing.batch_input": "1.5",
            "pricing.batch_output": "7.5",
        },
        why={
            "*": BEDROCK_WHY,
            "deprecation_date": BEDROCK_DATE_WHY,
            "cache_write_1h": ANTHROPIC_1H_WHY,
            "batch_input": ANTHROPIC_BATCH_WHY,
            "batch_output": ANTHROPIC_BATCH_WHY,
        },
    ),
    m(
        "claude-3-7-sonnet",
        "anthropic",
        key="anthropic.claude-3-7-sonnet-20250219-v1:0",
        aliases=["claude-3-7-sonnet-20250219", "claude-3-7-sonnet-latest"],
        deprecated=True,
        deprecation_date=None,
        overrides={
            "pricing.cache_write_1h": "6",
            "pricing.batch_input": "1.5",
            "pricing.batch_output": "7.5",
        },
        why={
            "*": BEDROCK_WHY,
            "deprecation_date": BEDROCK_DATE_WHY,
            "cache_write_1h": ANTHROPIC_1H_WHY,
            "batch_input": ANTHROPIC_BATCH_WHY,
            "batch_output": ANTHROPIC_BATCH_WHY,
        },
    ),
    m(
        "claude-sonnet-4",
        "anthropic",
        key="anthropic.claude-sonnet-4-20250514-v1:0",
        aliases=["claude-sonnet-4-20250514", "claude-4-sonnet-20250514"],
        deprecated=True,
        deprecation_date=None,
        overrides={
            "pricing.cache_write_1h": "6",
            "pricing.batch_input": "1.5",
            "pricing.batch_output": "7.5",
            "pricing.tiers": [SONNET4_LONG],
            "context_window": 1000000,
        },
        why={
            "*": BEDROCK_WHY,
            "deprecation_date": BEDROCK_DATE_WHY,
            "cache_write_1h": ANTHROPIC_1H_WHY,
            "batch_input": ANTHROPIC_BATCH_WHY,
            "batch_output": ANTHROPIC_BATCH_WHY,
            "tiers": SONNET4_LONG_WHY,
            "context_window": "Anthropic offers a 1M-token context window for Sonnet 4 "
            "(long-context pricing above 200k); LiteLLM records the default 200k",
        },
    ),
    m(
        "claude-opus-4",
        "anthropic",
        key="anthropic.claude-opus-4-20250514-v1:0",
        aliases=["claude-opus-4-20250514", "claude-4-opus-20250514"],
        deprecated=True,
        deprecation_date=None,
        overrides={
            "pricing.cache_write_1h": "30",
            "pricing.batch_input": "7.5",
            "pricing.batch_output": "37.5",
        },
        why={
            "*": BEDROCK_WHY,
            "deprecation_date": BEDROCK_DATE_WHY,
            "cache_write_1h": ANTHROPIC_1H_WHY,
            "batch_input": ANTHROPIC_BATCH_WHY,
            "batch_output": ANTHROPIC_BATCH_WHY,
        },
    ),
    m(
        "claude-opus-4-1",
        "anthropic",
        key="anthropic.claude-opus-4-1-20250805-v1:0",
        aliases=["claude-opus-4-1-20250805"],
        deprecated=True,
        deprecation_date=None,
        overrides={
            "pricing.cache_write_1h": "30",
            "pricing.batch_input": "7.5",
            "pricing.batch_output": "37.5",
        },
        why={
            "*": BEDROCK_WHY,
            "deprecation_date": BEDROCK_DATE_WHY,
            "cache_write_1h": ANTHROPIC_1H_WHY,
            "batch_input": ANTHROPIC_BATCH_WHY,
            "batch_output": ANTHROPIC_BATCH_WHY,
        },
    ),
    m("claude-haiku-4-5", "anthropic", aliases=["claude-haiku-4-5-20251001"]),
    m(
        "claude-sonnet-4-5",
        "anthropic",
        aliases=["claude-sonnet-4-5-20250929"],
        overrides={"pricing.tiers": [SONNET4_LONG], "context_window": 1000000},
        why={
            "tiers": SONNET4_LONG_WHY
            + " (LiteLLM's Bedrock entry anthropic.claude-sonnet-4-5-20250929-v1:0 has the same tier)",
            "context_window": "Anthropic offers a 1M-token context window for Sonnet 4.5 "
            "(long-context pricing above 200k); LiteLLM records the default 200k",
        },
    ),
    m("claude-opus-4-5", "anthropic", aliases=["claude-opus-4-5-20251101"]),
    m("claude-sonnet-4-6", "anthropic"),
    m("claude-opus-4-6", "anthropic", aliases=["claude-opus-4-6-20260205"]),
    m("claude-opus-4-7", "anthropic", aliases=["claude-opus-4-7-20260416"]),
    m("claude-opus-4-8", "anthropic"),
    m("claude-sonnet-5", "anthropic"),
    m(
        "claude-sonnet-5-5",
        "anthropic",
        overrides={"pricing.cached_input": "0.2"},
        why={
            "cached_input": "Anthropic's model page for Claude Sonnet 5.5 lists cache reads at "
            "$0.20/MTok (0.1 x input, the standard multiplier, same as Sonnet 5); LiteLLM has $0.10",
        },
    ),
    m("claude-opus-5", "anthropic"),
    m("claude-opus-5-5", "anthropic"),
    m("claude-haiku-5-5", "anthropic"),
    # ---------------------------------------------------------------- Google
    m(
        "gemini-2.0-flash",
        "google",
        key="",
        aliases=["gemini-2.0-flash-001"],
        deprecated=True,
        deprecation_date="2026-06-01",
        manual={
            "context_window": 1048576,
            "max_output_tokens": 8192,
            "pricing": {
                "input": "0.1",
                "output": "0.4",
                "cached_input": "0.025",
                "batch_input": "0.05",
                "batch_output": "0.2",
            },
            "reasoning_tokens": "none",
            "capabilities": {
                "tools": True,
                "vision": True,
                "json_output": True,
                "structured_output": True,
                "audio_input": True,
                "prompt_caching": True,
            },
        },
        why={
            "deprecation_date": GEMINI_2_DATE_WHY.format(id="gemini-2.0-flash"),
            "*": "not in LiteLLM 1.110.2 (retired by Google, deprecation date 2026-06-01); "
            "Google's last published list prices for text/image/video input: $0.10 in, $0.40 "
            "out, $0.025 cached, Batch API $0.05/$0.20",
        },
    ),
    m(
        "gemini-2.0-flash-lite",
        "google",
        key="",
        aliases=["gemini-2.0-flash-lite-001"],
        deprecated=True,
        deprecation_date="2026-06-01",
        manual={
            "context_window": 1048576,
            "max_output_tokens": 8192,
            "pricing": {
                "input": "0.075",
                "output": "0.3",
                "batch_input": "0.0375",
                "batch_output": "0.15",
            },
            "reasoning_tokens": "none",
            "capabilities": {
                "tools": True,
                "vision": True,
                "json_output": True,
                "structured_output": True,
                "audio_input": True,
            },
        },
        why={
            "deprecation_date": GEMINI_2_DATE_WHY.format(id="gemini-2.0-flash-lite"),
            "*": "not in LiteLLM 1.110.2 (retired by Google); Google's last published list "
            "prices: $0.075 in, $0.30 out, Batch API $0.0375/$0.15; no context caching",
        },
    ),
    m("gemini-2.5-pro", "google", why={"tiers[>200000].cache_write_5m": GEMINI_VERTEX_WHY}),
    m("gemini-2.5-flash", "google"),
    m("gemini-2.5-flash-lite", "google"),
    m("gemini-3.1-pro-preview", "google", why={"tiers[>200000].cache_write_5m": GEMINI_VERTEX_WHY}),
    m("gemini-3.1-flash-lite", "google"),
    m("gemini-3.5-flash", "google"),
    m("gemini-3.8-flash", "google"),
    # --------------------------------------------------------------- Mistral
    m("mistral-large-3", "mistral", aliases=["mistral-large-2512"]),
    m("mistral-large-4", "mistral", aliases=["mistral-large-4-0"]),
    m("mistral-medium-3-5", "mistral", aliases=["mistral-medium-3.5"]),
    m("mistral-small-2603", "mistral"),
    m("magistral-medium-latest", "mistral"),
    m("codestral-2508", "mistral"),
    m("ministral-8b-2512", "mistral"),
    m("open-mistral-nemo", "mistral"),
    # -------------------------------------------------------------- DeepSeek
    m(
        "deepseek-chat",
        "deepseek",
        overrides={"pricing.cache_write_5m": None},
        why={
            "cache_write_5m": "DeepSeek bills cache misses at the input price and has no separate "
            "cache-write charge; LiteLLM's 0 would price written tokens as free",
        },
    ),
    m("deepseek-reasoner", "deepseek"),
    m(
        "deepseek-v4-flash",
        "deepseek",
        aliases=["deepseek-flash"],
        overrides={"pricing.cache_write_5m": None},
        why={
            "cache_write_5m": "DeepSeek bills cache misses at the input price and has no separate "
            "cache-write charge; LiteLLM's 0 would price written tokens as free",
        },
    ),
    m(
        "deepseek-v4-pro",
        "deepseek",
        overrides={"pricing.cache_write_5m": None},
        why={
            "cache_write_5m": "DeepSeek bills cache misses at the input price and has no separate "
            "cache-write charge; LiteLLM's 0 would price written tokens as free",
        },
    ),
    # ------------------------------------------------------------------- xAI
    m(
        "grok-4.20",
        "xai",
        aliases=["grok-4.20-0309", "grok-4.20-reasoning", "grok-4.20-non-reasoning"],
    ),
    m("grok-4.3", "xai", aliases=["grok-4.3-latest"]),
    m("grok-4.5", "xai", aliases=["grok-4.5-latest"]),
    m("grok-4.7", "xai"),
    m("grok-code-fast-1", "xai", aliases=["grok-code-fast-1-0825"]),
    # ---------------------------------------------------------------- Cohere
    m("command-a-03-2025", "cohere"),
    m("command-r-plus-08-2024", "cohere"),
    m("command-r-08-2024", "cohere"),
    m("command-r7b-12-2024", "cohere"),
    # ------------------------------------------------- Llama and other open weights
    m(
        "accounts/fireworks/models/llama-v3p3-70b-instruct",
        "fireworks",
        aliases=["llama-v3p3-70b-instruct"],
    ),
    m(
        "accounts/fireworks/models/llama-v3p1-8b-instruct",
        "fireworks",
        aliases=["llama-v3p1-8b-instruct"],
    ),
    m(
        "accounts/fireworks/models/llama4-maverick-instruct-basic",
        "fireworks",
        aliases=["llama4-maverick-instruct-basic"],
    ),
    m(
        "accounts/fireworks/models/llama4-scout-instruct-basic",
        "fireworks",
        aliases=["llama4-scout-instruct-basic"],
    ),
    m("meta-llama/Llama-3.3-70B-Instruct-Turbo", "together"),
    m("openai/gpt-oss-120b", "groq", aliases=["gpt-oss-120b"]),
    m("openai/gpt-oss-20b", "groq", aliases=["gpt-oss-20b"]),
    m("qwen3.8-max", "alibaba"),
    m("qwen3.8-flash", "alibaba"),
]
