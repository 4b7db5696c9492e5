//! Properties of cost computation, on models built here (not the bundled catalog), checked
//! against an independent integer reference.

use llmcost_core::{Catalog, ErrorKind, Usage, cost};
use proptest::prelude::*;

/// Prices per million tokens, as the catalog file writes them; per token they are these × 10¹².
const CATALOG: &str = r#"{
  "schema_version": 1,
  "as_of": "2026-01-01",
  "models": [
    {
      "id": "tiered", "provider": "test", "source": "test", "as_of": "2026-01-01",
      "reasoning_tokens": "billed_as_output",
      "pricing": {
        "input": "2", "output": "8", "cached_input": "0.5", "cache_write_5m": "2.5",
        "cache_write_1h": "4", "batch_input": "1", "batch_output": "4",
        "tiers": [{"above_input_tokens": 200000, "input": "4", "output": "12", "cached_input": "1",
                   "cache_write_5m": "5", "cache_write_1h": "8"}]
      }
    },
    {
      "id": "separate-reasoning", "provider": "test", "source": "test", "as_of": "2026-01-01",
      "reasoning_tokens": "separate_price",
      "pricing": {"input": "2", "output": "8", "reasoning": "20", "cached_input": "0.5",
                  "batch_input": "1", "batch_output": "4"}
    },
    {
      "id": "no-batch", "provider": "test", "source": "test", "as_of": "2026-01-01",
      "pricing": {"input": "2", "output": "8"}
    },
    {
      "id": "no-output", "provider": "test", "source": "test", "as_of": "2026-01-01",
      "pricing": {"input": "2"}
    },
    {
      "id": "no-reasoning-price", "provider": "test", "source": "test", "as_of": "2026-01-01",
      "reasoning_tokens": "separate_price",
      "pricing": {"input": "2", "output": "8"}
    }
  ]
}"#;

const THRESHOLD: u64 = 200_000;
const PICO: i128 = 1_000_000_000_000; // 10⁻⁶ USD per million tokens, in attodollars per token

fn catalog() -> Catalog {
    Catalog::from_json_str(CATALOG).unwrap()
}

/// Per-token prices in units of 10⁻¹² USD (×2, so that halves stay integers): input, output,
/// cached, 5m write, 1h write, reasoning.
fn doubled_prices(model: &str, tier: bool) -> [i128; 6] {
    match (model, tier) {
        ("tiered", false) => [4, 16, 1, 5, 8, 16],
        ("tiered", true) => [8, 24, 2, 10, 16, 24],
        ("separate-reasoning", _) => [4, 16, 1, 4, 4, 40],
        _ => unreachable!(),
    }
}

/// The exact cost in attodollars, computed independently of the library.
fn reference(model: &str, u: &Usage) -> i128 {
    let p = doubled_prices(model, u.input_tokens > THRESHOLD);
    let uncached =
        u.input_tokens - u.cached_input_tokens - u.cache_write_5m_tokens - u.cache_write_1h_tokens;
    let counts = [
        uncached,
        u.output_tokens - u.reasoning_tokens,
        u.cached_input_tokens,
        u.cache_write_5m_tokens,
        u.cache_write_1h_tokens,
        u.reasoning_tokens,
    ];
    let doubled: i128 = p.iter().zip(counts).map(|(&p, n)| p * n as i128).sum();
    // Every batch price in these models is half the standard one.
    if u.batch {
        doubled * PICO / 4
    } else {
        doubled * PICO / 2
    }
}

/// Usages that keep the convention: input = uncached + cached + 5m + 1h, reasoning ≤ output.
fn usage_in(input_part: std::ops::Range<u64>) -> impl Strategy<Value = Usage> {
    (
        input_part.clone(),
        input_part.clone(),
        input_part.clone(),
        input_part,
        0u64..100_000,
        0u64..100_000,
        any::<bool>(),
    )
        .prop_map(|(uncached, cached, w5, w1, out_rest, reasoning, batch)| {
            Usage::new(uncached + cached + w5 + w1, out_rest + reasoning)
                .with_cached_input(cached)
                .with_cache_write_5m(w5)
                .with_cache_write_1h(w1)
                .with_reasoning(reasoning)
                .with_batch(batch)
        })
}

fn any_usage() -> impl Strategy<Value = Usage> {
    usage_in(0..120_000)
}

const MODELS: [&str; 2] = ["tiered", "separate-reasoning"];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn cost_matches_the_reference_and_total_is_the_sum_of_parts(u in any_usage()) {
        let c = catalog();
        for model in MODELS {
            let cost = c.cost(model, &u).unwrap();
            let parts = [cost.input, cost.cached_input, cost.cache_write, cost.output, cost.reasoning];
            prop_assert_eq!(parts.iter().map(|p| p.atto()).sum::<i128>(), cost.total.atto());
            prop_assert_eq!(cost.total.atto(), reference(model, &u), "{} {:?}", model, u);
            prop_assert_eq!(c.total_cost(model, &u).unwrap(), cost.total);
            // The catalog's prepared path and the plain functions agree.
            let info = c.get(model).unwrap();
            prop_assert_eq!(&cost::cost_for(info, &u).unwrap(), &cost);
            prop_assert_eq!(cost::total_for(info, &u).unwrap(), cost.total);
            prop_assert_eq!(cost.batch, u.batch);
            prop_assert_eq!(&*cost.model, model);
        }
    }

    #[test]
    fn cost_is_monotonic_in_each_token_count(u in any_usage(), k in 1u64..300_000, which in 0usize..6) {
        // Adding k tokens of one kind (keeping the convention) never lowers the cost.
        let mut more = u;
        match which {
            0 => more.input_tokens += k,
            1 => more.output_tokens += k,
            2 => {
                more.input_tokens += k;
                more.cached_input_tokens += k;
            }
            3 => {
                more.input_tokens += k;
                more.cache_write_5m_tokens += k;
            }
            4 => {
                more.input_tokens += k;
                more.cache_write_1h_tokens += k;
            }
            _ => {
                more.output_tokens += k;
                more.reasoning_tokens += k;
            }
        }
        let c = catalog();
        for model in MODELS {
            let before = c.total_cost(model, &u).unwrap();
            let after = c.total_cost(model, &more).unwrap();
            prop_assert!(after > before, "{model}: {u:?} → {more:?}: {before} → {after}");
        }
    }

    #[test]
    fn cost_is_additive_within_the_base_tier(a in usage_in(0..25_000), b in usage_in(0..25_000), batch in any::<bool>()) {
        let (a, b) = (a.with_batch(batch), b.with_batch(batch));
        let sum = a.saturating_add(&b);
        prop_assert!(sum.input_tokens <= THRESHOLD);
        additive(&a, &b, &sum)?;
    }

    #[test]
    fn cost_is_additive_within_the_long_context_tier(a in usage_in(50_001..100_000), b in usage_in(50_001..100_000), batch in any::<bool>()) {
        let (a, b) = (a.with_batch(batch), b.with_batch(batch));
        let sum = a.saturating_add(&b);
        prop_assert!(a.input_tokens > THRESHOLD && b.input_tokens > THRESHOLD);
        additive(&a, &b, &sum)?;
    }

    #[test]
    fn the_tier_reprices_the_whole_request(k in 1u64..100_000, out in 0u64..100_000, cached in 0u64..100_000) {
        let c = catalog();
        let at = Usage::new(THRESHOLD, out).with_cached_input(cached);
        let above = Usage::new(THRESHOLD + k, out).with_cached_input(cached);
        let at_cost = c.cost("tiered", &at).unwrap();
        let above_cost = c.cost("tiered", &above).unwrap();
        // At the threshold: base prices. Above it: every part, output included, at tier prices.
        prop_assert_eq!(at_cost.tier, None);
        prop_assert_eq!(above_cost.tier, Some(THRESHOLD));
        prop_assert_eq!(at_cost.output.atto(), out as i128 * 8 * PICO);
        prop_assert_eq!(above_cost.output.atto(), out as i128 * 12 * PICO);
        prop_assert_eq!(above_cost.cached_input.atto(), cached as i128 * PICO);
        prop_assert_eq!(above_cost.input.atto(), (THRESHOLD + k - cached) as i128 * 4 * PICO);
    }

    #[test]
    fn batch_applies_batch_prices_or_fails(u in any_usage()) {
        let c = catalog();
        let std = u.with_batch(false);
        let batch = u.with_batch(true);
        for model in MODELS {
            let s = c.cost(model, &std).unwrap();
            let b = c.cost(model, &batch).unwrap();
            prop_assert!(b.batch && !s.batch);
            // Both of these models' batch prices are half their standard prices, part by part.
            prop_assert_eq!(b.input.atto() * 2, s.input.atto());
            prop_assert_eq!(b.output.atto() * 2, s.output.atto());
            prop_assert_eq!(b.cached_input.atto() * 2, s.cached_input.atto());
            prop_assert_eq!(b.total.atto() * 2, s.total.atto());
        }
        let e = c.cost("no-batch", &batch).unwrap_err();
        prop_assert_eq!(e.kind(), ErrorKind::PriceUnknown);
        prop_assert!(e.message().contains("batch"), "{}", e);
        prop_assert!(c.cost("no-batch", &std).is_ok());
    }

    #[test]
    fn a_missing_price_is_an_error_never_zero(u in any_usage()) {
        let c = catalog();
        let e = c.cost("no-output", &u).unwrap_err();
        prop_assert_eq!(e.kind(), ErrorKind::PriceUnknown);
        prop_assert!(e.message().contains("output"), "{}", e);
        prop_assert_eq!(c.total_cost("no-output", &u).unwrap_err().kind(), ErrorKind::PriceUnknown);
        let e = c.cost("no-reasoning-price", &u).unwrap_err();
        prop_assert_eq!(e.kind(), ErrorKind::PriceUnknown);
        prop_assert!(e.message().contains("reasoning"), "{}", e);
    }

    #[test]
    fn usage_that_breaks_the_convention_is_invalid_input(u in any_usage(), extra in 1u64..1000, which in 0usize..4) {
        let bad = match which {
            0 => u.with_cached_input(u.input_tokens - u.cache_write_5m_tokens - u.cache_write_1h_tokens + extra),
            1 => u.with_cache_write_5m(u.input_tokens - u.cached_input_tokens - u.cache_write_1h_tokens + extra),
            2 => u.with_cache_write_1h(u.input_tokens - u.cached_input_tokens - u.cache_write_5m_tokens + extra),
            _ => u.with_reasoning(u.output_tokens + extra),
        };
        let c = catalog();
        for model in MODELS {
            let e = c.cost(model, &bad).unwrap_err();
            prop_assert_eq!(e.kind(), ErrorKind::InvalidInput);
            prop_assert_eq!(c.total_cost(model, &bad).unwrap_err().kind(), ErrorKind::InvalidInput);
        }
    }
}

fn additive(a: &Usage, b: &Usage, sum: &Usage) -> Result<(), TestCaseError> {
    let c = catalog();
    for model in MODELS {
        let (ca, cb, cs) = (
            c.cost(model, a).unwrap(),
            c.cost(model, b).unwrap(),
            c.cost(model, sum).unwrap(),
        );
        prop_assert_eq!(ca.tier, cs.tier);
        prop_assert_eq!(cb.tier, cs.tier);
        prop_assert_eq!(ca.total + cb.total, cs.total);
        prop_assert_eq!(ca.input + cb.input, cs.input);
        prop_assert_eq!(ca.cached_input + cb.cached_input, cs.cached_input);
        prop_assert_eq!(ca.cache_write + cb.cache_write, cs.cache_write);
        prop_assert_eq!(ca.output + cb.output, cs.output);
        prop_assert_eq!(ca.reasoning + cb.reasoning, cs.reasoning);
    }
    Ok(())
}

#[test]
fn cached_above_input_names_the_fields() {
    let e = catalog()
        .cost("tiered", &Usage::new(100, 10).with_cached_input(101))
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidInput);
    assert!(e.message().contains("cached_input_tokens (101)"), "{e}");
}
