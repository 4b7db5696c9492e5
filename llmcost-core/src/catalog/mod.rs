//! The pricing catalog: models, prices, limits and capabilities, with provenance.
//!
//! [`Catalog::bundled`] is compiled into the crate from `data/catalog.json` and is never fetched over
//! the network; every entry carries the URL its prices come from and the date they were checked.
//! Load your own with [`Catalog::from_json_str`] / [`Catalog::from_path`] (the same format), or import
//! LiteLLM's `model_prices_and_context_window.json` with [`Catalog::from_litellm_json`], and layer
//! overrides with [`Catalog::merge`].
//!
//! Lookups accept the canonical id, any alias or dated snapshot, and a provider-prefixed form
//! (`openai/gpt-4o`), case-insensitively. An unknown name is an `UnknownModel` error that suggests the
//! closest ids.

pub mod litellm;
mod model;

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::path::Path;
use std::sync::{Arc, OnceLock};

use serde::{Deserialize, Serialize};

pub use litellm::{LITELLM_SOURCE, LitellmImport, SkippedEntry};
pub use model::{
    Capabilities, ModelInfo, Price, PriceTier, ReasoningRule, Speed, TierRule, TokenizerInfo,
};

use crate::cost::{self, Cost, Prepared, Usage};
use crate::error::{Error, ErrorKind, Result};
use crate::money::Usd;
use crate::tokens::{ChatMessage, TokenCount};

/// The version of the native catalog format this build reads and writes.
pub const SCHEMA_VERSION: u32 = 1;

const BUNDLED_JSON: &str = include_str!("../../data/catalog.json");

// Quality and speed per model for the selector, laid over the bundled catalog by `bundled()`.
mod quality;
pub use quality::{QualityEntry, QualityTable};

/// A set of models with their prices, indexed for lookup. Cheap to clone (shared, immutable).
#[derive(Debug, Clone)]
pub struct Catalog {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    as_of: String,
    models: Vec<ModelInfo>,
    /// `models[i]` prepared for pricing: shared names for each `Cost`, base rates resolved once
    prepared: Vec<Prepared>,
    /// normalized key (id, alias, provider/id, provider/alias) → index into `models`
    index: HashMap<Box<[u8]>, usize, KeyHash>,
}

// Performance notes (lookup is most of the cost of `Catalog::cost`):
// - A name that is already lowercase and trimmed (the usual case) is looked up as it is; any other
//   name is lowercased into a stack buffer. The first version built a lowercase `String` per lookup.
// - Keys are hashed with `KeyHasher`, a word-at-a-time multiplicative hash, instead of SipHash,
//   which cost about as much as the whole price computation. Hash flooding is not a concern: the
//   table is built once from the catalog and never grows with user input.
// - `Cost` carries `SharedStr` names cloned from `prepared`; the first version copied three
//   `String`s. The base rates (no tier, no batch) are resolved once per model, not per call.

/// Hashes index keys eight bytes at a time (the multiply-rotate scheme of rustc's `FxHasher`).
#[derive(Default, Clone, Copy)]
struct KeyHasher(u64);

const KEY_HASH_SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl KeyHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(KEY_HASH_SEED);
    }
}

impl Hasher for KeyHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        // Whole words, then the tail as one (overlapping) word: fixed-size loads only.
        let len = bytes.len();
        let word = |at: usize| {
            let mut w = [0u8; 8];
            w.copy_from_slice(&bytes[at..at + 8]);
            u64::from_le_bytes(w)
        };
        let half = |at: usize| {
            let mut w = [0u8; 4];
            w.copy_from_slice(&bytes[at..at + 4]);
            u64::from(u32::from_le_bytes(w))
        };
        if len >= 8 {
            let mut at = 0;
            while at + 8 <= len {
                self.add(word(at));
                at += 8;
            }
            if at < len {
                self.add(word(len - 8));
            }
        } else if len >= 4 {
            self.add(half(0) | half(len - 4) << 32);
        } else if len > 0 {
            let b = |i: usize| u64::from(bytes[i]);
            self.add(b(0) | b(len / 2) << 8 | b(len - 1) << 16);
        }
        self.add(len as u64);
    }

    #[inline]
    fn write_u8(&mut self, b: u8) {
        self.add(u64::from(b));
    }

    #[inline]
    fn finish(&self) -> u64 {
        // The multiply leaves the best-mixed bits at the top; the table picks buckets with the low
        // bits, so bring the top ones down (as rustc-hash 2 does).
        self.0.rotate_left(26)
    }
}

type KeyHash = BuildHasherDefault<KeyHasher>;

/// Longest name normalized on the stack; longer ones allocate.
const STACK_KEY: usize = 128;

#[derive(Deserialize)]
struct FileIn {
    schema_version: u32,
    #[serde(default)]
    as_of: String,
    models: Vec<serde_json::Value>,
}

#[derive(Serialize)]
struct FileOut<'a> {
    schema_version: u32,
    as_of: &'a str,
    models: &'a [ModelInfo],
}

/// A pre-call estimate: expected cost and the worst case a budget should reserve.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Estimate {
    /// Prompt tokens counted (or estimated) for the model.
    pub input_tokens: TokenCount,
    /// Cost with the expected number of output tokens.
    pub expected: Cost,
    /// Cost if the model generates its maximum output: `input + max_tokens × output price`.
    pub worst_case: Usd,
}

fn normalize(key: &str) -> String {
    key.trim().to_ascii_lowercase()
}

/// Other spellings of a provider used as prefixes by routers and SDKs.
fn provider_prefixes(provider: &str) -> &'static [&'static str] {
    match provider {
        "google" => &["gemini", "vertex_ai", "google_ai_studio"],
        "mistral" => &["mistralai"],
        "xai" => &["x-ai", "grok"],
        "meta" => &["meta-llama"],
        "together" => &["together_ai", "togetherai"],
        "fireworks" => &["fireworks_ai"],
        "deepseek" => &["deepseek-ai"],
        "cohere" => &["cohere_chat"],
        "groq" => &["groq"],
        "alibaba" => &["dashscope", "qwen"],
        _ => &[],
    }
}

impl Catalog {
    /// The catalog compiled into this build of llmcost (`data/catalog.json`), with the bundled
    /// quality and speed table (`data/quality.json`) laid over it for the selector (see
    /// [`QualityTable`] and `docs/SELECTION.md`).
    ///
    /// Parsed once per process; later calls are a cheap clone.
    pub fn bundled() -> Catalog {
        static BUNDLED: OnceLock<Catalog> = OnceLock::new();
        BUNDLED
            .get_or_init(|| {
                match Catalog::from_json_str(BUNDLED_JSON).and_then(quality::overlay_bundled) {
                    Ok(c) => c,
                    // The bundled file is checked by this crate's tests; an invalid one cannot ship.
                    Err(e) => panic!("bundled catalog is invalid: {e}"),
                }
            })
            .clone()
    }

    /// A catalog of the given models, dated `as_of`.
    ///
    /// # Errors
    /// `CatalogInvalid` if two models share an id or alias, or an entry is inconsistent.
    pub fn from_models(as_of: impl Into<String>, models: Vec<ModelInfo>) -> Result<Catalog> {
        for m in &models {
            validate_model(m)?;
        }
        let index = build_index(&models)?;
        let prepared = models.iter().map(Prepared::of).collect();
        Ok(Catalog {
            inner: Arc::new(Inner {
                as_of: as_of.into(),
                models,
                prepared,
                index,
            }),
        })
    }

    /// Parses a catalog in the native JSON format (see `docs/PRICING.md`).
    ///
    /// # Errors
    /// `CatalogInvalid` naming the line and column of a JSON syntax error, the schema version if it is
    /// not [`SCHEMA_VERSION`], or the model and field of an invalid entry.
    pub fn from_json_str(json: &str) -> Result<Catalog> {
        let file: FileIn = serde_json::from_str(json).map_err(|e| {
            Error::catalog_invalid(format!(
                "catalog JSON is invalid at line {} column {}: {e}",
                e.line(),
                e.column()
            ))
            .with_source(e)
        })?;
        if file.schema_version != SCHEMA_VERSION {
            return Err(Error::catalog_invalid(format!(
                "catalog schema_version is {}, but this build of llmcost reads version {SCHEMA_VERSION}; \
                 upgrade llmcost or convert the file",
                file.schema_version
            )));
        }
        let mut models = Vec::with_capacity(file.models.len());
        for (i, v) in file.models.into_iter().enumerate() {
            let id = v
                .get("id")
                .and_then(|x| x.as_str())
                .unwrap_or("<no id>")
                .to_string();
            let m: ModelInfo = serde_json::from_value(v).map_err(|e| {
                Error::catalog_invalid(format!("catalog model #{i} ('{id}') is invalid: {e}"))
            })?;
            models.push(m);
        }
        Catalog::from_models(file.as_of, models)
    }

    /// Reads a native-format catalog file.
    ///
    /// # Errors
    /// `StorageUnavailable` if the file cannot be read; otherwise as [`Catalog::from_json_str`].
    pub fn from_path(path: impl AsRef<Path>) -> Result<Catalog> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|e| {
            Error::new(
                ErrorKind::StorageUnavailable,
                format!("cannot read catalog file {}: {e}", path.display()),
            )
            .with_source(e)
        })?;
        Catalog::from_json_str(&text)
            .map_err(|e| Error::new(e.kind(), format!("{}: {}", path.display(), e.message())))
    }

    /// Serializes the catalog in the native JSON format (what [`Catalog::from_json_str`] reads).
    pub fn to_json_string(&self) -> String {
        let out = FileOut {
            schema_version: SCHEMA_VERSION,
            as_of: &self.inner.as_of,
            models: &self.inner.models,
        };
        // Serializing these plain structs cannot fail.
        serde_json::to_string_pretty(&out).unwrap_or_default()
    }

    /// The date of the catalog as a whole (YYYY-MM-DD).
    pub fn as_of(&self) -> &str {
        &self.inner.as_of
    }

    /// All models, in file order.
    pub fn models(&self) -> &[ModelInfo] {
        &self.inner.models
    }

    /// Number of models.
    pub fn len(&self) -> usize {
        self.inner.models.len()
    }

    /// Whether the catalog has no models.
    pub fn is_empty(&self) -> bool {
        self.inner.models.is_empty()
    }

    /// Looks a model up by id, alias, dated snapshot or `provider/id`, case-insensitively.
    ///
    /// # Errors
    /// `UnknownModel`, with up to three suggestions of the closest known names.
    pub fn get(&self, name: &str) -> Result<&ModelInfo> {
        self.find(name).ok_or_else(|| self.unknown(name))
    }

    /// Like [`Catalog::get`] but returns `None` for an unknown name.
    pub fn find(&self, name: &str) -> Option<&ModelInfo> {
        self.position(name).map(|i| &self.inner.models[i])
    }

    /// The index in `models` of the model `name` resolves to.
    fn position(&self, name: &str) -> Option<usize> {
        let b = name.as_bytes();
        // Already a key: starts and ends with an ASCII letter or digit (nothing to trim) and has
        // no uppercase ASCII letter (nothing to lowercase).
        if b.first().is_some_and(u8::is_ascii_alphanumeric)
            && b.last().is_some_and(u8::is_ascii_alphanumeric)
            && !b.iter().any(u8::is_ascii_uppercase)
        {
            return self.position_normalized(b);
        }
        let trimmed = name.trim().as_bytes();
        let mut buf = [0u8; STACK_KEY];
        match buf.get_mut(..trimmed.len()) {
            Some(dst) => {
                dst.copy_from_slice(trimmed);
                dst.make_ascii_lowercase();
                self.position_normalized(dst)
            }
            None => self.position_normalized(normalize(name).as_bytes()),
        }
    }

    /// [`Catalog::position`] for a key that is already trimmed and lowercase (as bytes, so that a
    /// key lowercased in a buffer needs no UTF-8 check).
    fn position_normalized(&self, key: &[u8]) -> Option<usize> {
        if let Some(&i) = self.inner.index.get(key) {
            return Some(i);
        }
        // `prefix/rest` where prefix is another spelling of rest's provider.
        let slash = key.iter().position(|&b| b == b'/')?;
        let (prefix, rest) = (&key[..slash], &key[slash + 1..]);
        let &i = self.inner.index.get(rest)?;
        let m = &self.inner.models[i];
        let named = |p: &str| p.as_bytes() == prefix;
        (named(&m.provider) || provider_prefixes(&m.provider).iter().any(|p| named(p))).then_some(i)
    }

    /// The index of `name`'s model, or `UnknownModel`.
    fn resolve(&self, name: &str) -> Result<usize> {
        self.position(name).ok_or_else(|| self.unknown(name))
    }

    fn unknown(&self, name: &str) -> Error {
        let key = normalize(name);
        let bare = key.rsplit('/').next().unwrap_or(&key);
        let mut scored: Vec<(usize, &str)> = self
            .inner
            .models
            .iter()
            .flat_map(|m| std::iter::once(&m.id).chain(m.aliases.iter()))
            .map(|k| {
                let d = strsim::levenshtein(bare, &k.to_ascii_lowercase());
                (d, k.as_str())
            })
            .collect();
        scored.sort();
        let limit = (bare.chars().count() / 2).max(3);
        let mut picks: Vec<&str> = Vec::new();
        for (d, k) in scored {
            if d > limit || picks.len() == 3 {
                break;
            }
            if !picks.contains(&k) {
                picks.push(k);
            }
        }
        let hint = if picks.is_empty() {
            "; list the known models with Catalog::models(), or add it with Catalog::merge"
                .to_string()
        } else {
            format!(
                "; did you mean {}?",
                picks
                    .iter()
                    .map(|p| format!("'{p}'"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        Error::new(
            ErrorKind::UnknownModel,
            format!("unknown model '{name}'{hint}"),
        )
    }

    /// A new catalog with `overrides` layered over `self`: a model in `overrides` replaces the model
    /// with the same id and takes over its aliases (so a dated snapshot keeps resolving, now to the
    /// override); new models are added. The overrides win every name: an older alias that an
    /// override claims (as a name or as `provider/name`) moves to the override, and an older model
    /// whose own id an override claims is dropped.
    ///
    /// # Errors
    /// `CatalogInvalid` if the result has an alias claimed by two different models.
    pub fn merge(&self, overrides: &Catalog) -> Result<Catalog> {
        let mut models: Vec<ModelInfo> = self.inner.models.clone();
        for o in &overrides.inner.models {
            let mut claimed: std::collections::HashSet<String> = Default::default();
            for k in std::iter::once(&o.id).chain(o.aliases.iter()) {
                let n = normalize(k);
                claimed.insert(format!("{}/{n}", normalize(&o.provider)));
                claimed.insert(n);
            }
            let taken = |m: &ModelInfo, name: &str| {
                let n = normalize(name);
                claimed.contains(&format!("{}/{n}", normalize(&m.provider))) || claimed.contains(&n)
            };
            // Names the override claims are taken away from the older entries.
            models.retain(|m| normalize(&m.id) == normalize(&o.id) || !taken(m, &m.id));
            for m in &mut models {
                let keep: Vec<String> =
                    m.aliases.iter().filter(|a| !taken(m, a)).cloned().collect();
                m.aliases = keep;
            }
            match models
                .iter_mut()
                .find(|m| normalize(&m.id) == normalize(&o.id))
            {
                Some(slot) => {
                    let mut replacement = o.clone();
                    for a in &slot.aliases {
                        let n = normalize(a);
                        if !replacement.aliases.iter().any(|b| normalize(b) == n) {
                            replacement.aliases.push(a.clone());
                        }
                    }
                    *slot = replacement;
                }
                None => {
                    // An override whose id is an old alias replaces nothing; it just takes the name.
                    models.push(o.clone());
                }
            }
        }
        let as_of = std::cmp::max(&self.inner.as_of, &overrides.inner.as_of).clone();
        Catalog::from_models(as_of, models)
    }

    /// The exact cost of `usage` on `model`.
    ///
    /// # Errors
    /// `UnknownModel`; `InvalidInput` if `usage` breaks the [`Usage`] convention; `PriceUnknown` if a
    /// price it needs is not in the catalog (never priced as zero).
    pub fn cost(&self, model: &str, usage: &Usage) -> Result<Cost> {
        let i = self.resolve(model)?;
        cost::cost_prepared(&self.inner.models[i], &self.inner.prepared[i], usage)
    }

    /// The total cost only (no breakdown), for hot paths.
    ///
    /// # Errors
    /// As [`Catalog::cost`].
    pub fn total_cost(&self, model: &str, usage: &Usage) -> Result<Usd> {
        let i = self.resolve(model)?;
        cost::total_prepared(&self.inner.models[i], &self.inner.prepared[i], usage)
    }

    /// Counts `text` with the model's tokenizer; `estimated` is set for models whose tokenizer is
    /// not public.
    ///
    /// # Errors
    /// `UnknownModel`.
    pub fn count_tokens(&self, model: &str, text: &str) -> Result<TokenCount> {
        let m = self.get(model)?;
        Ok(TokenCount {
            tokens: m.tokenizer.encoding.count(text) as u64,
            encoding: m.tokenizer.encoding,
            estimated: m.tokenizer.estimated,
        })
    }

    /// Counts the prompt tokens of a chat request, with OpenAI's per-message overhead.
    ///
    /// # Errors
    /// `UnknownModel`.
    pub fn count_messages(&self, model: &str, messages: &[ChatMessage]) -> Result<TokenCount> {
        let m = self.get(model)?;
        Ok(TokenCount {
            tokens: m.tokenizer.encoding.count_messages(messages),
            encoding: m.tokenizer.encoding,
            estimated: m.tokenizer.estimated,
        })
    }

    /// The worst-case cost of a request with `input_tokens` prompt tokens that may generate up to
    /// `max_tokens` (or the model's `max_output_tokens` when `None`): the figure a budget reserves.
    ///
    /// # Errors
    /// `UnknownModel`; `PriceUnknown`; `InvalidInput` when `max_tokens` is `None` and the model's
    /// maximum output is unknown.
    pub fn worst_case(
        &self,
        model: &str,
        input_tokens: u64,
        max_tokens: Option<u64>,
    ) -> Result<Usd> {
        let m = self.get(model)?;
        worst_case_for(m, input_tokens, max_tokens)
    }

    /// A pre-call estimate for sending `prompt` to `model` and getting about
    /// `expected_output_tokens` back, with the worst case for `max_tokens` (see
    /// [`Catalog::worst_case`]).
    ///
    /// # Errors
    /// As [`Catalog::worst_case`].
    pub fn estimate(
        &self,
        model: &str,
        prompt: &str,
        expected_output_tokens: u64,
        max_tokens: Option<u64>,
    ) -> Result<Estimate> {
        let i = self.resolve(model)?;
        let m = &self.inner.models[i];
        let input_tokens = TokenCount {
            tokens: m.tokenizer.encoding.count(prompt) as u64,
            encoding: m.tokenizer.encoding,
            estimated: m.tokenizer.estimated,
        };
        let expected = cost::cost_prepared(
            m,
            &self.inner.prepared[i],
            &Usage::new(input_tokens.tokens, expected_output_tokens),
        )?;
        let worst_case = worst_case_for(m, input_tokens.tokens, max_tokens)?;
        Ok(Estimate {
            input_tokens,
            expected,
            worst_case,
        })
    }
}

fn worst_case_for(m: &ModelInfo, input_tokens: u64, max_tokens: Option<u64>) -> Result<Usd> {
    let max = max_tokens.or(m.max_output_tokens).ok_or_else(|| {
        Error::invalid_input(format!(
            "the catalog does not know the maximum output of '{}'; pass max_tokens",
            m.id
        ))
    })?;
    let mut usage = Usage::new(input_tokens, max);
    if m.reasoning_tokens == ReasoningRule::SeparatePrice && m.pricing.reasoning > m.pricing.output
    {
        usage.reasoning_tokens = max;
    }
    cost::total_for(m, &usage)
}

fn validate_model(m: &ModelInfo) -> Result<()> {
    if m.id.trim().is_empty() {
        return Err(Error::catalog_invalid("a catalog model has an empty id"));
    }
    if m.provider.trim().is_empty() {
        return Err(Error::catalog_invalid(format!(
            "catalog model '{}' has an empty provider",
            m.id
        )));
    }
    model::validate_deprecation_date(m)?;
    let mut last = None;
    for t in &m.pricing.tiers {
        if last.is_some_and(|l| t.above_input_tokens <= l) {
            return Err(Error::catalog_invalid(format!(
                "catalog model '{}': pricing.tiers must be in ascending order of above_input_tokens",
                m.id
            )));
        }
        last = Some(t.above_input_tokens);
    }
    for (task, q) in &m.quality {
        if !(0.0..=1.0).contains(q) {
            return Err(Error::catalog_invalid(format!(
                "catalog model '{}': quality.{task} = {q} is outside [0, 1]",
                m.id
            )));
        }
    }
    Ok(())
}

fn build_index(models: &[ModelInfo]) -> Result<HashMap<Box<[u8]>, usize, KeyHash>> {
    let mut index: HashMap<Box<[u8]>, usize, KeyHash> =
        HashMap::with_capacity_and_hasher(models.len() * 4, KeyHash::default());
    let mut claim = |key: String, i: usize| -> Result<()> {
        match index.get(key.as_bytes()) {
            Some(&j) if j != i => Err(Error::catalog_invalid(format!(
                "catalog models '{}' and '{}' both claim the name '{key}'; each id and alias must be unique",
                models[j].id, models[i].id
            ))),
            _ => {
                index.insert(key.into_bytes().into_boxed_slice(), i);
                Ok(())
            }
        }
    };
    for (i, m) in models.iter().enumerate() {
        for name in std::iter::once(&m.id).chain(m.aliases.iter()) {
            let n = normalize(name);
            claim(n.clone(), i)?;
            claim(format!("{}/{n}", normalize(&m.provider)), i)?;
        }
    }
    Ok(index)
}
