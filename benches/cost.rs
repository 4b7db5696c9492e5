//! Cost computation: how many exact cost breakdowns (and totals) per second for a known model id,
//! and how fast providers' usage JSON is read into a `Usage`.
//!
//! Run with `cargo bench -p llmcost-benches --bench cost`. The peer figures (LiteLLM's
//! `cost_per_token`, tokencost) come from `benches/peers/cost_peers.py`, run in the same session;
//! both are quoted in docs/PERFORMANCE.md.
use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use llmcost_core::{Catalog, Usage};

fn cost(c: &mut Criterion) {
    let catalog = Catalog::bundled();
    // 12,000 prompt tokens (10,000 read from the cache) and 800 output tokens: $0.0255 on gpt-4o.
    let usage = Usage::new(12_000, 800).with_cached_input(10_000);
    let mut g = c.benchmark_group("cost");
    g.throughput(Throughput::Elements(1));
    g.bench_function("breakdown/gpt-4o", |b| {
        b.iter(|| catalog.cost(black_box("gpt-4o"), black_box(&usage)))
    });
    g.bench_function("total/gpt-4o", |b| {
        b.iter(|| catalog.total_cost(black_box("gpt-4o"), black_box(&usage)))
    });
    g.bench_function("breakdown/provider-prefixed", |b| {
        b.iter(|| catalog.cost(black_box("openai/gpt-4o"), black_box(&usage)))
    });
    g.bench_function("breakdown/mixed-case", |b| {
        b.iter(|| catalog.cost(black_box("GPT-4o"), black_box(&usage)))
    });
    // 1,024 different requests, so that branch prediction does not learn one input.
    let varied: Vec<Usage> = (0..1024u64)
        .map(|i| {
            let input = 500 + (i * 7_919) % 120_000;
            Usage::new(input, 50 + (i * 104_729) % 4_000)
                .with_cached_input(input / (1 + i % 4) * (i % 2))
                .with_batch(i % 5 == 0)
        })
        .collect();
    g.throughput(Throughput::Elements(varied.len() as u64));
    g.bench_function("breakdown/gpt-4o-varied-usage", |b| {
        b.iter(|| {
            for u in &varied {
                let _ = black_box(catalog.cost(black_box("gpt-4o"), u));
            }
        })
    });
    g.finish();
}

const OPENAI_RESPONSE: &str = r#"{"id": "chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG", "object": "chat.completion",
  "created": 1741570283, "model": "gpt-4o-2024-08-06",
  "choices": [{"index": 0, "message": {"role": "assistant", "content": "Hello! How can I help you today?",
    "refusal": null, "annotations": []}, "logprobs": null, "finish_reason": "stop"}],
  "usage": {"prompt_tokens": 12000, "completion_tokens": 800, "total_tokens": 12800,
    "prompt_tokens_details": {"cached_tokens": 10000, "audio_tokens": 0},
    "completion_tokens_details": {"reasoning_tokens": 0, "audio_tokens": 0,
      "accepted_prediction_tokens": 0, "rejected_prediction_tokens": 0}},
  "service_tier": "default", "system_fingerprint": "fp_fc9f1d7035"}"#;

fn usage(c: &mut Criterion) {
    let catalog = Catalog::bundled();
    let mut g = c.benchmark_group("usage");
    g.throughput(Throughput::Elements(1));
    let response: serde_json::Value = serde_json::from_str(OPENAI_RESPONSE).unwrap();
    g.bench_function("from_openai/parsed-response", |b| {
        b.iter(|| Usage::from_openai(black_box(&response)))
    });
    g.bench_function("from_provider_json/detect+parse-text", |b| {
        b.iter(|| Usage::from_provider_json(None, black_box(OPENAI_RESPONSE)))
    });
    g.bench_function("from_openai_json+cost/gpt-4o", |b| {
        b.iter(|| {
            let u = Usage::from_openai_json(black_box(OPENAI_RESPONSE))?;
            catalog.cost("gpt-4o", &u)
        })
    });
    let anthropic = serde_json::json!({"type": "message", "usage": {"input_tokens": 2000,
        "cache_read_input_tokens": 10000, "cache_creation_input_tokens": 0, "output_tokens": 800}});
    g.bench_function("from_anthropic/parsed-message", |b| {
        b.iter(|| Usage::from_anthropic(black_box(&anthropic)))
    });
    g.finish();
}

criterion_group!(benches, cost, usage);
criterion_main!(benches);
