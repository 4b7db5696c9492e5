use super::*;
use crate::catalog::{QualityEntry, QualityTable};

/// A model as JSON: per-million prices, quality for coding and general_chat, speed.
fn model(
    id: &str,
    provider: &str,
    input: &str,
    output: &str,
    coding: f64,
    tps: f64,
) -> serde_json::Value {
    serde_json::json!({
        "id": id, "provider": provider, "context_window": 128000, "max_output_tokens": 16384,
        "pricing": {"input": input, "output": output},
        "capabilities": {"tools": true},
        "quality": {"coding": coding, "general_chat": coding},
        "speed": {"output_tokens_per_s": tps, "ttft_s": 0.5},
        "source": "https://example.com/pricing", "as_of": "2026-11-27"
    })
}

fn catalog(models: Vec<serde_json::Value>) -> Catalog {
    let json = serde_json::json!({"schema_version": 1, "as_of": "2026-11-27", "models": models});
    Catalog::from_json_str(&json.to_string()).unwrap()
}

fn three() -> Catalog {
    catalog(vec![
        model("cheap", "acme", "0.10", "0.40", 0.55, 100.0),
        model("mid", "acme", "1.00", "4.00", 0.78, 80.0),
        model("top", "globex", "10.00", "40.00", 0.95, 50.0),
    ])
}

#[test]
fn chooses_the_cheapest_model_over_the_bar_and_explains() {
    let s = Selector::new(&three());
    let sel = s
        .select(
            &Requirements::new("coding")
                .quality_threshold(0.7)
                .tokens(1000, 500),
        )
        .unwrap();
    assert!(sel.success);
    let c = sel.chosen.as_ref().unwrap();
    assert_eq!(&*c.model, "mid");
    // 1,000 × $1/M + 500 × $4/M = $0.003
    assert_eq!(c.cost.to_string(), "0.003");
    assert_eq!(sel.feasible, 2);
    assert_eq!(sel.alternatives.len(), 1);
    assert_eq!(
        sel.alternatives[0].to_string(),
        "top: $0.03, quality 0.95; costs $0.027 more"
    );
    assert_eq!(sel.rejected_count(), 1);
    assert_eq!(
        sel.rejected().next().unwrap().to_string(),
        "cheap: quality 0.55 < 0.70"
    );
    let reasons = sel.reasons();
    assert_eq!(
        reasons[0],
        "cheapest of 2 models that meet every constraint: $0.003 per request"
    );
    assert_eq!(
        reasons[1],
        "priced for 1,000 input tokens and 500 output tokens"
    );
    assert_eq!(reasons[2], "coding quality 0.78 ≥ 0.70 (quality threshold)");
    assert_eq!(
        reasons.last().unwrap(),
        "1 of 3 models rejected (1 quality)"
    );
}

#[test]
fn complexity_raises_the_bar_to_its_floor() {
    let s = Selector::new(&three());
    let low = s
        .select(&Requirements::new("coding").complexity(Complexity::Low))
        .unwrap();
    assert_eq!(low.quality_bar, 0.0);
    assert_eq!(&*low.chosen.unwrap().model, "cheap");
    let med = s.select(&Requirements::new("coding")).unwrap();
    assert_eq!(med.quality_bar, 0.5);
    assert_eq!(&*med.chosen.as_ref().unwrap().model, "cheap");
    let high = s
        .select(&Requirements::new("coding").complexity(Complexity::High))
        .unwrap();
    assert_eq!(high.quality_bar, 0.75);
    assert_eq!(&*high.chosen.as_ref().unwrap().model, "mid");
    assert!(
        high.reasons()[2].ends_with("(high complexity floor)"),
        "{:?}",
        high.reasons()
    );
    // An explicit threshold above the floor wins.
    let t = s
        .select(
            &Requirements::new("coding")
                .complexity(Complexity::High)
                .quality_threshold(0.9),
        )
        .unwrap();
    assert_eq!(t.quality_bar, 0.9);
    assert_eq!(&*t.chosen.unwrap().model, "top");
}

#[test]
fn nothing_fits_names_the_constraints_of_the_closest_candidates() {
    let s = Selector::new(&three());
    let req = Requirements::new("coding")
        .quality_threshold(0.8)
        .max_cost(Usd::from_micros(3_000))
        .tokens(1000, 500);
    let sel = s.select(&req).unwrap();
    assert!(!sel.success);
    assert!(sel.chosen.is_none());
    assert_eq!(
        sel.explanation(),
        "no model meets every constraint; closest: mid: quality 0.78 < 0.80; \
         cheap: quality 0.55 < 0.80; top: cost $0.03 > $0.003"
    );
    assert_eq!(sel.reasons(), vec![sel.explanation()]);
    assert_eq!(sel.rejected_count(), 3);
}

#[test]
fn bad_input_is_invalid_input_listing_the_valid_values() {
    let s = Selector::new(&three());
    let e = s.select(&Requirements::new("codeing")).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidInput);
    assert_eq!(
        e.message(),
        "unknown task type 'codeing'; valid task types are general_chat, coding, reasoning_math, \
         summarization, extraction_classification, creative_writing, translation"
    );
    let e = s
        .select(&Requirements::new("coding").require("telepathy"))
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidInput);
    assert!(
        e.message().contains("'telepathy'") && e.message().contains("json_output"),
        "{e}"
    );
    let e = s
        .select(&Requirements::new("coding").allow_provider("initech"))
        .unwrap_err();
    assert!(
        e.message().contains("'initech'") && e.message().contains("acme, globex"),
        "{e}"
    );
    let e = s
        .select(&Requirements::new("coding").deny_provider("nope"))
        .unwrap_err();
    assert!(e.message().starts_with("denied_providers"), "{e}");
    for req in [
        Requirements::new("coding").quality_threshold(1.5),
        Requirements::new("coding").quality_threshold(f64::NAN),
        Requirements::new("coding").cached_input_share(-0.1),
        Requirements::new("coding").min_output_tokens_per_s(f64::NAN),
        Requirements::new("coding").max_ttft_s(-1.0),
        Requirements::new("coding").max_latency_s(f64::INFINITY),
        Requirements::new("coding").max_cost(Usd::from_micros(-1)),
        Requirements::new("coding").remaining_budget(Usd::from_micros(-1)),
    ] {
        let e = s.select(&req).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidInput, "{req:?}");
        assert!(s.fallback_chain(&req, 3).is_err());
    }
    assert!(
        "extreme"
            .parse::<Complexity>()
            .unwrap_err()
            .message()
            .contains("low, medium, high")
    );
    assert!(
        "warp"
            .parse::<SpeedRequirement>()
            .unwrap_err()
            .message()
            .contains("fast")
    );
}

#[test]
fn unknown_price_or_quality_is_never_chosen() {
    let mut free = model("no-price", "acme", "0.01", "0.01", 0.99, 500.0);
    free["pricing"] = serde_json::json!({"input": "0.01"});
    let mut unscored = model("no-quality", "acme", "0.01", "0.01", 0.0, 500.0);
    unscored["quality"] = serde_json::json!({"general_chat": 0.9});
    let c = catalog(vec![
        free,
        unscored,
        model("priced", "acme", "1", "1", 0.6, 10.0),
    ]);
    let sel = Selector::new(&c)
        .select(&Requirements::new("coding").complexity(Complexity::Low))
        .unwrap();
    assert_eq!(&*sel.chosen.as_ref().unwrap().model, "priced");
    let texts: Vec<String> = sel.rejected().map(|r| r.to_string()).collect();
    assert_eq!(
        texts,
        vec![
            "no-price: price unknown: no output price",
            "no-quality: no coding quality score"
        ]
    );
}

#[test]
fn cached_input_share_and_batch_prices_change_the_choice() {
    let mut cacheable = model("cacheable", "acme", "1.00", "1.00", 0.8, 50.0);
    cacheable["pricing"]["cached_input"] = "0.10".into();
    let plain = model("plain", "globex", "0.60", "1.00", 0.8, 50.0);
    let mut batchable = model("batchable", "initech", "0.80", "1.00", 0.8, 50.0);
    batchable["pricing"]["batch_input"] = "0.40".into();
    batchable["pricing"]["batch_output"] = "0.50".into();
    let s = Selector::new(&catalog(vec![cacheable, plain, batchable]));
    let base = Requirements::new("coding").tokens(10_000, 100);
    assert_eq!(&*s.select(&base).unwrap().chosen.unwrap().model, "plain");
    let cached = s.select(&base.clone().cached_input_share(0.9)).unwrap();
    let c = cached.chosen.as_ref().unwrap();
    assert_eq!(&*c.model, "cacheable");
    // 1,000 × $1/M + 9,000 × $0.10/M + 100 × $1/M
    assert_eq!(c.cost.to_string(), "0.002");
    assert_eq!(cached.usage.cached_input_tokens, 9_000);
    assert!(cached.reasons()[1].contains("(9,000 read from the prompt cache)"));
    let batch = s.select(&base.clone().batch_allowed(true)).unwrap();
    let c = batch.chosen.as_ref().unwrap();
    assert_eq!(&*c.model, "batchable");
    assert!(c.batch);
    assert_eq!(c.cost.to_string(), "0.00405");
    assert!(batch.reasons()[0].contains("at batch prices"));
    let alt = &batch.alternatives[0];
    assert!(!alt.choice.batch);
}

#[test]
fn long_context_tiers_are_priced() {
    let mut tiered = model("tiered", "acme", "1.00", "1.00", 0.8, 50.0);
    tiered["context_window"] = 1_000_000.into();
    tiered["pricing"]["tiers"] =
        serde_json::json!([{"above_input_tokens": 200000, "input": "5.00", "output": "5.00"}]);
    let mut flat = model("flat", "globex", "2.00", "2.00", 0.8, 50.0);
    flat["context_window"] = 1_000_000.into();
    let s = Selector::new(&catalog(vec![tiered, flat]));
    let small = s
        .select(&Requirements::new("coding").tokens(100_000, 1_000))
        .unwrap();
    assert_eq!(&*small.chosen.unwrap().model, "tiered");
    let big = s
        .select(&Requirements::new("coding").tokens(300_000, 1_000))
        .unwrap();
    let c = big.chosen.unwrap();
    assert_eq!(&*c.model, "flat");
    assert_eq!(big.alternatives[0].choice.cost.to_string(), "1.505");
}

#[test]
fn ties_break_on_quality_then_speed_then_id() {
    let s = Selector::new(&catalog(vec![
        model("b-fast", "acme", "1", "1", 0.8, 90.0),
        model("a-fast", "acme", "1", "1", 0.8, 90.0),
        model("slow", "acme", "1", "1", 0.8, 30.0),
        model("better", "acme", "1", "1", 0.9, 10.0),
    ]));
    let sel = s.select(&Requirements::new("coding")).unwrap();
    let order: Vec<&str> = std::iter::once(&*sel.chosen.as_ref().unwrap().model)
        .chain(sel.alternatives.iter().map(|a| &*a.choice.model))
        .collect();
    assert_eq!(order, ["better", "a-fast", "b-fast", "slow"]);
    let why: Vec<String> = sel
        .alternatives
        .iter()
        .map(|a| a.lost_on.to_string())
        .collect();
    assert_eq!(
        why,
        [
            "same cost, lower quality (0.80 < 0.90)",
            "same cost, lower quality (0.80 < 0.90)",
            "same cost, lower quality (0.80 < 0.90)"
        ]
    );
    let s2 = Selector::new(&catalog(vec![
        model("b", "acme", "1", "1", 0.8, 90.0),
        model("a", "acme", "1", "1", 0.8, 90.0),
        model("c", "acme", "1", "1", 0.8, 30.0),
    ]));
    let sel = s2.select(&Requirements::new("coding")).unwrap();
    assert_eq!(&*sel.chosen.as_ref().unwrap().model, "a");
    assert_eq!(sel.alternatives[0].lost_on, LostOn::Id);
    assert_eq!(
        sel.alternatives[1].lost_on.to_string(),
        "same cost and quality, slower (30 tok/s < 90 tok/s)"
    );
    let limited = s2
        .select(&Requirements::new("coding").max_alternatives(1))
        .unwrap();
    assert_eq!(limited.alternatives.len(), 1);
    assert_eq!(limited.feasible, 3);
}

#[test]
fn speed_latency_provider_and_capability_constraints() {
    let mut vision = model("seer", "globex", "5", "5", 0.9, 200.0);
    vision["capabilities"]["vision"] = true.into();
    let s = Selector::new(&catalog(vec![
        model("cheap", "acme", "0.10", "0.40", 0.9, 40.0),
        vision,
        model("fast", "initech", "1", "1", 0.9, 130.0),
    ]));
    let fast = s
        .select(&Requirements::new("coding").speed(SpeedRequirement::Fast))
        .unwrap();
    assert_eq!(&*fast.chosen.as_ref().unwrap().model, "fast");
    assert_eq!(
        fast.rejected().next().unwrap().to_string(),
        "cheap: speed 40 tok/s < 120 tok/s"
    );
    let lat = s
        .select(
            &Requirements::new("coding")
                .tokens(1000, 1000)
                .max_latency_s(10.0),
        )
        .unwrap();
    // cheap: 0.5 + 1000 / 40 = 25.5 s
    assert_eq!(
        lat.rejected().next().unwrap().to_string(),
        "cheap: latency 25.50 s > 10.00 s"
    );
    assert_eq!(&*lat.chosen.unwrap().model, "fast");
    let v = s
        .select(&Requirements::new("coding").require("vision"))
        .unwrap();
    assert_eq!(&*v.chosen.as_ref().unwrap().model, "seer");
    assert_eq!(v.rejected().next().unwrap().to_string(), "cheap: no vision");
    let allow = s
        .select(&Requirements::new("coding").allow_provider("GLOBEX"))
        .unwrap();
    assert_eq!(&*allow.chosen.as_ref().unwrap().model, "seer");
    assert_eq!(
        allow.rejected().next().unwrap().to_string(),
        "cheap: provider acme not in the allowed list"
    );
    let deny = s
        .select(&Requirements::new("coding").deny_provider("acme"))
        .unwrap();
    assert_eq!(&*deny.chosen.unwrap().model, "fast");
    let ctx = s
        .select(&Requirements::new("coding").context_length(200_000))
        .unwrap();
    assert!(!ctx.success);
    assert_eq!(
        ctx.rejected().next().unwrap().to_string(),
        "cheap: context 128,000 < 200,000"
    );
    let out = s
        .select(&Requirements::new("coding").tokens(10, 20_000))
        .unwrap();
    assert_eq!(
        out.rejected().next().unwrap().to_string(),
        "cheap: max output 16,384 < 20,000"
    );
    let budget = s
        .select(&Requirements::new("coding").remaining_budget(Usd::from_micros(1)))
        .unwrap();
    assert_eq!(
        budget.rejected().next().unwrap().to_string(),
        "cheap: cost $0.0003 > remaining budget $0.000001"
    );
}

fn deprecated(mut m: serde_json::Value, date: Option<&str>) -> serde_json::Value {
    m["deprecated"] = true.into();
    if let Some(d) = date {
        m["deprecation_date"] = d.into();
    }
    m
}

#[test]
fn retired_models_are_skipped_and_announced_ones_are_flagged() {
    // The catalog is dated 2026-11-27.
    let s = Selector::new(&catalog(vec![
        deprecated(
            model("gone", "acme", "0.001", "0.001", 0.9, 100.0),
            Some("2026-07-24"),
        ),
        deprecated(
            model("today", "acme", "0.002", "0.002", 0.9, 100.0),
            Some("2026-11-27"),
        ),
        deprecated(model("undated", "acme", "0.003", "0.003", 0.9, 100.0), None),
        deprecated(
            model("later", "acme", "0.01", "0.01", 0.9, 100.0),
            Some("2026-12-11"),
        ),
        model("new", "acme", "1", "1", 0.9, 100.0),
    ]));
    let sel = s.select(&Requirements::new("coding")).unwrap();
    assert_eq!(sel.as_of.as_deref(), Some("2026-11-27"));
    let chosen = sel.chosen.as_ref().unwrap();
    assert_eq!(&*chosen.model, "later");
    assert_eq!(chosen.retires_on.as_deref(), Some("2026-12-11"));
    let rejected: Vec<String> = sel.rejected().map(|r| r.to_string()).collect();
    assert_eq!(
        rejected,
        [
            "gone: retired on 2026-07-24",
            "today: retired on 2026-11-27",
            "undated: retired (retirement date unknown)",
        ]
    );
    let reasons = sel.reasons();
    assert!(
        reasons.contains(
            &"retires on 2026-12-11 (after 2026-11-27): its retirement is announced; \
              exclude such models with exclude_deprecated"
                .to_string()
        ),
        "{reasons:?}"
    );
    assert!(
        reasons.last().unwrap().ends_with("(3 retired)"),
        "{reasons:?}"
    );
    assert!(sel.alternatives[0].choice.retires_on.is_none());

    // Excluding every announced retirement.
    let strict = s
        .select(&Requirements::new("coding").exclude_deprecated(true))
        .unwrap();
    assert_eq!(&*strict.chosen.as_ref().unwrap().model, "new");
    assert!(strict.chosen.as_ref().unwrap().retires_on.is_none());
    assert_eq!(
        strict.rejected().nth(3).unwrap().to_string(),
        "later: deprecated, retires on 2026-12-11"
    );

    // An earlier request date brings retired models back; a later one retires more.
    let earlier = s
        .select(&Requirements::new("coding").as_of("2026-07-23"))
        .unwrap();
    let c = earlier.chosen.as_ref().unwrap();
    assert_eq!(
        (&*c.model, c.retires_on.as_deref()),
        ("gone", Some("2026-07-24"))
    );
    assert_eq!(
        earlier.alternatives[0].to_string(),
        "today: $0.000003, quality 0.90; costs $0.0000015 more; retires on 2026-11-27"
    );
    let later = s
        .select(&Requirements::new("coding").as_of("2026-12-11"))
        .unwrap();
    assert_eq!(&*later.chosen.as_ref().unwrap().model, "new");
    // The date-unknown model is retired whatever the date.
    assert!(
        earlier
            .rejected()
            .any(|r| r.failure == Failure::Retired { on: None })
    );
}

#[test]
fn request_date_is_validated_and_defaults_to_the_catalog() {
    let s = Selector::new(&catalog(vec![model("a", "acme", "1", "1", 0.9, 100.0)]));
    for bad in ["2026-13-01", "tomorrow", "2026/11/27", ""] {
        let err = s
            .select(&Requirements::new("coding").as_of(bad))
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidInput, "{bad}");
        assert!(err.message().contains("YYYY-MM-DD"), "{err}");
    }
    let sel = s
        .select(&Requirements::new("coding").as_of(" 2027-01-01 "))
        .unwrap();
    assert_eq!(sel.as_of.as_deref(), Some("2027-01-01"));
    let req = Requirements::from_json_str(
        r#"{"task_type": "coding", "as_of": "2026-12-01", "exclude_deprecated": true}"#,
    )
    .unwrap();
    assert_eq!(req.as_of.as_deref(), Some("2026-12-01"));
    assert!(req.exclude_deprecated);
    // A catalog without a date of its own: the latest date of its models.
    let mut m = model("b", "acme", "1", "1", 0.9, 100.0);
    m["as_of"] = "2026-12-24".into();
    let json = serde_json::json!({"schema_version": 1, "models": [
        model("a", "acme", "1", "1", 0.9, 100.0), m]});
    let undated = Selector::new(&Catalog::from_json_str(&json.to_string()).unwrap());
    let sel = undated.select(&Requirements::new("coding")).unwrap();
    assert_eq!(sel.as_of.as_deref(), Some("2026-12-24"));
}

#[test]
fn fallback_chain_prefers_new_providers_and_respects_constraints() {
    let s = Selector::new(&catalog(vec![
        model("a1", "acme", "0.1", "0.1", 0.9, 100.0),
        model("a2", "acme", "0.2", "0.2", 0.9, 100.0),
        model("g1", "globex", "0.3", "0.3", 0.9, 100.0),
        model("i1", "initech", "0.4", "0.4", 0.9, 100.0),
        model("weak", "umbrella", "0.01", "0.01", 0.1, 100.0),
    ]));
    let req = Requirements::new("coding");
    let ids = |n| -> Vec<String> {
        s.fallback_chain(&req, n)
            .unwrap()
            .iter()
            .map(|c| c.model.to_string())
            .collect()
    };
    assert_eq!(ids(10), ["a1", "g1", "i1", "a2"]);
    assert_eq!(ids(2), ["a1", "g1"]);
    assert!(ids(0).is_empty());
    let first = s.select(&req).unwrap().chosen.unwrap();
    assert_eq!(s.fallback_chain(&req, 1).unwrap(), vec![first]);
    assert!(
        s.fallback_chain(&req.clone().quality_threshold(0.95), 3)
            .unwrap()
            .is_empty()
    );
}

#[test]
fn user_quality_overrides_change_the_choice() {
    let c = three();
    let ours = QualityTable::new().entry(
        QualityEntry::new("cheap")
            .score("coding", 0.85)
            .source("our eval"),
    );
    let c2 = c.with_quality(&ours).unwrap();
    assert_eq!(c2.get("cheap").unwrap().quality["coding"], 0.85);
    assert_eq!(c2.get("cheap").unwrap().quality["general_chat"], 0.55);
    assert_eq!(
        c2.get("cheap").unwrap().quality_source.as_deref(),
        Some("quality table (our eval)")
    );
    let req = Requirements::new("coding").quality_threshold(0.8);
    assert_eq!(
        &*Selector::new(&c)
            .select(&req)
            .unwrap()
            .chosen
            .unwrap()
            .model,
        "top"
    );
    assert_eq!(
        &*Selector::new(&c2)
            .select(&req)
            .unwrap()
            .chosen
            .unwrap()
            .model,
        "cheap"
    );
    let bad = QualityTable::new().entry(QualityEntry::new("chaep").score("coding", 0.9));
    let e = c.with_quality(&bad).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::UnknownModel);
    assert!(e.message().contains("did you mean 'cheap'"), "{e}");
}

#[test]
fn parsing_names_round_trips() {
    for t in TaskType::ALL {
        assert_eq!(t.as_str().parse::<TaskType>().unwrap(), t);
        assert_eq!(t.to_string().to_uppercase().parse::<TaskType>().unwrap(), t);
    }
    for c in Capability::ALL {
        assert_eq!(c.as_str().parse::<Capability>().unwrap(), c);
    }
    for c in [Complexity::Low, Complexity::Medium, Complexity::High] {
        assert_eq!(c.as_str().parse::<Complexity>().unwrap(), c);
    }
    assert_eq!(
        "slow".parse::<SpeedRequirement>().unwrap(),
        SpeedRequirement::Any
    );
    assert_eq!(fmt_q(0.8), "0.80");
    assert_eq!(fmt_q(0.785), "0.785");
    assert_eq!(fmt_q(1.0), "1.00");
    assert_eq!(fmt_int(1_234_567), "1,234,567");
    assert_eq!(fmt_int(12), "12");
}

#[test]
fn public_types_are_send_and_sync() {
    fn check<T: Send + Sync>() {}
    check::<Selector>();
    check::<Selection>();
    check::<Requirements>();
    check::<QualityTable>();
}

#[test]
fn bundled_catalog_gets_sourced_quality() {
    let c = Catalog::bundled();
    let scored: Vec<&ModelInfo> = c
        .models()
        .iter()
        .filter(|m| !m.quality.is_empty())
        .collect();
    assert!(
        scored.len() >= 35,
        "only {} catalog models got quality figures",
        scored.len()
    );
    for m in &scored {
        assert!(
            m.quality_source
                .as_deref()
                .unwrap_or("")
                .starts_with("quality table compiled"),
            "{}",
            m.id
        );
    }
    let m = c.get("claude-haiku-4-5").unwrap();
    assert_eq!(m.quality["coding"], 0.606);
    assert_eq!(m.speed.unwrap().output_tokens_per_s, Some(101.4));
    // Matched through a `match` name: the same weights at a host.
    let l = c.get("llama-v3p3-70b-instruct").unwrap();
    assert_eq!(l.quality["translation"], 0.558);
}

#[test]
fn requirements_read_the_reference_request_shape() {
    let req = Requirements::from_json_str(
        r#"{"task_type": "coding", "complexity_level": "medium", "required_capabilities": [],
            "max_acceptable_cost": 1.0, "quality_threshold": 0.8, "speed_requirement": "medium",
            "context_length_needed": 4000, "estimated_input_tokens": 1000,
            "estimated_output_tokens": 500}"#,
    )
    .unwrap();
    assert_eq!(req.task_type, "coding");
    assert_eq!(req.max_acceptable_cost, Some(Usd::from_dollars(1)));
    assert_eq!(req.speed_requirement, SpeedRequirement::Medium);
    assert_eq!(req.context_length_needed, 4000);
    assert_eq!(req.max_alternatives, 5);
    let sel = Selector::new(&three()).select(&req).unwrap();
    assert_eq!(
        sel.explanation(),
        "no model meets every constraint; closest: mid: quality 0.78 < 0.80; \
         top: speed 50 tok/s < 60 tok/s; cheap: quality 0.55 < 0.80"
    );
    let e =
        Requirements::from_json_str(r#"{"task_type": "coding", "complexity_level": "extreme"}"#)
            .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidInput);
    assert!(e.message().contains("low, medium, high"), "{e}");
    let e = Requirements::from_json_str(r#"{"task": "coding"}"#).unwrap_err();
    assert!(e.message().contains("unknown field `task`"), "{e}");
}
