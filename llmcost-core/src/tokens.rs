//! Token counting with OpenAI's BPE encodings.
//!
//! Counts equal OpenAI's `tiktoken` exactly for the four public encodings. Text is counted as
//! *ordinary* text: a literal `<|endoftext|>` in user input counts as the characters it is made of,
//! as `tiktoken`'s `encode_ordinary` does, so user text can never smuggle in a special token.
//!
//! Models whose tokenizer is not public (Anthropic, Google, ...) are counted with the encoding named
//! in their catalog entry and the result is marked [`TokenCount::estimated`]; see
//! `docs/TOKENS.md` for how close those estimates are.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

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

    /// The number of tokens in `text`, exactly as tiktoken's `len(enc.encode_ordinary(text))`.
    pub fn count(self, text: &str) -> usize {
        self.bpe().encode_ordinary(text).len()
    }

    /// The token ids of `text` (ordinary encoding).
    pub fn encode(self, text: &str) -> Vec<u32> {
        self.bpe().encode_ordinary(text)
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
    fn encoding_names_round_trip() {
        for e in Encoding::ALL {
            assert_eq!(e.name().parse::<Encoding>().unwrap(), e);
        }
        let err = "gpt2".parse::<Encoding>().unwrap_err();
        assert!(err.message().contains("cl100k_base"));
    }
}
