//! Chooses the cheapest model for a support-ticket classifier, explains the choice, lists a
//! fallback chain, shows how retirement dates change the choice, then applies your own evaluation
//! scores and chooses again.
//!
//! `cargo run --example select_model`
use llmcost_core::{
    Catalog, Complexity, QualityEntry, QualityTable, Requirements, Selection, Selector,
};

fn show(selection: &Selection) {
    match &selection.chosen {
        Some(c) => println!(
            "chosen: {} ({}) at ${} per request, quality {:.3}",
            c.model, c.provider, c.cost, c.quality
        ),
        None => println!("nothing fits"),
    }
    for reason in selection.reasons() {
        println!("  - {reason}");
    }
    for alt in &selection.alternatives {
        println!("  alternative {alt}");
    }
}

fn main() -> Result<(), llmcost_core::Error> {
    let catalog = Catalog::bundled();
    let selector = Selector::new(&catalog);

    // Classify support tickets: a 600-token prompt (a cached 480-token system prompt plus the
    // ticket) and a 20-token JSON label.
    let req = Requirements::new("extraction_classification")
        .complexity(Complexity::Low)
        .quality_threshold(0.5)
        .require("json_output")
        .tokens(600, 20)
        .cached_input_share(0.8);
    let selection = selector.select(&req)?;
    show(&selection);

    let chain = selector.fallback_chain(&req, 3)?;
    let names: Vec<&str> = chain.iter().map(|c| &*c.model).collect();
    println!("fallback chain: {}", names.join(" → "));

    // Nothing fits: the explanation names what excludes the closest candidates.
    let strict = req.clone().quality_threshold(0.99);
    println!(
        "\nwith a 0.99 quality bar: {}",
        selector.select(&strict)?.explanation()
    );

    // Retirements are judged as of the catalog's date (2026-11-20) unless the request gives one:
    // a model whose announced retirement date is still ahead may be chosen (the reasons say when
    // it retires). Judge them as of a later day, or rule out every announced retirement.
    let later = selector.select(&req.clone().as_of("2026-12-12"))?;
    println!("\nas of 2026-12-12, after GPT-5's retirement:");
    show(&later);
    let lasting = req.clone().exclude_deprecated(true);
    println!("\nexcluding every model whose retirement is announced:");
    show(&selector.select(&lasting)?);

    // Your own evaluation beats public leaderboards: suppose Gemini 2.5 Flash-Lite scored 0.81 on
    // your labelled tickets (an illustrative figure; use the score from your own eval set).
    let ours = QualityTable::new().entry(
        QualityEntry::new("gemini-2.5-flash-lite")
            .score("extraction_classification", 0.81)
            .source("ticket eval, 500 labelled tickets"),
    );
    let tuned = Selector::new(&catalog.with_quality(&ours)?);
    println!("\nwith our own scores, excluding announced retirements:");
    show(&tuned.select(&lasting)?);
    Ok(())
}
