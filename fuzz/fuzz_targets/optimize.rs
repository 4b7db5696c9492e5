//! Fuzzes `Optimizer::optimize`: any input, every level, with and without structure. Checks the
//! invariants that must hold for every input: no panic, no more tokens than the input, protected
//! spans byte-identical and in order, and idempotence.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use llmcost_core::optimize::{Level, OptimizeOptions, Optimizer};

fn optimizer() -> &'static Optimizer {
    static O: OnceLock<Optimizer> = OnceLock::new();
    O.get_or_init(Optimizer::new)
}

fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else { return };
    let text = String::from_utf8_lossy(rest);
    let level = Level::ALL[usize::from(flags % 3)];
    let opts = OptimizeOptions::new()
        .level(level)
        .preserve_structure(flags & 4 == 0);
    let o = optimizer();
    let report = o.optimize(&text, &opts).expect("options are valid");
    assert!(report.optimized_tokens <= report.original_tokens);
    let out = &report.optimized_prompt;
    let mut spans: Vec<(usize, usize)> = o
        .protected_spans(&text, &opts)
        .expect("options are valid")
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
    let mut pos = 0;
    for (s, e) in merged {
        let piece = &text[s..e];
        let found = out[pos..].find(piece).expect("protected span changed");
        pos += found + piece.len();
    }
    let again = o.optimize(out, &opts).expect("options are valid");
    assert_eq!(&again.optimized_prompt, out, "not idempotent");
});
