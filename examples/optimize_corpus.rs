//! Measures the optimizer on prompt corpora (by default `fixtures/prompts/prompts.jsonl`, the
//! templates, `fixtures/prompts/chatgpt_prompts.jsonl`, user-written prompts, and
//! `fixtures/prompts/heldout_prompts.jsonl`, system prompts held out from rule writing; each
//! separately and all together): token reduction per level (mean, median, p10, p90) and damaged
//! protected spans, found by re-extracting them independently from each input and output.
//!
//!     cargo run --release -p llmcost-examples --example optimize_corpus [-- PATH.jsonl ...]

use std::collections::HashMap;

use llmcost_core::optimize::{Level, OptimizeOptions, Optimizer};
use regex::Regex;

/// One corpus: its name, prompts and the short source name of each prompt.
struct Corpus {
    name: String,
    prompts: Vec<String>,
    sources: Vec<String>,
}

fn load(path: &str) -> Result<Corpus, Box<dyn std::error::Error>> {
    let mut prompts = Vec::new();
    let mut sources = Vec::new();
    for line in std::fs::read_to_string(path)?.lines() {
        let v: serde_json::Value = serde_json::from_str(line)?;
        if let Some(t) = v["text"].as_str() {
            prompts.push(t.to_string());
            // "PyPI promptsource==0.2.3: ..." → "promptsource";
            // "GitHub f/awesome-chatgpt-prompts@<commit>: ..." → "f/awesome-chatgpt-prompts"
            let src = v["source"].as_str().unwrap_or("?");
            let pkg = src.split([' ', '=', '@']).nth(1).unwrap_or(src);
            sources.push(pkg.to_string());
        }
    }
    let name = std::path::Path::new(path)
        .file_name()
        .map_or_else(|| path.to_string(), |n| n.to_string_lossy().into_owned());
    Ok(Corpus {
        name,
        prompts,
        sources,
    })
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut paths: Vec<String> = std::env::args().skip(1).collect();
    if paths.is_empty() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../fixtures/prompts/");
        paths = vec![
            format!("{dir}prompts.jsonl"),
            format!("{dir}chatgpt_prompts.jsonl"),
            format!("{dir}heldout_prompts.jsonl"),
        ];
    }
    let mut corpora = Vec::new();
    for p in &paths {
        corpora.push(load(p)?);
    }
    if corpora.len() > 1 {
        let all = Corpus {
            name: "all together".to_string(),
            prompts: corpora.iter().flat_map(|c| c.prompts.clone()).collect(),
            sources: corpora.iter().flat_map(|c| c.sources.clone()).collect(),
        };
        corpora.push(all);
    }
    let optimizer = Optimizer::new();
    let checker = Checker::new();
    for corpus in &corpora {
        measure(&optimizer, &checker, corpus)?;
    }
    Ok(())
}

fn measure(
    optimizer: &Optimizer,
    checker: &Checker,
    corpus: &Corpus,
) -> Result<(), Box<dyn std::error::Error>> {
    let prompts = &corpus.prompts;
    let bytes: usize = prompts.iter().map(String::len).sum();
    println!(
        "\ncorpus {}: {} prompts, {} bytes",
        corpus.name,
        prompts.len(),
        bytes
    );
    println!(
        "{:<14} {:>6} {:>7} {:>7} {:>7} {:>7} {:>8} {:>9} {:>8}",
        "level", "struct", "mean%", "median%", "p10%", "p90%", "total%", "changed", "damaged"
    );
    for level in Level::ALL {
        for preserve in [true, false] {
            let opts = OptimizeOptions::new()
                .level(level)
                .preserve_structure(preserve);
            let batch = optimizer.optimize_batch(prompts, &opts)?;
            let mut pcts: Vec<f64> = batch
                .results
                .iter()
                .map(|r| r.reduction_percentage)
                .collect();
            pcts.sort_by(f64::total_cmp);
            let q = |p: f64| pcts[((pcts.len() - 1) as f64 * p).round() as usize];
            let mut damaged = 0;
            for r in &batch.results {
                let d = checker.damaged(&r.original_prompt, &r.optimized_prompt);
                if d > 0 && std::env::var_os("SHOW_DAMAGE").is_some() {
                    println!(
                        "DAMAGED:\n{:?}\n=>\n{:?}",
                        r.original_prompt, r.optimized_prompt
                    );
                }
                damaged += d;
            }
            let total =
                100.0 * batch.total_tokens_saved as f64 / batch.total_original_tokens as f64;
            println!(
                "{:<14} {:>6} {:>7.2} {:>7.2} {:>7.2} {:>7.2} {:>8.2} {:>9} {:>8}",
                level.name(),
                if preserve { "keep" } else { "compact" },
                batch.average_reduction_percentage,
                q(0.5),
                q(0.1),
                q(0.9),
                total,
                batch.successful_optimizations,
                damaged
            );
            if preserve {
                let mut by: std::collections::BTreeMap<&str, (f64, usize)> = Default::default();
                for (r, s) in batch.results.iter().zip(&corpus.sources) {
                    let e = by.entry(s.as_str()).or_default();
                    e.0 += r.reduction_percentage;
                    e.1 += 1;
                }
                let parts: Vec<String> = by
                    .iter()
                    .map(|(s, (sum, n))| format!("{s} {:.2}% (n={n})", sum / *n as f64))
                    .collect();
                println!("    mean by source: {}", parts.join(", "));
                let top: Vec<String> = batch
                    .most_frequent_optimizations
                    .iter()
                    .map(|(id, n)| format!("{id} ({n})"))
                    .collect();
                println!("    most frequent: {}", top.join(", "));
            }
            if std::env::var_os("SHOW_OUTPUT").is_some() && preserve {
                for r in batch.results.iter().filter(|r| r.tokens_saved > 0).take(3) {
                    println!(
                        "    {:?}\n    => {:?}",
                        r.original_prompt, r.optimized_prompt
                    );
                }
            }
        }
    }
    Ok(())
}

/// Protected spans, extracted with rules of its own (not the optimizer's code).
struct Checker {
    inline: Vec<(&'static str, Regex)>,
}

impl Checker {
    fn new() -> Checker {
        let r = |s: &str| Regex::new(s).expect("valid regex");
        Checker {
            inline: vec![
                ("inline code", r"`[^`\n]+`"),
                ("url", r"https?://[^\s<>`]+"),
                ("email", r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),
                ("double quotes", r#""[^"\n]*""#),
                ("placeholder", r"\{\{[^{}\n]*\}\}|\{%[^\n]*?%\}|\{[^{}\n]*\}|\$\{[^}\n]*\}|<[^<>\n]+>|%[sd]"),
                ("number", r"\d+(?:[.,:/-]\d+)*"),
                ("negation", r"(?i)\b(?:not|no|never|without|nor|none|nothing|cannot|\w+n't|nunca|sin|jamás|ni|nada|nadie)\b"),
            ]
            .into_iter()
            .map(|(k, p)| (k, r(p)))
            .collect(),
        }
    }

    fn extract(&self, text: &str) -> HashMap<(&'static str, String), usize> {
        let mut m = HashMap::new();
        for (kind, re) in &self.inline {
            for x in re.find_iter(text) {
                let s = if *kind == "negation" {
                    x.as_str().to_lowercase()
                } else {
                    x.as_str().to_string()
                };
                *m.entry((*kind, s)).or_insert(0) += 1;
            }
        }
        // Fenced code blocks and JSON-looking blocks (a line starting with '{' or '[' to the line
        // that closes it), compared whole.
        let lines: Vec<&str> = text.lines().collect();
        let mut i = 0;
        while i < lines.len() {
            let t = lines[i].trim_start();
            if t.starts_with("```") || t.starts_with("~~~") {
                let fence = &t[..3];
                let j = (i + 1..lines.len())
                    .find(|&j| lines[j].trim_start().starts_with(fence))
                    .unwrap_or(lines.len() - 1);
                *m.entry(("code block", lines[i..=j].join("\n")))
                    .or_insert(0) += 1;
                i = j + 1;
                continue;
            }
            i += 1;
        }
        m
    }

    /// Spans of `input` missing from `output` (counted with multiplicity).
    fn damaged(&self, input: &str, output: &str) -> usize {
        if input == output {
            return 0;
        }
        let a = self.extract(input);
        let b = self.extract(output);
        a.iter()
            .map(|(k, &n)| n.saturating_sub(b.get(k).copied().unwrap_or(0)))
            .sum()
    }
}
