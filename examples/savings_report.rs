//! The savings report: what llmcost saves on a real workload, on embedded defaults (no server,
//! no network, no API key).
//!
//! The workload is the real prompt corpus shipped in `fixtures/prompts/`: 1,140 templates from
//! promptsource, LangChain and LlamaIndex (`prompts.jsonl`), 99 user-written prompts from
//! awesome-chatgpt-prompts (`chatgpt_prompts.jsonl`) and 616 system and instruction prompts from
//! 18 agent and LLM-application packages (`heldout_prompts.jsonl`); sources and licences are in
//! its README. Each
//! prompt is sent once to a baseline model with an assumed reply length. The report prices the workload
//! exactly from the bundled catalog, then applies, one after another:
//!
//! 1. the prompt optimizer at the standard level (structure and protected spans kept);
//! 2. the cheapest model that is at least as good as the baseline for the task (the selector);
//! 3. the provider's batch API, for workloads that can wait.
//!
//! `cargo run --release --example savings_report [-- BASELINE_MODEL [OUTPUT_TOKENS]]`
use llmcost_core::{
    Catalog, Level, OptimizeOptions, Optimizer, Requirements, Selector, Usage, Usd,
};

const CORPORA: [(&str, &str); 3] = [
    (
        "fixtures/prompts/prompts.jsonl",
        include_str!("../fixtures/prompts/prompts.jsonl"),
    ),
    (
        "fixtures/prompts/chatgpt_prompts.jsonl",
        include_str!("../fixtures/prompts/chatgpt_prompts.jsonl"),
    ),
    (
        "fixtures/prompts/heldout_prompts.jsonl",
        include_str!("../fixtures/prompts/heldout_prompts.jsonl"),
    ),
];
const TASK: &str = "general_chat";

fn percent(part: Usd, whole: Usd) -> f64 {
    if whole.is_zero() {
        0.0
    } else {
        100.0 * part.as_f64() / whole.as_f64()
    }
}

/// Exact total cost of sending `prompts` to `model`, counting with the model's tokenizer.
fn price(
    catalog: &Catalog,
    model: &str,
    prompts: &[&str],
    output_tokens: u64,
    batch: bool,
) -> Result<(u64, Usd), llmcost_core::Error> {
    let mut tokens = 0u64;
    let mut total = Usd::ZERO;
    for p in prompts {
        let n = catalog.count_tokens(model, p)?.tokens;
        tokens += n;
        total += catalog.total_cost(model, &Usage::new(n, output_tokens).with_batch(batch))?;
    }
    Ok((tokens, total))
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let baseline = args.next().unwrap_or_else(|| "gpt-4o".to_string());
    let output_tokens: u64 = match args.next() {
        Some(n) => n
            .parse()
            .map_err(|_| format!("OUTPUT_TOKENS must be a whole number, got '{n}'"))?,
        None => 150,
    };

    let catalog = Catalog::bundled();
    let base = catalog.get(&baseline)?;
    let optimizer = Optimizer::new();
    let selector = Selector::new(&catalog);

    let mut prompts: Vec<String> = Vec::new();
    for (name, corpus) in CORPORA {
        for (i, line) in corpus.lines().enumerate() {
            let record: serde_json::Value =
                serde_json::from_str(line).map_err(|e| format!("{name} line {}: {e}", i + 1))?;
            if let Some(text) = record.get("text").and_then(|t| t.as_str()) {
                prompts.push(text.to_string());
            }
        }
    }
    let originals: Vec<&str> = prompts.iter().map(String::as_str).collect();

    println!("llmcost savings report");
    println!(
        "catalog: {} models, prices as of {}; baseline {} ({}), {} output tokens per request",
        catalog.len(),
        catalog.as_of(),
        base.id,
        base.provider,
        output_tokens
    );
    println!(
        "workload: {} real prompts from fixtures/prompts (promptsource, LangChain, LlamaIndex templates; awesome-chatgpt-prompts; system prompts of 18 agent packages)\n",
        prompts.len()
    );

    // 0. Baseline.
    let (base_tokens, base_cost) = price(&catalog, &base.id, &originals, output_tokens, false)?;

    // 1. Optimize the prompts (standard level, structure kept).
    let opts = OptimizeOptions::new()
        .level(Level::Standard)
        .model(base.id.as_str());
    let batch = optimizer.optimize_batch(&originals, &opts)?;
    let optimized: Vec<&str> = batch
        .results
        .iter()
        .map(|r| r.optimized_prompt.as_str())
        .collect();
    let (opt_tokens, opt_cost) = price(&catalog, &base.id, &optimized, output_tokens, false)?;

    // 2. The cheapest model at least as good as the baseline for the task, priced for the
    //    workload's average request.
    let mut rows = vec![
        (
            format!("baseline: {} as written", base.id),
            base_tokens,
            base_cost,
        ),
        (
            format!("+ optimizer (standard) on {}", base.id),
            opt_tokens,
            opt_cost,
        ),
    ];
    let mut notes = Vec::new();
    match base.quality.get(TASK) {
        Some(&bar) => {
            let avg_input = opt_tokens / prompts.len().max(1) as u64;
            let req = Requirements::new(TASK)
                .quality_threshold(bar)
                .tokens(avg_input, output_tokens);
            let selection = selector.select(&req)?;
            match &selection.chosen {
                Some(choice) => {
                    let (t, c) = price(&catalog, &choice.model, &optimized, output_tokens, false)?;
                    rows.push((format!("+ cheapest model as good: {}", choice.model), t, c));
                    notes.push(format!(
                        "selector: {} scores {:.3} on {TASK} (baseline {:.3}); {} of {} models qualify",
                        choice.model,
                        choice.quality,
                        bar,
                        selection.feasible,
                        catalog.len()
                    ));
                    if let Some(date) = &choice.retires_on {
                        notes.push(format!(
                            "{} retires on {date}: plan a switch, or pass Requirements::exclude_deprecated(true)",
                            choice.model
                        ));
                    }
                    if catalog.count_tokens(&choice.model, "")?.estimated {
                        notes.push(format!(
                            "{}'s tokenizer is not public: its token counts are estimates (docs/TOKENS.md)",
                            choice.model
                        ));
                    }
                    let model = catalog.get(&choice.model)?;
                    if model.pricing.batch_input.is_some() && model.pricing.batch_output.is_some() {
                        let (t, c) =
                            price(&catalog, &choice.model, &optimized, output_tokens, true)?;
                        rows.push((format!("+ batch API on {}", choice.model), t, c));
                    }
                }
                None => notes.push(format!(
                    "selector: no cheaper model qualifies: {}",
                    selection.explanation()
                )),
            }
        }
        None => notes.push(format!(
            "selector: the catalog has no {TASK} quality score for {}, so no model is proven as good",
            base.id
        )),
    }

    println!(
        "{:<52} {:>14} {:>14} {:>9}",
        "step", "input tokens", "cost (USD)", "saved"
    );
    for (label, tokens, cost) in &rows {
        println!(
            "{:<52} {:>14} {:>14} {:>8.1}%",
            label,
            tokens,
            cost.round_to_string(6),
            percent(base_cost - *cost, base_cost)
        );
    }
    let last = rows.last().map(|r| r.2).unwrap_or(base_cost);
    println!(
        "\ntotal saved: ${} of ${} ({:.1}%), exact: ${}",
        (base_cost - last).round_to_string(6),
        base_cost.round_to_string(6),
        percent(base_cost - last, base_cost),
        base_cost - last
    );
    println!(
        "optimizer: {} of {} prompts shortened, {} tokens saved ({:.2}% mean reduction)",
        batch.successful_optimizations,
        batch.total_prompts,
        batch.total_tokens_saved,
        batch.average_reduction_percentage
    );
    if !batch.most_frequent_optimizations.is_empty() {
        let top: Vec<String> = batch
            .most_frequent_optimizations
            .iter()
            .take(5)
            .map(|(id, n)| format!("{id} ×{n}"))
            .collect();
        println!("most frequent rewrites: {}", top.join(", "));
    }
    for note in notes {
        println!("{note}");
    }
    Ok(())
}
