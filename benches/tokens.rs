//! Token counting throughput (MiB/s of prompt text, one thread) on a corpus of real prompts
//! (`fixtures/prompts/prompts.jsonl`, sources and licences in `fixtures/prompts/README.md`). Every prompt
//! is counted separately, as an application would.
//!
//! Run with `cargo bench -p llmcost-benches --bench tokens`. The peer figure (OpenAI's Python
//! `tiktoken`) comes from `benches/peers/tokens_peer.py`, run right after it; tiktoken-rs and
//! bpe-openai are measured here as the designs that were compared (see the performance notes in
//! `llmcost-core/src/tokens.rs`).
use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use llmcost_core::Encoding;

mod common;

fn reference(e: Encoding) -> &'static tiktoken_rs::CoreBPE {
    match e {
        Encoding::O200kBase => tiktoken_rs::o200k_base_singleton(),
        Encoding::Cl100kBase => tiktoken_rs::cl100k_base_singleton(),
        Encoding::P50kBase => tiktoken_rs::p50k_base_singleton(),
        _ => tiktoken_rs::r50k_base_singleton(),
    }
}

fn tokens(c: &mut Criterion) {
    let prompts = common::prompt_corpus();
    let bytes: usize = prompts.iter().map(String::len).sum();
    for e in Encoding::ALL {
        e.preload();
        let tk = reference(e);
        let ours: usize = prompts.iter().map(|p| e.count(p)).sum();
        let theirs: usize = prompts.iter().map(|p| tk.encode_ordinary(p).len()).sum();
        assert_eq!(ours, theirs, "{e}: counts differ from tiktoken-rs");
        let bpe = match e {
            Encoding::O200kBase => Some(bpe_openai::o200k_base()),
            Encoding::Cl100kBase => Some(bpe_openai::cl100k_base()),
            _ => None,
        };
        if let Some(b) = bpe {
            let n: usize = prompts.iter().map(|p| b.count(p.as_str())).sum();
            assert_eq!(n, ours, "{e}: bpe-openai counts differ");
        }

        let mut g = c.benchmark_group(format!("tokens/{e}"));
        g.throughput(Throughput::Bytes(bytes as u64));
        g.bench_function("llmcost count", |b| {
            b.iter(|| prompts.iter().map(|p| e.count(black_box(p))).sum::<usize>())
        });
        g.bench_function("llmcost encode", |b| {
            b.iter(|| {
                prompts
                    .iter()
                    .map(|p| e.encode(black_box(p)).len())
                    .sum::<usize>()
            })
        });
        g.bench_function("tiktoken-rs encode_ordinary", |b| {
            b.iter(|| {
                prompts
                    .iter()
                    .map(|p| tk.encode_ordinary(black_box(p)).len())
                    .sum::<usize>()
            })
        });
        if let Some(bo) = bpe {
            g.bench_function("bpe-openai count", |b| {
                b.iter(|| {
                    prompts
                        .iter()
                        .map(|p| bo.count(black_box(p.as_str())))
                        .sum::<usize>()
                })
            });
        }
        g.finish();
    }
}

criterion_group!(benches, tokens);
criterion_main!(benches);
