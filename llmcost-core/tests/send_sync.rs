//! Every public type can be shared across threads: the pure parts are plain immutable data.
use llmcost_core::*;

fn assert_send_sync<T: Send + Sync + 'static>() {}

#[test]
fn public_types_are_send_and_sync() {
    assert_send_sync::<Capabilities>();
    assert_send_sync::<Catalog>();
    assert_send_sync::<Estimate>();
    assert_send_sync::<LitellmImport>();
    assert_send_sync::<ModelInfo>();
    assert_send_sync::<Price>();
    assert_send_sync::<PriceTier>();
    assert_send_sync::<QualityEntry>();
    assert_send_sync::<QualityTable>();
    assert_send_sync::<ReasoningRule>();
    assert_send_sync::<SkippedEntry>();
    assert_send_sync::<Speed>();
    assert_send_sync::<TierRule>();
    assert_send_sync::<TokenizerInfo>();
    assert_send_sync::<Cost>();
    assert_send_sync::<Usage>();
    assert_send_sync::<Error>();
    assert_send_sync::<ErrorKind>();
    assert_send_sync::<Usd>();
    assert_send_sync::<Alternative>();
    assert_send_sync::<Capability>();
    assert_send_sync::<Choice>();
    assert_send_sync::<Complexity>();
    assert_send_sync::<Failure>();
    assert_send_sync::<LostOn>();
    assert_send_sync::<NearMiss>();
    assert_send_sync::<Rejection>();
    assert_send_sync::<Requirements>();
    assert_send_sync::<Selection>();
    assert_send_sync::<Selector>();
    assert_send_sync::<SpeedRequirement>();
    assert_send_sync::<TaskType>();
    assert_send_sync::<ChatMessage>();
    assert_send_sync::<Encoding>();
    assert_send_sync::<TokenCount>();
}

#[test]
fn one_catalog_and_selector_serve_many_threads() {
    let catalog = Catalog::bundled();
    let selector = Selector::new(&catalog);
    let usage = Usage::new(12_000, 800).with_cached_input(10_000);
    let totals: Vec<String> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..4)
            .map(|_| {
                s.spawn(|| {
                    let _ = selector.select(&Requirements::default());
                    catalog.cost("gpt-4o", &usage).map(|c| c.total.to_string())
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap().unwrap())
            .collect()
    });
    assert_eq!(totals, vec!["0.0255"; 4]);
}

/// The Python binding embeds these values in objects that Python allocates with 16-byte
/// alignment; a field that needs more (a SIMD searcher held inline) would make that unsound.
#[test]
fn bound_types_are_at_most_16_byte_aligned() {
    fn check<T>(name: &str) {
        let a = std::mem::align_of::<T>();
        assert!(
            a <= 16,
            "{name} needs {a}-byte alignment; box the over-aligned field"
        );
    }
    check::<Catalog>("Catalog");
    check::<Optimizer>("Optimizer");
    check::<OptimizeOptions>("OptimizeOptions");
    check::<OptimizeReport>("OptimizeReport");
    check::<Selector>("Selector");
    check::<Requirements>("Requirements");
    check::<Selection>("Selection");
    check::<Encoding>("Encoding");
    check::<Usage>("Usage");
    check::<Cost>("Cost");
}
