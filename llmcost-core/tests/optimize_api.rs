//! The optimizer's API: options, errors, pricing, batch, chat, analyze, rule packs.

use llmcost_core::optimize::{
    Analysis, BatchReport, ChatOptimizeReport, Finding, KeepPrefix, Level, OptimizeOptions,
    OptimizeReport, Optimizer, ProtectedSpan, Rule, RuleKind, RulePack, SpanKind,
};
use llmcost_core::{Catalog, ChatMessage, ErrorKind, Usd};

const WORDY: &str = "I want you to act as a tutor. In order to help, keep in mind that the  \
                     student is able to read.";

#[test]
fn types_are_send_and_sync() {
    fn check<T: Send + Sync>() {}
    check::<Optimizer>();
    check::<OptimizeOptions>();
    check::<OptimizeReport>();
    check::<BatchReport>();
    check::<ChatOptimizeReport>();
    check::<Analysis>();
    check::<Finding>();
    check::<RulePack>();
    check::<ProtectedSpan>();
    check::<llmcost_core::AppliedOptimization>();
    check::<llmcost_core::OptimizerBuilder>();
    check::<Level>();
    check::<KeepPrefix>();
    check::<Rule>();
    check::<RuleKind>();
    check::<SpanKind>();
}

#[test]
fn report_fields_and_pricing_from_catalog() {
    let o = Optimizer::new();
    let r = o
        .optimize(WORDY, &OptimizeOptions::new().model("gpt-4o"))
        .unwrap();
    assert_eq!(r.original_prompt, WORDY);
    assert_eq!(
        r.optimized_prompt,
        "Act as a tutor. To help, remember the student can read."
    );
    assert_eq!(r.tokens_saved, r.original_tokens - r.optimized_tokens);
    let pct = 100.0 * r.tokens_saved as f64 / r.original_tokens as f64;
    assert!((r.reduction_percentage - pct).abs() < 1e-9);
    // gpt-4o input: $2.50 per million tokens.
    let per_token: Usd = "0.0000025".parse().unwrap();
    assert_eq!(
        r.estimated_savings_usd,
        per_token.checked_mul_tokens(r.tokens_saved)
    );
    assert!(r.estimated_savings_usd_f64().unwrap() > 0.0);
    let ids: Vec<&str> = r
        .optimizations_applied
        .iter()
        .map(|a| a.rule_id.as_str())
        .collect();
    for id in [
        "en.i_want_you_to",
        "en.in_order_to",
        "en.keep_in_mind_that",
        "en.is_able_to",
        "whitespace.spaces",
    ] {
        assert!(ids.contains(&id), "{id} missing from {ids:?}");
    }
    let total: u64 = r.optimizations_applied.iter().map(|a| a.tokens_saved).sum();
    assert!(total >= r.tokens_saved.saturating_sub(2) && total > 0);
    // Without a model: o200k_base, no dollar figure.
    let r = o.optimize(WORDY, &OptimizeOptions::new()).unwrap();
    assert_eq!(r.estimated_savings_usd, None);
}

#[test]
fn bad_options_are_clear_errors() {
    let o = Optimizer::new();
    let e = o
        .optimize("x", &OptimizeOptions::new().model("gpt4o"))
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::UnknownModel);
    assert!(e.message().contains("gpt-4o"), "{}", e.message());
    let e = o
        .optimize("x", &OptimizeOptions::new().protect("(unclosed"))
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidInput);
    assert!(e.message().contains("(unclosed"));
    let e = o
        .optimize("x", &OptimizeOptions::new().min_reduction(120.0))
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidInput);
    let e = o
        .optimize("x", &OptimizeOptions::new().keep_prefix_marker(""))
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidInput);
    let e = "extreme".parse::<Level>().unwrap_err();
    assert!(e.message().contains("aggressive"));
    assert_eq!("aggressive".parse::<Level>().unwrap(), Level::Aggressive);
}

#[test]
fn min_reduction_gate() {
    let o = Optimizer::new();
    let text = "Answer the question.  ";
    let r = o
        .optimize(text, &OptimizeOptions::new().min_reduction(50.0))
        .unwrap();
    assert!(r.below_min_reduction);
    assert_eq!(r.optimized_prompt, text);
    assert_eq!(r.tokens_saved, 0);
    assert!(r.optimizations_applied.is_empty());
    let r = o
        .optimize(WORDY, &OptimizeOptions::new().min_reduction(5.0))
        .unwrap();
    assert!(!r.below_min_reduction);
    assert!(r.reduction_percentage >= 5.0);
}

#[test]
fn keep_prefix_marker_and_bytes() {
    let o = Optimizer::new();
    let text = "In order to start:  <<END>> In order to finish.";
    let r = o
        .optimize(text, &OptimizeOptions::new().keep_prefix_marker("<<END>>"))
        .unwrap();
    assert_eq!(r.optimized_prompt, "In order to start:  <<END>> To finish.");
    let r = o
        .optimize(text, &OptimizeOptions::new().keep_prefix_marker("absent"))
        .unwrap();
    assert_eq!(r.optimized_prompt, text);
    let r = o
        .optimize(text, &OptimizeOptions::new().keep_prefix_bytes(5))
        .unwrap();
    assert!(r.optimized_prompt.starts_with("In or"));
    assert_eq!(
        OptimizeOptions::new().keep_prefix_bytes(5).keep_prefix,
        Some(KeepPrefix::Bytes(5))
    );
}

#[test]
fn protected_spans_are_listed_with_kinds() {
    let o = Optimizer::new();
    let text = "See https://x.io, `code`, \"quote\", {name}, 42 and do not stop.";
    let spans = o.protected_spans(text, &OptimizeOptions::new()).unwrap();
    let kinds: Vec<(SpanKind, &str)> = spans
        .iter()
        .map(|s| (s.kind, &text[s.start..s.end]))
        .collect();
    for want in [
        (SpanKind::Url, "https://x.io,"),
        (SpanKind::InlineCode, "`code`"),
        (SpanKind::Quoted, "\"quote\""),
        (SpanKind::Bracketed, "{name}"),
        (SpanKind::Number, "42"),
        (SpanKind::Negation, "not"),
    ] {
        assert!(kinds.contains(&want), "{want:?} not in {kinds:?}");
    }
}

#[test]
fn fences_inside_list_items_are_code() {
    // A fence indented under a list item (4 spaces) is still a fence: its prose-like lines are
    // not rewritten even at the aggressive level.
    let o = Optimizer::new();
    let text = "*   **Correct Decomposition**:\n    ```xml\n    <tasks>\n    <task>Write a short \
                post about the benefits of Python in order to find a suitable image.</task>\n    \
                </tasks>\n    ```\n*   Then write a summary of the post.";
    let opts = OptimizeOptions::new().level(Level::Aggressive);
    let spans = o.protected_spans(text, &opts).unwrap();
    let fence = spans
        .iter()
        .find(|s| s.kind == SpanKind::CodeFence)
        .expect("the indented fence is a CodeFence span");
    assert!(
        text[fence.start..fence.end]
            .trim_start()
            .starts_with("```xml")
    );
    assert!(text[fence.start..fence.end].ends_with("```"));
    let out = o.optimize(text, &opts).unwrap().optimized_prompt;
    let block = &text[fence.start..fence.end];
    assert!(out.contains(block), "{out}");
    // Outside the fence the aggressive level still works ("a summary" loses its article).
    assert!(out.contains("write summary"), "{out}");
    // Inline triple backticks at the start of a line are not a fence opener.
    let inline = "```x``` is code.\nPlease note that in order to win, you must try.";
    let spans = o.protected_spans(inline, &opts).unwrap();
    assert!(
        spans.iter().all(|s| s.kind != SpanKind::CodeFence),
        "{spans:?}"
    );
}

#[test]
fn batch_aggregates() {
    let o = Optimizer::new();
    let texts = [WORDY, "Short.", "In order to win, play.  ", ""];
    let b = o
        .optimize_batch(&texts, &OptimizeOptions::new().model("gpt-4o"))
        .unwrap();
    assert_eq!(b.total_prompts, 4);
    assert_eq!(b.results.len(), 4);
    for (r, t) in b.results.iter().zip(texts) {
        assert_eq!(r.original_prompt, t);
        assert_eq!(
            *r,
            o.optimize(t, &OptimizeOptions::new().model("gpt-4o"))
                .unwrap()
        );
    }
    assert_eq!(b.successful_optimizations, 2);
    assert_eq!(
        b.total_tokens_saved,
        b.results.iter().map(|r| r.tokens_saved).sum::<u64>()
    );
    assert_eq!(
        b.total_original_tokens - b.total_optimized_tokens,
        b.total_tokens_saved
    );
    let sum: Usd = b
        .results
        .iter()
        .filter_map(|r| r.estimated_savings_usd)
        .sum();
    assert_eq!(b.total_savings_usd, Some(sum));
    let mean = b
        .results
        .iter()
        .map(|r| r.reduction_percentage)
        .sum::<f64>()
        / 4.0;
    assert!((b.average_reduction_percentage - mean).abs() < 1e-9);
    assert_eq!(
        b.most_frequent_optimizations[0],
        ("en.in_order_to".to_string(), 2)
    );
    assert!(b.most_frequent_optimizations.len() <= 10);
    let empty: [&str; 0] = [];
    let b = o.optimize_batch(&empty, &OptimizeOptions::new()).unwrap();
    assert_eq!(b.average_reduction_percentage, 0.0);
}

#[test]
fn chat_messages_keep_roles_and_tool_messages() {
    let o = Optimizer::new();
    let msgs = vec![
        ChatMessage::new("system", "In order to help, be brief."),
        ChatMessage::new("user", "I want you to act as a poet.").with_name("ann"),
        ChatMessage::new("tool", "{\"in order to\":  1}  in order to  "),
    ];
    let r = o
        .optimize_messages(&msgs, &OptimizeOptions::new().model("gpt-4o"))
        .unwrap();
    assert_eq!(r.messages.len(), 3);
    for (a, b) in r.messages.iter().zip(&msgs) {
        assert_eq!(a.role, b.role);
        assert_eq!(a.name, b.name);
    }
    assert_eq!(r.messages[0].content, "To help, be brief.");
    assert_eq!(r.messages[1].content, "Act as a poet.");
    assert_eq!(r.messages[2].content, msgs[2].content);
    let enc = llmcost_core::Encoding::O200kBase;
    assert_eq!(r.original_tokens, enc.count_messages(&msgs));
    assert_eq!(r.optimized_tokens, enc.count_messages(&r.messages));
    assert!(r.tokens_saved > 0 && r.estimated_savings_usd.unwrap() > Usd::ZERO);
    // The prefix spans the whole system message and the start of the next.
    let keep = msgs[0].content.len() + 3;
    let r = o
        .optimize_messages(&msgs, &OptimizeOptions::new().keep_prefix_bytes(keep))
        .unwrap();
    assert_eq!(r.messages[0].content, msgs[0].content);
    assert!(r.messages[1].content.starts_with("I w"));
}

#[test]
fn analyze_reports_findings_and_score() {
    let o = Optimizer::new();
    let a = o.analyze(WORDY);
    assert_eq!(a.word_count, WORDY.split_whitespace().count() as u64);
    assert_eq!(a.char_count, WORDY.chars().count() as u64);
    assert_eq!(a.line_count, 1);
    let f = a
        .findings
        .iter()
        .find(|f| f.rule_id == "en.in_order_to")
        .unwrap();
    assert_eq!(&WORDY[f.start..f.end], "In order to");
    assert_eq!(f.replacement, "To");
    assert_eq!(f.level, Level::Conservative);
    assert!(f.tokens_saved >= 1 && f.message.contains("In order to"));
    assert!(
        a.findings
            .iter()
            .any(|f| f.rule_id == "en.a" && f.level == Level::Aggressive)
    );
    let standard: u64 = a
        .findings
        .iter()
        .filter(|f| f.level <= Level::Standard)
        .map(|f| f.tokens_saved)
        .sum();
    let score = ((1.0 - standard as f64 / a.token_count as f64) * 1000.0).round() / 1000.0;
    assert_eq!(a.efficiency_score, score);
    assert!(a.efficiency_score < 1.0);
    let a = o.analyze("Please write a poem.");
    let f = a
        .findings
        .iter()
        .find(|f| f.rule_id == "en.please")
        .unwrap();
    assert_eq!((f.start, f.end, f.replacement.as_str()), (0, 8, "W"));
    assert_eq!(f.message, "'Please' can be removed");
    assert_eq!(o.analyze("").efficiency_score, 1.0);
    assert_eq!(o.analyze("Answer.").findings, vec![]);
}

#[test]
fn user_rule_packs() {
    let json = r#"{"name": "team", "language": "en", "rules": [
        {"id": "team.fyi", "kind": "abbreviation", "level": "standard",
         "pattern": "for your information", "replacement": "fyi"}]}"#;
    let pack = RulePack::from_json_str(json).unwrap();
    let o = Optimizer::builder().pack(pack.clone()).build().unwrap();
    let r = o
        .optimize("Deploy it, for your information.", &OptimizeOptions::new())
        .unwrap();
    assert_eq!(r.optimized_prompt, "Deploy it, fyi.");
    assert_eq!(
        RulePack::from_json_str(&pack.to_json_string()).unwrap(),
        pack
    );
    // Errors name the problem.
    let e = RulePack::from_json_str("{\"name\": 1}").unwrap_err();
    assert!(e.message().contains("line 1"));
    let mut bad = pack.clone();
    bad.rules = vec![Rule::new(
        "x",
        RuleKind::Phrase,
        Level::Standard,
        "ab",
        "abc",
    )];
    assert!(bad.validate().unwrap_err().message().contains("shorter"));
    bad.rules = vec![Rule::new(
        "y",
        RuleKind::Phrase,
        Level::Standard,
        "two of them",
        "2",
    )];
    assert!(bad.validate().unwrap_err().message().contains("digits"));
    let e = Optimizer::builder()
        .pack(pack.clone())
        .pack(pack)
        .build()
        .unwrap_err();
    assert!(e.message().contains("team.fyi"));
    // Only the given packs.
    let o = Optimizer::builder()
        .packs(vec![RulePack::spanish()])
        .catalog(Catalog::bundled())
        .build()
        .unwrap();
    let r = o
        .optimize(
            "In order to win. Con el fin de ganar.",
            &OptimizeOptions::new(),
        )
        .unwrap();
    assert_eq!(r.optimized_prompt, "In order to win. Para ganar.");
}
