//! Runs the shared usage fixtures (`fixtures/usage/{openai,anthropic,gemini}/*.json`), the same
//! files the Python and Node bindings run.
//!
//! Each fixture is `{"description", "source", "provider", "input", "expected" | "expected_error"}`:
//! `provider` is a name or `null` (tell by shape); `expected` is the `Usage` as JSON with all seven
//! fields; `expected_error` is a substring of the `InvalidInput` message; `"detect": false` marks
//! a case that shape detection alone cannot read the same way.

use std::path::{Path, PathBuf};

use llmcost_core::{ErrorKind, Result, Usage};
use serde_json::Value;

fn fixture_files(dir: &str) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../fixtures/usage")
        .join(dir);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", root.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no fixtures in {}", root.display());
    files
}

fn run_dir(dir: &str, own: fn(&Value) -> Result<Usage>) {
    let mut successes = 0;
    let mut errors = 0;
    for path in fixture_files(dir) {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&path).unwrap();
        let fixture: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        let fixture = fixture.as_object().unwrap();
        assert!(
            fixture.get("description").is_some_and(Value::is_string),
            "{name}: needs a description"
        );
        let provider = match &fixture["provider"] {
            Value::Null => None,
            Value::String(s) => Some(s.as_str()),
            other => panic!("{name}: provider must be a string or null, got {other}"),
        };
        let input = &fixture["input"];
        let by_value = Usage::from_provider(provider, input);
        let by_text = Usage::from_provider_json(provider, &input.to_string());
        // Shape detection and the directory's own constructor know no provider's quirks (such
        // as xAI's reasoning placement without total_tokens); `"detect": false` marks such cases.
        let shape_only = fixture.get("detect") != Some(&Value::Bool(false));
        let by_own = own(input);
        match (fixture.get("expected"), fixture.get("expected_error")) {
            (Some(expected), None) => {
                let got = by_value.unwrap_or_else(|e| panic!("{name}: {e}"));
                assert_eq!(
                    &serde_json::to_value(got).unwrap(),
                    expected,
                    "{name}: from_provider"
                );
                assert_eq!(by_text.unwrap(), got, "{name}: from_provider_json");
                if shape_only {
                    assert_eq!(by_own.unwrap(), got, "{name}: the {dir} constructor");
                    let detected = Usage::from_provider(None, input)
                        .unwrap_or_else(|e| panic!("{name}: shape detection: {e}"));
                    assert_eq!(detected, got, "{name}: shape detection");
                }
                got.validate().unwrap();
                successes += 1;
            }
            (None, Some(Value::String(want))) => {
                let mut results =
                    vec![("from_provider", by_value), ("from_provider_json", by_text)];
                if shape_only {
                    results.push(("own constructor", by_own));
                }
                for (how, r) in results {
                    let e = r.expect_err(&format!("{name}: {how} should fail"));
                    assert_eq!(e.kind(), ErrorKind::InvalidInput, "{name}: {how}: {e}");
                    assert!(
                        e.message().contains(want.as_str()),
                        "{name}: {how}: message {:?} lacks {want:?}",
                        e.message()
                    );
                }
                errors += 1;
            }
            _ => panic!("{name}: needs exactly one of expected / expected_error (a string)"),
        }
    }
    assert!(
        successes > 0 && errors > 0,
        "{dir}: needs both kinds of fixture"
    );
}

#[test]
fn openai_fixtures() {
    run_dir("openai", Usage::from_openai);
}

#[test]
fn anthropic_fixtures() {
    run_dir("anthropic", Usage::from_anthropic);
}

#[test]
fn gemini_fixtures() {
    run_dir("gemini", Usage::from_gemini);
}

#[test]
fn text_that_is_not_json_names_the_position() {
    let e = Usage::from_openai_json("{\"prompt_tokens\": 1,\n").unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidInput);
    assert!(e.message().contains("line 2"), "{e}");
}

#[test]
fn public_usage_types_are_send_and_sync() {
    fn check<T: Send + Sync>() {}
    check::<Usage>();
    check::<llmcost_core::AnthropicStreamUsage>();
}

#[test]
fn an_anthropic_stream_needs_only_its_start_and_last_delta() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../fixtures/usage/anthropic/stream_cumulative_deltas.json");
    let fixture: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let events = fixture["input"].as_array().unwrap();
    let start = events
        .iter()
        .find(|e| e["type"] == "message_start")
        .unwrap();
    let deltas: Vec<&Value> = events
        .iter()
        .filter(|e| e["type"] == "message_delta")
        .collect();
    assert!(deltas.len() > 1);
    let whole = Usage::from_anthropic_stream(events).unwrap();
    let short = Usage::from_anthropic_stream(&[start.clone(), (*deltas.last().unwrap()).clone()]);
    assert_eq!(short.unwrap(), whole);
    // Adding the deltas up instead of keeping the last would count output several times.
    let first_only = Usage::from_anthropic_stream(&[start.clone(), deltas[0].clone()]).unwrap();
    assert!(first_only.output_tokens < whole.output_tokens);
}
