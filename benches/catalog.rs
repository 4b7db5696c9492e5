//! Catalog: parsing the bundled catalog, lookups (id, alias, `provider/id`, unknown with
//! suggestions) and importing a LiteLLM price file.
//!
//! Run with `cargo bench -p llmcost-benches --bench catalog`. The LiteLLM input is synthetic
//! (5,000 chat entries shaped like LiteLLM's, with tiers and batch prices), so the bench needs no
//! download; LiteLLM 1.110.2's real 3.4 MB file has 4,878 keys.
use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use llmcost_core::Catalog;

const BUNDLED: &str = include_str!("../llmcost-core/data/catalog.json");

fn litellm_like(n: usize) -> String {
    let mut out = String::from("{\n");
    for i in 0..n {
        if i > 0 {
            out.push_str(",\n");
        }
        out.push_str(&format!(
            r#""provider{}/model-{i}": {{"litellm_provider": "provider{}", "mode": "chat",
  "input_cost_per_token": 1.25e-06, "output_cost_per_token": 1e-05,
  "cache_read_input_token_cost": 1.25e-07, "input_cost_per_token_batches": 6.25e-07,
  "output_cost_per_token_batches": 5e-06, "input_cost_per_token_above_200k_tokens": 2.5e-06,
  "output_cost_per_token_above_200k_tokens": 1.5e-05, "max_input_tokens": 1048576,
  "max_output_tokens": 65536, "supports_function_calling": true, "supports_vision": true,
  "supports_reasoning": true, "supports_prompt_caching": true, "source": "https://example.com"}}"#,
            i % 40,
            i % 40
        ));
    }
    out.push_str("\n}\n");
    out
}

fn catalog(c: &mut Criterion) {
    let mut g = c.benchmark_group("catalog");
    g.throughput(Throughput::Bytes(BUNDLED.len() as u64));
    g.bench_function("parse/bundled", |b| {
        b.iter(|| Catalog::from_json_str(black_box(BUNDLED)))
    });
    let litellm = litellm_like(5_000);
    g.throughput(Throughput::Bytes(litellm.len() as u64));
    g.sample_size(20);
    g.bench_function("import/litellm-5000", |b| {
        b.iter(|| Catalog::from_litellm_json_as_of(black_box(&litellm), "2026-11-20"))
    });
    g.finish();

    let bundled = Catalog::bundled();
    let mut g = c.benchmark_group("lookup");
    g.throughput(Throughput::Elements(1));
    g.bench_function("id", |b| b.iter(|| bundled.get(black_box("gpt-4o"))));
    g.bench_function("snapshot-mixed-case", |b| {
        b.iter(|| bundled.get(black_box("Claude-Sonnet-4-5-20250929")))
    });
    g.bench_function("provider-alias-prefix", |b| {
        b.iter(|| bundled.get(black_box("vertex_ai/gemini-2.5-pro")))
    });
    g.bench_function("unknown-with-suggestions", |b| {
        b.iter(|| bundled.get(black_box("gpt4o")))
    });
    g.finish();
}

criterion_group!(benches, catalog);
criterion_main!(benches);
