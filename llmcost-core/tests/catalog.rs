//! Integration tests of the pricing catalog: the bundled data, lookups, exact golden costs, the
//! LiteLLM importer (against the hand-written fixture `fixtures/litellm/small.json`), merging, and
//! proptest invariants of lookup and cost.

use std::collections::BTreeSet;

use llmcost_core::{
    Catalog, ErrorKind, LitellmImport, ModelInfo, ReasoningRule, Usage, Usd,
    catalog::LITELLM_SOURCE,
};
use proptest::prelude::*;

const SMALL: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../fixtures/litellm/small.json"
));

fn usd(s: &str) -> Usd {
    s.parse().unwrap()
}

/// A per-million price string as the exact per-token amount.
fn pm(s: &str) -> Option<Usd> {
    Some(Usd::per_token_from_per_million(usd(s)).unwrap())
}

fn import() -> LitellmImport {
    Catalog::from_litellm_json_as_of(SMALL, "2026-11-20").unwrap()
}

fn total(c: &Catalog, model: &str, usage: Usage) -> String {
    c.cost(model, &usage).unwrap().total.to_string()
}

// ------------------------------------------------------------------ LiteLLM import

#[test]
fn import_types_are_send_and_sync() {
    fn check<T: Send + Sync + Clone + std::fmt::Debug>() {}
    check::<LitellmImport>();
    check::<llmcost_core::SkippedEntry>();
    check::<Catalog>();
}

#[test]
fn litellm_import_keeps_chat_models_and_reports_every_skip() {
    let imp = import();
    let ids: BTreeSet<&str> = imp.catalog.models().iter().map(|m| m.id.as_str()).collect();
    let expected: BTreeSet<&str> = [
        "gpt-4o",
        "gemini/gemini-2.5-pro",
        "claude-sonnet-4-5",
        "tiered-three",
        "deepseek/reasoner-x",
        "no-mode-model",
        "free-model",
    ]
    .into_iter()
    .collect();
    assert_eq!(ids, expected);

    let reason = |key: &str| -> String {
        imp.skipped
            .iter()
            .find(|s| s.key == key)
            .unwrap_or_else(|| panic!("{key} not reported as skipped"))
            .reason
            .clone()
    };
    assert!(reason("sample_spec").contains("documentation"));
    assert!(reason("text-embedding-3-small").contains("mode is 'embedding'"));
    let broken = reason("broken-price");
    assert!(
        broken.contains("input_cost_per_token") && broken.contains("not a number"),
        "{broken}"
    );
    assert!(reason("negative-price").contains("negative"));
    assert!(reason("float-artifact").contains("not an exact USD amount"));
    assert!(reason("no-prices").contains("no input_cost_per_token"));
    assert!(reason("no-provider").contains("litellm_provider"));
    assert!(reason("openai/gpt-4o").contains("already taken by 'gpt-4o'"));
    assert!(reason("dangling-alias").contains("'does-not-exist'"));
    assert!(reason("not-an-object").contains("not a JSON object"));
    assert_eq!(imp.skipped.len(), 10, "{:?}", imp.skipped);
    // Every entry of the file is either imported or reported; the alias entry became an alias.
    let file: serde_json::Map<String, serde_json::Value> = serde_json::from_str(SMALL).unwrap();
    assert_eq!(file.len(), imp.catalog.len() + imp.skipped.len() + 1);
    assert_eq!(
        imp.catalog.get("chatgpt-4o-latest-alias").unwrap().id,
        "gpt-4o"
    );
}

#[test]
fn litellm_import_maps_prices_exactly() {
    let imp = import();
    let c = &imp.catalog;
    let gpt = c.get("gpt-4o").unwrap();
    assert_eq!(gpt.provider, "openai");
    assert_eq!(gpt.pricing.input, pm("2.5"));
    assert_eq!(gpt.pricing.output, pm("10"));
    assert_eq!(gpt.pricing.cached_input, pm("1.25"));
    assert_eq!(gpt.pricing.batch_input, pm("1.25"));
    assert_eq!(gpt.pricing.batch_output, pm("5"));
    assert_eq!(gpt.pricing.cache_write_5m, None);
    assert!(gpt.pricing.tiers.is_empty());
    assert_eq!(gpt.context_window, Some(128_000));
    assert_eq!(gpt.max_output_tokens, Some(16_384));
    assert!(gpt.capabilities.tools && gpt.capabilities.vision && gpt.capabilities.prompt_caching);
    assert!(gpt.capabilities.structured_output && gpt.capabilities.json_output);
    assert!(!gpt.capabilities.reasoning);
    assert_eq!(gpt.reasoning_tokens, ReasoningRule::None);
    assert!(gpt.deprecated);
    assert!(!gpt.tokenizer.estimated);
    assert_eq!(gpt.source, LITELLM_SOURCE);
    assert_eq!(gpt.as_of, "2026-11-20");
    assert_eq!(c.as_of(), "2026-11-20");

    let claude = c.get("anthropic/claude-sonnet-4-5").unwrap();
    assert_eq!(claude.pricing.cache_write_5m, pm("3.75"));
    assert_eq!(claude.pricing.cache_write_1h, pm("6"));
    assert_eq!(claude.pricing.tiers.len(), 1);
    let t = &claude.pricing.tiers[0];
    assert_eq!(t.above_input_tokens, 200_000);
    assert_eq!(
        (
            t.input,
            t.output,
            t.cached_input,
            t.cache_write_5m,
            t.cache_write_1h
        ),
        (pm("6"), pm("22.5"), pm("0.6"), pm("7.5"), pm("12"))
    );
    assert_eq!(claude.reasoning_tokens, ReasoningRule::BilledAsOutput);
    assert!(claude.tokenizer.estimated);
    assert!(!claude.deprecated);

    let three = c.get("tiered-three").unwrap();
    let thresholds: Vec<u64> = three
        .pricing
        .tiers
        .iter()
        .map(|t| t.above_input_tokens)
        .collect();
    assert_eq!(thresholds, vec![32_000, 128_000]);
    assert_eq!(
        three.pricing.tiers[0].output, None,
        "unset tier fields keep the base price"
    );

    let r = c.get("deepseek/reasoner-x").unwrap();
    assert_eq!(r.reasoning_tokens, ReasoningRule::SeparatePrice);
    assert_eq!(r.pricing.reasoning, pm("2.19"));

    let small = c.get("no-mode-model").unwrap();
    assert_eq!(small.pricing.input, pm("0.0375"));
    assert_eq!(small.provider, "cohere_chat");
    let free = c.get("free-model").unwrap();
    assert_eq!(free.pricing.input, Some(Usd::ZERO));
    assert_eq!(free.pricing.output, Some(Usd::ZERO));
}

#[test]
fn litellm_import_costs_are_exact() {
    let c = import().catalog;
    // 2,000 uncached × $2.50/M + 10,000 cached × $1.25/M + 800 × $10/M
    let u = Usage::new(12_000, 800).with_cached_input(10_000);
    assert_eq!(total(&c, "gpt-4o", u), "0.0255");
    // Gemini above 200k: the whole request at the tier's prices.
    assert_eq!(
        total(&c, "gemini/gemini-2.5-pro", Usage::new(250_000, 10_000)),
        "0.775"
    );
    assert_eq!(
        total(&c, "gemini/gemini-2.5-pro", Usage::new(200_000, 10_000)),
        "0.35"
    );
    // Claude above 200k, with 5m and 1h writes and cache reads, all at tier prices:
    // 170k × 6 + 50k × 0.6 + 10k × 7.5 + 20k × 12 + 1k × 22.5 (per million)
    let u = Usage::new(250_000, 1_000)
        .with_cached_input(50_000)
        .with_cache_write_5m(10_000)
        .with_cache_write_1h(20_000);
    let cost = c.cost("claude-sonnet-4-5", &u).unwrap();
    assert_eq!(cost.total.to_string(), "1.3875");
    assert_eq!(cost.tier, Some(200_000));
    assert_eq!(cost.cache_write.to_string(), "0.315");
    // Three tiers: the highest threshold exceeded applies; unset output keeps the base price.
    assert_eq!(
        total(&c, "tiered-three", Usage::new(50_000, 1_000)),
        "0.079"
    );
    assert_eq!(
        total(&c, "tiered-three", Usage::new(200_000, 1_000)),
        "0.408"
    );
    // Separately priced reasoning: 1k × 0.55 + 1k × 1.1 + 2k × 2.19 (per million).
    let u = Usage::new(1_000, 3_000).with_reasoning(2_000);
    let cost = c.cost("deepseek/reasoner-x", &u).unwrap();
    assert_eq!(cost.reasoning.to_string(), "0.00438");
    assert_eq!(cost.total.to_string(), "0.00603");
    // Batch.
    let u = Usage::new(1_000_000, 1_000_000).with_batch(true);
    assert_eq!(total(&c, "gpt-4o", u), "6.25");
    // Zero is a price; a missing batch price is not.
    assert_eq!(total(&c, "free-model", Usage::new(10, 10)), "0");
    let err = c
        .cost("free-model", &Usage::new(10, 10).with_batch(true))
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::PriceUnknown);
}

#[test]
fn litellm_import_dates() {
    let today = Catalog::from_litellm_json(SMALL).unwrap();
    let d = today.catalog.as_of();
    assert_eq!(d.len(), 10);
    assert!(
        d.starts_with("20") && &d[4..5] == "-" && &d[7..8] == "-",
        "{d}"
    );
    assert_eq!(today.catalog.get("gpt-4o").unwrap().as_of, d);
    for bad in ["yesterday", "2026-02-30", "2026-1-5", ""] {
        let err = Catalog::from_litellm_json_as_of(SMALL, bad).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidInput, "{bad}");
        assert!(err.message().contains("YYYY-MM-DD"), "{err}");
    }
}

#[test]
fn bad_json_names_line_and_column() {
    let bad = "{\n  \"gpt-4o\": {\n    \"input_cost_per_token\": 2.5e-06,,\n  }\n}";
    let err = Catalog::from_litellm_json(bad).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::CatalogInvalid);
    assert!(err.message().contains("line 3 column 37"), "{err}");
    let err = Catalog::from_json_str(bad).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::CatalogInvalid);
    assert!(err.message().contains("line 3 column 37"), "{err}");
    let err = Catalog::from_litellm_json("[1, 2]").unwrap_err();
    assert_eq!(err.kind(), ErrorKind::CatalogInvalid);
    assert!(err.message().contains("not an object"), "{err}");
    let err = Catalog::from_litellm_json("").unwrap_err();
    assert!(err.message().contains("line 1 column 0"), "{err}");
}

#[test]
fn imported_catalog_round_trips_through_the_native_format() {
    let c = import().catalog;
    let again = Catalog::from_json_str(&c.to_json_string()).unwrap();
    assert_eq!(again.models(), c.models());
}

// ------------------------------------------------------------------ bundled data

fn bundled() -> Catalog {
    Catalog::bundled()
}

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && s.chars()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

#[test]
fn bundled_catalog_is_large_sourced_and_dated() {
    let c = bundled();
    assert!(c.len() >= 60, "only {} models", c.len());
    assert!(is_date(c.as_of()));
    let providers: BTreeSet<&str> = c.models().iter().map(|m| m.provider.as_str()).collect();
    for p in [
        "openai",
        "anthropic",
        "google",
        "mistral",
        "deepseek",
        "xai",
        "cohere",
    ] {
        assert!(providers.contains(p), "no {p} models");
    }
    for m in c.models() {
        assert!(
            m.source.starts_with("https://"),
            "{}: source {}",
            m.id,
            m.source
        );
        assert!(is_date(&m.as_of), "{}: as_of {}", m.id, m.as_of);
        assert!(m.as_of.as_str() <= c.as_of(), "{}", m.id);
        let (i, o) = (m.pricing.input.unwrap(), m.pricing.output.unwrap());
        assert!(!i.is_zero() && !o.is_zero(), "{}: zero price", m.id);
        assert!(
            m.context_window.is_some() && m.max_output_tokens.is_some(),
            "{}",
            m.id
        );
        // OpenAI's own models are counted exactly; every other tokenizer is an estimate.
        assert_eq!(m.tokenizer.estimated, m.provider != "openai", "{}", m.id);
        // A long-context tier only makes sense below the context window.
        for t in &m.pricing.tiers {
            assert!(t.above_input_tokens < m.context_window.unwrap(), "{}", m.id);
        }
        // Reasoning models bill reasoning tokens as output.
        if m.capabilities.reasoning {
            assert_ne!(m.reasoning_tokens, ReasoningRule::None, "{}", m.id);
        }
        // Batch prices come in pairs.
        assert_eq!(
            m.pricing.batch_input.is_some(),
            m.pricing.batch_output.is_some(),
            "{}",
            m.id
        );
    }
}

#[test]
fn bundled_anthropic_cache_writes_follow_the_published_multipliers() {
    let c = bundled();
    let mut n = 0;
    for m in c.models().iter().filter(|m| m.provider == "anthropic") {
        let input = m.pricing.input.unwrap().atto();
        assert_eq!(
            m.pricing.cache_write_5m.unwrap().atto() * 4,
            input * 5,
            "{}: 5m write is not 1.25 × input",
            m.id
        );
        assert_eq!(
            m.pricing.cache_write_1h.unwrap().atto(),
            input * 2,
            "{}: 1h write is not 2 × input",
            m.id
        );
        n += 1;
    }
    assert!(n >= 15, "only {n} Anthropic models");
}

#[test]
fn bundled_catalog_round_trips() {
    let c = bundled();
    let again = Catalog::from_json_str(&c.to_json_string()).unwrap();
    assert_eq!(again.models(), c.models());
    assert_eq!(again.as_of(), c.as_of());
}

#[test]
fn lookups_by_id_alias_snapshot_and_provider() {
    let c = bundled();
    let id = |name: &str| c.get(name).unwrap().id.clone();
    assert_eq!(id("gpt-4o"), "gpt-4o");
    assert_eq!(id("openai/gpt-4o"), "gpt-4o");
    assert_eq!(id("GPT-4o-2024-08-06"), "gpt-4o");
    assert_eq!(id("  gpt-4o-2024-11-20 "), "gpt-4o");
    assert_eq!(id("anthropic/claude-sonnet-4-5"), "claude-sonnet-4-5");
    assert_eq!(id("claude-sonnet-4-5-20250929"), "claude-sonnet-4-5");
    assert_eq!(id("Claude-3-5-Sonnet-20241022"), "claude-3-5-sonnet");
    assert_eq!(id("claude-3-5-sonnet-20240620"), "claude-3-5-sonnet");
    assert_eq!(id("gemini/gemini-2.5-pro"), "gemini-2.5-pro");
    assert_eq!(id("google/gemini-2.5-pro"), "gemini-2.5-pro");
    assert_eq!(id("vertex_ai/GEMINI-2.5-PRO"), "gemini-2.5-pro");
    assert_eq!(id("xai/grok-4.3-latest"), "grok-4.3");
    assert_eq!(id("mistralai/mistral-large-2512"), "mistral-large-3");
    assert_eq!(
        id("fireworks_ai/accounts/fireworks/models/llama-v3p3-70b-instruct"),
        "accounts/fireworks/models/llama-v3p3-70b-instruct"
    );
    assert_eq!(id("dashscope/qwen3.8-max"), "qwen3.8-max");
    // A snapshot billed differently is its own entry, not an alias.
    let old = c.get("gpt-4o-2024-05-13").unwrap();
    assert_eq!(old.id, "gpt-4o-2024-05-13");
    assert_eq!(old.pricing.input, pm("5"));
    assert_eq!(old.pricing.output, pm("15"));
    // The wrong provider prefix does not resolve.
    assert_eq!(
        c.get("anthropic/gpt-4o").unwrap_err().kind(),
        ErrorKind::UnknownModel
    );
}

#[test]
fn unknown_model_suggests_the_closest() {
    let c = bundled();
    let err = c.get("gpt4o").unwrap_err();
    assert_eq!(err.kind(), ErrorKind::UnknownModel);
    assert!(err.message().contains("did you mean 'gpt-4o'"), "{err}");
    let err = c.cost("claude-sonet-4-5", &Usage::new(1, 1)).unwrap_err();
    assert!(err.message().contains("'claude-sonnet-4-5'"), "{err}");
    let err = c.get("zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz").unwrap_err();
    assert!(err.message().contains("Catalog::merge"), "{err}");
}

// ------------------------------------------------------------------ golden costs

#[test]
fn golden_costs_of_bundled_models() {
    let c = bundled();
    // The crate-level example.
    let u = Usage::new(12_000, 800).with_cached_input(10_000);
    assert_eq!(total(&c, "openai/gpt-4o", u), "0.0255");
    // gpt-4o-mini with cached reads: 1k × 0.15 + 3k × 0.075 + 1k × 0.6 (per million).
    let u = Usage::new(4_000, 1_000).with_cached_input(3_000);
    assert_eq!(total(&c, "gpt-4o-mini-2024-07-18", u), "0.000975");

    // Gemini 2.5 Pro: at 200k the base prices, above it the whole request at the tier's.
    let at = c
        .cost("gemini-2.5-pro", &Usage::new(200_000, 10_000))
        .unwrap();
    assert_eq!((at.total.to_string(), at.tier), ("0.35".to_string(), None));
    let above = c
        .cost("gemini-2.5-pro", &Usage::new(200_001, 10_000))
        .unwrap();
    assert_eq!(above.tier, Some(200_000));
    assert_eq!(above.total.to_string(), "0.6500025");
    let u = Usage::new(300_000, 2_000).with_cached_input(100_000);
    // 200k × 2.5 + 100k × 0.25 + 2k × 15 (per million)
    assert_eq!(total(&c, "gemini/gemini-2.5-pro", u), "0.555");

    // Anthropic cache writes and reads: 1k × 3 + 4k × 0.3 + 2k × 3.75 + 3k × 6 + 500 × 15.
    let u = Usage::new(10_000, 500)
        .with_cached_input(4_000)
        .with_cache_write_5m(2_000)
        .with_cache_write_1h(3_000);
    let cost = c.cost("claude-sonnet-4-5", &u).unwrap();
    assert_eq!(cost.cache_write.to_string(), "0.0255");
    assert_eq!(cost.cached_input.to_string(), "0.0012");
    assert_eq!(cost.total.to_string(), "0.0372");
    // Sonnet 4.5 above 200k (1M context): 200k × 6 + 100k × 0.6 + 1k × 22.5.
    let u = Usage::new(300_000, 1_000).with_cached_input(100_000);
    assert_eq!(total(&c, "claude-sonnet-4-5", u), "1.2825");
    assert_eq!(
        total(&c, "claude-sonnet-4-20250514", Usage::new(300_000, 0)),
        "1.8"
    );
    // Opus 4.1 1h cache write at 2 × $15.
    let u = Usage::new(1_000_000, 0).with_cache_write_1h(1_000_000);
    assert_eq!(total(&c, "claude-opus-4-1", u), "30");

    // Batch: half price on both sides.
    let u = Usage::new(1_000_000, 1_000_000).with_batch(true);
    assert_eq!(total(&c, "gpt-4o", u), "6.25");
    let u = Usage::new(2_000_000, 1_000_000).with_batch(true);
    assert_eq!(total(&c, "claude-haiku-4-5", u), "3.5");
    assert_eq!(total(&c, "gpt-3.5-turbo", u), "1.25");
    let err = c
        .cost("command-r-08-2024", &Usage::new(1, 1).with_batch(true))
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::PriceUnknown);

    // Reasoning tokens are output tokens: 1k × 2 + 5k × 8 (o3, per million).
    let u = Usage::new(1_000, 5_000).with_reasoning(4_000);
    let cost = c.cost("o3", &u).unwrap();
    assert_eq!(cost.reasoning.to_string(), "0.032");
    assert_eq!(cost.output.to_string(), "0.008");
    assert_eq!(cost.total.to_string(), "0.042");
    let cost = c.cost("gpt-5", &u).unwrap();
    assert_eq!(cost.total.to_string(), "0.05125");
}

// ------------------------------------------------------------------ merge

#[test]
fn merge_overrides_win() {
    let base = bundled();
    let over = Catalog::from_json_str(
        r#"{"schema_version": 1, "as_of": "2099-01-01", "models": [
            {"id": "gpt-4o", "provider": "openai", "aliases": ["my-4o"],
             "pricing": {"input": "3", "output": "12"},
             "source": "https://example.com/contract", "as_of": "2099-01-01"},
            {"id": "in-house", "provider": "acme", "aliases": ["gpt-4o-2024-11-20"],
             "pricing": {"input": "0.01", "output": "0.02"},
             "source": "https://example.com/acme", "as_of": "2099-01-01"}
        ]}"#,
    )
    .unwrap();
    let merged = base.merge(&over).unwrap();
    assert_eq!(merged.len(), base.len() + 1);
    assert_eq!(merged.as_of(), "2099-01-01");
    let m = merged.get("openai/gpt-4o").unwrap();
    assert_eq!(m.pricing.input, pm("3"));
    assert_eq!(
        m.pricing.cached_input, None,
        "an override replaces the whole entry"
    );
    assert_eq!(total(&merged, "gpt-4o", Usage::new(1_000_000, 0)), "3");
    assert_eq!(merged.get("my-4o").unwrap().id, "gpt-4o");
    // The replaced entry's other names follow the override, except one another override claims.
    assert_eq!(merged.get("gpt-4o-2024-11-20").unwrap().id, "in-house");
    assert_eq!(merged.get("gpt-4o-2024-08-06").unwrap().id, "gpt-4o");
    assert!(merged.find("gpt-4o-2024-08-06").is_some());
    // The base is unchanged.
    assert_eq!(total(&base, "gpt-4o", Usage::new(1_000_000, 0)), "2.5");
    assert_eq!(base.get("gpt-4o-2024-11-20").unwrap().id, "gpt-4o");
}

#[test]
fn merge_override_takes_a_provider_prefixed_name() {
    let base = bundled();
    // LiteLLM names Groq's gpt-oss `groq/openai/gpt-oss-120b`: the bundled entry's `provider/id`.
    let over = Catalog::from_json_str(
        r#"{"schema_version": 1, "as_of": "2026-11-20", "models": [
            {"id": "groq/openai/gpt-oss-120b", "provider": "groq",
             "pricing": {"input": "0.2", "output": "0.7"},
             "source": "https://example.com/groq", "as_of": "2026-11-20"}]}"#,
    )
    .unwrap();
    let merged = base.merge(&over).unwrap();
    assert_eq!(
        merged.len(),
        base.len(),
        "the shadowed entry is dropped, the override added"
    );
    let m = merged.get("GROQ/openai/gpt-oss-120b").unwrap();
    assert_eq!(m.source, "https://example.com/groq");
    assert_eq!(m.pricing.input, pm("0.2"));
    assert_eq!(
        base.get("groq/openai/gpt-oss-120b").unwrap().pricing.input,
        pm("0.15")
    );
}

#[test]
fn merge_example_of_the_pricing_guide() {
    let mine = Catalog::from_json_str(
        r#"{"schema_version": 1, "as_of": "2026-12-01", "models": [
  {"id": "gpt-4o", "provider": "openai", "pricing": {"input": "2", "output": "8"},
   "source": "https://example.com/our-contract", "as_of": "2026-12-01"}
]}"#,
    )
    .unwrap();
    let catalog = Catalog::bundled().merge(&mine).unwrap();
    let cost = catalog
        .cost("gpt-4o-2024-08-06", &Usage::new(1_000_000, 0))
        .unwrap();
    assert_eq!(cost.total.to_string(), "2");
    assert_eq!(cost.as_of, "2026-12-01");
}

#[test]
fn merge_a_litellm_import_over_the_bundled_catalog() {
    let base = bundled();
    let imp = import();
    let merged = base.merge(&imp.catalog).unwrap();
    let m = merged.get("gpt-4o").unwrap();
    assert_eq!(m.source, LITELLM_SOURCE);
    assert_eq!(merged.get("chatgpt-4o-latest-alias").unwrap().id, "gpt-4o");
    // An entry the import replaces keeps its other names, now pointing at the import.
    let snap = merged.get("gpt-4o-2024-08-06").unwrap();
    assert_eq!(
        (snap.id.as_str(), snap.source.as_str()),
        ("gpt-4o", LITELLM_SOURCE)
    );
    assert_eq!(
        merged.get("claude-sonnet-4-5-20250929").unwrap().source,
        LITELLM_SOURCE
    );
    assert_eq!(
        merged.get("claude-3-5-sonnet-20241022").unwrap().id,
        "claude-3-5-sonnet"
    );
    assert_eq!(
        merged.get("claude-sonnet-4-5").unwrap().source,
        LITELLM_SOURCE
    );
    assert_eq!(
        merged.get("gemini-2.5-pro").unwrap().source,
        base.get("gemini-2.5-pro").unwrap().source
    );
    assert_eq!(
        merged.get("gemini/gemini-2.5-pro").unwrap().id,
        "gemini/gemini-2.5-pro"
    );
}

// ------------------------------------------------------------------ properties

fn with_casing(s: &str, mask: &[bool]) -> String {
    s.chars()
        .enumerate()
        .map(|(i, c)| {
            if mask.get(i % mask.len().max(1)).copied().unwrap_or(false) {
                c.to_ascii_uppercase()
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect()
}

fn names(m: &ModelInfo) -> Vec<String> {
    std::iter::once(&m.id)
        .chain(m.aliases.iter())
        .cloned()
        .collect()
}

#[derive(Debug, Clone, Copy)]
enum Part {
    Uncached,
    Cached,
    Write5m,
    Write1h,
    Output,
    Reasoning,
}

fn add(u: Usage, part: Part, n: u64) -> Usage {
    let mut v = u;
    match part {
        Part::Uncached => v.input_tokens += n,
        Part::Cached => {
            v.input_tokens += n;
            v.cached_input_tokens += n;
        }
        Part::Write5m => {
            v.input_tokens += n;
            v.cache_write_5m_tokens += n;
        }
        Part::Write1h => {
            v.input_tokens += n;
            v.cache_write_1h_tokens += n;
        }
        Part::Output => v.output_tokens += n,
        Part::Reasoning => {
            v.output_tokens += n;
            v.reasoning_tokens += n;
        }
    }
    v
}

fn part() -> impl Strategy<Value = Part> {
    prop_oneof![
        Just(Part::Uncached),
        Just(Part::Cached),
        Just(Part::Write5m),
        Just(Part::Write1h),
        Just(Part::Output),
        Just(Part::Reasoning),
    ]
}

/// A usage with each part below `max` tokens.
fn usage(max: u64) -> impl Strategy<Value = Usage> {
    (0..max, 0..max, 0..max, 0..max, 0..max, 0..max).prop_map(
        |(uncached, cached, w5, w1, out, reasoning)| {
            let u = Usage::new(uncached, 0);
            let u = add(u, Part::Cached, cached);
            let u = add(u, Part::Write5m, w5);
            let u = add(u, Part::Write1h, w1);
            let u = add(u, Part::Output, out);
            add(u, Part::Reasoning, reasoning)
        },
    )
}

fn sum(a: Usage, b: Usage) -> Usage {
    a.saturating_add(&b)
}

proptest! {
    #[test]
    fn lookup_is_case_and_alias_stable(
        i in 0usize..1000,
        j in 0usize..1000,
        mask in proptest::collection::vec(any::<bool>(), 1..8),
        prefixed in any::<bool>(),
    ) {
        let c = bundled();
        let m = &c.models()[i % c.len()];
        let all = names(m);
        let name = &all[j % all.len()];
        let query = if prefixed { format!("{}/{name}", m.provider) } else { name.clone() };
        let found = c.get(&with_casing(&query, &mask)).unwrap();
        prop_assert_eq!(&found.id, &m.id);
        prop_assert_eq!(found, c.get(&m.id).unwrap());
    }

    #[test]
    fn cost_is_monotonic_in_every_token_count(
        i in 0usize..1000,
        base in usage(400_000),
        p in part(),
        n in 0u64..600_000,
        batch in any::<bool>(),
    ) {
        let c = bundled();
        let m = &c.models()[i % c.len()];
        let batch = batch && m.pricing.batch_input.is_some();
        let base = base.with_batch(batch);
        let more = add(base, p, n);
        let a = c.total_cost(&m.id, &base).unwrap();
        let b = c.total_cost(&m.id, &more).unwrap();
        prop_assert!(b >= a, "{}: {:?} costs {} but {:?} costs {}", m.id, base, a, more, b);
        prop_assert_eq!(c.cost(&m.id, &more).unwrap().total, b);
    }

    #[test]
    fn cost_is_additive_within_a_tier(
        i in 0usize..1000,
        a in usage(12_000),
        b in usage(12_000),
        top in any::<bool>(),
        batch in any::<bool>(),
    ) {
        let c = bundled();
        let m = &c.models()[i % c.len()];
        let batch = batch && m.pricing.batch_input.is_some();
        // Both parts and their sum below the lowest threshold (at most 4 × 12k each, and the lowest
        // bundled threshold is 100k), or all above the highest one.
        let shift = match (top, m.pricing.tiers.last()) {
            (true, Some(t)) => t.above_input_tokens + 1,
            _ => 0,
        };
        let (a, b) = (add(a, Part::Uncached, shift).with_batch(batch), add(b, Part::Uncached, shift).with_batch(batch));
        let ab = sum(a, b);
        let (ca, cb, cab) = (c.cost(&m.id, &a).unwrap(), c.cost(&m.id, &b).unwrap(), c.cost(&m.id, &ab).unwrap());
        prop_assert_eq!(ca.tier, cab.tier);
        prop_assert_eq!(cb.tier, cab.tier);
        prop_assert_eq!(ca.total + cb.total, cab.total, "{}", m.id);
        prop_assert_eq!(ca.input + cb.input, cab.input);
        prop_assert_eq!(ca.cache_write + cb.cache_write, cab.cache_write);
        prop_assert_eq!(ca.reasoning + cb.reasoning, cab.reasoning);
    }
}
