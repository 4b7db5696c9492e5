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
    let c = sel.chosen.as_ref().unwrap();
    assert_eq!(&*c.model, "claude-haiku-4-5");
    // 120 × $1 + 480 × $0.10 (cached) + 20 × $5, per million
    assert_eq!(c.cost, "0.000268".parse::<Usd>().unwrap());
    assert_eq!(
        sel.reasons(),
        [
            "cheapest of 2 models that meet every constraint: $0.000268 per request",
            "priced for 600 input tokens (480 read from the prompt cache) and 20 output tokens",
            "extraction_classification quality 0.523 ≥ 0.50 (quality threshold)",
            "has json_output",
            "context window 200,000 ≥ 600 tokens needed",
            "81 of 83 models rejected (39 deprecated, 32 no quality score, 5 capability, 5 quality)",
        ]
    );
    assert_eq!(
        sel.alternatives[0].to_string(),
        "claude-opus-4-5: $0.00134, quality 0.668; costs $0.001072 more"
    );

    // Overnight, through the batch API: the same model at half price.
    let batch = selector().select(&req.clone().batch_allowed(true)).unwrap();
    let c = batch.chosen.as_ref().unwrap();
    assert!(c.batch);
    assert_eq!(c.cost.to_string(), "0.000134");
    assert!(batch.reasons()[0].ends_with("$0.000134 at batch prices per request"));

    // Accepting models whose retirement is announced widens the field.
    let wide = selector()
        .select(&req.clone().allow_deprecated(true))
        .unwrap();
    let c = wide.chosen.as_ref().unwrap();
    assert_eq!(&*c.model, "gpt-5-nano");
    // 120 × $0.05 + 480 × $0.005 + 20 × $0.40
    assert_eq!(c.cost.to_string(), "0.0000164");
    assert_eq!(
        ids(&wide),
        [
            "deepseek-reasoner",
            "deepseek-chat",
            "gpt-5-mini",
            "gemini-2.5-flash",
            "claude-haiku-4-5"
        ]
    );
    // Same cost: the higher quality ranks first.
    assert_eq!(
        wide.alternatives[0].choice.cost,
        wide.alternatives[1].choice.cost
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
    assert_eq!(&*c.model, "claude-opus-4-5");
    assert_eq!(
        sel.reasons()[..3],
        [
            "only model that meets every constraint: $0.09 per request",
            "priced for 8,000 input tokens and 2,000 output tokens",
            "coding quality 0.947 ≥ 0.75 (high complexity floor)",
        ]
    );
    assert!(
        sel.rejected()
            .any(|r| r.to_string() == "claude-haiku-4-5: quality 0.606 < 0.75")
    );

    let wide = selector().select(&req.allow_deprecated(true)).unwrap();
    let c = wide.chosen.as_ref().unwrap();
    assert_eq!(&*c.model, "gpt-5-mini");
    // 8,000 × $0.25 + 2,000 × $2
    assert_eq!(c.cost.to_string(), "0.006");
    assert_eq!(
        wide.reasons(),
        [
            "cheapest of 7 models that meet every constraint: $0.006 per request",
            "priced for 8,000 input tokens and 2,000 output tokens",
            "coding quality 0.77 ≥ 0.75 (high complexity floor)",
            "has tools",
            "context window 272,000 ≥ 8,000 tokens needed",
            "76 of 83 models rejected (46 no quality score, 24 quality, 6 capability)",
        ]
    );
    assert_eq!(
        ids(&wide),
        [
            "gpt-5",
            "gemini-2.5-pro",
            "o3",
            "claude-sonnet-4-5",
            "claude-opus-4-5"
        ]
    );
    assert_eq!(
        wide.alternatives[0].to_string(),
        "gpt-5: $0.03, quality 0.85; costs $0.024 more"
    );
}

#[test]
fn summarize_a_200k_token_document() {
    // A 200k-token document plus instructions: 210,000 input tokens.
    let req = Requirements::new("summarization").tokens(210_000, 1_500);
    let sel = selector().select(&req).unwrap();
    assert!(!sel.success);
    assert_eq!(
        sel.explanation(),
        "no model meets every constraint; closest: claude-haiku-4-5: context 200,000 < 210,000; \
         claude-opus-4-5: context 200,000 < 210,000; mistral-large-3: quality 0.453 < 0.50"
    );

    let wide = selector()
        .select(&req.clone().allow_deprecated(true))
        .unwrap();
    let c = wide.chosen.as_ref().unwrap();
    assert_eq!(&*c.model, "gpt-5-nano");
    // 210,000 × $0.05 + 1,500 × $0.40
    assert_eq!(c.cost.to_string(), "0.0111");
    assert_eq!(
        wide.reasons()[2..],
        [
            "summarization quality 0.659 ≥ 0.50 (medium complexity floor)",
            "context window 272,000 ≥ 210,000 tokens needed",
            "75 of 83 models rejected (34 context, 34 no quality score, 7 quality)",
        ]
    );
    // Gemini 2.5 Pro is priced at its above-200k tier: 210,000 × $2.50 + 1,500 × $15.
    let pro = wide
        .alternatives
        .iter()
        .find(|a| &*a.choice.model == "gemini-2.5-pro")
        .unwrap();
    assert_eq!(pro.choice.cost.to_string(), "0.5475");
    // A fallback chain crosses providers before repeating one.
    let chain: Vec<String> = selector()
        .fallback_chain(&req.allow_deprecated(true), 4)
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
}

#[test]
fn translate() {
    let req = Requirements::new("translation")
        .quality_threshold(0.55)
        .speed(SpeedRequirement::Medium)
        .tokens(1_500, 1_500);
    let sel = selector().select(&req).unwrap();
    let c = sel.chosen.as_ref().unwrap();
    assert_eq!(
        &*c.model,
        "accounts/fireworks/models/llama4-maverick-instruct-basic"
    );
    // 1,500 × $0.22 + 1,500 × $0.88
    assert_eq!(c.cost.to_string(), "0.00165");
    assert_eq!(
        sel.reasons(),
        [
            "cheapest of 3 models that meet every constraint: $0.00165 per request",
            "priced for 1,500 input tokens and 1,500 output tokens",
            "translation quality 0.661 ≥ 0.55 (quality threshold)",
            "context window 131,072 ≥ 1,500 tokens needed",
            "speed 109 tok/s ≥ 60 tok/s",
            "80 of 83 models rejected (39 deprecated, 33 no quality score, 6 quality, 2 speed)",
        ]
    );
    // Only Anthropic: the Fireworks models are rejected on provider.
    let anthropic = selector().select(&req.allow_provider("anthropic")).unwrap();
    assert_eq!(&*anthropic.chosen.unwrap().model, "claude-haiku-4-5");
}

#[test]
fn impossible_requirements_explain_the_closest_candidates() {
    let req = Requirements::new("reasoning_math")
        .quality_threshold(0.95)
        .max_cost(Usd::from_micros(1_000))
        .tokens(2_000, 4_000)
        .allow_deprecated(true);
    let sel = selector().select(&req).unwrap();
    assert!(!sel.success);
    assert!(sel.chosen.is_none() && sel.alternatives.is_empty());
    assert_eq!(sel.rejected_count(), Catalog::bundled().len());
    assert_eq!(
        sel.explanation(),
        "no model meets every constraint; closest: gpt-5-nano: quality 0.759 < 0.95, cost $0.0017 > $0.001; \
         deepseek-reasoner: cost $0.00224 > $0.001; gemini-2.0-flash-lite: quality 0.536 < 0.95, cost $0.00135 > $0.001"
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
