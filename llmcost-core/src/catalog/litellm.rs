//! Import of LiteLLM's `model_prices_and_context_window.json`.
//!
//! [LiteLLM](https://github.com/BerriAI/litellm) (MIT) keeps a large community price list, one
//! JSON object per model key with prices in USD **per token** as JSON numbers. This module maps it
//! onto [`ModelInfo`] so that a newer LiteLLM file can be used as, or merged over, a catalog.
//!
//! # Mapping
//!
//! | LiteLLM field | llmcost |
//! |---|---|
//! | key | `id` |
//! | `litellm_provider` | `provider` |
//! | `input_cost_per_token` / `output_cost_per_token` | `pricing.input` / `pricing.output` |
//! | `cache_read_input_token_cost` | `pricing.cached_input` |
//! | `cache_creation_input_token_cost` | `pricing.cache_write_5m` |
//! | `cache_creation_input_token_cost_above_1hr` | `pricing.cache_write_1h` |
//! | `input_cost_per_token_batches` / `output_cost_per_token_batches` | `pricing.batch_input` / `pricing.batch_output` |
//! | `<price>_above_<N>k_tokens` (the five prices above) | `pricing.tiers[]` with `above_input_tokens = N × 1000` |
//! | `output_cost_per_reasoning_token` | `pricing.reasoning` and [`ReasoningRule::SeparatePrice`] when it differs from the output price |
//! | `supports_reasoning` | [`ReasoningRule::BilledAsOutput`] (when no separate price) and `capabilities.reasoning` |
//! | `max_input_tokens` / `max_output_tokens` | `context_window` / `max_output_tokens` |
//! | `supports_function_calling`, `_vision`, `_response_schema`, `_audio_input`, `_audio_output`, `_prompt_caching` | `capabilities` (`_response_schema` sets both `json_output` and `structured_output`) |
//! | `deprecation_date` (`YYYY-MM-DD`) | `deprecated = true` and `deprecation_date` (an entry with another value is skipped) |
//! | an entry `{"alias_of": "<key>"}` | an alias of the imported `<key>` |
//!
//! Other fields (priority/flex tiers, per-image or per-second prices, 12-hour cache writes, ...)
//! are not modelled and are ignored.
//!
//! Prices are read exactly: each JSON number is parsed to the nearest `f64` (correctly rounded),
//! written as its shortest round-trip decimal (`2.5e-06` → `"0.0000025"`), and parsed into a
//! [`Usd`]; no floating-point arithmetic touches the amount.
//!
//! # What is kept and what is skipped
//!
//! Only chat models are imported: entries whose `mode` is `"chat"`, and entries without a `mode`
//! that have both an input and an output price. Every other entry is reported in
//! [`LitellmImport::skipped`] with the reason, and the import goes on: the `sample_spec`
//! documentation entry, other modes (embedding, image generation, ...), entries without an input
//! or output price, entries with an invalid price (not a number, negative, or finer than 10⁻¹⁸ USD
//! per token), and entries whose name another entry already claimed (lookups are case-insensitive
//! and accept `provider/id`, so `deepseek/deepseek-chat` is the same name as `deepseek-chat` from
//! provider `deepseek`; the first in key order is kept). A price of zero is imported as zero: it
//! is a price LiteLLM states, not a missing one.
//!
//! # Provenance
//!
//! Every imported entry has `source` = [`LITELLM_SOURCE`] and `as_of` = the date given to
//! [`Catalog::from_litellm_json_as_of`], or today's UTC date for [`Catalog::from_litellm_json`].
//! The LiteLLM file itself carries no date, so pass the date of the LiteLLM release the file
//! came from when you know it.

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::{Capabilities, Catalog, ModelInfo, Price, PriceTier, ReasoningRule, TokenizerInfo};
use crate::error::{Error, Result};
use crate::money::Usd;
use crate::tokens::Encoding;

/// The `source` recorded on every model imported from LiteLLM.
pub const LITELLM_SOURCE: &str = "litellm:model_prices_and_context_window.json";

/// The result of [`Catalog::from_litellm_json`]: the imported chat models, and every entry of the
/// file that was left out, with the reason.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct LitellmImport {
    /// The imported models, in the file's key order (sorted by key).
    pub catalog: Catalog,
    /// Entries that were not imported, in key order.
    pub skipped: Vec<SkippedEntry>,
}

/// One LiteLLM entry left out of an import.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct SkippedEntry {
    /// The entry's key in the LiteLLM file (`"gpt-4o"`, `"sample_spec"`, ...).
    pub key: String,
    /// Why it was left out, for example `mode is 'embedding', not 'chat'`.
    pub reason: String,
}

impl Catalog {
    /// Imports the chat models of a LiteLLM `model_prices_and_context_window.json`, dated today
    /// (UTC). See the [module docs](crate::catalog::litellm) for the mapping and what is skipped.
    ///
    /// ```
    /// use llmcost_core::{Catalog, Usage};
    ///
    /// let json = r#"{
    ///   "sample_spec": {"input_cost_per_token": 0.0, "mode": "chat"},
    ///   "my-model": {"litellm_provider": "openai", "mode": "chat",
    ///                "input_cost_per_token": 2.5e-06, "output_cost_per_token": 1e-05}
    /// }"#;
    /// let import = Catalog::from_litellm_json(json)?;
    /// assert_eq!(import.catalog.len(), 1);
    /// assert_eq!(import.skipped[0].key, "sample_spec");
    /// let cost = import.catalog.cost("openai/my-model", &Usage::new(1_000, 100))?;
    /// assert_eq!(cost.total.to_string(), "0.0035");
    /// # Ok::<(), llmcost_core::Error>(())
    /// ```
    ///
    /// # Errors
    /// `CatalogInvalid` naming the line and column when the text is not valid JSON, or when the
    /// top level is not a JSON object. A bad entry never fails the import: it is skipped.
    pub fn from_litellm_json(json: &str) -> Result<LitellmImport> {
        Catalog::from_litellm_json_as_of(json, &today_utc())
    }

    /// Like [`Catalog::from_litellm_json`], with every imported model and the catalog dated
    /// `as_of` (`YYYY-MM-DD`), normally the date of the LiteLLM release the file comes from.
    ///
    /// # Errors
    /// `InvalidInput` when `as_of` is not a `YYYY-MM-DD` date; otherwise as
    /// [`Catalog::from_litellm_json`].
    pub fn from_litellm_json_as_of(json: &str, as_of: &str) -> Result<LitellmImport> {
        if !is_iso_date(as_of) {
            return Err(Error::invalid_input(format!(
                "as_of '{as_of}' is not a date; write it as YYYY-MM-DD, e.g. \"2026-11-20\""
            )));
        }
        let root: Value = serde_json::from_str(json).map_err(|e| {
            Error::catalog_invalid(format!(
                "LiteLLM JSON is invalid at line {} column {}: {e}",
                e.line(),
                e.column()
            ))
            .with_source(e)
        })?;
        let Value::Object(entries) = root else {
            return Err(Error::catalog_invalid(
                "LiteLLM JSON must be an object mapping model names to entries \
                 (model_prices_and_context_window.json); the top level is not an object",
            ));
        };
        let mut models: Vec<ModelInfo> = Vec::new();
        let mut skipped = Vec::new();
        let mut claimed: HashMap<String, String> = HashMap::new();
        let mut alias_entries: Vec<(&String, &str)> = Vec::new();
        for (key, value) in &entries {
            if let Some(target) = value.get("alias_of").and_then(Value::as_str) {
                alias_entries.push((key, target));
                continue;
            }
            let model = match convert_entry(key, value, as_of) {
                Ok(m) => m,
                Err(reason) => {
                    skipped.push(SkippedEntry {
                        key: key.clone(),
                        reason,
                    });
                    continue;
                }
            };
            let id = model.id.to_ascii_lowercase();
            let names = [
                id.clone(),
                format!("{}/{id}", model.provider.to_ascii_lowercase()),
            ];
            if let Some((name, other)) = names
                .iter()
                .find_map(|n| claimed.get(n).map(|o| (n, o.clone())))
            {
                skipped.push(SkippedEntry {
                    key: key.clone(),
                    reason: format!(
                        "its name '{name}' is already taken by '{other}' \
                         (lookups are case-insensitive and accept provider/id)"
                    ),
                });
                continue;
            }
            for n in names {
                claimed.insert(n, model.id.clone());
            }
            models.push(model);
        }
        // `{"alias_of": "target"}` entries become aliases of the imported target.
        for (key, target) in alias_entries {
            // The target may itself have been folded into an entry with the same name.
            let owner = claimed
                .get(&target.to_ascii_lowercase())
                .map(String::as_str)
                .unwrap_or(target);
            let Some(i) = models.iter().position(|m| m.id == owner) else {
                skipped.push(SkippedEntry {
                    key: key.clone(),
                    reason: format!("alias of '{target}', which was not imported"),
                });
                continue;
            };
            let name = key.to_ascii_lowercase();
            let prefixed = format!("{}/{name}", models[i].provider.to_ascii_lowercase());
            if let Some(other) = claimed.get(&name).or_else(|| claimed.get(&prefixed)) {
                skipped.push(SkippedEntry {
                    key: key.clone(),
                    reason: format!(
                        "alias of '{target}', but the name is already taken by '{other}'"
                    ),
                });
                continue;
            }
            claimed.insert(name, target.to_string());
            claimed.insert(prefixed, target.to_string());
            models[i].aliases.push(key.clone());
        }
        let catalog = Catalog::from_models(as_of, models)?;
        Ok(LitellmImport { catalog, skipped })
    }
}

/// Converts one entry, or says why it is skipped.
fn convert_entry(key: &str, value: &Value, as_of: &str) -> std::result::Result<ModelInfo, String> {
    if key == "sample_spec" {
        return Err("LiteLLM's field documentation, not a model".to_string());
    }
    let Value::Object(e) = value else {
        return Err("entry is not a JSON object".to_string());
    };
    match e.get("mode") {
        None | Some(Value::Null) => {}
        Some(Value::String(m)) if m == "chat" => {}
        Some(Value::String(m)) => return Err(format!("mode is '{m}', not 'chat'")),
        Some(other) => return Err(format!("mode is {other}, not 'chat'")),
    }
    let provider = match e.get("litellm_provider") {
        Some(Value::String(p)) if !p.trim().is_empty() => p.trim().to_string(),
        _ => return Err("no litellm_provider".to_string()),
    };
    let input = price(e, "input_cost_per_token")?
        .ok_or_else(|| "no input_cost_per_token (no usable chat price)".to_string())?;
    let output = price(e, "output_cost_per_token")?
        .ok_or_else(|| "no output_cost_per_token (no usable chat price)".to_string())?;
    let mut pricing = Price {
        input: Some(input),
        output: Some(output),
        cached_input: price(e, "cache_read_input_token_cost")?,
        cache_write_5m: price(e, "cache_creation_input_token_cost")?,
        cache_write_1h: price(e, "cache_creation_input_token_cost_above_1hr")?,
        batch_input: price(e, "input_cost_per_token_batches")?,
        batch_output: price(e, "output_cost_per_token_batches")?,
        reasoning: None,
        tiers: tiers(e)?,
    };
    let supports = |f: &str| e.get(f).and_then(Value::as_bool).unwrap_or(false);
    let reasoning_price = price(e, "output_cost_per_reasoning_token")?;
    let reasoning_tokens = match reasoning_price {
        Some(r) if r != output => {
            pricing.reasoning = Some(r);
            ReasoningRule::SeparatePrice
        }
        Some(_) => ReasoningRule::BilledAsOutput,
        None if supports("supports_reasoning") => ReasoningRule::BilledAsOutput,
        None => ReasoningRule::None,
    };
    let schema = supports("supports_response_schema");
    let capabilities = Capabilities {
        tools: supports("supports_function_calling"),
        vision: supports("supports_vision"),
        json_output: schema,
        structured_output: schema,
        reasoning: supports("supports_reasoning") || reasoning_price.is_some(),
        audio_input: supports("supports_audio_input"),
        audio_output: supports("supports_audio_output"),
        prompt_caching: supports("supports_prompt_caching"),
    };
    let (deprecated, deprecation_date) = deprecation(e.get("deprecation_date"))?;
    Ok(ModelInfo {
        id: key.to_string(),
        tokenizer: tokenizer_for(&provider, key),
        provider,
        aliases: Vec::new(),
        context_window: limit(e.get("max_input_tokens")),
        max_output_tokens: limit(e.get("max_output_tokens")),
        pricing,
        reasoning_tokens,
        capabilities,
        quality: Default::default(),
        speed: None,
        quality_source: None,
        source: LITELLM_SOURCE.to_string(),
        as_of: as_of.to_string(),
        deprecated,
        deprecation_date,
    })
}

/// `deprecation_date`: absent, null or empty → not deprecated; a `YYYY-MM-DD` date → deprecated
/// on that date; anything else skips the entry, naming the field.
fn deprecation(v: Option<&Value>) -> std::result::Result<(bool, Option<String>), String> {
    match v {
        None | Some(Value::Null) => Ok((false, None)),
        Some(Value::String(s)) if s.trim().is_empty() => Ok((false, None)),
        Some(Value::String(s)) if is_iso_date(s.trim()) => Ok((true, Some(s.trim().to_string()))),
        Some(other) => Err(format!(
            "deprecation_date is {other}, not a YYYY-MM-DD date"
        )),
    }
}

/// A per-token price field: `None` when absent or null; an error naming the field when it is not
/// a non-negative number representable in attodollars.
fn price(e: &Map<String, Value>, field: &str) -> std::result::Result<Option<Usd>, String> {
    match e.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => {
            let usd = if let Some(u) = n.as_u64() {
                // u64::MAX × 10^18 fits in an i128.
                Usd::from_atto(i128::from(u) * 1_000_000_000_000_000_000)
            } else if let Some(i) = n.as_i64() {
                return Err(format!("{field} = {i} is negative"));
            } else {
                let f = n.as_f64().unwrap_or(f64::NAN);
                if !f.is_finite() {
                    return Err(format!("{field} = {n} is not a finite number"));
                }
                // `{}` on f64 prints the shortest decimal that round-trips: the number as written.
                format!("{f}").parse::<Usd>().map_err(|_| {
                    format!(
                        "{field} = {n} is not an exact USD amount \
                             (at most 18 decimal places per token)"
                    )
                })?
            };
            if usd.is_negative() {
                return Err(format!("{field} = {n} is negative"));
            }
            Ok(Some(usd))
        }
        Some(other) => Err(format!("{field} is {other}, not a number")),
    }
}

/// The five tiered prices LiteLLM writes as `<base>_above_<N>k_tokens`. Longest prefix first, so
/// that `cache_creation_input_token_cost_above_1hr_above_200k_tokens` is a 1-hour write price.
const TIER_PREFIXES: [(&str, TierField); 5] = [
    (
        "cache_creation_input_token_cost_above_1hr_above_",
        TierField::CacheWrite1h,
    ),
    (
        "cache_creation_input_token_cost_above_",
        TierField::CacheWrite5m,
    ),
    ("cache_read_input_token_cost_above_", TierField::CachedInput),
    ("output_cost_per_token_above_", TierField::Output),
    ("input_cost_per_token_above_", TierField::Input),
];

#[derive(Clone, Copy)]
enum TierField {
    Input,
    Output,
    CachedInput,
    CacheWrite5m,
    CacheWrite1h,
}

fn tiers(e: &Map<String, Value>) -> std::result::Result<Vec<PriceTier>, String> {
    let mut by_threshold: std::collections::BTreeMap<u64, PriceTier> = Default::default();
    for field in e.keys() {
        let Some((threshold, which)) = TIER_PREFIXES.iter().find_map(|(prefix, which)| {
            let rest = field.strip_prefix(prefix)?;
            let digits = rest.strip_suffix("k_tokens")?;
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            let k: u64 = digits.parse().ok()?;
            Some((k.checked_mul(1000)?, *which))
        }) else {
            continue;
        };
        let Some(p) = price(e, field)? else {
            continue;
        };
        let tier = by_threshold.entry(threshold).or_insert_with(|| PriceTier {
            above_input_tokens: threshold,
            ..PriceTier::default()
        });
        let slot = match which {
            TierField::Input => &mut tier.input,
            TierField::Output => &mut tier.output,
            TierField::CachedInput => &mut tier.cached_input,
            TierField::CacheWrite5m => &mut tier.cache_write_5m,
            TierField::CacheWrite1h => &mut tier.cache_write_1h,
        };
        *slot = Some(p);
    }
    Ok(by_threshold.into_values().collect())
}

/// A token limit: a positive integer (or an integral float); anything else is unknown.
fn limit(v: Option<&Value>) -> Option<u64> {
    let v = v?;
    v.as_u64()
        .or_else(|| {
            v.as_f64()
                .filter(|f| f.is_finite() && *f >= 1.0 && f.fract() == 0.0 && *f < 1e15)
                .map(|f| f as u64)
        })
        .filter(|&n| n > 0)
}

/// OpenAI models are counted exactly with their own encoding; every other model is estimated with
/// `o200k_base`, as in the bundled catalog.
fn tokenizer_for(provider: &str, key: &str) -> TokenizerInfo {
    let name = key.rsplit('/').next().unwrap_or(key).to_ascii_lowercase();
    let openai_hosted = matches!(provider, "openai" | "azure" | "text-completion-openai");
    let o200k = [
        "gpt-4o",
        "gpt-4.1",
        "gpt-4.5",
        "gpt-5",
        "o1",
        "o3",
        "o4",
        "chatgpt-4o",
    ];
    let cl100k = ["gpt-4", "gpt-3.5", "gpt-35"];
    if openai_hosted && o200k.iter().any(|p| name.starts_with(p)) {
        TokenizerInfo {
            encoding: Encoding::O200kBase,
            estimated: false,
        }
    } else if openai_hosted && cl100k.iter().any(|p| name.starts_with(p)) {
        TokenizerInfo {
            encoding: Encoding::Cl100kBase,
            estimated: false,
        }
    } else {
        TokenizerInfo {
            encoding: Encoding::O200kBase,
            estimated: true,
        }
    }
}

/// Whether `s` is a `YYYY-MM-DD` calendar date (February 29 accepted in any year).
pub(crate) fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        let part = s.get(r)?;
        part.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| part.parse().ok())?
    };
    matches!(
        (num(0..4), num(5..7), num(8..10)),
        (Some(_), Some(m @ 1..=12), Some(d @ 1..=31)) if d <= days_in_month(m)
    )
}

fn days_in_month(m: u32) -> u32 {
    match m {
        2 => 29,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Today's date in UTC as `YYYY-MM-DD` (civil-from-days, proleptic Gregorian calendar).
fn today_utc() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    civil_date((secs / 86_400) as i64)
}

fn civil_date(days_since_epoch: i64) -> String {
    // Howard Hinnant's days → civil algorithm.
    let z = days_since_epoch + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates() {
        assert_eq!(civil_date(0), "1970-01-01");
        assert_eq!(civil_date(11_016), "2000-02-29");
        assert_eq!(civil_date(20_784), "2026-11-27");
        assert!(is_iso_date(&today_utc()));
    }

    #[test]
    fn iso_dates() {
        assert!(is_iso_date("2026-11-20"));
        for bad in [
            "2026-13-01",
            "2026-02-30",
            "26-11-20",
            "2026/11/20",
            "2026-1a-01",
            "",
        ] {
            assert!(!is_iso_date(bad), "{bad}");
        }
    }

    #[test]
    fn tokenizers_by_provider_and_name() {
        assert_eq!(
            tokenizer_for("openai", "gpt-4o-mini").encoding,
            Encoding::O200kBase
        );
        assert!(!tokenizer_for("openai", "gpt-4o-mini").estimated);
        assert_eq!(
            tokenizer_for("openai", "gpt-3.5-turbo").encoding,
            Encoding::Cl100kBase
        );
        assert!(tokenizer_for("anthropic", "claude-sonnet-4-5").estimated);
        assert!(tokenizer_for("groq", "groq/openai/gpt-4o").estimated);
    }
}
