//! Counts, prices and explains one request on the bundled catalog.
//!
//! `cargo run --release --example savings_report`
use llmcost_core::{Catalog, ChatMessage, Usage};

fn main() -> Result<(), llmcost_core::Error> {
    let catalog = Catalog::bundled();
    let messages = [
        ChatMessage::new(
            "system",
            "You are a support assistant. Answer in two sentences.",
        ),
        ChatMessage::new("user", "My invoice shows two charges for November. Why?"),
    ];
    let model = "gpt-4o";
    let count = catalog.count_messages(model, &messages)?;
    println!(
        "catalog: {} models, as of {}",
        catalog.len(),
        catalog.as_of()
    );
    println!(
        "prompt: {} tokens ({}, {})",
        count.tokens,
        count.encoding,
        if count.estimated {
            "estimated"
        } else {
            "exact"
        }
    );
    let usage = Usage::new(count.tokens, 120);
    let cost = catalog.cost(model, &usage)?;
    println!(
        "cost of {} in + {} out on {}: ${} (input ${}, output ${})",
        usage.input_tokens, usage.output_tokens, cost.model, cost.total, cost.input, cost.output
    );
    Ok(())
}
