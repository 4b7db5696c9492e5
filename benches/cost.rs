//! Cost computation: how many exact cost breakdowns per second for a known model id.
//!
//! Run with `cargo bench -p llmcost-benches --bench cost`. The peer figures (LiteLLM's
//! `cost_per_token`, tokencost) come from `benches/peers/cost_peers.py`, run in the same session.
use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use llmcost_core::{Catalog, Usage};

fn cost(c: &mut Criterion) {
    let catalog = Catalog::bundled();
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
    g.finish();
}

criterion_group!(benches, cost);
criterion_main!(benches);
