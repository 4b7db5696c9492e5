//! [`Optimizer::analyze`]: linter-style findings and an efficiency score.

use serde::{Deserialize, Serialize};

use super::passes::{Source, builtin_message};
use super::{Level, Optimizer, Prepared};
use crate::tokens::Encoding;

/// One place where a prompt could be shorter, like a linter warning.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Finding {
    /// The rule id (`"en.in_order_to"`) or built-in pass id (`"whitespace.spaces"`).
    pub rule_id: String,
    /// Start byte offset of the text to change (inclusive).
    pub start: usize,
    /// End byte offset (exclusive).
    pub end: usize,
    /// What is wrong, in a few words.
    pub message: String,
    /// The suggested replacement for `text[start..end]` (empty: delete it).
    pub replacement: String,
    /// Tokens the replacement saves, counted around it.
    pub tokens_saved: u64,
    /// The lowest level at which [`Optimizer::optimize`] applies it.
    pub level: Level,
}

/// The result of [`Optimizer::analyze`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Analysis {
    /// Tokens of the prompt.
    pub token_count: u64,
    /// Whitespace-separated words.
    pub word_count: u64,
    /// Unicode scalar values (characters).
    pub char_count: u64,
    /// Lines (`0` for an empty prompt).
    pub line_count: u64,
    /// Lines that are empty or whitespace only.
    pub empty_lines: u64,
    /// `token_count / word_count` (0 when there are no words).
    pub tokens_per_word: f64,
    /// `1 − s / token_count`, where `s` is the sum of `tokens_saved` over the findings of level
    /// `standard` or lower: the share of the prompt's tokens that the standard level would keep.
    /// `1.0` means nothing to remove (and for an empty prompt); rounded to 3 decimals, never below 0.
    pub efficiency_score: f64,
    /// Findings at every level, by position.
    pub findings: Vec<Finding>,
    /// Sum of `tokens_saved` over all findings (every level).
    pub potential_tokens_saved: u64,
    /// The encoding that counted the tokens.
    pub encoding: Encoding,
}

pub(crate) fn analyze(opt: &Optimizer, text: &str, p: &Prepared) -> Analysis {
    let token_count = p.encoding.count(text) as u64;
    let word_count = text.split_whitespace().count() as u64;
    let lines: Vec<&str> = if text.is_empty() {
        Vec::new()
    } else {
        text.split('\n').collect()
    };
    let findings: Vec<Finding> = opt
        .candidate_edits(text, p)
        .into_iter()
        .map(|e| {
            let original = &text[e.start..e.end];
            let message = match (e.source, opt.rule(e.source)) {
                (Source::Rule(_), Some(r)) if r.replacement.is_empty() => {
                    // The edit may also cover the next word's first letter (to capitalize it).
                    let phrase = text
                        .get(e.start..e.start + r.pattern.len())
                        .unwrap_or(original);
                    format!("'{phrase}' can be removed")
                }
                (Source::Rule(_), Some(_)) => {
                    format!("'{original}' can be written '{}'", e.repl)
                }
                (src, _) => builtin_message(opt.source_id(src)).to_string(),
            };
            Finding {
                rule_id: opt.source_id(e.source).to_string(),
                start: e.start,
                end: e.end,
                message,
                replacement: e.repl,
                tokens_saved: e.saved,
                level: opt.rule_level(e.source),
            }
        })
        .collect();
    let standard: u64 = findings
        .iter()
        .filter(|f| f.level <= Level::Standard)
        .map(|f| f.tokens_saved)
        .sum();
    let efficiency_score = if token_count == 0 {
        1.0
    } else {
        let s = 1.0 - standard as f64 / token_count as f64;
        (s.max(0.0) * 1000.0).round() / 1000.0
    };
    Analysis {
        token_count,
        word_count,
        char_count: text.chars().count() as u64,
        line_count: lines.len() as u64,
        empty_lines: lines.iter().filter(|l| l.trim().is_empty()).count() as u64,
        tokens_per_word: if word_count == 0 {
            0.0
        } else {
            token_count as f64 / word_count as f64
        },
        efficiency_score,
        potential_tokens_saved: findings.iter().map(|f| f.tokens_saved).sum(),
        findings,
        encoding: p.encoding,
    }
}
