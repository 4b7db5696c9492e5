//! Model selection: one `Selector::select` over the bundled catalog (83 models, with the bundled
//! quality table) and over a synthetic 1,000-model catalog. Goal: < 5 µs per selection on the
//! bundled catalog.
//!
//! Run with `cargo bench -p llmcost-benches --bench select`. Figures: docs/PERFORMANCE.md,
//! "Model selection".
use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use llmcost_core::{Catalog, Complexity, Requirements, Selector, SpeedRequirement, TaskType};
use serde_json::json;

/// 1,000 models over 10 providers with deterministic, varied prices, limits, scores and speeds.
fn synthetic(n: usize) -> Catalog {
    let models: Vec<_> = (0..n)
        .map(|i| {
            // A small linear congruential sequence: deterministic and spread out.
            let r = |k: usize| ((i * 2_654_435_761 + k * 40_503) % 1_000) as f64 / 1_000.0;
            let quality: serde_json::Map<String, serde_json::Value> = TaskType::names()
                .iter()
                .enumerate()
                .map(|(k, t)| (t.to_string(), json!((r(k) * 1000.0).round() / 1000.0)))
                .collect();
            let context = [32_000, 128_000, 200_000, 1_000_000][i % 4];
            let max_output = [4_096, 16_384, 65_536][i % 3];
            json!({
                "id": format!("model-{i:04}"),
                "provider": format!("provider-{}", i % 10),
                "context_window": context,
                "max_output_tokens": max_output,
                "pricing": {
                    "input": format!("{:.2}", 0.05 + r(11) * 10.0),
                    "output": format!("{:.2}", 0.2 + r(12) * 40.0),
                    "cached_input": format!("{:.3}", 0.005 + r(11)),
                    "batch_input": format!("{:.3}", 0.025 + r(11) * 5.0),
                    "batch_output": format!("{:.3}", 0.1 + r(12) * 20.0),
                },
                "capabilities": {"tools": i % 3 != 0, "json_output": i % 2 == 0, "vision": i % 5 == 0},
                "quality": quality,
                "speed": {"output_tokens_per_s": 20.0 + r(13) * 200.0, "ttft_s": 0.2 + r(14) * 5.0},
                "source": "synthetic",
                "as_of": "2026-11-27"
            })
        })
        .collect();
    let json = json!({"schema_version": 1, "as_of": "2026-11-27", "models": models});
    Catalog::from_json_str(&json.to_string()).expect("synthetic catalog is valid")
}

fn requests() -> Vec<(&'static str, Requirements)> {
    vec![
        (
            "tickets",
            Requirements::new("extraction_classification")
                .complexity(Complexity::Low)
                .quality_threshold(0.5)
                .require("json_output")
                .tokens(600, 20)
                .cached_input_share(0.8),
        ),
        (
            "coding",
            Requirements::new("coding")
                .complexity(Complexity::High)
                .require("tools")
                .tokens(8_000, 2_000),
        ),
        (
            "translate-fast",
            Requirements::new("translation")
                .quality_threshold(0.55)
                .speed(SpeedRequirement::Medium)
                .tokens(1_500, 1_500)
                .batch_allowed(true),
        ),
    ]
}

fn select(c: &mut Criterion) {
    let mut g = c.benchmark_group("select");
    g.throughput(Throughput::Elements(1));
    for (name, catalog) in [
        ("bundled", Catalog::bundled()),
        ("synthetic-1000", synthetic(1_000)),
    ] {
        let selector = Selector::new(&catalog);
        for (req_name, req) in requests() {
            g.bench_function(format!("{name}/{req_name}"), |b| {
                b.iter(|| selector.select(black_box(&req)))
            });
        }
        // No model fits: the slow path that also ranks the closest candidates.
        let impossible = Requirements::new("reasoning_math")
            .quality_threshold(0.99)
            .tokens(2_000, 4_000)
            .max_cost(llmcost_core::Usd::from_micros(100));
        g.bench_function(format!("{name}/impossible"), |b| {
            b.iter(|| selector.select(black_box(&impossible)))
        });
        g.bench_function(format!("{name}/fallback_chain-3"), |b| {
            let req = &requests()[1].1;
            b.iter(|| selector.fallback_chain(black_box(req), 3))
        });
        g.bench_function(format!("{name}/Selector::new"), |b| {
            b.iter(|| Selector::new(black_box(&catalog)))
        });
    }
    g.finish();
}

criterion_group!(benches, select);
criterion_main!(benches);
