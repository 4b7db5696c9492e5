//! Golden selections over the bundled catalog and quality table: realistic requests, the expected
//! choice, and the reasons text. Costs are checked by hand in the comments (prices per million
//! tokens from `data/catalog.json`). When the bundled data changes, review and update these.

use llmcost_core::{Catalog, Complexity, ErrorKind, Requirements, Selector, SpeedRequirement, Usd};

fn selector() -> Selector {
    Selector::new(&Catalog::bundled())
}

fn ids(s: &llmcost_core::Selection) -> Vec<String> {
    s.alternatives
        .iter()
        .map(|a| a.choice.model.to_string())
        .collect()
}

#[test]
fn classify_support_tickets() {
    // A 600-token prompt, 80% of it a cached system prompt; a 20-token JSON label.
    let req = Requirements::new("extraction_classification")
        .complexity(Complexity::Low)
        .quality_threshold(0.5)
        .require("json_output")
        .tokens(600, 20)
        .cached_input_share(0.8);
    let sel = selector().select(&req).unwrap();
    // Judged as of the catalog's date: GPT-5 nano retires on 2026-12-11, so it can still be used.
    assert_eq!(sel.as_of.as_deref(), Some("2026-11-20"));
    let c = sel.chosen.as_ref().unwrap();
    assert_eq!(&*c.model, "gpt-5-nano");
    assert_eq!(c.retires_on.as_deref(), Some("2026-12-11"));
    // 120 × $0.05 + 480 × $0.005 (cached) + 20 × $0.40, per million
    assert_eq!(c.cost, "0.0000164".parse::<Usd>().unwrap());
    assert_eq!(
        sel.reasons(),
        [
            "cheapest of 10 models that meet every constraint: $0.0000164 per request",
            "priced for 600 input tokens (480 read from the prompt cache) and 20 output tokens",
            "extraction_classification quality 0.749 ≥ 0.50 (quality threshold)",
            "has json_output",
            "context window 272,000 ≥ 600 tokens needed",
            "retires on 2026-12-11 (after 2026-11-20): its retirement is announced; \
             exclude such models with exclude_deprecated",
            "73 of 83 models rejected (38 no quality score, 22 retired, 8 quality, 5 capability)",
        ]
    );
    assert_eq!(
        ids(&sel),
        [
            "gpt-5-mini",
            "gemini-2.5-flash",
            "claude-haiku-4-5",
            "gpt-5",
            "gemini-2.5-pro"
        ]
    );
    assert_eq!(
        sel.alternatives[0].to_string(),
        "gpt-5-mini: $0.000082, quality 0.94; costs $0.0000656 more; retires on 2026-12-11"
    );
    assert_eq!(
        sel.alternatives[2].to_string(),
        "claude-haiku-4-5: $0.000268, quality 0.523; costs $0.0002516 more"
    );
    // Same cost: the higher quality ranks first.
    assert_eq!(
        sel.alternatives[3].choice.cost,
        sel.alternatives[4].choice.cost
    );
    // DeepSeek V3.2 (deepseek-chat) would be cheaper still, but was retired on 2026-07-24.
    assert!(
        sel.rejected()
            .any(|r| r.to_string() == "deepseek-chat: retired on 2026-07-24")
    );

    // Overnight, through the batch API: the same model at half price.
    let batch = selector().select(&req.clone().batch_allowed(true)).unwrap();
    let c = batch.chosen.as_ref().unwrap();
    assert!(c.batch);
    assert_eq!(&*c.model, "gpt-5-nano");
    assert_eq!(c.cost.to_string(), "0.0000082");
    assert!(batch.reasons()[0].ends_with("$0.0000082 at batch prices per request"));

    // Ruling out every model whose retirement is announced leaves two Anthropic models.
    let strict = selector()
        .select(&req.clone().exclude_deprecated(true))
        .unwrap();
    let c = strict.chosen.as_ref().unwrap();
    assert_eq!(&*c.model, "claude-haiku-4-5");
    // 120 × $1 + 480 × $0.10 (cached) + 20 × $5
    assert_eq!(c.cost.to_string(), "0.000268");
    assert_eq!(
        strict.reasons().last().unwrap(),
        "81 of 83 models rejected (32 no quality score, 22 retired, 17 deprecated, 5 capability, 5 quality)"
    );
    assert!(
        strict
            .rejected()
            .any(|r| r.to_string() == "gpt-5-nano: deprecated, retires on 2026-12-11")
    );

    // A request dated after GPT-5's retirement: GPT-4.1 (retiring 2027-01-14) is still there.
    let later = selector().select(&req.as_of("2026-12-12")).unwrap();
    let c = later.chosen.as_ref().unwrap();
    assert_eq!(&*c.model, "claude-haiku-4-5");
    assert!(c.retires_on.is_none());
    assert_eq!(
        later.alternatives[0].to_string(),
        "gpt-4.1: $0.00064, quality 0.508; costs $0.000372 more; retires on 2027-01-14"
    );
    assert!(
        later
            .rejected()
            .any(|r| r.to_string() == "gpt-5-nano: retired on 2026-12-11")
    );
}

#[test]
fn write_code() {
    let req = Requirements::new("coding")
        .complexity(Complexity::High)
        .require("tools")
        .tokens(8_000, 2_000);
    let sel = selector().select(&req).unwrap();
    let c = sel.chosen.as_ref().unwrap();
    assert_eq!(&*c.model, "gpt-5-mini");
    // 8,000 × $0.25 + 2,000 × $2
    assert_eq!(c.cost.to_string(), "0.006");
    assert_eq!(
        sel.reasons(),
        [
            "cheapest of 6 models that meet every constraint: $0.006 per request",
            "priced for 8,000 input tokens and 2,000 output tokens",
            "coding quality 0.77 ≥ 0.75 (high complexity floor)",
            "has tools",
            "context window 272,000 ≥ 8,000 tokens needed",
            "retires on 2026-12-11 (after 2026-11-20): its retirement is announced; \
             exclude such models with exclude_deprecated",
            "77 of 83 models rejected (38 no quality score, 22 retired, 12 quality, 5 capability)",
        ]
    );
    assert_eq!(
        ids(&sel),
        [
            "gpt-5",
            "gemini-2.5-pro",
            "o3",
            "claude-sonnet-4-5",
            "claude-opus-4-5"
        ]
    );
    assert_eq!(
        sel.alternatives[0].to_string(),
        "gpt-5: $0.03, quality 0.85; costs $0.024 more; retires on 2026-12-11"
    );
    assert_eq!(
        sel.alternatives[4].to_string(),
        "claude-opus-4-5: $0.09, quality 0.947; costs $0.084 more"
    );

    // Without models whose retirement is announced, only Claude Opus 4.5 is left.
    let strict = selector().select(&req.exclude_deprecated(true)).unwrap();
    let c = strict.chosen.as_ref().unwrap();
    assert_eq!(&*c.model, "claude-opus-4-5");
    assert_eq!(
        strict.reasons()[..3],
        [
            "only model that meets every constraint: $0.09 per request",
            "priced for 8,000 input tokens and 2,000 output tokens",
            "coding quality 0.947 ≥ 0.75 (high complexity floor)",
        ]
    );
    assert!(
        strict
            .rejected()
            .any(|r| r.to_string() == "claude-haiku-4-5: quality 0.606 < 0.75")
    );
}

#[test]
fn summarize_a_200k_token_document() {
    // A 200k-token document plus instructions: 210,000 input tokens.
    let req = Requirements::new("summarization").tokens(210_000, 1_500);
    let sel = selector().select(&req).unwrap();
    let c = sel.chosen.as_ref().unwrap();
    assert_eq!(&*c.model, "gpt-5-nano");
    // 210,000 × $0.05 + 1,500 × $0.40
    assert_eq!(c.cost.to_string(), "0.0111");
    assert_eq!(
        sel.reasons()[2..],
        [
            "summarization quality 0.659 ≥ 0.50 (medium complexity floor)",
            "context window 272,000 ≥ 210,000 tokens needed",
            "retires on 2026-12-11 (after 2026-11-20): its retirement is announced; \
             exclude such models with exclude_deprecated",
            "76 of 83 models rejected (33 no quality score, 22 retired, 17 context, 4 quality)",
        ]
    );
    // Gemini 2.5 Pro is priced at its above-200k tier: 210,000 × $2.50 + 1,500 × $15.
    let pro = sel
        .alternatives
        .iter()
        .find(|a| &*a.choice.model == "gemini-2.5-pro")
        .unwrap();
    assert_eq!(pro.choice.cost.to_string(), "0.5475");
    // A fallback chain crosses providers before repeating one.
    let chain: Vec<String> = selector()
        .fallback_chain(&req, 4)
        .unwrap()
        .iter()
        .map(|c| c.model.to_string())
        .collect();
    assert_eq!(
        chain,
        [
            "gpt-5-nano",
            "gemini-2.5-flash",
            "claude-sonnet-4-5",
            "gpt-5-mini"
        ]
    );

    // Every model with a context over 200k has an announced retirement.
    let strict = selector().select(&req.exclude_deprecated(true)).unwrap();
    assert!(!strict.success);
    assert_eq!(
        strict.explanation(),
        "no model meets every constraint; closest: claude-haiku-4-5: context 200,000 < 210,000; \
         claude-opus-4-5: context 200,000 < 210,000; mistral-large-3: quality 0.453 < 0.50"
    );
}

#[test]
fn translate() {
    let req = Requirements::new("translation")
        .quality_threshold(0.55)
        .speed(SpeedRequirement::Medium)
        .tokens(1_500, 1_500);
    let sel = selector().select(&req).unwrap();
    let c = sel.chosen.as_ref().unwrap();
    assert_eq!(&*c.model, "gpt-5-nano");
    // 1,500 × $0.05 + 1,500 × $0.40
    assert_eq!(c.cost.to_string(), "0.000675");
    assert_eq!(
        sel.reasons(),
        [
            "cheapest of 11 models that meet every constraint: $0.000675 per request",
            "priced for 1,500 input tokens and 1,500 output tokens",
            "translation quality 0.626 ≥ 0.55 (quality threshold)",
            "context window 272,000 ≥ 1,500 tokens needed",
            "speed 131 tok/s ≥ 60 tok/s",
            "retires on 2026-12-11 (after 2026-11-20): its retirement is announced; \
             exclude such models with exclude_deprecated",
            "72 of 83 models rejected (39 no quality score, 22 retired, 8 quality, 3 speed)",
        ]
    );
    assert_eq!(
        sel.alternatives[0].to_string(),
        "accounts/fireworks/models/llama4-maverick-instruct-basic: $0.00165, quality 0.661; \
         costs $0.000975 more"
    );
    // Without announced retirements: Llama 4 Maverick on Fireworks,
    // 1,500 × $0.22 + 1,500 × $0.88.
    let strict = selector()
        .select(&req.clone().exclude_deprecated(true))
        .unwrap();
    let c = strict.chosen.as_ref().unwrap();
    assert_eq!(
        &*c.model,
        "accounts/fireworks/models/llama4-maverick-instruct-basic"
    );
    assert_eq!(c.cost.to_string(), "0.00165");
    // Only Anthropic: the other providers' models are rejected on provider.
    let anthropic = selector().select(&req.allow_provider("anthropic")).unwrap();
    assert_eq!(&*anthropic.chosen.unwrap().model, "claude-haiku-4-5");
}

#[test]
fn impossible_requirements_explain_the_closest_candidates() {
    let req = Requirements::new("reasoning_math")
        .quality_threshold(0.95)
        .max_cost(Usd::from_micros(1_000))
        .tokens(2_000, 4_000);
    let sel = selector().select(&req).unwrap();
    assert!(!sel.success);
    assert!(sel.chosen.is_none() && sel.alternatives.is_empty());
    assert_eq!(sel.rejected_count(), Catalog::bundled().len());
    // Retired models (DeepSeek's, Gemini 2.0) are far from fitting: no setting but the date
    // brings them back.
    assert_eq!(
        sel.explanation(),
        "no model meets every constraint; closest: gpt-5-nano: quality 0.759 < 0.95, cost $0.0017 > $0.001; \
         gemini-2.5-flash-lite: quality 0.493 < 0.95, cost $0.0018 > $0.001; \
         accounts/fireworks/models/llama4-scout-instruct-basic: quality 0.411 < 0.95, cost $0.0027 > $0.001"
    );
}

#[test]
fn bad_input_lists_the_valid_values() {
    let e = selector().select(&Requirements::new("poetry")).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidInput);
    assert!(e.message().contains("creative_writing"), "{e}");
    let e = selector()
        .select(&Requirements::new("coding").require("function_calling"))
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidInput);
    assert!(e.message().contains("tools, vision, json_output"), "{e}");
    let e = selector()
        .select(&Requirements::new("coding").deny_provider("open-ai"))
        .unwrap_err();
    assert!(e.message().contains("openai"), "{e}");
}
