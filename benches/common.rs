//! Helpers shared by the benches (each bench file includes this module).

/// The real-prompt corpus (`fixtures/prompts/prompts.jsonl`: 1,140 templates from promptsource,
/// LangChain and LlamaIndex; sources and licences in its README), one string per prompt.
pub fn prompt_corpus() -> Vec<String> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../fixtures/prompts/prompts.jsonl"
    );
    let raw = std::fs::read_to_string(path).expect("fixtures/prompts/prompts.jsonl");
    raw.lines()
        .map(|line| {
            let rec: serde_json::Value = serde_json::from_str(line).expect("a JSON line");
            rec["text"].as_str().expect("a text field").to_owned()
        })
        .collect()
}
