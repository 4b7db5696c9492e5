//! Model lookup keeps its behaviour on the fast paths: case-insensitive, trimmed, provider-prefixed,
//! and names longer than the stack buffer.

use llmcost_core::{Catalog, ErrorKind, Usage};
use proptest::prelude::*;

fn catalog() -> Catalog {
    let long_id = format!("long-{}", "x".repeat(200));
    Catalog::from_json_str(&format!(
        r#"{{"schema_version": 1, "as_of": "2026-01-01", "models": [
            {{"id": "gpt-4o", "provider": "openai", "aliases": ["gpt-4o-2024-08-06"],
              "source": "test", "as_of": "2026-01-01", "pricing": {{"input": "2.5", "output": "10"}}}},
            {{"id": "gemini-2.5-pro", "provider": "google", "source": "test", "as_of": "2026-01-01",
              "pricing": {{"input": "1.25", "output": "10"}}}},
            {{"id": "{long_id}", "provider": "test", "source": "test", "as_of": "2026-01-01",
              "pricing": {{"input": "1", "output": "1"}}}}
        ]}}"#
    ))
    .unwrap()
}

#[test]
fn names_resolve_whatever_their_case_and_spacing() {
    let c = catalog();
    let long_id = format!("long-{}", "x".repeat(200));
    for (name, id) in [
        ("gpt-4o", "gpt-4o"),
        ("GPT-4o", "gpt-4o"),
        ("  gpt-4o\n", "gpt-4o"),
        ("gpt-4o-2024-08-06", "gpt-4o"),
        ("OpenAI/GPT-4o-2024-08-06", "gpt-4o"),
        ("openai/gpt-4o", "gpt-4o"),
        ("gemini/gemini-2.5-pro", "gemini-2.5-pro"),
        ("Vertex_AI/Gemini-2.5-Pro", "gemini-2.5-pro"),
        (long_id.as_str(), long_id.as_str()),
        (
            &format!(" TEST/{} ", long_id.to_uppercase()),
            long_id.as_str(),
        ),
    ] {
        assert_eq!(c.get(name).unwrap().id, id, "{name:?}");
        let cost = c.cost(name, &Usage::new(1000, 10)).unwrap();
        assert_eq!(&*cost.model, id, "{name:?}");
    }
    for name in [
        "gpt-4",
        "anthropic/gpt-4o",
        "",
        "   ",
        "gpt-4o/openai",
        "ǅ",
        &"y".repeat(300),
    ] {
        assert!(c.find(name).is_none(), "{name:?}");
        assert_eq!(
            c.total_cost(name, &Usage::new(1, 1)).unwrap_err().kind(),
            ErrorKind::UnknownModel
        );
    }
}

#[test]
fn cost_names_are_the_catalog_entry() {
    let c = catalog();
    let cost = c.cost("OPENAI/gpt-4o", &Usage::new(1_000_000, 0)).unwrap();
    assert_eq!(
        (&*cost.model, &*cost.provider, &*cost.as_of),
        ("gpt-4o", "openai", "2026-01-01")
    );
    assert_eq!(cost.total.to_string(), "2.5");
    // Serialized as plain strings, and read back.
    let json = serde_json::to_value(&cost).unwrap();
    assert_eq!(json["model"], "gpt-4o");
    assert_eq!(
        serde_json::from_value::<llmcost_core::Cost>(json).unwrap(),
        cost
    );
}

proptest! {
    #[test]
    fn any_ascii_casing_and_padding_finds_the_same_model(
        mask in proptest::collection::vec(any::<bool>(), 40),
        pad_left in "[ \t]{0,3}",
        pad_right in "[ \t\n]{0,3}",
        prefixed in any::<bool>(),
    ) {
        let c = catalog();
        let base = if prefixed { "openai/gpt-4o-2024-08-06" } else { "gpt-4o-2024-08-06" };
        let cased: String = base
            .chars()
            .zip(mask.iter().cycle())
            .map(|(ch, &up)| if up { ch.to_ascii_uppercase() } else { ch })
            .collect();
        let name = format!("{pad_left}{cased}{pad_right}");
        prop_assert_eq!(&c.get(&name).unwrap().id, "gpt-4o");
    }
}
