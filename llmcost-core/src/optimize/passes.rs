//! The rewrite passes and the machinery that applies them.
//!
//! Every pass proposes [`Edit`]s (a byte range and its replacement) that avoid the protected
//! spans. Each edit is kept only if the tokenizer says it does not add tokens, counted on a small
//! window around the edit (the word before and after it): BPE pre-tokenization splits text at word
//! boundaries, so a window of whole words around an edit counts the same tokens as the whole text
//! would, at a tiny fraction of the cost. The final token count of the whole text is checked too.
//!
//! Performance notes: matching all rules is one Aho-Corasick pass over the gaps between protected
//! spans; protected spans are found by per-kind scanners (`inline.rs`, `spans.rs`); edits are
//! applied in one copy per pass. Counting every rule candidate on the whole text was tried first
//! and is quadratic; counting windows is linear.

use super::Level;
use super::rules::{Case, CompiledRules, RuleKind};
use super::spans::{indent_width, overlaps};
use crate::tokens::Encoding;

/// Where an edit comes from: a built-in pass or a pack rule (index into `CompiledRules::rules`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Source {
    Builtin(&'static str),
    Rule(usize),
}

/// Ids of the built-in passes' rewrites.
pub(crate) mod ids {
    pub const TRAILING: &str = "whitespace.trailing";
    pub const SPACES: &str = "whitespace.spaces";
    pub const BLANK_LINES: &str = "whitespace.blank_lines";
    pub const INDENT: &str = "whitespace.indentation";
    pub const EMPHASIS: &str = "structure.emphasis";
    pub const HEADING: &str = "structure.heading";
    pub const RULE_LINE: &str = "structure.horizontal_rule";
    pub const EXAMPLES: &str = "examples.trim";
    pub const PUNCT: &str = "cleanup.space_before_punctuation";
    pub const EDGES: &str = "cleanup.trim";
}

#[derive(Debug, Clone)]
pub(crate) struct Edit {
    pub start: usize,
    pub end: usize,
    pub repl: String,
    pub source: Source,
    /// Tokens saved, counted on the window (filled in by `verify`).
    pub saved: u64,
    /// Tokens saved, when known exactly without counting (a rule in running text).
    pub known: Option<i32>,
}

/// Per-call settings the passes need.
pub(crate) struct Ctx<'a> {
    pub level: Level,
    pub encoding: Encoding,
    pub rules: &'a CompiledRules,
    /// Index of `encoding` in the rules' precomputed deltas, if it has them.
    pub delta_encoding: Option<usize>,
    /// Sorted, merged protected ranges of the current text.
    pub protected: &'a [(usize, usize)],
    /// Sorted negation ranges of the current text (a subset of `protected`).
    pub negations: &'a [(usize, usize)],
    /// The lines of the current text ([`line_ranges`]).
    pub lines: &'a [(usize, usize)],
    /// If set, sorted and disjoint whole lines of the text: the rules pass looks for rewrites in
    /// them only (see [`rules_region`]).
    pub only: Option<&'a [(usize, usize)]>,
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The end of the content of the line `b[s..e]` (`e` at its `\n` or the end of the text): before
/// the `\r` of a `\r\n`.
pub(crate) fn content_end(b: &[u8], s: usize, e: usize) -> usize {
    if e > s && b[e - 1] == b'\r' { e - 1 } else { e }
}

/// `(start, end)` of each line's content, without its `\n` or `\r\n` (a final empty line after a
/// trailing newline is not a line), written to `out` (cleared first, so that its memory is reused).
pub(crate) fn line_ranges(text: &str, out: &mut Vec<(usize, usize)>) {
    let b = text.as_bytes();
    out.clear();
    out.reserve(memchr::memchr_iter(b'\n', b).count() + 1);
    let mut pos = 0;
    let content_end = |s: usize, e: usize| content_end(b, s, e);
    super::bytes::positions(b, [b'\n'], |nl| {
        out.push((pos, content_end(pos, nl)));
        pos = nl + 1;
    });
    if pos < b.len() {
        out.push((pos, content_end(pos, b.len())));
    }
}

/// Whether a line is empty or only whitespace (`str::trim`'s), with a fast path for lines that
/// start with a printable ASCII character.
pub(crate) fn is_blank(l: &str) -> bool {
    match l.as_bytes().first() {
        None => true,
        Some(&c) if c > b' ' && c < 0x80 => false,
        _ => l.trim().is_empty(),
    }
}

/// Byte length of `l` without its leading whitespace (`str::trim_start`'s), with a fast path.
fn trimmed_start(l: &str) -> usize {
    match l.as_bytes().first() {
        Some(&c) if c > b' ' && c < 0x80 => 0,
        _ => l.len() - l.trim_start().len(),
    }
}

/// Byte length of `l` without its trailing whitespace (`str::trim_end`'s), with a fast path.
fn trimmed_end_len(l: &str) -> usize {
    match l.as_bytes().last() {
        Some(&c) if c > b' ' && c < 0x80 => l.len(),
        _ => l.trim_end().len(),
    }
}

fn is_list_item(t: &str) -> bool {
    let t = t.trim_start();
    if t.starts_with("- ") || t.starts_with("* ") || t.starts_with("+ ") || t.starts_with("• ") {
        return true;
    }
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0 && (t[digits..].starts_with(". ") || t[digits..].starts_with(") "))
}

/// Whitespace: trailing spaces, runs of spaces, blank-line runs, and (standard and above) the
/// indentation of prose paragraphs.
pub(crate) fn whitespace(ctx: &Ctx, text: &str) -> Vec<Edit> {
    let mut edits = Vec::new();
    let lines = ctx.lines;
    let prot = ctx.protected;
    let blank = |i: usize| is_blank(&text[lines[i].0..lines[i].1]);
    let push = |s: usize, e: usize, repl: &str, id: &'static str, edits: &mut Vec<Edit>| {
        if e > s && !overlaps(prot, s, e) {
            edits.push(Edit {
                start: s,
                end: e,
                repl: repl.to_string(),
                source: Source::Builtin(id),
                saved: 0,
                known: None,
            });
        }
    };
    // Prose paragraphs whose lines all share one indentation and read as prose lose it: lines
    // before `indent_until` are in such a paragraph, lines before `paragraph_end` have been
    // looked at.
    let mut paragraph_end = 0;
    let mut indent_until = 0;
    let prose_indented = |i: usize, j: usize| {
        let first = &text[lines[i].0..lines[i].1];
        matches!(first.as_bytes().first(), Some(b' ' | b'\t'))
            && (i..j).all(|k| {
                let l = &text[lines[k].0..lines[k].1];
                let t = l.trim();
                let lead = &l[..l.len() - l.trim_start().len()];
                indent_width(l) == indent_width(first)
                    && lead == &first[..first.len() - first.trim_start().len()]
                    && t.chars().next().is_some_and(char::is_alphabetic)
                    && !is_list_item(t)
                    && !t.contains(['=', '{', '}', ';', '(', ')', '<', '>', '|', '`'])
                    && t.chars()
                        .last()
                        .is_some_and(|c| c.is_alphanumeric() || ".,!?:'\"".contains(c))
            })
    };
    // Every "  " of the text, found in one pass (most lines have none).
    let doubles = super::bytes::pairs(text.as_bytes(), b' ');
    let mut d = 0;
    let mut i = 0;
    while i < lines.len() {
        let (ls, le) = lines[i];
        let l = &text[ls..le];
        if is_blank(l) {
            // A run of blank lines keeps one, emptied.
            let j = (i..lines.len()).find(|&j| !blank(j)).unwrap_or(lines.len());
            push(ls, le, "", ids::TRAILING, &mut edits);
            if j > i + 1 && j < lines.len() {
                push(le, lines[j - 1].1, "", ids::BLANK_LINES, &mut edits);
            }
            i = j.max(i + 1);
            continue;
        }
        let content_start = ls + trimmed_start(l);
        let content_end = ls + trimmed_end_len(l);
        if ctx.level >= Level::Standard && i >= paragraph_end {
            // The first line of a paragraph.
            paragraph_end = (i..lines.len()).find(|&j| blank(j)).unwrap_or(lines.len());
            if prose_indented(i, paragraph_end) {
                indent_until = paragraph_end;
            }
        }
        if i < indent_until {
            push(ls, content_start, "", ids::INDENT, &mut edits);
        }
        // Runs of 2+ spaces inside the line.
        let b = text.as_bytes();
        let mut k = content_start;
        loop {
            while doubles.get(d).is_some_and(|&p| p < k) {
                d += 1;
            }
            match doubles.get(d) {
                Some(&p) if p + 1 < content_end => k = p,
                _ => break,
            }
            {
                let mut m = k;
                while m < content_end && b[m] == b' ' {
                    m += 1;
                }
                let before_len = edits.len();
                push(k, m, " ", ids::SPACES, &mut edits);
                // Between two non-space characters, the run's first n-1 spaces are a piece of
                // their own (the last one leads the next word), so collapsing it saves exactly
                // the tokens of n-1 spaces.
                if edits.len() > before_len
                    && m - k <= 64
                    && let Some(enc) = ctx.delta_encoding
                    && text[m..].chars().next().is_some_and(|c| !c.is_whitespace())
                    && text[..k]
                        .chars()
                        .next_back()
                        .is_some_and(|c| !c.is_whitespace())
                    && let Some(last) = edits.last_mut()
                {
                    last.known = Some(ctx.rules.spaces(enc, m - k - 1));
                }
                k = m;
            }
        }
        if content_end < le
            && text[content_end..le]
                .bytes()
                .all(|c| c == b' ' || c == b'\t')
        {
            let before_len = edits.len();
            push(content_end, le, "", ids::TRAILING, &mut edits);
            // "word   \n" → "word\n": the whitespace-and-newlines piece loses its spaces and
            // nothing else changes, when the line ends in a letter or digit (punctuation can
            // absorb a newline) and at most one newline-only line follows (no other edit in it).
            let k = le - content_end;
            let rest = &b[le..];
            let newlines = if rest.starts_with(b"\n\n")
                && !rest.get(2).is_some_and(u8::is_ascii_whitespace)
            {
                2
            } else if rest.starts_with(b"\n") && !rest.get(1).is_some_and(u8::is_ascii_whitespace) {
                1
            } else {
                0
            };
            // "word:   \n" → "word:\n": likewise when the line ends in one ASCII punctuation
            // mark after a letter or digit; the mark is a piece of its own, and after the edit it
            // takes the newlines into its piece, which its precomputed delta accounts for.
            let line = &b[content_start..content_end];
            let ending = match line {
                [.., c] if c.is_ascii_alphanumeric() => Some(None),
                [.., a, p] if a.is_ascii_alphanumeric() && p.is_ascii_punctuation() => {
                    Some(Some(*p))
                }
                _ => text[content_start..content_end]
                    .chars()
                    .next_back()
                    .is_some_and(char::is_alphanumeric)
                    .then_some(None),
            };
            if edits.len() > before_len
                && newlines > 0
                && k <= 16
                && let Some(mark) = ending
                && b[content_end..le].iter().all(|&c| c == b' ')
                && rest.get(newlines).is_none_or(|&c| c < 0x80)
                && let Some(enc) = ctx.delta_encoding
                && let Some(last) = edits.last_mut()
            {
                let absorbed = mark.map_or(0, |p| ctx.rules.mark_newlines(enc, p, newlines));
                last.known = Some(ctx.rules.trailing(enc, k, newlines) + absorbed);
            }
        }
        i += 1;
    }
    edits
}

/// Pack rules (phrases, abbreviations, fillers), in one Aho-Corasick pass.
pub(crate) fn rules(ctx: &Ctx, text: &str) -> Vec<Edit> {
    let mut edits: Vec<Edit> = Vec::new();
    let joined = |c: char| is_word_char(c) || c == '\'' || c == '’' || c == '-';
    // Matches are searched for only between protected spans (no rewrite may touch one): in
    // prompt templates about half of the bytes are protected.
    let min_len = ctx.rules.min_len();
    // Each match, in order, checked and turned into an edit.
    let mut check = |(s, mut e, mut ri): (usize, usize, usize)| {
        let before = text[..s].chars().next_back();
        if before.is_some_and(joined) {
            return;
        }
        // The longest pattern may end inside a word ("the following article|s"); a shorter one
        // starting at the same place may not ("the following"), so try those in turn.
        while text[e..].chars().next().is_some_and(joined) {
            let limit = text[s..e]
                .char_indices()
                .next_back()
                .map_or(s, |(i, _)| s + i);
            match ctx.rules.longest_at(text, ctx.level, s, limit) {
                Some((e2, r2)) => (e, ri) = (e2, r2),
                None => return,
            }
        }
        let rule = &ctx.rules.rules[ri];
        let after = text[e..].chars().next();
        if !rule.unless_next.is_empty() {
            let rest = text[e..].trim_start_matches(' ');
            let len = rest
                .char_indices()
                .find(|&(_, c)| !c.is_alphanumeric())
                .map_or(rest.len(), |(i, _)| i);
            let next = &rest[..len];
            let lower = || {
                next.chars()
                    .flat_map(char::to_lowercase)
                    .collect::<String>()
            };
            if listed(&rule.unless_next, next, lower) {
                return;
            }
        }
        if !rule.unless_prev.is_empty() {
            let mut from = s.saturating_sub(64);
            while !text.is_char_boundary(from) {
                from += 1;
            }
            if text[from..s]
                .rsplit(|c: char| !c.is_alphanumeric() && c != '\'')
                .filter(|w| !w.is_empty())
                .take(2)
                .any(|w| listed(&rule.unless_prev, w, || w.to_lowercase()))
            {
                return;
            }
        }
        if rule.sentence_start && !at_sentence_start(text, s) {
            return;
        }
        if overlaps(ctx.protected, s, e) || negated(ctx.negations, text, s) {
            return;
        }
        if edits.last().is_some_and(|last| last.end > s) {
            return;
        }
        let matched = &text[s..e];
        let mut letters = matched.chars().filter(|c| c.is_alphabetic());
        let first_upper = letters.next().is_some_and(char::is_uppercase);
        let single_letter = letters.clone().next().is_none();
        let all_upper = first_upper && !single_letter && letters.all(char::is_uppercase);
        let sentence_start = at_sentence_start(text, s);
        if rule.replacement.is_empty() {
            // Deletion: only before another word, after a space or the start of a line.
            if !matches!(before, None | Some(' ' | '\n' | '\t')) {
                return;
            }
            let rest = &text[e..];
            let mut it = rest.chars();
            if it.next() != Some(' ') {
                return;
            }
            let Some(next) = it.next() else { return };
            if !next.is_alphanumeric() {
                return;
            }
            if single_letter && first_upper && !sentence_start {
                return; // "option A is" — a label, not an article
            }
            if rule.kind == RuleKind::Filler && all_upper {
                return;
            }
            let next_at = e + 1;
            if first_upper && sentence_start && next.is_lowercase() {
                // Move the capital to the next word, if that word may be changed.
                let nl = next.len_utf8();
                if overlaps(ctx.protected, next_at, next_at + nl) {
                    return;
                }
                let up: String = next.to_uppercase().collect();
                if up.chars().count() != 1 {
                    return;
                }
                edits.push(edit(s, next_at + nl, up, Source::Rule(ri)));
            } else {
                let mut ed = edit(s, next_at, String::new(), Source::Rule(ri));
                // " very good" → " good": the piece " very" goes, the rest is unchanged.
                if before == Some(' ')
                    && let (Some(enc), Some(case)) = (ctx.delta_encoding, exact_case(matched))
                {
                    ed.known = Some(ctx.rules.delta(ri, enc, case, false));
                }
                edits.push(ed);
            }
            return;
        }
        let repl = if all_upper {
            rule.replacement.to_uppercase()
        } else if first_upper {
            capitalize(&rule.replacement)
        } else {
            rule.replacement.clone()
        };
        let mut ed = edit(s, e, repl, Source::Rule(ri));
        // BPE pre-tokenization splits before " word" and at punctuation and newlines, so in running
        // text the phrase's pieces are counted alone: the precomputed delta is exact.
        let line_start = matches!(before, None | Some('\n'));
        let prev2 = text[..s].chars().rev().nth(1);
        let lead_ok =
            line_start || (before == Some(' ') && prev2.is_none_or(|c| !c.is_whitespace()));
        let tail_ok = match after {
            None | Some('\n' | '\r' | ',' | '.' | ';' | ':' | '!' | '?') => true,
            Some(' ') => text[e + 1..]
                .chars()
                .next()
                .is_some_and(|c| !c.is_whitespace()),
            _ => false,
        };
        if lead_ok
            && tail_ok
            && let (Some(enc), Some(case)) = (ctx.delta_encoding, exact_case(matched))
        {
            ed.known = Some(ctx.rules.delta(ri, enc, case, line_start));
        }
        edits.push(ed);
    };
    // The stretches searched: between protected spans, and inside `only` if set.
    let mut pos = 0;
    let mut k = 0;
    for &(ps, pe) in ctx
        .protected
        .iter()
        .chain(std::iter::once(&(text.len(), text.len())))
    {
        let (a, b) = (pos, ps);
        pos = pos.max(pe);
        if b < a + min_len {
            continue;
        }
        let Some(only) = ctx.only else {
            ctx.rules
                .for_each_match(text, ctx.level, &[(a, b)], &mut check);
            continue;
        };
        // The gap's parts inside `only` (both lists are sorted and disjoint).
        while only.get(k).is_some_and(|&(_, re)| re <= a) {
            k += 1;
        }
        for &(rs, re) in only[k.min(only.len())..]
            .iter()
            .take_while(|&&(rs, _)| rs < b)
        {
            let (a, b) = (a.max(rs), b.min(re));
            if b >= a + min_len {
                ctx.rules
                    .for_each_match(text, ctx.level, &[(a, b)], &mut check);
            }
        }
    }
    edits
}

/// Whether `word`, lower-cased by `lower`, is in `list`; ASCII words are compared without
/// building the lower-case copy (an entry with an upper-case letter matches nothing either way).
fn listed(list: &[String], word: &str, lower: impl FnOnce() -> String) -> bool {
    if word.is_ascii() {
        list.iter()
            .any(|w| w.eq_ignore_ascii_case(word) && !w.bytes().any(|c| c.is_ascii_uppercase()))
    } else {
        list.contains(&lower())
    }
}

fn edit(start: usize, end: usize, repl: String, source: Source) -> Edit {
    Edit {
        start,
        end,
        repl,
        source,
        saved: 0,
        known: None,
    }
}

/// The case of `s` if it is exactly lower case, capitalized or upper case.
fn exact_case(s: &str) -> Option<Case> {
    if s.is_ascii() {
        let b = s.as_bytes();
        let upper = |c: &u8| c.is_ascii_uppercase();
        return if !b.iter().any(upper) {
            Some(Case::Lower)
        } else if !b.iter().any(u8::is_ascii_lowercase) {
            Some(Case::Upper)
        } else if b[0].is_ascii_uppercase() && !b[1..].iter().any(upper) {
            Some(Case::Capitalized)
        } else {
            None
        };
    }
    if s.to_lowercase() == s {
        Some(Case::Lower)
    } else if s.to_uppercase() == s {
        Some(Case::Upper)
    } else if Case::Capitalized.apply(&s.to_lowercase()) == s {
        Some(Case::Capitalized)
    } else {
        None
    }
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Whether a negation ends within the two words before `s` ("do not need to" keeps "need to").
fn negated(negations: &[(usize, usize)], text: &str, s: usize) -> bool {
    let mut from = s;
    let mut words = 0;
    for (i, c) in text[..s].char_indices().rev() {
        if s - i > 40 {
            break;
        }
        if matches!(c, '\n' | '.' | '!' | '?' | ';' | ':') {
            break;
        }
        if c == ' ' && i + 1 < from {
            words += 1;
            if words > 2 {
                break;
            }
        }
        from = i;
    }
    let i = negations.partition_point(|&(_, e)| e <= from);
    negations.get(i).is_some_and(|&(ns, _)| ns < s)
}

fn at_sentence_start(text: &str, s: usize) -> bool {
    let before = text[..s].trim_end_matches([' ', '\t']);
    match before.chars().next_back() {
        None | Some('\n' | '.' | '!' | '?' | ':' | '>' | '(' | '"' | '“') => true,
        Some('-' | '*' | '+' | '•' | '#') => {
            // A list item or heading marker at the start of its line (looking back at most 8
            // characters, so that long lines cost no more than short ones).
            let mut it = before.chars().rev().skip_while(|c| "-*+•# \t".contains(*c));
            let skipped = before
                .chars()
                .rev()
                .take_while(|c| "-*+•# \t".contains(*c))
                .take(9)
                .count();
            skipped <= 8 && matches!(it.next(), None | Some('\n'))
        }
        _ => false,
    }
}

/// Structure compaction: `**bold**`/`__bold__` markers, closing `#`s of headings and (aggressive)
/// horizontal-rule lines.
pub(crate) fn structure(ctx: &Ctx, text: &str) -> Vec<Edit> {
    let mut edits = Vec::new();
    let prot = ctx.protected;
    let lines = ctx.lines;
    let b = text.as_bytes();
    // Emphasis markers occur on few lines: find them first, then visit just those lines. (The
    // searcher is built once: building one costs as much as searching a short prompt.)
    static MARKER: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new("**"));
    let mut next_marker = MARKER.find(b);
    for (li, &(ls, le)) in lines.iter().enumerate() {
        let l = &text[ls..le];
        let t0 = trimmed_start(l);
        let first = l.as_bytes().get(t0).copied();
        // Horizontal rules: a line of 3+ '-', '*' or '_' (not the first line, which may open
        // front matter, and not under a text line, where "---" makes a heading).
        if ctx.level == Level::Aggressive && matches!(first, Some(b'-' | b'*' | b'_')) {
            let t = l.trim();
            if t.len() >= 3
                && (t.bytes().all(|c| c == b'-')
                    || t.bytes().all(|c| c == b'*')
                    || t.bytes().all(|c| c == b'_'))
                && li > 0
                && is_blank(&text[lines[li - 1].0..lines[li - 1].1])
                && le < text.len()
                && !overlaps(prot, ls, le + 1)
            {
                edits.push(edit(
                    ls,
                    le + 1,
                    String::new(),
                    Source::Builtin(ids::RULE_LINE),
                ));
                continue;
            }
        }
        // Closing hashes of an ATX heading: "## Title ##" → "## Title".
        if first == Some(b'#') {
            let t = l.trim();
            if t.ends_with('#')
                && !t.trim_start_matches('#').trim().is_empty()
                && l.trim_end().trim_end_matches('#').ends_with(' ')
            {
                let body_end = ls + l.trim_end().trim_end_matches('#').trim_end().len();
                let end = ls + l.trim_end().len();
                if body_end > ls + (l.len() - l.trim_start().len()) + 1
                    && !overlaps(prot, body_end, end)
                {
                    edits.push(edit(
                        body_end,
                        end,
                        String::new(),
                        Source::Builtin(ids::HEADING),
                    ));
                }
            }
        }
        // Emphasis markers on one line.
        if next_marker.is_none_or(|m| m >= le) {
            continue;
        }
        let marker = "**";
        let mut from = ls;
        while let Some(off) = text[from..le].find(marker) {
            let open = from + off;
            let inner_start = open + 2;
            let Some(close_off) = text[inner_start..le].find(marker) else {
                break;
            };
            let close = inner_start + close_off;
            let inner = &text[inner_start..close];
            let before_ok = text[..open]
                .chars()
                .next_back()
                .is_none_or(|c| !is_word_char(c) && c != '*' && c != '_');
            let after_ok = text[close + 2..]
                .chars()
                .next()
                .is_none_or(|c| !is_word_char(c) && c != '*' && c != '_');
            // At the start of a line, the inner text would become the line's start: if that
            // is not a letter or digit it could open a block (`<?xml`, a fence, a table row)
            // and change what a second run protects, so the markers stay.
            let exposes_block =
                open == ls + t0 && inner.chars().next().is_some_and(|c| !c.is_alphanumeric());
            // A single quote right outside the markers would then touch the inner text: if that
            // side of it is a word character, the quote may stop opening (`**x**'…'`) or closing
            // (`'…'**x**`) a quoted span, and a second run would protect something else.
            let word = |c: u8| c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80;
            let touches_quote = (open > 0
                && b[open - 1] == b'\''
                && inner.as_bytes().first().is_some_and(|&c| word(c)))
                || (b.get(close + 2) == Some(&b'\'')
                    && inner.as_bytes().last().is_some_and(|&c| word(c)));
            if !inner.is_empty()
                && !inner.starts_with(' ')
                && !inner.ends_with(' ')
                && !inner.contains(marker)
                && !exposes_block
                && !touches_quote
                && before_ok
                && after_ok
                && !overlaps(prot, open, inner_start)
                && !overlaps(prot, close, close + 2)
                && edits.last().is_none_or(|x: &Edit| x.end <= open)
            {
                edits.push(edit(
                    open,
                    inner_start,
                    String::new(),
                    Source::Builtin(ids::EMPHASIS),
                ));
                edits.push(edit(
                    close,
                    close + 2,
                    String::new(),
                    Source::Builtin(ids::EMPHASIS),
                ));
            }
            from = close + 2;
        }
        next_marker = MARKER.find(&b[le..]).map(|k| le + k);
    }
    edits.sort_by_key(|e| e.start);
    edits
}

/// Example compression (aggressive): a line that introduces examples ("Examples:", "for example:",
/// "Ejemplos:") followed by more than 3 bullet items keeps the first 3.
pub(crate) fn examples(ctx: &Ctx, text: &str) -> Vec<Edit> {
    let mut edits = Vec::new();
    let lines = ctx.lines;
    let bullet = |i: usize| {
        let t = text[lines[i].0..lines[i].1].trim_start();
        t.starts_with("- ") || t.starts_with("* ") || t.starts_with("• ")
    };
    let mut i = 0;
    while i + 1 < lines.len() {
        let t = text[lines[i].0..lines[i].1].trim();
        // Lower-cased only when it can introduce examples (`to_lowercase` keeps the `:`).
        if t.ends_with(':') && {
            let l = t.to_lowercase();
            l.contains("example") || l.contains("ejemplo")
        } {
            let j = (i + 1..lines.len())
                .find(|&j| !bullet(j))
                .unwrap_or(lines.len());
            if j - (i + 1) > 3 {
                let s = lines[i + 4].0;
                let e = if j < lines.len() {
                    lines[j].0
                } else {
                    text.len()
                };
                if !overlaps(ctx.protected, s, e) {
                    edits.push(edit(s, e, String::new(), Source::Builtin(ids::EXAMPLES)));
                }
            }
            i = j;
            continue;
        }
        i += 1;
    }
    edits
}

/// Final cleanup: a space before `, . ; : ! ?` after a word, blank lines at the start and
/// whitespace at the end of the text.
pub(crate) fn cleanup(ctx: &Ctx, text: &str) -> Vec<Edit> {
    let mut edits = Vec::new();
    let prot = ctx.protected;
    if text.trim().is_empty() {
        if !text.is_empty() && !overlaps(prot, 0, text.len()) {
            edits.push(edit(
                0,
                text.len(),
                String::new(),
                Source::Builtin(ids::EDGES),
            ));
        }
        return edits;
    }
    let lead = text.len() - text.trim_start_matches(['\n', '\r']).len();
    // Keep the indentation of the first line: trim whole blank lines only.
    let lead = text[..lead].rfind('\n').map(|p| p + 1).unwrap_or(0);
    if lead > 0 && !overlaps(prot, 0, lead) {
        edits.push(edit(0, lead, String::new(), Source::Builtin(ids::EDGES)));
    }
    let b = text.as_bytes();
    ctx.rules.space_before_punct.for_each_start(b, |i| {
        if i > 0
            && b[i - 1].is_ascii_alphanumeric()
            && b.get(i + 2).is_none_or(|c| c.is_ascii_whitespace())
            && !overlaps(prot, i, i + 2)
        {
            edits.push(edit(i, i + 1, String::new(), Source::Builtin(ids::PUNCT)));
        }
    });
    let trail = text.trim_end().len();
    if trail < text.len() && trail >= lead && !overlaps(prot, trail, text.len()) {
        edits.push(edit(
            trail,
            text.len(),
            String::new(),
            Source::Builtin(ids::EDGES),
        ));
    }
    edits
}

/// Window around `[s, e)`: the words before and after, at most 48 bytes each way.
fn window(text: &str, s: usize, e: usize) -> (usize, usize) {
    let b = text.as_bytes();
    let mut ws = s;
    let mut phase = 0; // 0: rest of word, 1: spaces, 2: previous word
    while ws > 0 && s - ws < 48 {
        let ws_char = b[ws - 1].is_ascii_whitespace();
        match phase {
            0 if ws_char => phase = 1,
            1 if !ws_char => phase = 2,
            2 if ws_char => break,
            _ => {}
        }
        ws -= 1;
    }
    while !text.is_char_boundary(ws) {
        ws += 1;
    }
    let mut we = e;
    let mut phase = 0;
    while we < b.len() && we - e < 48 {
        let ws_char = b[we].is_ascii_whitespace();
        match phase {
            0 if ws_char => phase = 1,
            1 if !ws_char => phase = 2,
            2 if ws_char => break,
            _ => {}
        }
        we += 1;
    }
    while !text.is_char_boundary(we) {
        we -= 1;
    }
    (ws.min(s), we.max(e))
}

/// Keeps the edits that do not add tokens (rule rewrites must save at least one), recording the
/// tokens each saves. Edits must be sorted and non-overlapping.
/// `buf` is scratch space (the text of a window after its edit), passed in so that its memory
/// is reused.
pub(crate) fn verify(ctx: &Ctx, text: &str, mut edits: Vec<Edit>, buf: &mut String) -> Vec<Edit> {
    if ctx.delta_encoding.is_some() {
        price_whitespace_runs(ctx, text, &mut edits, buf);
    }
    edits.retain_mut(|ed| {
        if let Some(d) = ed.known {
            let enough = match ed.source {
                Source::Rule(_) => d > 0,
                Source::Builtin(_) => d >= 0,
            };
            if enough {
                ed.saved = d as u64;
            }
            return enough;
        }
        let (ws, we) = window(text, ed.start, ed.end);
        let old = ctx.encoding.count(&text[ws..we]);
        buf.clear();
        buf.push_str(&text[ws..ed.start]);
        buf.push_str(&ed.repl);
        buf.push_str(&text[ed.end..we]);
        let new = ctx.encoding.count(buf);
        let ok = match ed.source {
            Source::Rule(_) => new < old,
            Source::Builtin(_) => new <= old,
        };
        if ok {
            ed.saved = (old - new) as u64;
        }
        ok
    });
    edits
}

/// Prices, in one count, the trailing-space and blank-line edits that fall in one run of
/// whitespace after a letter or digit. With `o200k_base` and `cl100k_base` such a run, up to its
/// last newline, is a single pre-tokenizer piece (`\s*[\r\n]+`), so counting that piece alone
/// before and after the edits gives their exact saving. Groups that would cost tokens are left to
/// the per-edit window check.
fn price_whitespace_runs(ctx: &Ctx, text: &str, edits: &mut [Edit], buf: &mut String) {
    let b = text.as_bytes();
    let is_ws = |c: u8| matches!(c, b' ' | b'\t' | b'\n' | b'\r');
    let groupable = |e: &Edit| {
        e.known.is_none() && matches!(e.source, Source::Builtin(ids::TRAILING | ids::BLANK_LINES))
    };
    let mut i = 0;
    while i < edits.len() {
        if !groupable(&edits[i]) {
            i += 1;
            continue;
        }
        // The whitespace run around edit i.
        let mut rs = edits[i].start;
        while rs > 0 && is_ws(b[rs - 1]) {
            rs -= 1;
        }
        let mut re = edits[i].end;
        while re < b.len() && is_ws(b[re]) {
            re += 1;
        }
        let mut j = i;
        while j < edits.len() && edits[j].start < re && groupable(&edits[j]) {
            j += 1;
        }
        let last_nl = text[rs..re].rfind('\n').map(|p| rs + p + 1);
        let ok_edges = rs > 0 && b[rs - 1].is_ascii_alphanumeric();
        if let Some(piece_end) = last_nl
            && ok_edges
            && edits[i..j]
                .iter()
                .all(|e| e.end <= piece_end && e.repl.is_empty())
        {
            buf.clear();
            let mut pos = rs;
            for e in &edits[i..j] {
                buf.push_str(&text[pos..e.start]);
                pos = e.end;
            }
            buf.push_str(&text[pos..piece_end]);
            let old = ctx.encoding.count(&text[rs..piece_end]) as i32;
            let new = ctx.encoding.count(buf) as i32;
            if new <= old && buf.ends_with('\n') {
                for (k, e) in edits[i..j].iter_mut().enumerate() {
                    e.known = Some(if k == 0 { old - new } else { 0 });
                }
            }
        }
        i = j.max(i + 1);
    }
}

/// The lines where the rules pass must look again after the text changed in `changes` (sorted
/// ranges of the current text, see [`track_changes`]) since its last run: the lines within 64 bytes of a change,
/// written to `out` as sorted, disjoint ranges of whole lines.
///
/// Why that finds every rewrite a run over the whole text would: everything the pass found in
/// its last run was applied, so outside the changes it found nothing, and what it finds for a
/// match depends on the match's line and on at most 64 bytes around it:
/// - no pattern holds a newline ([`CompiledRules::line_local`]), so no match crosses one, and a
///   leftmost-longest search started at a line start finds on that line what a search started
///   earlier finds (a match found earlier ends before the newline);
/// - the checks read the match's line (what precedes it up to the line start, the next word),
///   the two words within 64 bytes before it, and the token windows, at most 48 bytes on each
///   side.
pub(crate) fn rules_region(text: &str, changes: &[(usize, usize)], out: &mut Vec<(usize, usize)>) {
    const MARGIN: usize = 64;
    let b = text.as_bytes();
    out.clear();
    for &(s, e) in changes {
        let from = s.saturating_sub(MARGIN);
        let to = (e + MARGIN).min(b.len());
        let start = memchr::memrchr(b'\n', &b[..from]).map_or(0, |k| k + 1);
        let end = memchr::memchr(b'\n', &b[to..]).map_or(b.len(), |k| to + k + 1);
        match out.last_mut() {
            Some(last) if start <= last.1 => last.1 = last.1.max(end),
            _ => out.push((start, end)),
        }
    }
}

/// Moves the sorted, disjoint ranges of `changes` to where they are in the text after `edits`
/// (sorted and non-overlapping), and adds the ranges the edits wrote, keeping them sorted and
/// disjoint. A range end inside an edit moves to the end of what the edit wrote, a start to its
/// start.
pub(crate) fn track_changes(changes: &mut Vec<(usize, usize)>, edits: &[Edit]) {
    let delta = |e: &Edit| e.repl.len() as isize - (e.end - e.start) as isize;
    let at = |p: usize, d: isize| (p as isize + d) as usize;
    // One sweep: the ranges are disjoint, so their starts and ends all come in order.
    let (mut k, mut d) = (0, 0isize);
    let mut map = |p: usize, end: bool| {
        while let Some(e) = edits.get(k).filter(|e| e.end <= p) {
            d += delta(e);
            k += 1;
        }
        match edits.get(k) {
            Some(e) if e.start < p => at(e.start, d) + if end { e.repl.len() } else { 0 },
            _ => at(p, d),
        }
    };
    for r in changes.iter_mut() {
        *r = (map(r.0, false), map(r.1, true));
    }
    let mut d = 0isize;
    for e in edits {
        let s = at(e.start, d);
        changes.push((s, s + e.repl.len()));
        d += delta(e);
    }
    changes.sort_unstable();
    changes.dedup_by(|next, kept| {
        let merge = next.0 <= kept.1;
        if merge {
            kept.1 = kept.1.max(next.1);
        }
        merge
    });
}

/// Applies sorted, non-overlapping edits and moves the ranges in `spans` (which no edit touches)
/// to their new positions. The new text is written to `out` (cleared first, so that its memory
/// is reused).
pub(crate) fn apply(
    text: &str,
    edits: &[Edit],
    spans: &mut [&mut Vec<(usize, usize)>],
    out: &mut String,
) {
    out.clear();
    out.reserve(text.len());
    let mut pos = 0;
    for e in edits {
        out.push_str(&text[pos..e.start]);
        out.push_str(&e.repl);
        pos = e.end;
    }
    out.push_str(&text[pos..]);
    for list in spans.iter_mut() {
        let mut delta: isize = 0;
        let mut k = 0;
        for r in list.iter_mut() {
            while k < edits.len() && edits[k].end <= r.0 {
                delta += edits[k].repl.len() as isize - (edits[k].end - edits[k].start) as isize;
                k += 1;
            }
            r.0 = (r.0 as isize + delta) as usize;
            r.1 = (r.1 as isize + delta) as usize;
        }
    }
}

/// The lowest level at which a built-in rewrite runs (structure rewrites also need
/// `preserve_structure` off).
pub(crate) fn builtin_level(id: &str) -> Level {
    match id {
        ids::INDENT | ids::EMPHASIS | ids::HEADING => Level::Standard,
        ids::RULE_LINE | ids::EXAMPLES => Level::Aggressive,
        _ => Level::Conservative,
    }
}

/// A one-line explanation of a built-in rewrite, for findings.
pub(crate) fn builtin_message(id: &str) -> &'static str {
    match id {
        ids::TRAILING => "trailing whitespace",
        ids::SPACES => "run of spaces",
        ids::BLANK_LINES => "run of blank lines",
        ids::INDENT => "indentation of a prose paragraph",
        ids::EMPHASIS => "bold markers",
        ids::HEADING => "closing hashes of a heading",
        ids::RULE_LINE => "horizontal rule",
        ids::EXAMPLES => "more than 3 examples",
        ids::PUNCT => "space before punctuation",
        ids::EDGES => "whitespace at the start or end of the prompt",
        _ => "rewrite",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn covered(ranges: &[(usize, usize)], p: usize) -> bool {
        ranges.iter().any(|&(s, e)| s <= p && p < e)
    }

    #[test]
    fn listed_compares_lower_case() {
        let list = ["few".to_string(), "ningún".to_string(), "Will".to_string()];
        let lower = |w: &str| w.to_lowercase();
        assert!(listed(&list, "Few", || lower("Few")));
        assert!(listed(&list, "FEW", || lower("FEW")));
        assert!(!listed(&list, "fewer", || lower("fewer")));
        assert!(listed(&list, "NINGÚN", || lower("NINGÚN")));
        // An entry with a capital never matched a lower-cased word, and still does not.
        assert!(!listed(&list, "will", || lower("will")));
        assert!(!listed(&list, "Will", || lower("Will")));
    }

    proptest! {
        #[test]
        fn tracked_changes_follow_the_text(
            len in 1usize..200,
            raw_edits in prop::collection::vec((0usize..200, 0usize..6, 0usize..6), 0..12),
            raw_changes in prop::collection::vec((0usize..200, 0usize..20), 0..8),
        ) {
            // Sorted, non-overlapping, non-empty edits.
            let mut edits: Vec<Edit> = Vec::new();
            let mut sorted = raw_edits;
            sorted.sort();
            for (s, n, r) in sorted {
                let (s, e) = (s % len, (s % len + n + 1).min(len));
                if edits.last().is_none_or(|l| l.end <= s) {
                    edits.push(edit(s, e, "x".repeat(r), Source::Builtin(ids::SPACES)));
                }
            }
            let mut changes: Vec<(usize, usize)> = Vec::new();
            let mut sorted = raw_changes;
            sorted.sort();
            for (s, n) in sorted {
                let (s, e) = (s % len, (s % len + n).min(len));
                match changes.last_mut() {
                    Some(l) if s <= l.1 => l.1 = l.1.max(e),
                    _ => changes.push((s, e)),
                }
            }
            let mut tracked = changes.clone();
            track_changes(&mut tracked, &edits);
            // Sorted and disjoint.
            prop_assert!(tracked.windows(2).all(|w| w[0].1 < w[1].0), "{:?}", tracked);
            // What the edits wrote is covered; a byte no edit touched keeps its coverage.
            let mut shift = 0isize;
            let mut k = 0;
            for p in 0..=len {
                while k < edits.len() && edits[k].end <= p {
                    let e = &edits[k];
                    let at = (e.start as isize + shift) as usize;
                    for q in at..at + e.repl.len() {
                        prop_assert!(covered(&tracked, q), "written byte {} of {:?}", q, e);
                    }
                    shift += e.repl.len() as isize - (e.end - e.start) as isize;
                    k += 1;
                }
                if p == len || edits.get(k).is_some_and(|e| e.start <= p) {
                    continue;
                }
                let moved = (p as isize + shift) as usize;
                if covered(&changes, p) {
                    prop_assert!(covered(&tracked, moved), "byte {} (now {})", p, moved);
                }
            }
        }
    }
}
