//! Token counting with OpenAI's BPE encodings.
//!
//! Counts equal OpenAI's `tiktoken` exactly for the four public encodings (checked against golden
//! fixtures generated with Python `tiktoken`, `fixtures/tokens/golden.json`, and by property tests
//! against `tiktoken-rs`). Text is counted as *ordinary* text: a literal `<|endoftext|>` in user
//! input counts as the characters it is made of, as `tiktoken`'s `encode_ordinary` does, so user
//! text can never smuggle in a special token.
//!
//! Models whose tokenizer is not public (Anthropic, Google, ...) are counted with the encoding named
//! in their catalog entry and the result is marked [`TokenCount::estimated`]; see
//! `docs/TOKENS.md` for how close those estimates are.
//!
//! ```
//! use llmcost_core::tokens::{ChatMessage, Encoding};
//!
//! assert_eq!(Encoding::O200kBase.count("hello world"), 2);
//! assert_eq!(Encoding::Cl100kBase.encode("hello world"), vec![15339, 1917]);
//! // A special-token literal is ordinary text.
//! assert_eq!(Encoding::Cl100kBase.count("<|endoftext|>"), 7);
//! // 3 per message + role + content + 3 to prime the reply.
//! let messages = [ChatMessage::new("user", "hello world")];
//! assert_eq!(Encoding::O200kBase.count_messages(&messages), 3 + 1 + 2 + 3);
//! ```
//!
//! # Performance notes
//!
//! Single-thread throughput on the real-prompt corpus in `fixtures/prompts/`, cl100k_base, measured
//! side by side with criterion (`benches/tokens.rs`; figures and machine in `docs/PERFORMANCE.md`).
//! Relative figures (several runs): tiktoken-rs 1x, bpe-openai about 2.5x, this engine 11-18x
//! counting and 6-12x encoding; Python tiktoken 0.14 ran at 1-2x tiktoken-rs (7-14x slower than
//! this engine's count).
//!
//! Kept, in the order they were added:
//!
//! - **Own engine, no `fancy-regex`.** Pre-tokenization is one `regex-automata` multi-pattern
//!   lazy DFA per encoding, matched anchored at each position. tiktoken needs `fancy-regex` only
//!   for the look-ahead `\s+(?!\S)`; it is emulated by a pattern `\s+\s` whose last character is
//!   given back (the trick comes from the `bpe-openai` crate). The byte-pair merge is tiktoken's
//!   own algorithm (lowest rank first, leftmost on ties), so ids are tiktoken's by construction:
//!   pieces up to 64 bytes merge in a stack buffer, longer ones with a heap (same order,
//!   `O(n log n)`). Counting never builds the token `Vec`. About 3x tiktoken-rs.
//! - **ASCII fast path.** A hand-written scanner per pattern decides a piece from ASCII bytes and
//!   gives up (the DFA decides) whenever a non-ASCII character could change the answer; a test
//!   compares both on every string of up to 4 characters from a 28-character alphabet. With the
//!   next item, about 7x tiktoken-rs.
//! - **Packed vocabulary keys.** Tokens of up to 15 bytes are keyed by a `u128` (bytes + length):
//!   no pointer chase or `memcmp` per lookup.
//! - **Per-thread piece cache.** Profiling then showed over half the time in vocabulary lookups
//!   (cache misses in a multi-megabyte table). A 4,096-entry direct-mapped cache per thread and
//!   encoding maps a short piece to its count and rank; exact keys, no locks. About +35-50% on
//!   counting.
//!
//! Tried and rejected:
//!
//! - **tiktoken-rs alone** (the previous implementation): the same algorithm as Python
//!   tiktoken, dominated by `fancy-regex` backtracking; measured 0.5-1.1x Python tiktoken 0.14
//!   here. Kept as
//!   the reference in tests and as the fallback should an engine fail to build.
//! - **`bpe-openai`** (cl100k/o200k only): identical counts and ids on all golden texts and on
//!   20,000 random strings against tiktoken-rs, but only about 2.5x tiktoken-rs: it allocates per
//!   piece, and its cl100k pattern puts `\s*[\r\n]+` before `\s+$` (tiktoken has the reverse),
//!   so its pieces differ from tiktoken's for whitespace ending in a newline at the end of the
//!   text; the tokens still agree, but only through a property of the vocabulary. Here the
//!   patterns follow tiktoken's order, and p50k/r50k use the same code.
//!
//! Not done: `encode` caches only single-token pieces (multi-token pieces are merged each time);
//! an id-list cache would need allocation per entry.

mod engine;

use std::fmt;
use std::str::FromStr;
use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use engine::{Engine, Split};

/// A byte-pair encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Encoding {
    /// GPT-4o, GPT-4.1, GPT-5, o-series.
    O200kBase,
    /// GPT-4, GPT-3.5-turbo, text-embedding-3.
    Cl100kBase,
    /// Codex and text-davinci-002/003.
    P50kBase,
    /// GPT-3 (davinci, curie, babbage, ada).
    R50kBase,
}

impl Encoding {
    /// Every encoding.
    pub const ALL: [Encoding; 4] = [
        Encoding::O200kBase,
        Encoding::Cl100kBase,
        Encoding::P50kBase,
        Encoding::R50kBase,
    ];

    /// The name tiktoken uses (`"o200k_base"`, ...).
    pub fn name(self) -> &'static str {
        match self {
            Encoding::O200kBase => "o200k_base",
            Encoding::Cl100kBase => "cl100k_base",
            Encoding::P50kBase => "p50k_base",
            Encoding::R50kBase => "r50k_base",
        }
    }

    fn bpe(self) -> &'static tiktoken_rs::CoreBPE {
        match self {
            Encoding::O200kBase => tiktoken_rs::o200k_base_singleton(),
            Encoding::Cl100kBase => tiktoken_rs::cl100k_base_singleton(),
            Encoding::P50kBase => tiktoken_rs::p50k_base_singleton(),
            Encoding::R50kBase => tiktoken_rs::r50k_base_singleton(),
        }
    }

    fn engine(self) -> Option<&'static Engine> {
        static O200K: LazyLock<Option<Engine>> = LazyLock::new(|| {
            Engine::build(
                Split::O200k,
                tiktoken_rs::o200k_base_singleton(),
                199_998,
                &[],
                0,
            )
        });
        static CL100K: LazyLock<Option<Engine>> = LazyLock::new(|| {
            Engine::build(
                Split::Cl100k,
                tiktoken_rs::cl100k_base_singleton(),
                100_256,
                &[],
                1,
            )
        });
        static P50K: LazyLock<Option<Engine>> = LazyLock::new(|| {
            Engine::build(
                Split::R50k,
                tiktoken_rs::p50k_base_singleton(),
                50_281,
                &[50_256],
                2,
            )
        });
        static R50K: LazyLock<Option<Engine>> = LazyLock::new(|| {
            Engine::build(
                Split::R50k,
                tiktoken_rs::r50k_base_singleton(),
                50_256,
                &[],
                3,
            )
        });
        match self {
            Encoding::O200kBase => O200K.as_ref(),
            Encoding::Cl100kBase => CL100K.as_ref(),
            Encoding::P50kBase => P50K.as_ref(),
            Encoding::R50kBase => R50K.as_ref(),
        }
    }

    /// The number of tokens in `text`, exactly as tiktoken's `len(enc.encode_ordinary(text))`.
    ///
    /// Counts without building the token list. The first call for an encoding loads its
    /// vocabulary (about 30 ms for r50k/p50k, 70 ms for cl100k, 200 ms for o200k on a 2-core
    /// server); call [`Encoding::preload`] to pay that up front. Each thread that counts keeps a
    /// 128 KiB cache of frequent pieces per encoding it uses.
    pub fn count(self, text: &str) -> usize {
        match self.engine() {
            Some(e) => e.count(text),
            None => self.bpe().encode_ordinary(text).len(),
        }
    }

    /// The token ids of `text`, exactly as tiktoken's `enc.encode_ordinary(text)`.
    pub fn encode(self, text: &str) -> Vec<u32> {
        match self.engine() {
            Some(e) => e.encode(text),
            None => self.bpe().encode_ordinary(text),
        }
    }

    /// Loads the encoding's vocabulary now rather than on first use (for servers that want
    /// predictable latency). Calling it again does nothing.
    pub fn preload(self) {
        let _ = self.engine();
    }

    /// The pieces tiktoken's pre-tokenization regex splits `text` into, in order; every token
    /// lies within one piece, and the pieces concatenate back to `text`.
    ///
    /// ```
    /// use llmcost_core::Encoding;
    ///
    /// assert_eq!(Encoding::Cl100kBase.split("Hello  world!"), ["Hello", " ", " world", "!"]);
    /// ```
    pub fn split(self, text: &str) -> Vec<&str> {
        match self.engine() {
            Some(e) => e.split(text).collect(),
            None => vec![text],
        }
    }
}

impl fmt::Display for Encoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Encoding {
    type Err = Error;

    fn from_str(s: &str) -> Result<Encoding> {
        Encoding::ALL
            .into_iter()
            .find(|e| e.name() == s)
            .ok_or_else(|| {
                Error::invalid_input(format!(
                    "unknown encoding '{s}'; use one of o200k_base, cl100k_base, p50k_base, r50k_base"
                ))
            })
    }
}

/// The result of counting: the number, how it was counted, and whether it is exact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TokenCount {
    /// Number of tokens.
    pub tokens: u64,
    /// The encoding used.
    pub encoding: Encoding,
    /// `true` when the model's own tokenizer is not public and `tokens` is an estimate.
    pub estimated: bool,
}

/// One chat message, as sent to a chat completions API.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ChatMessage {
    /// `"system"`, `"user"`, `"assistant"`, `"tool"`, `"developer"`.
    pub role: String,
    /// The text content.
    pub content: String,
    /// Optional participant name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

impl ChatMessage {
    /// A message with a role and content.
    pub fn new(role: impl Into<String>, content: impl Into<String>) -> Self {
        ChatMessage {
            role: role.into(),
            content: content.into(),
            name: None,
        }
    }

    /// Sets the participant name.
    pub fn with_name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }
}

/// Tokens a chat completions request adds per message (3), per `name` field (1), and once to prime
/// the reply (3): OpenAI's published rule for every chat model since gpt-3.5-turbo-0613.
pub const TOKENS_PER_MESSAGE: u64 = 3;
/// Tokens added when a message carries a `name`.
pub const TOKENS_PER_NAME: u64 = 1;
/// Tokens added once per request to prime the assistant's reply.
pub const REPLY_PRIMING_TOKENS: u64 = 3;

impl Encoding {
    /// Prompt tokens of a chat request made of `messages`, with OpenAI's per-message overhead:
    /// 3 per message + 1 per name + role, content and name tokens + 3 for the reply.
    pub fn count_messages(self, messages: &[ChatMessage]) -> u64 {
        let mut n = REPLY_PRIMING_TOKENS;
        for m in messages {
            n += TOKENS_PER_MESSAGE;
            n += self.count(&m.role) as u64;
            n += self.count(&m.content) as u64;
            if let Some(name) = &m.name {
                n += TOKENS_PER_NAME + self.count(name) as u64;
            }
        }
        n
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_counts() {
        // Reference values from OpenAI's tiktoken.
        assert_eq!(Encoding::Cl100kBase.count("hello world"), 2);
        assert_eq!(Encoding::O200kBase.count("hello world"), 2);
        assert_eq!(Encoding::Cl100kBase.count(""), 0);
    }

    #[test]
    fn every_engine_builds_with_the_full_vocabulary() {
        // Mergeable ranks per encoding (special tokens excluded), as in tiktoken's rank files.
        let sizes = [199_998, 100_256, 50_280, 50_256];
        for (e, n) in Encoding::ALL.into_iter().zip(sizes) {
            let engine = e
                .engine()
                .unwrap_or_else(|| panic!("{e} engine did not build"));
            assert_eq!(engine.vocab_len(), n, "{e}");
        }
    }

    #[test]
    fn long_pieces_merge_like_tiktoken() {
        // Pieces longer than the stack buffer take the heap path.
        for e in Encoding::ALL {
            for text in [
                "a".repeat(65),
                "ab".repeat(200),
                "xyzzy".repeat(77),
                "9".repeat(300),
            ] {
                let reference = e.bpe().encode_ordinary(&text);
                assert_eq!(e.encode(&text), reference, "{e} {text}");
                assert_eq!(e.count(&text), reference.len(), "{e} {text}");
            }
        }
    }

    #[test]
    fn split_pieces_concatenate_to_the_text() {
        let text = "Hello  world!\n\n  x\t 12345 it's";
        for e in Encoding::ALL {
            assert_eq!(e.split(text).concat(), text, "{e}");
        }
        assert_eq!(
            Encoding::Cl100kBase.split("Hello  world"),
            vec!["Hello", " ", " world"]
        );
    }

    #[test]
    fn ascii_fast_paths_agree_with_the_regex() {
        let atoms = [
            "a", "Z", "'", "s", "S", "re", "LL", "ve", "d", "ſ", "é", "É", "\u{301}", "中", "1",
            "٣", " ", "  ", "\t", "\n", "\r", "\u{a0}", "\u{3000}", "!", "/", ".", "\0", "😀",
        ];
        for e in Encoding::ALL {
            let engine = e.engine().unwrap();
            // Every string of up to 4 atoms: all the ways ASCII and non-ASCII characters meet.
            let mut layer = vec![String::new()];
            for _ in 0..4 {
                let mut next = Vec::new();
                for s in &layer {
                    for a in atoms {
                        let t = format!("{s}{a}");
                        let fast: Vec<&str> = engine.split(&t).collect();
                        let slow: Vec<&str> = engine.split_regex_only(&t).collect();
                        assert_eq!(fast, slow, "{e} {t:?}");
                        next.push(t);
                    }
                }
                layer = next;
            }
        }
    }

    #[test]
    fn piece_caches_are_per_encoding_and_exact() {
        // p50k_base has tokens for runs of spaces that r50k_base lacks: a cache shared between
        // them would return the wrong count on the second call.
        let text = "def f():\n        return   1\n\n    x = '    '";
        for _ in 0..3 {
            for e in Encoding::ALL {
                let reference = e.bpe().encode_ordinary(text);
                assert_eq!(e.count(text), reference.len(), "{e}");
                assert_eq!(e.encode(text), reference, "{e}");
            }
        }
        assert_ne!(
            Encoding::P50kBase.count(text),
            Encoding::R50kBase.count(text)
        );
        // Without a cache (what a thread gets if its cache is unavailable) the result is the same.
        let engine = Encoding::Cl100kBase.engine().unwrap();
        assert_eq!(
            engine.count_uncached(text),
            Encoding::Cl100kBase.count(text)
        );
        assert_eq!(
            engine.encode_uncached(text),
            Encoding::Cl100kBase.encode(text)
        );
    }

    #[test]
    fn encoding_names_round_trip() {
        for e in Encoding::ALL {
            assert_eq!(e.name().parse::<Encoding>().unwrap(), e);
        }
        let err = "gpt2".parse::<Encoding>().unwrap_err();
        assert!(err.message().contains("cl100k_base"));
    }
}
