//! Retirement dates: `ModelInfo::deprecation_date` in the bundled catalog, in the native format
//! (validated on load) and in the LiteLLM import.

use llmcost_core::{Catalog, ErrorKind};
use serde_json::json;

const SMALL: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../fixtures/litellm/small.json"
));

fn model(extra: serde_json::Value) -> serde_json::Value {
    let mut m = json!({
        "id": "old-model", "provider": "acme",
        "pricing": {"input": "1", "output": "2"},
        "source": "https://example.com/pricing", "as_of": "2026-11-20"
    });
    for (k, v) in extra.as_object().unwrap() {
        m[k] = v.clone();
    }
    m
}

fn load(m: serde_json::Value) -> llmcost_core::Result<Catalog> {
    let doc = json!({"schema_version": 1, "as_of": "2026-11-20", "models": [m]});
    Catalog::from_json_str(&doc.to_string())
}

#[test]
fn bundled_dates_follow_litellm_and_the_table() {
    let c = Catalog::bundled();
    let date = |id: &str| c.get(id).unwrap().deprecation_date.clone();
    assert_eq!(date("gpt-5").as_deref(), Some("2026-12-11"));
    assert_eq!(date("gpt-5-nano").as_deref(), Some("2026-12-11"));
    assert_eq!(date("gpt-4o").as_deref(), Some("2027-01-14"));
    assert_eq!(date("claude-sonnet-4-5").as_deref(), Some("2026-11-30"));
    assert_eq!(date("deepseek-chat").as_deref(), Some("2026-07-24"));
    // From the table: Gemini 2.0 (not in LiteLLM), and no date for the Claude models read from
    // Bedrock entries (Bedrock's schedule is not Anthropic's).
    assert_eq!(date("gemini-2.0-flash").as_deref(), Some("2026-06-01"));
    assert_eq!(date("claude-sonnet-4"), None);
    assert!(c.get("claude-sonnet-4").unwrap().deprecated);
    assert_eq!(date("claude-haiku-4-5"), None);
    assert!(!c.get("claude-haiku-4-5").unwrap().deprecated);
    for m in c.models() {
        // A date is set only on a deprecated model.
        assert!(m.deprecation_date.is_none() || m.deprecated, "{}", m.id);
    }
    let nano = c.get("gpt-5-nano").unwrap();
    assert!(!nano.retired_on("2026-12-10"));
    assert!(nano.retired_on("2026-12-11"));
    assert!(nano.retired_on("2027-01-01"));
    assert!(!c.get("claude-sonnet-4").unwrap().retired_on("2099-01-01"));
}

#[test]
fn native_format_round_trips_the_date() {
    let c = load(model(
        json!({"deprecated": true, "deprecation_date": "2027-02-01"}),
    ))
    .unwrap();
    assert_eq!(
        c.get("old-model").unwrap().deprecation_date.as_deref(),
        Some("2027-02-01")
    );
    let text = c.to_json_string();
    assert!(
        text.contains("\"deprecation_date\": \"2027-02-01\""),
        "{text}"
    );
    assert_eq!(Catalog::from_json_str(&text).unwrap().models(), c.models());
    // Absent: not written.
    let plain = load(model(json!({}))).unwrap();
    assert!(!plain.to_json_string().contains("deprecation_date"));
}

#[test]
fn invalid_dates_are_rejected_naming_model_and_field() {
    for bad in ["2026-13-01", "2026-02-30", "11/30/2026", "soon", ""] {
        let e = load(model(json!({"deprecated": true, "deprecation_date": bad}))).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::CatalogInvalid, "{bad}");
        let msg = e.message();
        assert!(
            msg.contains("'old-model'")
                && msg.contains("deprecation_date")
                && msg.contains("YYYY-MM-DD"),
            "{msg}"
        );
    }
    let e = load(model(
        json!({"deprecated": true, "deprecation_date": 20261130}),
    ))
    .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::CatalogInvalid);
    assert!(e.message().contains("'old-model'"), "{e}");
    // A date on a model that is not deprecated is inconsistent.
    let e = load(model(json!({"deprecation_date": "2027-02-01"}))).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::CatalogInvalid);
    assert!(
        e.message().contains("'old-model'") && e.message().contains("deprecated is false"),
        "{e}"
    );
}

#[test]
fn litellm_import_fills_the_date_and_skips_a_bad_one() {
    let imp = Catalog::from_litellm_json_as_of(SMALL, "2026-11-20").unwrap();
    let gpt = imp.catalog.get("gpt-4o").unwrap();
    assert!(gpt.deprecated);
    assert_eq!(gpt.deprecation_date.as_deref(), Some("2027-01-14"));
    let claude = imp.catalog.get("claude-sonnet-4-5").unwrap();
    assert!(!claude.deprecated && claude.deprecation_date.is_none());

    let json = r#"{
      "ok": {"litellm_provider": "openai", "mode": "chat", "input_cost_per_token": 1e-06,
             "output_cost_per_token": 2e-06, "deprecation_date": "2026-12-11"},
      "empty": {"litellm_provider": "openai", "mode": "chat", "input_cost_per_token": 1e-06,
             "output_cost_per_token": 2e-06, "deprecation_date": ""},
      "bad": {"litellm_provider": "openai", "mode": "chat", "input_cost_per_token": 1e-06,
             "output_cost_per_token": 2e-06, "deprecation_date": "December 2026"}
    }"#;
    let imp = Catalog::from_litellm_json_as_of(json, "2026-11-20").unwrap();
    assert_eq!(
        imp.catalog.get("ok").unwrap().deprecation_date.as_deref(),
        Some("2026-12-11")
    );
    let empty = imp.catalog.get("empty").unwrap();
    assert!(!empty.deprecated && empty.deprecation_date.is_none());
    assert!(imp.catalog.find("bad").is_none());
    assert_eq!(imp.skipped.len(), 1);
    assert_eq!(imp.skipped[0].key, "bad");
    assert!(
        imp.skipped[0].reason.contains("deprecation_date"),
        "{}",
        imp.skipped[0].reason
    );
}
