//! Quality and speed figures per model, overlaid on a catalog for the [selector](crate::select).
//!
//! The bundled table (`data/quality.json`, converted by `scripts/convert_quality.py` from a sourced
//! compilation of public leaderboards; method, sources and licences in `docs/SELECTION.md`) is
//! applied to [`Catalog::bundled`] when it is built. Your own evaluations beat public leaderboards:
//! load them into a [`QualityTable`] and apply them with [`Catalog::with_quality`].
//!
//! # Matching
//!
//! Each entry is matched to catalog models by its `id` and then by each name in its `match` list,
//! with [`Catalog::find`] (ids, aliases, dated snapshots, `provider/id`). Every catalog model found
//! receives the entry's figures. When two entries reach the same catalog model, an entry whose `id`
//! names it beats one that reaches it through `match`; otherwise the earlier entry wins.
//!
//! # Overlay rules
//!
//! - Bundled table onto the bundled catalog: fills only what the catalog entry lacks (a task score,
//!   the output speed, the time to first token, `quality_source`). Entries that match no catalog
//!   model are skipped.
//! - [`Catalog::with_quality`] (your figures): replaces, per task, the scores it gives and the speed
//!   figures it gives, and keeps the rest. An entry that matches no catalog model is an
//!   `UnknownModel` error (a typo in your file should not be silently ignored).

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::{Catalog, ModelInfo, Speed};
use crate::error::{Error, ErrorKind, Result};
use crate::select::TaskType;

const BUNDLED_QUALITY_JSON: &str = include_str!("../../data/quality.json");

/// A table of quality scores (per task type, in `[0, 1]`) and speed figures per model.
///
/// The JSON format is the bundled `data/quality.json`; only `models[].id` is required:
///
/// ```json
/// {"models": [{"id": "gpt-4.1-mini", "scores": {"extraction_classification": 0.91},
///              "output_tokens_per_s": 80.0, "ttft_s": 0.4, "sources": ["our eval 2026-11"]}]}
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct QualityTable {
    /// The date the table was compiled, if given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compiled: Option<String>,
    /// How the scores were derived, if given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    /// The sources the figures come from (free-form objects, kept as given).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<serde_json::Value>,
    /// The entries, one per model.
    #[serde(default)]
    pub models: Vec<QualityEntry>,
}

/// One model's quality and speed figures in a [`QualityTable`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct QualityEntry {
    /// The model's id (looked up with [`Catalog::find`]).
    pub id: String,
    /// Other names of the same model to look up in the catalog.
    #[serde(default, rename = "match", skip_serializing_if = "Vec::is_empty")]
    pub match_names: Vec<String>,
    /// Task type name → score in `[0, 1]`. Task types are those of [`TaskType`].
    #[serde(default)]
    pub scores: BTreeMap<String, f64>,
    /// Median output tokens per second.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output_tokens_per_s: Option<f64>,
    /// Median time to first token, seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ttft_s: Option<f64>,
    /// Ids or descriptions of the sources of these figures.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
}

impl QualityEntry {
    /// An entry for `model` with no figures yet.
    pub fn new(model: impl Into<String>) -> Self {
        QualityEntry {
            id: model.into(),
            ..QualityEntry::default()
        }
    }

    /// Sets the score for `task` (a [`TaskType`] name such as `"coding"`).
    pub fn score(mut self, task: impl Into<String>, score: f64) -> Self {
        self.scores.insert(task.into(), score);
        self
    }

    /// Sets the median output speed in tokens per second.
    pub fn output_tokens_per_s(mut self, tokens_per_s: f64) -> Self {
        self.output_tokens_per_s = Some(tokens_per_s);
        self
    }

    /// Sets the median time to first token in seconds.
    pub fn ttft_s(mut self, seconds: f64) -> Self {
        self.ttft_s = Some(seconds);
        self
    }

    /// Adds a source (where these figures come from, e.g. `"internal eval 2026-11"`).
    pub fn source(mut self, source: impl Into<String>) -> Self {
        self.sources.push(source.into());
        self
    }

    fn validate(&self) -> Result<()> {
        for (task, &s) in &self.scores {
            if task.parse::<TaskType>().is_err() {
                return Err(Error::invalid_input(format!(
                    "quality entry '{}': unknown task type '{task}'; valid task types are {}",
                    self.id,
                    TaskType::names().join(", ")
                )));
            }
            if !(0.0..=1.0).contains(&s) {
                return Err(Error::invalid_input(format!(
                    "quality entry '{}': score {task} = {s} is outside [0, 1]",
                    self.id
                )));
            }
        }
        for (what, v) in [
            ("output_tokens_per_s", self.output_tokens_per_s),
            ("ttft_s", self.ttft_s),
        ] {
            if let Some(v) = v
                && !(v.is_finite() && v >= 0.0)
            {
                return Err(Error::invalid_input(format!(
                    "quality entry '{}': {what} = {v} must be a finite number ≥ 0",
                    self.id
                )));
            }
        }
        Ok(())
    }

    fn source_text(&self, compiled: Option<&str>) -> String {
        let mut s = String::from("quality table");
        if let Some(c) = compiled {
            s.push_str(&format!(" compiled {c}"));
        }
        if !self.sources.is_empty() {
            s.push_str(&format!(" ({})", self.sources.join(", ")));
        }
        s
    }
}

impl QualityTable {
    /// An empty table; add entries with [`QualityTable::entry`].
    pub fn new() -> Self {
        QualityTable::default()
    }

    /// Adds an entry.
    pub fn entry(mut self, entry: QualityEntry) -> Self {
        self.models.push(entry);
        self
    }

    /// The table bundled with this build (`data/quality.json`), with its sources and method.
    pub fn bundled() -> QualityTable {
        // The bundled file is checked by this crate's tests; an invalid one cannot ship.
        QualityTable::from_json_str(BUNDLED_QUALITY_JSON).unwrap_or_default()
    }

    /// Parses a table in the JSON format shown on [`QualityTable`].
    ///
    /// # Errors
    /// `InvalidInput` naming the line and column of a JSON error, or the entry and field of an
    /// invalid figure (a score outside `[0, 1]`, an unknown task type, a negative speed).
    pub fn from_json_str(json: &str) -> Result<QualityTable> {
        let table: QualityTable = serde_json::from_str(json).map_err(|e| {
            Error::invalid_input(format!(
                "quality JSON is invalid at line {} column {}: {e}",
                e.line(),
                e.column()
            ))
            .with_source(e)
        })?;
        table.validate()?;
        Ok(table)
    }

    /// Reads a table from a JSON file.
    ///
    /// # Errors
    /// `StorageUnavailable` if the file cannot be read; otherwise as [`QualityTable::from_json_str`].
    pub fn from_path(path: impl AsRef<Path>) -> Result<QualityTable> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|e| {
            Error::new(
                ErrorKind::StorageUnavailable,
                format!("cannot read quality file {}: {e}", path.display()),
            )
            .with_source(e)
        })?;
        QualityTable::from_json_str(&text)
            .map_err(|e| Error::new(e.kind(), format!("{}: {}", path.display(), e.message())))
    }

    fn validate(&self) -> Result<()> {
        self.models.iter().try_for_each(QualityEntry::validate)
    }

    /// For each catalog model index, the index of the entry that applies to it (see the module
    /// docs for precedence), and the entries that matched nothing.
    fn assign(&self, catalog: &Catalog) -> (Vec<Option<usize>>, Vec<usize>) {
        let mut by_model: Vec<Option<(bool, usize)>> = vec![None; catalog.len()];
        let mut unmatched = Vec::new();
        let position = |m: &ModelInfo| {
            catalog
                .models()
                .iter()
                .position(|x| std::ptr::eq(x, m))
                .unwrap_or(usize::MAX)
        };
        for (ei, e) in self.models.iter().enumerate() {
            let mut found = false;
            let names =
                std::iter::once((true, &e.id)).chain(e.match_names.iter().map(|n| (false, n)));
            for (direct, name) in names {
                let Some(m) = catalog.find(name) else {
                    continue;
                };
                found = true;
                let mi = position(m);
                let Some(slot) = by_model.get_mut(mi) else {
                    continue;
                };
                match slot {
                    // A direct id match beats a `match`-name match; otherwise the first entry wins.
                    Some((prev_direct, _)) if *prev_direct || !direct => {}
                    _ => *slot = Some((direct, ei)),
                }
            }
            if !found {
                unmatched.push(ei);
            }
        }
        (
            by_model.into_iter().map(|s| s.map(|(_, e)| e)).collect(),
            unmatched,
        )
    }
}

fn apply(model: &mut ModelInfo, e: &QualityEntry, compiled: Option<&str>, replace: bool) {
    for (task, &s) in &e.scores {
        if replace || !model.quality.contains_key(task) {
            model.quality.insert(task.clone(), s);
        }
    }
    if e.output_tokens_per_s.is_some() || e.ttft_s.is_some() {
        let mut speed = model.speed.unwrap_or(Speed {
            output_tokens_per_s: None,
            ttft_s: None,
        });
        if e.output_tokens_per_s.is_some() && (replace || speed.output_tokens_per_s.is_none()) {
            speed.output_tokens_per_s = e.output_tokens_per_s;
        }
        if e.ttft_s.is_some() && (replace || speed.ttft_s.is_none()) {
            speed.ttft_s = e.ttft_s;
        }
        model.speed = Some(speed);
    }
    if replace || model.quality_source.is_none() {
        model.quality_source = Some(e.source_text(compiled));
    }
}

/// Overlays the bundled quality table on a freshly parsed bundled catalog (fill-only).
pub(super) fn overlay_bundled(catalog: Catalog) -> Result<Catalog> {
    let table = QualityTable::from_json_str(BUNDLED_QUALITY_JSON)?;
    overlay(&catalog, &table, false)
}

fn overlay(catalog: &Catalog, table: &QualityTable, replace: bool) -> Result<Catalog> {
    let (assigned, _) = table.assign(catalog);
    let mut models = catalog.models().to_vec();
    for (m, entry) in models.iter_mut().zip(assigned) {
        if let Some(ei) = entry {
            apply(m, &table.models[ei], table.compiled.as_deref(), replace);
        }
    }
    Catalog::from_models(catalog.as_of().to_string(), models)
}

impl Catalog {
    /// A new catalog with `table`'s quality and speed figures laid over this one's: for each model
    /// an entry matches, the scores and speed figures the entry gives replace the catalog's; the
    /// rest is kept. Use it to apply your own evaluations (they beat public leaderboards).
    ///
    /// ```
    /// use llmcost_core::{Catalog, QualityEntry, QualityTable};
    ///
    /// let ours = QualityTable::new().entry(
    ///     QualityEntry::new("gpt-4o").score("extraction_classification", 0.93).source("ticket eval 2026-11"),
    /// );
    /// let catalog = Catalog::bundled().with_quality(&ours)?;
    /// assert_eq!(catalog.get("gpt-4o")?.quality["extraction_classification"], 0.93);
    /// # Ok::<(), llmcost_core::Error>(())
    /// ```
    ///
    /// # Errors
    /// `UnknownModel` (with suggestions) for an entry that matches no model of this catalog.
    pub fn with_quality(&self, table: &QualityTable) -> Result<Catalog> {
        table.validate()?;
        let (_, unmatched) = table.assign(self);
        if let Some(&ei) = unmatched.first() {
            let e = &table.models[ei];
            let err = self.unknown(&e.id);
            return Err(Error::new(
                ErrorKind::UnknownModel,
                format!("quality table entry: {}", err.message()),
            ));
        }
        overlay(self, table, true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_table_parses_and_keeps_provenance() {
        let t = QualityTable::from_json_str(BUNDLED_QUALITY_JSON).unwrap();
        assert!(t.models.len() >= 50);
        assert!(t.method.as_deref().unwrap_or("").contains("min-max"));
        assert!(
            t.sources
                .iter()
                .any(|s| s["id"] == "swebench_bash_only_2025_12")
        );
        assert!(t.models.iter().all(|m| !m.sources.is_empty()));
    }

    #[test]
    fn bad_scores_are_invalid_input() {
        let e = QualityTable::from_json_str(r#"{"models":[{"id":"x","scores":{"coding":1.5}}]}"#)
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidInput);
        assert!(e.message().contains("coding = 1.5"), "{e}");
        let e = QualityTable::from_json_str(r#"{"models":[{"id":"x","scores":{"codeing":0.5}}]}"#)
            .unwrap_err();
        assert!(
            e.message().contains("'codeing'") && e.message().contains("coding"),
            "{e}"
        );
        let e = QualityTable::from_json_str(r#"{"models":[{"id":"x","ttft_s":-1}]}"#).unwrap_err();
        assert!(e.message().contains("ttft_s"), "{e}");
        let e = QualityTable::from_json_str("{").unwrap_err();
        assert!(e.message().contains("line 1"), "{e}");
    }

    fn small_catalog() -> Catalog {
        let json = r#"{"schema_version": 1, "as_of": "2026-11-27", "models": [
            {"id": "alpha", "provider": "acme", "aliases": ["alpha-2026-01-01"],
             "pricing": {"input": "1", "output": "1"}, "quality": {"coding": 0.1},
             "source": "x", "as_of": "2026-11-27"},
            {"id": "beta", "provider": "acme", "pricing": {"input": "1", "output": "1"},
             "source": "x", "as_of": "2026-11-27"}]}"#;
        Catalog::from_json_str(json).unwrap()
    }

    #[test]
    fn bundled_overlay_fills_gaps_only_and_skips_unmatched_entries() {
        let table = QualityTable::from_json_str(
            r#"{"compiled": "2026-11-27", "models": [
                {"id": "alpha-2026-01-01", "scores": {"coding": 0.9, "general_chat": 0.5},
                 "output_tokens_per_s": 80, "sources": ["s1"]},
                {"id": "gamma", "scores": {"coding": 0.7}}]}"#,
        )
        .unwrap();
        let c = overlay(&small_catalog(), &table, false).unwrap();
        let a = c.get("alpha").unwrap();
        assert_eq!(a.quality["coding"], 0.1, "catalog figures are kept");
        assert_eq!(a.quality["general_chat"], 0.5);
        assert_eq!(a.speed.unwrap().output_tokens_per_s, Some(80.0));
        assert_eq!(
            a.quality_source.as_deref(),
            Some("quality table compiled 2026-11-27 (s1)")
        );
        assert!(c.get("beta").unwrap().quality.is_empty());
        assert_eq!(c.len(), 2);
        // Replacing (user figures) overrides the catalog's.
        let c = overlay(&small_catalog(), &table, true).unwrap();
        assert_eq!(c.get("alpha").unwrap().quality["coding"], 0.9);
    }

    #[test]
    fn a_direct_id_match_beats_a_match_name() {
        let table = QualityTable::from_json_str(
            r#"{"models": [
                {"id": "other", "match": ["beta"], "scores": {"coding": 0.2}},
                {"id": "beta", "scores": {"coding": 0.8}},
                {"id": "alpha", "scores": {"coding": 0.3}},
                {"id": "alpha-2026-01-01", "scores": {"coding": 0.4}}]}"#,
        )
        .unwrap();
        let c = overlay(&small_catalog(), &table, true).unwrap();
        assert_eq!(c.get("beta").unwrap().quality["coding"], 0.8);
        // Both name `alpha` directly (id and snapshot alias): the first entry wins.
        assert_eq!(c.get("alpha").unwrap().quality["coding"], 0.3);
    }
}
