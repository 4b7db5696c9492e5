//! Token counts against golden fixtures generated with OpenAI's Python `tiktoken`
//! (`scripts/tokens/make_golden.py`), and properties against `tiktoken-rs`.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use llmcost_core::tokens::{ChatMessage, Encoding};
use proptest::prelude::*;
use serde::Deserialize;

#[derive(Deserialize)]
struct Golden {
    tiktoken_version: String,
    encodings: Vec<String>,
    texts: Vec<TextCase>,
    chats: Vec<ChatCase>,
}

#[derive(Deserialize)]
struct TextCase {
    id: String,
    text: String,
    counts: BTreeMap<String, usize>,
    #[serde(default)]
    tokens: Option<BTreeMap<String, Vec<u32>>>,
}

#[derive(Deserialize)]
struct ChatCase {
    id: String,
    messages: Vec<ChatMessage>,
    counts: BTreeMap<String, u64>,
}

static GOLDEN: LazyLock<Golden> = LazyLock::new(|| {
    let raw = include_str!("../../fixtures/tokens/golden.json");
    serde_json::from_str(raw).unwrap()
});

fn enc(name: &str) -> Encoding {
    name.parse().unwrap()
}

#[test]
fn golden_covers_every_encoding_and_the_required_kinds() {
    let g = &*GOLDEN;
    assert!(!g.tiktoken_version.is_empty());
    let names: Vec<&str> = Encoding::ALL.iter().map(|e| e.name()).collect();
    assert_eq!(g.encodings, names);
    for id in [
        "empty",
        "cjk_chinese",
        "emoji_zwj",
        "combining_marks",
        "code_python",
        "json_pretty",
        "whitespace_long_run",
        "long_word_ascii",
        "endoftext_literal",
        "mixed_scripts",
    ] {
        assert!(
            g.texts.iter().any(|c| c.id == id),
            "missing golden case {id}"
        );
    }
    assert!(
        g.texts
            .iter()
            .filter(|c| c.id.starts_with("corpus:"))
            .count()
            >= 30
    );
    assert!(g.texts.len() >= 200);
    assert!(g.chats.len() >= 5);
}

#[test]
fn every_golden_text_count_matches_tiktoken() {
    let mut failures = Vec::new();
    for case in &GOLDEN.texts {
        assert_eq!(case.counts.len(), 4, "{}", case.id);
        for (name, &expected) in &case.counts {
            let got = enc(name).count(&case.text);
            if got != expected {
                failures.push(format!(
                    "{} / {name}: got {got}, tiktoken {expected}",
                    case.id
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_golden_token_list_matches_tiktoken() {
    let mut checked = 0;
    for case in &GOLDEN.texts {
        let Some(tokens) = &case.tokens else { continue };
        for (name, expected) in tokens {
            assert_eq!(
                &enc(name).encode(&case.text),
                expected,
                "{} / {name}",
                case.id
            );
            checked += 1;
        }
    }
    assert!(checked >= 400, "only {checked} token lists checked");
}

#[test]
fn every_golden_chat_count_matches_the_cookbook_rule() {
    for case in &GOLDEN.chats {
        for (name, &expected) in &case.counts {
            assert_eq!(
                enc(name).count_messages(&case.messages),
                expected,
                "{} / {name}",
                case.id
            );
        }
    }
}

#[test]
fn token_types_are_send_and_sync() {
    fn check<T: Send + Sync>() {}
    check::<Encoding>();
    check::<ChatMessage>();
    check::<llmcost_core::TokenCount>();
}

#[test]
fn counting_from_many_threads_agrees() {
    let texts: Vec<String> = GOLDEN.texts.iter().map(|c| c.text.clone()).collect();
    let expected: Vec<usize> = texts.iter().map(|t| Encoding::O200kBase.count(t)).collect();
    std::thread::scope(|s| {
        for _ in 0..4 {
            s.spawn(|| {
                for (t, &n) in texts.iter().zip(&expected) {
                    assert_eq!(Encoding::O200kBase.count(t), n);
                }
            });
        }
    });
}

#[test]
fn special_token_literals_are_ordinary_text() {
    for e in Encoding::ALL {
        let ids = e.encode("<|endoftext|>");
        assert!(ids.len() > 1, "{e}: {ids:?}");
        let eot = match e {
            Encoding::O200kBase => 199_999,
            Encoding::Cl100kBase => 100_257,
            _ => 50_256,
        };
        assert!(!ids.contains(&eot), "{e}");
    }
}

/// Every string of up to `max_len` characters over an alphabet that drives the whitespace,
/// newline, look-ahead and end-of-text branches of the split patterns.
fn exhaustive_whitespace(max_len: usize) {
    let alphabet = [" ", "\t", "\n", "\r", "\u{a0}", "\u{3000}", "a", "1", "!"];
    let mut layer = vec![String::new()];
    for _ in 0..max_len {
        let mut next = Vec::with_capacity(layer.len() * alphabet.len());
        for s in &layer {
            for a in alphabet {
                next.push(format!("{s}{a}"));
            }
        }
        for text in &next {
            for e in Encoding::ALL {
                assert_eq!(e.encode(text), reference(e, text), "{e} {text:?}");
            }
        }
        layer = next;
    }
}

#[test]
fn every_short_whitespace_string_splits_like_tiktoken_rs() {
    exhaustive_whitespace(4);
}

/// Strings built from characters that exercise every branch of the split patterns.
fn tricky_text() -> impl Strategy<Value = String> {
    let atoms = prop::sample::select(vec![
        "a",
        "Z",
        "é",
        "e\u{301}",
        "ß",
        "ǅ",
        "ʰ",
        "中",
        "한",
        "ا",
        "я",
        "Ω",
        "ſ",
        "\u{212a}",
        "0",
        "7",
        "٣",
        "１",
        "Ⅻ",
        " ",
        "  ",
        "\t",
        "\n",
        "\r\n",
        "\r",
        "\u{a0}",
        "\u{3000}",
        "\u{2028}",
        "\u{85}",
        "'",
        "'s",
        "'S",
        "'ll",
        "'LL",
        "'ve",
        "'re",
        "'d",
        "'m",
        "'t",
        "’",
        ".",
        ",",
        "!",
        "?",
        "/",
        "//",
        "\\",
        "-",
        "_",
        "{",
        "}",
        "<|endoftext|>",
        "😀",
        "👍🏽",
        "\u{200d}",
        "🇺🇸",
        "\u{fe0f}",
        "\0",
        "\u{7f}",
        "\u{feff}",
        "\u{e000}",
        "𝔘",
    ]);
    prop::collection::vec((atoms, 1usize..4), 0..40).prop_map(|parts| {
        parts
            .into_iter()
            .map(|(a, n)| a.repeat(n))
            .collect::<String>()
    })
}

fn reference(e: Encoding, text: &str) -> Vec<u32> {
    let bpe = match e {
        Encoding::O200kBase => tiktoken_rs::o200k_base_singleton(),
        Encoding::Cl100kBase => tiktoken_rs::cl100k_base_singleton(),
        Encoding::P50kBase => tiktoken_rs::p50k_base_singleton(),
        Encoding::R50kBase => tiktoken_rs::r50k_base_singleton(),
        _ => unreachable!("new encoding without a reference"),
    };
    bpe.encode_ordinary(text)
}

fn any_encoding() -> impl Strategy<Value = Encoding> {
    prop::sample::select(Encoding::ALL.to_vec())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn count_is_the_length_of_encode(e in any_encoding(), text in any::<String>()) {
        prop_assert_eq!(e.count(&text), e.encode(&text).len());
    }

    #[test]
    fn encode_equals_tiktoken_rs_on_arbitrary_unicode(e in any_encoding(), text in any::<String>()) {
        prop_assert_eq!(e.encode(&text), reference(e, &text));
    }

    #[test]
    fn encode_equals_tiktoken_rs_on_tricky_text(e in any_encoding(), text in tricky_text()) {
        let ours = e.encode(&text);
        prop_assert_eq!(e.count(&text), ours.len());
        prop_assert_eq!(ours, reference(e, &text));
    }

    #[test]
    fn whitespace_runs_split_like_tiktoken_rs(
        e in any_encoding(),
        text in "[ \t\n\r\u{a0}\u{3000}\u{85}a1!]{0,12}",
    ) {
        prop_assert_eq!(e.encode(&text), reference(e, &text));
    }

    #[test]
    fn long_runs_merge_like_tiktoken_rs(
        e in any_encoding(),
        unit in "[a-z]{1,4}|[0-9]|[ ]|[=*-]|[中é]",
        n in 1usize..400,
    ) {
        let text = unit.repeat(n);
        prop_assert_eq!(e.encode(&text), reference(e, &text));
    }

    #[test]
    fn pieces_concatenate_back_to_the_text(e in any_encoding(), text in tricky_text()) {
        prop_assert_eq!(e.split(&text).concat(), text);
    }

    #[test]
    fn chat_count_adds_the_documented_overhead(
        e in any_encoding(),
        msgs in prop::collection::vec(("[a-z]{1,9}", any::<String>(), prop::option::of("[a-zA-Z0-9_]{1,12}")), 0..6),
    ) {
        let messages: Vec<ChatMessage> = msgs
            .iter()
            .map(|(role, content, name)| {
                let m = ChatMessage::new(role.clone(), content.clone());
                match name { Some(n) => m.with_name(n.clone()), None => m }
            })
            .collect();
        let mut expected = 3u64;
        for m in &messages {
            expected += 3 + e.count(&m.role) as u64 + e.count(&m.content) as u64;
            if let Some(n) = &m.name {
                expected += 1 + e.count(n) as u64;
            }
        }
        prop_assert_eq!(e.count_messages(&messages), expected);
    }
}
