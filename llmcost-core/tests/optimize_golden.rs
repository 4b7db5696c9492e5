//! Golden cases shared with the bindings: `fixtures/optimize/golden.json`.

use std::collections::HashSet;

use llmcost_core::Encoding;
use llmcost_core::optimize::{Level, OptimizeOptions, Optimizer};
use serde_json::Value;

const GOLDEN: &str = include_str!("../../fixtures/optimize/golden.json");

#[test]
fn golden_cases() {
    let fixture: Value = serde_json::from_str(GOLDEN).unwrap();
    let optimizer = Optimizer::new();
    let mut failures = Vec::new();
    let cases = fixture["cases"].as_array().unwrap();
    assert!(cases.len() > 300);
    for case in cases {
        let o = &case["options"];
        let opts = OptimizeOptions::new()
            .level(o["level"].as_str().unwrap().parse::<Level>().unwrap())
            .preserve_structure(o["preserve_structure"].as_bool().unwrap());
        let input = case["input"].as_str().unwrap();
        let expected = case["expected"].as_str().unwrap();
        let got = optimizer.optimize(input, &opts).unwrap();
        if got.optimized_prompt != expected {
            failures.push(format!(
                "{}: {input:?}\n   expected {expected:?}\n   got      {:?}",
                case["name"], got.optimized_prompt
            ));
        }
        assert!(got.optimized_tokens <= got.original_tokens);
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_rule_has_golden_cases() {
    let fixture: Value = serde_json::from_str(GOLDEN).unwrap();
    let covered: HashSet<&str> = fixture["cases"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["rule"].as_str())
        .collect();
    for pack in Optimizer::new().packs() {
        for rule in &pack.rules {
            assert!(
                covered.contains(rule.id.as_str()),
                "no golden case for {}",
                rule.id
            );
        }
    }
}

#[test]
fn every_rule_saves_a_token() {
    // A rule that never saves a token (with o200k_base, in running text) would only make prompts
    // harder to read; it does not belong in a bundled pack.
    for pack in Optimizer::new().packs() {
        for rule in &pack.rules {
            let enc = Encoding::O200kBase;
            let before = enc.count(&format!("We {} now.", rule.pattern));
            let after = if rule.replacement.is_empty() {
                enc.count("We now.")
            } else {
                enc.count(&format!("We {} now.", rule.replacement))
            };
            assert!(
                after < before,
                "{} saves nothing ({before} -> {after})",
                rule.id
            );
        }
    }
}
