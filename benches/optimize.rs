//! Prompt optimization throughput on the prompt corpus (`fixtures/prompts/prompts.jsonl`), single
//! thread, bytes of prompt per second.
//!
//! Run with `cargo bench -p llmcost-benches --bench optimize`.
//!
//! - `standard+counts`: [`Optimizer::optimize`] at the standard level, including the token counts
//!   of the input and output (what a caller gets).
//! - `passes/<level>`: [`Optimizer::rewrite`], the rewrite passes alone (with their per-rewrite
//!   window checks, without the whole-text counts).
//! - `.../one-document`: the same bytes joined into one document (per-call costs amortized).
//! - `spans`: protected-span detection alone.
//! - `count`: counting the corpus once with `o200k_base`, for scale.
use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use llmcost_core::Encoding;
use llmcost_core::optimize::{Level, OptimizeOptions, Optimizer};

mod common;

fn optimize(c: &mut Criterion) {
    let prompts = common::prompt_corpus();
    let bytes: usize = prompts.iter().map(String::len).sum();
    let optimizer = Optimizer::new();
    let mut g = c.benchmark_group("optimize");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.sample_size(10);
    let standard = OptimizeOptions::new().level(Level::Standard);
    g.bench_function("standard+counts", |b| {
        b.iter(|| {
            for p in &prompts {
                black_box(optimizer.optimize(black_box(p), &standard).ok());
            }
        })
    });
    for level in Level::ALL {
        let opts = OptimizeOptions::new()
            .level(level)
            .preserve_structure(false);
        g.bench_function(format!("passes/{level}"), |b| {
            b.iter(|| {
                for p in &prompts {
                    black_box(optimizer.rewrite(black_box(p), &opts).ok());
                }
            })
        });
    }
    // The same bytes as one document (prompts joined by blank lines): per-call costs amortized.
    let joined = prompts.join("\n\n");
    g.bench_function("passes/standard/one-document", |b| {
        b.iter(|| black_box(optimizer.rewrite(black_box(&joined), &standard).ok()))
    });
    g.bench_function("standard+counts/one-document", |b| {
        b.iter(|| black_box(optimizer.optimize(black_box(&joined), &standard).ok()))
    });
    g.bench_function("spans", |b| {
        b.iter(|| {
            for p in &prompts {
                black_box(optimizer.protected_spans(black_box(p), &standard).ok());
            }
        })
    });
    g.bench_function("count", |b| {
        b.iter(|| {
            for p in &prompts {
                black_box(Encoding::O200kBase.count(black_box(p)));
            }
        })
    });
    g.finish();
}

criterion_group!(benches, optimize);
criterion_main!(benches);
