//! Rule packs: rewrite rules as data.
//!
//! A pack is a JSON document:
//!
//! ```json
//! {
//!   "name": "en",
//!   "language": "en",
//!   "rules": [
//!     { "id": "en.in_order_to", "kind": "phrase", "level": "conservative",
//!       "pattern": "in order to", "replacement": "to" }
//!   ]
//! }
//! ```
//!
//! `pattern` is a literal phrase, matched with ASCII case folding at word boundaries; it is never a
//! regular expression, so a pack cannot make matching slow. `replacement` is written in lower case
//! and takes the case of the matched text (`In order to` → `To`, `IN ORDER TO` → `TO`); an empty
//! replacement deletes the phrase and one neighbouring space.

use std::collections::HashSet;

use aho_corasick::AhoCorasick;
use serde::{Deserialize, Serialize};

use super::Level;
use super::dfa::Dfa;
use crate::error::{Error, Result};
use crate::tokens::Encoding;

const EN_JSON: &str = include_str!("../../rules/en.json");
const ES_JSON: &str = include_str!("../../rules/es.json");

/// What a rule does; used to group rules in reports and documentation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum RuleKind {
    /// A wordy phrase replaced by a shorter one with the same meaning.
    Phrase,
    /// A word replaced by its common abbreviation.
    Abbreviation,
    /// A word or phrase removed entirely (filler, politeness, articles).
    Filler,
}

/// One rewrite rule of a [`RulePack`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Rule {
    /// A unique, stable id (`"en.in_order_to"`), reported in
    /// [`AppliedOptimization::rule_id`](super::AppliedOptimization::rule_id) and findings.
    pub id: String,
    /// What the rule does.
    pub kind: RuleKind,
    /// The lowest level at which the rule applies.
    pub level: Level,
    /// The literal phrase to find (lower case; matched ASCII-case-insensitively at word boundaries).
    pub pattern: String,
    /// The text put in its place (lower case; takes the case of the match). Empty deletes.
    pub replacement: String,
    /// Words (lower case) that, when they follow the match, stop the rule (`"a"` is not removed
    /// before `"few"`, which would flip the meaning).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unless_next: Vec<String>,
    /// Words (lower case) that, among the two words before the match, stop the rule
    /// (`"do you need to be"` keeps `"need to be"`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unless_prev: Vec<String>,
    /// Apply only at the start of a sentence, line or list item (`"I want you to act"` becomes
    /// `"Act"`, but `"what I want you to do"` is left alone).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub sentence_start: bool,
}

impl Rule {
    /// A rule; see the field docs.
    pub fn new(
        id: impl Into<String>,
        kind: RuleKind,
        level: Level,
        pattern: impl Into<String>,
        replacement: impl Into<String>,
    ) -> Rule {
        Rule {
            id: id.into(),
            kind,
            level,
            pattern: pattern.into(),
            replacement: replacement.into(),
            unless_next: Vec::new(),
            unless_prev: Vec::new(),
            sentence_start: false,
        }
    }
}

/// A named set of rewrite rules for one language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RulePack {
    /// The pack's name (`"en"`).
    pub name: String,
    /// The language the rules are written for (BCP 47 tag, `"en"`, `"es"`).
    pub language: String,
    /// The rules.
    pub rules: Vec<Rule>,
}

impl RulePack {
    /// The bundled English pack (`rules/en.json`).
    pub fn english() -> RulePack {
        bundled(EN_JSON, "en")
    }

    /// The bundled Spanish pack (`rules/es.json`).
    pub fn spanish() -> RulePack {
        bundled(ES_JSON, "es")
    }

    /// Every bundled pack (English and Spanish).
    pub fn bundled() -> Vec<RulePack> {
        vec![RulePack::english(), RulePack::spanish()]
    }

    /// A pack from its JSON form (see the module docs), validated.
    ///
    /// # Errors
    /// `InvalidInput` for malformed JSON (with line and column) or an invalid rule (see
    /// [`RulePack::validate`]).
    pub fn from_json_str(json: &str) -> Result<RulePack> {
        let pack: RulePack = serde_json::from_str(json).map_err(|e| {
            Error::invalid_input(format!(
                "rule pack is not valid JSON at line {}, column {}: {e}; see docs/OPTIMIZER.md for the format",
                e.line(),
                e.column()
            ))
        })?;
        pack.validate()?;
        Ok(pack)
    }

    /// The pack as pretty-printed JSON.
    pub fn to_json_string(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Checks every rule: a non-empty id unique in the pack; a pattern that is non-empty, at most
    /// 200 bytes, single-spaced, starts and ends with a letter, has no digits, and is lower case;
    /// a replacement in lower case that is strictly shorter than the pattern (so chains of rewrites
    /// always end, and the optimizer's repeat-until-unchanged loop reaches a fixed point).
    ///
    /// # Errors
    /// `InvalidInput` naming the rule and what is wrong with it.
    pub fn validate(&self) -> Result<()> {
        let mut ids = HashSet::new();
        for r in &self.rules {
            let bad = |what: &str| {
                Err(Error::invalid_input(format!(
                    "rule '{}' in pack '{}': {what}",
                    r.id, self.name
                )))
            };
            if r.id.trim().is_empty() {
                return Err(Error::invalid_input(format!(
                    "a rule in pack '{}' has an empty id; give every rule a unique id",
                    self.name
                )));
            }
            if !ids.insert(r.id.as_str()) {
                return bad("the id is used twice; ids must be unique");
            }
            let p = r.pattern.as_str();
            if p.is_empty() || p.len() > 200 {
                return bad("the pattern must be 1 to 200 bytes long");
            }
            if p.contains("  ") || p.chars().any(|c| c.is_whitespace() && c != ' ') {
                return bad("the pattern must be words separated by single spaces");
            }
            let edge_ok = |c: Option<char>| c.is_some_and(|c| c.is_alphabetic());
            if !edge_ok(p.chars().next()) || !edge_ok(p.chars().last()) {
                return bad("the pattern must start and end with a letter");
            }
            if p.chars()
                .chain(r.replacement.chars())
                .any(|c| c.is_numeric())
            {
                return bad(
                    "pattern and replacement must not contain digits (numbers are protected)",
                );
            }
            if p.to_lowercase() != p || r.replacement.to_lowercase() != r.replacement {
                return bad("pattern and replacement must be written in lower case");
            }
            if r.replacement.len() >= p.len() {
                return bad("the replacement must be shorter than the pattern");
            }
            if r.unless_next
                .iter()
                .any(|w| w.is_empty() || w.to_lowercase() != *w)
            {
                return bad("unless_next words must be non-empty and lower case");
            }
            if r.replacement.chars().any(|c| c == '\n' || c == '\r') {
                return bad("the replacement must not contain line breaks");
            }
        }
        Ok(())
    }
}

fn bundled(json: &str, name: &str) -> RulePack {
    match RulePack::from_json_str(json) {
        Ok(p) => p,
        // The bundled packs are checked by this crate's tests; an invalid one cannot ship.
        Err(e) => panic!("bundled rule pack '{name}' is invalid: {e}"),
    }
}

/// The rules of all packs, compiled into one automaton per level.
#[derive(Debug)]
pub(crate) struct CompiledRules {
    pub(crate) rules: Vec<Rule>,
    /// `automata[level]` matches the rules with `rule.level <= level` (leftmost-longest, ASCII
    /// case-insensitive); `automata[level].1[pattern_index]` is the index into `rules`.
    automata: Vec<(Dfa, Vec<usize>)>,
    /// `deltas[rule][encoding][case][context]`: tokens saved by the rule in running text, for
    /// `o200k_base` and `cl100k_base`, with the match in lower case, capitalized or upper case,
    /// after a space or at the start of a line. See `passes::rules` for when these are exact.
    deltas: Vec<[[[i32; 2]; 3]; 2]>,
    /// `spaces[encoding][n]`: tokens of `n` spaces (n ≤ 64), for the same two encodings.
    spaces: [[i32; 65]; 2],
    /// `trailing[encoding][k][n - 1]`: tokens saved by removing `k` spaces (k ≤ 16) before `n`
    /// newlines (n = 1, 2), for the same two encodings.
    trailing: [[[i32; 2]; 17]; 2],
    /// `mark_newlines[encoding][c][n - 1]`: tokens saved when the ASCII punctuation mark `c`
    /// takes `n` newlines (n = 1, 2) into its piece: `tokens(c) + tokens(newlines) -
    /// tokens(c + newlines)`, for the same two encodings.
    mark_newlines: [[[i32; 2]; 128]; 2],
    /// A space before `, . ; : ! ?` (the cleanup pass's candidates), found with a SIMD prefilter.
    pub(crate) space_before_punct: PairFinder,
    /// Byte length of the shortest pattern.
    min_len: usize,
    /// No pattern holds a newline.
    line_local: bool,
}

/// A few short literal patterns, searched with the SIMD "packed" searcher where the CPU has one
/// (SSSE3/AVX2 or NEON), else with a plain Aho-Corasick automaton: the same matches either way.
#[derive(Debug)]
pub(crate) enum PairFinder {
    Packed(aho_corasick::packed::Searcher),
    Automaton(AhoCorasick),
}

impl PairFinder {
    fn new(patterns: &[&str]) -> Result<PairFinder> {
        if let Some(s) = aho_corasick::packed::Searcher::new(patterns.iter()) {
            return Ok(PairFinder::Packed(s));
        }
        Self::automaton(patterns)
    }

    fn automaton(patterns: &[&str]) -> Result<PairFinder> {
        AhoCorasick::new(patterns)
            .map(PairFinder::Automaton)
            .map_err(|e| Error::new(crate::ErrorKind::Internal, e.to_string()))
    }

    /// Calls `f` with the start offset of each non-overlapping match in `haystack`, left to
    /// right.
    pub(crate) fn for_each_start(&self, haystack: &[u8], mut f: impl FnMut(usize)) {
        match self {
            PairFinder::Packed(s) => s.find_iter(haystack).for_each(|m| f(m.start())),
            PairFinder::Automaton(a) => a.find_iter(haystack).for_each(|m| f(m.start())),
        }
    }
}

/// Case of a matched phrase.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Case {
    Lower = 0,
    Capitalized = 1,
    Upper = 2,
}

impl Case {
    pub(crate) fn apply(self, s: &str) -> String {
        match self {
            Case::Lower => s.to_string(),
            Case::Upper => s.to_uppercase(),
            Case::Capitalized => {
                let mut c = s.chars();
                match c.next() {
                    Some(f) => f.to_uppercase().chain(c).collect(),
                    None => String::new(),
                }
            }
        }
    }
}

/// The encodings with precomputed rule deltas.
pub(crate) fn delta_encoding_index(e: Encoding) -> Option<usize> {
    match e {
        Encoding::O200kBase => Some(0),
        Encoding::Cl100kBase => Some(1),
        _ => None,
    }
}

impl CompiledRules {
    pub(crate) fn new(packs: &[RulePack]) -> Result<CompiledRules> {
        let mut rules: Vec<Rule> = Vec::new();
        let mut ids = HashSet::new();
        let mut patterns = HashSet::new();
        for pack in packs {
            pack.validate()?;
            for r in &pack.rules {
                if !ids.insert(r.id.clone()) {
                    return Err(Error::invalid_input(format!(
                        "rule id '{}' is defined by two packs; rename one of them",
                        r.id
                    )));
                }
                if !patterns.insert(r.pattern.to_ascii_lowercase()) {
                    return Err(Error::invalid_input(format!(
                        "the pattern '{}' of rule '{}' is already used by another rule; \
                         keep one of them",
                        r.pattern, r.id
                    )));
                }
                rules.push(r.clone());
            }
        }
        let mut automata = Vec::new();
        for level in Level::ALL {
            let idx: Vec<usize> = (0..rules.len())
                .filter(|&i| rules[i].level <= level)
                .collect();
            let patterns: Vec<&str> = idx.iter().map(|&i| rules[i].pattern.as_str()).collect();
            let dfa = Dfa::new(&patterns).map_err(|e| {
                Error::invalid_input(format!("rule patterns could not be compiled: {e}"))
            })?;
            automata.push((dfa, idx));
        }
        let deltas = rules
            .iter()
            .map(|r| {
                let mut t = [[[0i32; 2]; 3]; 2];
                for (ei, enc) in [Encoding::O200kBase, Encoding::Cl100kBase]
                    .into_iter()
                    .enumerate()
                {
                    for case in [Case::Lower, Case::Capitalized, Case::Upper] {
                        let p = case.apply(&r.pattern);
                        let q = case.apply(&r.replacement);
                        for (ci, lead) in [" ", ""].into_iter().enumerate() {
                            let before = enc.count(&format!("{lead}{p}")) as i32;
                            let after = if q.is_empty() {
                                0
                            } else {
                                enc.count(&format!("{lead}{q}")) as i32
                            };
                            t[ei][case as usize][ci] = before - after;
                        }
                    }
                }
                t
            })
            .collect();
        let mut spaces = [[0i32; 65]; 2];
        for (ei, enc) in [Encoding::O200kBase, Encoding::Cl100kBase]
            .into_iter()
            .enumerate()
        {
            for (n, slot) in spaces[ei].iter_mut().enumerate() {
                *slot = enc.count(&" ".repeat(n)) as i32;
            }
        }
        let mut trailing = [[[0i32; 2]; 17]; 2];
        for (ei, enc) in [Encoding::O200kBase, Encoding::Cl100kBase]
            .into_iter()
            .enumerate()
        {
            for (k, row) in trailing[ei].iter_mut().enumerate() {
                for (ni, slot) in row.iter_mut().enumerate() {
                    let nl = "\n".repeat(ni + 1);
                    *slot =
                        enc.count(&format!("{}{nl}", " ".repeat(k))) as i32 - enc.count(&nl) as i32;
                }
            }
        }
        let mut mark_newlines = [[[0i32; 2]; 128]; 2];
        for (ei, enc) in [Encoding::O200kBase, Encoding::Cl100kBase]
            .into_iter()
            .enumerate()
        {
            for c in (0u8..128).filter(u8::is_ascii_punctuation) {
                for (ni, slot) in mark_newlines[ei][usize::from(c)].iter_mut().enumerate() {
                    let nl = "\n".repeat(ni + 1);
                    let mark = char::from(c).to_string();
                    *slot = enc.count(&mark) as i32 + enc.count(&nl) as i32
                        - enc.count(&format!("{mark}{nl}")) as i32;
                }
            }
        }
        let min_len = rules
            .iter()
            .map(|r| r.pattern.len())
            .min()
            .unwrap_or(1)
            .max(1);
        let space_before_punct = PairFinder::new(&[" ,", " .", " ;", " :", " !", " ?"])?;
        let line_local = !rules.iter().any(|r| r.pattern.contains('\n'));
        Ok(CompiledRules {
            rules,
            automata,
            deltas,
            spaces,
            trailing,
            mark_newlines,
            space_before_punct,
            min_len,
            line_local,
        })
    }

    /// Tokens saved by removing `k` spaces before `newlines` newlines (see `trailing`).
    pub(crate) fn trailing(&self, enc: usize, k: usize, newlines: usize) -> i32 {
        self.trailing[enc][k.min(16)][newlines.clamp(1, 2) - 1]
    }

    /// Tokens saved when the ASCII punctuation mark `c` takes `newlines` newlines into its piece
    /// (see `mark_newlines`).
    pub(crate) fn mark_newlines(&self, enc: usize, c: u8, newlines: usize) -> i32 {
        self.mark_newlines[enc][usize::from(c & 0x7f)][newlines.clamp(1, 2) - 1]
    }

    /// Tokens of `n` spaces (`n` ≤ 64) with the encoding at index `enc`.
    pub(crate) fn spaces(&self, enc: usize, n: usize) -> i32 {
        self.spaces[enc][n.min(64)]
    }

    /// Precomputed tokens saved by rule `ri` (see `deltas`).
    pub(crate) fn delta(&self, ri: usize, enc: usize, case: Case, line_start: bool) -> i32 {
        self.deltas[ri][enc][case as usize][usize::from(line_start)]
    }

    /// The longest pattern active at `level` that matches at byte `start` and ends by `limit`:
    /// `(end, rule index)`.
    pub(crate) fn longest_at(
        &self,
        text: &str,
        level: Level,
        start: usize,
        limit: usize,
    ) -> Option<(usize, usize)> {
        let (dfa, idx) = &self.automata[level.index()];
        // Leftmost-longest: a match at `start` is the leftmost one, and the longest there.
        let (s, e, p) = dfa.first_match(text.as_bytes(), start, limit.min(text.len()))?;
        (s == start).then(|| (e, idx[p]))
    }

    /// Calls `f` with the leftmost-longest matches of the rules active at `level` in each of
    /// `pieces` (sorted, disjoint ranges of `text`; the text around a piece is not looked at),
    /// in order: `(start, end, rule index)`.
    pub(crate) fn for_each_match(
        &self,
        text: &str,
        level: Level,
        pieces: &[(usize, usize)],
        mut f: impl FnMut((usize, usize, usize)),
    ) {
        let (dfa, idx) = &self.automata[level.index()];
        dfa.for_each_match(text.as_bytes(), pieces, |(s, e, p)| f((s, e, idx[p])));
    }

    /// Byte length of the shortest pattern (a stretch of text shorter than this holds no match).
    pub(crate) fn min_len(&self) -> usize {
        self.min_len
    }

    /// Whether no pattern holds a newline, so that no match crosses a line break (see
    /// `passes::rules_region`).
    pub(crate) fn line_local(&self) -> bool {
        self.line_local
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pair_finders_agree() {
        let pats = [" ,", " .", " ;", " :", " !", " ?"];
        let packed = PairFinder::new(&pats).unwrap();
        let plain = PairFinder::automaton(&pats).unwrap();
        let text = "a , b . c ;d :e ! f ? , ,. x  ,  . é ? end ?".as_bytes();
        let starts = |finder: &PairFinder| {
            let mut v = Vec::new();
            finder.for_each_start(text, |i| v.push(i));
            v
        };
        let a = starts(&packed);
        let b = starts(&plain);
        assert_eq!(a, b);
        let want: Vec<usize> = (0..text.len() - 1)
            .filter(|&i| text[i] == b' ' && b",.;:!?".contains(&text[i + 1]))
            .collect();
        assert_eq!(a, want);
    }
}
