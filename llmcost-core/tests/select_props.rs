//! Property: over random catalogs and requirements, `Selector::select` chooses exactly what a
//! brute-force search does: the cheapest model meeting every constraint (ties: quality, then speed,
//! then id). This is the selector's "accuracy": it must be 100%.
//!
//! The generators draw prices, scores, speeds, limits and caps from small shared grids so that
//! cost ties and exact boundary values (cost == cap, ttft == max) are frequent: in a run of 2,000
//! cases about 40% have a feasible model and about 5% a tie on cost at the top. Flipping any
//! comparison in the selector (`<` for `<=`, the id or speed order) makes this property fail.

use std::cmp::Ordering;

use llmcost_core::cost::total_for;
use llmcost_core::{
    Catalog, Complexity, ModelInfo, Requirements, Selector, SpeedRequirement, Usage, Usd,
};
use proptest::prelude::*;
use serde_json::{Value, json};

/// Speeds and TTFTs are drawn from small sets shared by models and requirements, so that ties and
/// exact boundary values (`ttft == max_ttft_s`) happen often.
const SPEEDS: [f64; 3] = [20.0, 60.0, 150.0];
const TTFTS: [f64; 3] = [0.5, 2.0, 10.0];
const LATENCIES: [f64; 4] = [2.5, 10.0, 20.5, 60.0];

/// The date of every generated catalog: the request date when a request sets none.
const CATALOG_DATE: &str = "2026-11-27";
/// Retirement and request dates around the catalog's date, so that "retires on the request date"
/// (retired) and "the day after" (still usable) are frequent.
const DATES: [&str; 5] = [
    "2026-07-24",
    "2026-11-26",
    "2026-11-27",
    "2026-11-28",
    "2026-12-11",
];

const PROVIDERS: [&str; 4] = ["acme", "globex", "initech", "umbrella"];
const TASKS: [&str; 7] = [
    "general_chat",
    "coding",
    "reasoning_math",
    "summarization",
    "extraction_classification",
    "creative_writing",
    "translation",
];
const CAPS: [&str; 8] = [
    "tools",
    "vision",
    "json_output",
    "structured_output",
    "reasoning",
    "audio_input",
    "audio_output",
    "prompt_caching",
];

/// A per-million price from a small grid, so that ties happen.
fn price() -> impl Strategy<Value = Option<String>> {
    prop::option::weighted(
        0.92,
        (0u32..=3).prop_map(|k| format!("{}", k as f64 * 0.25)),
    )
}

fn model_json(i: usize) -> impl Strategy<Value = Value> {
    let prices = (
        price(),
        price(),
        price(),
        prop::option::weighted(0.4, (price(), price())),
    );
    let tier = prop::option::weighted(0.3, (1_000u64..5_000, 1u32..=8, 1u32..=8));
    let limits = (
        prop::option::weighted(0.95, prop::sample::select(vec![2_000u64, 4_000, 8_000])),
        prop::option::weighted(0.95, prop::sample::select(vec![500u64, 1_000, 4_000])),
    );
    let quality = prop::collection::vec(prop::option::weighted(0.9, 0u32..=4), 7);
    let speed = (
        prop::option::weighted(0.85, prop::sample::select(SPEEDS.to_vec())),
        prop::option::weighted(0.85, prop::sample::select(TTFTS.to_vec())),
    );
    (
        0usize..4,
        prices,
        tier,
        limits,
        any::<u8>(),
        quality,
        speed,
        // Not deprecated, or deprecated with no date (None) or with one of DATES.
        prop::option::weighted(0.25, prop::option::weighted(0.85, 0usize..DATES.len())),
    )
        .prop_map(move |(p, (inp, out, cached, batch), tier, (ctx, max_out), caps, q, (tps, ttft), dep)| {
            let mut pricing = serde_json::Map::new();
            let mut put = |k: &str, v: &Option<String>| {
                if let Some(v) = v {
                    pricing.insert(k.to_string(), json!(v));
                }
            };
            put("input", &inp);
            put("output", &out);
            put("cached_input", &cached);
            if let Some((bi, bo)) = &batch {
                put("batch_input", bi);
                put("batch_output", bo);
            }
            if let Some((above, ti, to)) = tier {
                pricing.insert(
                    "tiers".into(),
                    json!([{"above_input_tokens": above, "input": format!("{}", ti as f64 * 0.5), "output": format!("{}", to as f64 * 0.5)}]),
                );
            }
            let mut capabilities = serde_json::Map::new();
            for (b, name) in CAPS.iter().enumerate() {
                capabilities.insert(name.to_string(), json!(caps & (1 << b) != 0));
            }
            let mut quality = serde_json::Map::new();
            for (t, v) in TASKS.iter().zip(&q) {
                if let Some(v) = v {
                    quality.insert(t.to_string(), json!(*v as f64 / 4.0));
                }
            }
            let mut m = json!({
                "id": format!("m{i:02}"),
                "provider": PROVIDERS[p],
                "pricing": pricing,
                "capabilities": capabilities,
                "quality": quality,
                "source": "https://example.com",
                "as_of": CATALOG_DATE,
                "deprecated": dep.is_some(),
            });
            if let Some(Some(d)) = dep {
                m["deprecation_date"] = json!(DATES[d]);
            }
            if let Some(c) = ctx {
                m["context_window"] = json!(c);
            }
            if let Some(c) = max_out {
                m["max_output_tokens"] = json!(c);
            }
            if tps.is_some() || ttft.is_some() {
                let mut s = serde_json::Map::new();
                if let Some(t) = tps {
                    s.insert("output_tokens_per_s".into(), json!(t));
                }
                if let Some(t) = ttft {
                    s.insert("ttft_s".into(), json!(t));
                }
                m["speed"] = Value::Object(s);
            }
            m
        })
}

fn catalog() -> impl Strategy<Value = Catalog> {
    (1usize..24)
        .prop_flat_map(|n| (0..n).map(model_json).collect::<Vec<_>>())
        .prop_map(|models| {
            let json = json!({"schema_version": 1, "as_of": CATALOG_DATE, "models": models});
            Catalog::from_json_str(&json.to_string()).unwrap()
        })
}

/// Cost caps on a grid of $0.00025 steps: prices are multiples of $0.25/M, so costs hit caps exactly.
fn usd_opt() -> impl Strategy<Value = Option<Usd>> {
    prop::option::weighted(0.3, (0i64..40).prop_map(|k| Usd::from_micros(k * 250)))
}

fn requirements(providers: Vec<String>) -> impl Strategy<Value = Requirements> {
    let provs = providers.clone();
    (
        (
            0usize..7,
            prop::sample::select(vec![0usize, 0, 1, 2]),
            prop::sample::select(vec![0u32, 0, 1, 2, 3]),
            prop::option::weighted(0.25, 0usize..8),
            prop::sample::select(vec![0usize, 0, 1, 2]),
        ),
        (
            prop::sample::select(vec![0u64, 2_000, 4_000, 6_000]),
            prop::sample::select(vec![0u64, 1_000, 2_000, 3_000, 4_000]),
            prop::sample::select(vec![0u64, 500, 1_000, 2_000]),
        ),
        (
            prop::collection::vec(0usize..4, 0..3)
                .prop_map(|v| if v.len() == 1 { Vec::new() } else { v }),
            prop::option::weighted(0.2, 0usize..4),
        ),
        (
            prop::option::weighted(0.2, prop::sample::select(SPEEDS.to_vec())),
            prop::option::weighted(0.2, prop::sample::select(TTFTS.to_vec())),
            prop::option::weighted(0.2, prop::sample::select(LATENCIES.to_vec())),
        ),
        (0u32..=4, any::<bool>(), usd_opt(), usd_opt(), 0usize..4),
        (
            prop::option::weighted(0.4, 0usize..DATES.len()),
            prop::bool::weighted(0.3),
        ),
    )
        .prop_map(
            move |(
                (task, cx, thr, caps, speed),
                (ctx, input, output),
                (allow, deny),
                (min_tps, max_ttft, max_lat),
                (share, batch, max_cost, remaining, alts),
                (as_of, exclude_deprecated),
            )| {
                let mut r = Requirements::new(TASKS[task])
                    .complexity([Complexity::Low, Complexity::Medium, Complexity::High][cx])
                    .quality_threshold(thr as f64 / 4.0)
                    .speed(
                        [
                            SpeedRequirement::Any,
                            SpeedRequirement::Medium,
                            SpeedRequirement::Fast,
                        ][speed],
                    )
                    .context_length(ctx)
                    .tokens(input, output)
                    .cached_input_share(share as f64 / 4.0)
                    .batch_allowed(batch)
                    .exclude_deprecated(exclude_deprecated)
                    .max_alternatives(alts);
                if let Some(d) = as_of {
                    r = r.as_of(DATES[d]);
                }
                if let Some(c) = caps {
                    r = r.require(CAPS[c]);
                }
                for a in allow {
                    if let Some(p) = provs.get(a % provs.len().max(1)) {
                        r = r.allow_provider(p.clone());
                    }
                }
                if let Some(p) = deny.and_then(|d| provs.get(d % provs.len().max(1))) {
                    r = r.deny_provider(p.clone());
                }
                r.min_output_tokens_per_s = min_tps;
                r.max_ttft_s = max_ttft;
                r.max_latency_s = max_lat;
                r.max_acceptable_cost = max_cost;
                r.remaining_budget = remaining;
                r
            },
        )
}

fn case() -> impl Strategy<Value = (Catalog, Requirements)> {
    catalog().prop_flat_map(|c| {
        let mut provs: Vec<String> = c.models().iter().map(|m| m.provider.clone()).collect();
        provs.sort();
        provs.dedup();
        (Just(c), requirements(provs))
    })
}

/// The specification, written independently of the selector: does `m` meet every constraint of
/// `r`, and at what cost?
fn brute_feasible(m: &ModelInfo, r: &Requirements) -> Option<(Usd, f64)> {
    // Retired: a retirement date on or before the request's date (by default the catalog's), or
    // a retirement with no known date. Announced for later: excluded only when asked.
    if m.deprecated {
        let today = r.as_of.as_deref().unwrap_or(CATALOG_DATE);
        match m.deprecation_date.as_deref() {
            None => return None,
            Some(d) if d <= today => return None,
            Some(_) if r.exclude_deprecated => return None,
            Some(_) => {}
        }
    }
    if !r.allowed_providers.is_empty() && !r.allowed_providers.contains(&m.provider) {
        return None;
    }
    if r.denied_providers.contains(&m.provider) {
        return None;
    }
    let caps = &m.capabilities;
    for c in &r.required_capabilities {
        let has = match c.as_str() {
            "tools" => caps.tools,
            "vision" => caps.vision,
            "json_output" => caps.json_output,
            "structured_output" => caps.structured_output,
            "reasoning" => caps.reasoning,
            "audio_input" => caps.audio_input,
            "audio_output" => caps.audio_output,
            "prompt_caching" => caps.prompt_caching,
            _ => unreachable!(),
        };
        if !has {
            return None;
        }
    }
    let needed = r.context_length_needed.max(r.estimated_input_tokens);
    if m.context_window.is_none_or(|c| c < needed) {
        return None;
    }
    if m.max_output_tokens
        .is_none_or(|c| c < r.estimated_output_tokens)
    {
        return None;
    }
    let floor = match r.complexity_level {
        Complexity::Low => 0.0,
        Complexity::Medium => 0.5,
        _ => 0.75,
    };
    let q = *m.quality.get(&r.task_type)?;
    if q < r.quality_threshold.max(floor) {
        return None;
    }
    let tier_min = match r.speed_requirement {
        SpeedRequirement::Medium => Some(60.0),
        SpeedRequirement::Fast => Some(120.0),
        _ => None,
    };
    let tps = m.speed.and_then(|s| s.output_tokens_per_s);
    let ttft = m.speed.and_then(|s| s.ttft_s);
    for min in [tier_min, r.min_output_tokens_per_s].into_iter().flatten() {
        if tps.is_none_or(|t| t < min) {
            return None;
        }
    }
    if let Some(max) = r.max_ttft_s
        && ttft.is_none_or(|t| t > max)
    {
        return None;
    }
    if let Some(max) = r.max_latency_s {
        match (ttft, tps) {
            (Some(t), Some(s)) if s > 0.0 && t + r.estimated_output_tokens as f64 / s <= max => {}
            _ => return None,
        }
    }
    let cached = (r.estimated_input_tokens as f64 * r.cached_input_share).round() as u64;
    let batch =
        r.batch_allowed && m.pricing.batch_input.is_some() && m.pricing.batch_output.is_some();
    let usage = Usage::new(r.estimated_input_tokens, r.estimated_output_tokens)
        .with_cached_input(cached)
        .with_batch(batch);
    let cost = total_for(m, &usage).ok()?;
    if r.max_acceptable_cost.is_some_and(|max| cost > max) {
        return None;
    }
    if r.remaining_budget.is_some_and(|rem| cost > rem) {
        return None;
    }
    Some((cost, q))
}

fn brute_ranking(c: &Catalog, r: &Requirements) -> Vec<(String, Usd)> {
    let mut f: Vec<(&ModelInfo, Usd, f64)> = c
        .models()
        .iter()
        .filter_map(|m| brute_feasible(m, r).map(|(cost, q)| (m, cost, q)))
        .collect();
    let speed = |m: &ModelInfo| m.speed.and_then(|s| s.output_tokens_per_s);
    f.sort_by(|a, b| {
        a.1.cmp(&b.1)
            .then(b.2.partial_cmp(&a.2).unwrap())
            .then(match (speed(a.0), speed(b.0)) {
                (Some(x), Some(y)) => y.partial_cmp(&x).unwrap(),
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (None, None) => Ordering::Equal,
            })
            .then(a.0.id.cmp(&b.0.id))
    });
    f.into_iter()
        .map(|(m, cost, _)| (m.id.clone(), cost))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn select_equals_brute_force((catalog, req) in case()) {
        let selector = Selector::new(&catalog);
        let sel = selector.select(&req).unwrap();
        let ranking = brute_ranking(&catalog, &req);
        prop_assert_eq!(sel.success, !ranking.is_empty());
        prop_assert_eq!(sel.feasible, ranking.len());
        match (&sel.chosen, ranking.first()) {
            (Some(c), Some((id, cost))) => {
                prop_assert_eq!(&*c.model, id.as_str());
                prop_assert_eq!(c.cost, *cost);
            }
            (None, None) => {
                prop_assert!(!sel.explanation().is_empty());
                prop_assert!(sel.closest.len() == catalog.len().min(3));
            }
            (a, b) => prop_assert!(false, "selector chose {:?}, brute force {:?}", a, b),
        }
        // A feasible model with an announced retirement carries its date.
        for c in sel.chosen.iter().chain(sel.alternatives.iter().map(|a| &a.choice)) {
            let m = catalog.get(&c.model).unwrap();
            prop_assert_eq!(c.retires_on.as_deref(), m.deprecation_date.as_deref());
        }
        prop_assert_eq!(sel.as_of.as_deref(), Some(req.as_of.as_deref().unwrap_or(CATALOG_DATE)));
        let alts: Vec<&str> = sel.alternatives.iter().map(|a| &*a.choice.model).collect();
        let expected: Vec<&str> = ranking.iter().skip(1).take(req.max_alternatives).map(|(id, _)| id.as_str()).collect();
        prop_assert_eq!(alts, expected);
        // Every model is either feasible or rejected, never both.
        prop_assert_eq!(sel.rejected_count() + ranking.len(), catalog.len());
        prop_assert_eq!(sel.rejected().count(), sel.rejected_count());
        for r in sel.rejected() {
            prop_assert!(!ranking.iter().any(|(id, _)| id.as_str() == &*r.model));
        }
        // The fallback chain is made of feasible models, starts with the choice, has no repeats.
        let chain = selector.fallback_chain(&req, 4).unwrap();
        prop_assert_eq!(chain.len(), ranking.len().min(4));
        if let (Some(first), Some(c)) = (chain.first(), &sel.chosen) {
            prop_assert_eq!(first, c);
        }
        for (i, c) in chain.iter().enumerate() {
            prop_assert!(ranking.iter().any(|(id, _)| id.as_str() == &*c.model));
            prop_assert!(!chain[..i].iter().any(|d| d.model == c.model));
        }
    }
}
