//! The optimizer on the real prompt corpora (`fixtures/prompts/prompts.jsonl`, templates, and
//! `fixtures/prompts/chatgpt_prompts.jsonl`, user-written prompts): at every level,
//! every protected span survives byte-identical and in order, no prompt gains a token, and a
//! second pass changes nothing.

use llmcost_core::optimize::{Level, OptimizeOptions, Optimizer};

const CORPUS: &str = include_str!("../../fixtures/prompts/prompts.jsonl");
const CHATGPT: &str = include_str!("../../fixtures/prompts/chatgpt_prompts.jsonl");

#[test]
fn corpus_is_never_damaged() {
    let o = Optimizer::new();
    let prompts: Vec<String> = CORPUS
        .lines()
        .chain(CHATGPT.lines())
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            v["text"].as_str().unwrap().to_string()
        })
        .collect();
    assert!(prompts.len() >= 1200);
    for level in Level::ALL {
        let opts = OptimizeOptions::new()
            .level(level)
            .preserve_structure(false);
        let batch = o.optimize_batch(&prompts, &opts).unwrap();
        assert!(batch.total_tokens_saved > 0);
        for (text, r) in prompts.iter().zip(&batch.results) {
            assert!(r.optimized_tokens <= r.original_tokens);
            let mut pos = 0;
            let mut spans: Vec<(usize, usize)> = o
                .protected_spans(text, &opts)
                .unwrap()
                .iter()
                .map(|s| (s.start, s.end))
                .collect();
            spans.sort_unstable();
            let mut merged: Vec<(usize, usize)> = Vec::new();
            for (s, e) in spans {
                match merged.last_mut() {
                    Some(l) if s <= l.1 => l.1 = l.1.max(e),
                    _ => merged.push((s, e)),
                }
            }
            for (s, e) in merged {
                let piece = &text[s..e];
                let found = r.optimized_prompt[pos..].find(piece);
                assert!(found.is_some(), "{level}: span {piece:?} lost in {text:?}");
                pos += found.unwrap_or(0) + piece.len();
            }
            if r.optimized_prompt != *text {
                let again = o.optimize(&r.optimized_prompt, &opts).unwrap();
                assert_eq!(
                    again.optimized_prompt, r.optimized_prompt,
                    "{level}: not idempotent"
                );
            }
        }
    }
}
