//! `Catalog` and `ModelInfo`.
use napi::bindgen_prelude::Unknown;
use napi_derive::napi;

use crate::cost::{Cost, Usage};
use crate::error::{Result, to_js, tokens};
use crate::tokens::TokenCount;

/// One model's catalog entry (read-only).
#[napi(object)]
pub struct ModelInfo {
    pub id: String,
    pub provider: String,
    pub aliases: Vec<String>,
    pub context_window: Option<f64>,
    pub max_output_tokens: Option<f64>,
    pub source: String,
    pub as_of: String,
}

impl From<&llmcost_core::ModelInfo> for ModelInfo {
    fn from(m: &llmcost_core::ModelInfo) -> Self {
        ModelInfo {
            id: m.id.clone(),
            provider: m.provider.clone(),
            aliases: m.aliases.clone(),
            context_window: m.context_window.map(|v| v as f64),
            max_output_tokens: m.max_output_tokens.map(|v| v as f64),
            source: m.source.clone(),
            as_of: m.as_of.clone(),
        }
    }
}

/// The pricing catalog: models, prices, limits, with provenance.
#[napi]
pub struct Catalog(pub(crate) llmcost_core::Catalog);

#[napi]
impl Catalog {
    /// The catalog bundled with this build (offline).
    #[napi(factory)]
    pub fn bundled() -> Self {
        Catalog(llmcost_core::Catalog::bundled())
    }

    /// Parses a catalog in the native JSON format.
    #[napi(factory)]
    pub fn from_json_str(json: String) -> Result<Self> {
        llmcost_core::Catalog::from_json_str(&json)
            .map(Catalog)
            .map_err(to_js)
    }

    /// Reads a native-format catalog file.
    #[napi(factory)]
    pub fn from_path(path: String) -> Result<Self> {
        llmcost_core::Catalog::from_path(path)
            .map(Catalog)
            .map_err(to_js)
    }

    /// A new catalog with `overrides` layered over this one.
    #[napi]
    pub fn merge(&self, overrides: &Catalog) -> Result<Catalog> {
        self.0.merge(&overrides.0).map(Catalog).map_err(to_js)
    }

    /// The catalog's date (YYYY-MM-DD).
    #[napi(getter)]
    pub fn as_of(&self) -> String {
        self.0.as_of().to_string()
    }

    /// Number of models.
    #[napi(getter)]
    pub fn length(&self) -> u32 {
        self.0.len() as u32
    }

    /// Looks a model up by id, alias, snapshot or `provider/id`.
    #[napi]
    pub fn get(&self, name: String) -> Result<ModelInfo> {
        self.0.get(&name).map(ModelInfo::from).map_err(to_js)
    }

    /// All models.
    #[napi]
    pub fn models(&self) -> Vec<ModelInfo> {
        self.0.models().iter().map(ModelInfo::from).collect()
    }

    /// The exact cost of `usage` on `model`.
    #[napi]
    pub fn cost(&self, model: String, usage: Usage) -> Result<Cost> {
        self.0
            .cost(&model, &usage.to_core()?)
            .map(Cost::from)
            .map_err(to_js)
    }

    /// The total cost only, as a decimal string.
    #[napi]
    pub fn total_cost(&self, model: String, usage: Usage) -> Result<String> {
        self.0
            .total_cost(&model, &usage.to_core()?)
            .map(|u| u.to_string())
            .map_err(to_js)
    }

    /// Worst-case cost (`input + maxTokens × output price`) as a decimal string.
    #[napi]
    pub fn worst_case(
        &self,
        model: String,
        input_tokens: f64,
        max_tokens: Option<f64>,
    ) -> Result<String> {
        let input = tokens("inputTokens", input_tokens)?;
        let max = max_tokens.map(|m| tokens("maxTokens", m)).transpose()?;
        self.0
            .worst_case(&model, input, max)
            .map(|u| u.to_string())
            .map_err(to_js)
    }

    /// Counts `text` with the model's tokenizer.
    #[napi]
    pub fn count_tokens(&self, model: String, text: String) -> Result<TokenCount> {
        self.0
            .count_tokens(&model, &text)
            .map(TokenCount::from)
            .map_err(to_js)
    }

    /// Counts the prompt tokens of a chat request, with OpenAI's per-message overhead.
    #[napi]
    pub fn count_messages(
        &self,
        model: String,
        #[napi(ts_arg_type = "Array<ChatMessage>")] messages: Unknown<'_>,
    ) -> Result<TokenCount> {
        let msgs = crate::tokens::to_core(messages)?;
        self.0
            .count_messages(&model, &msgs)
            .map(TokenCount::from)
            .map_err(to_js)
    }
}
