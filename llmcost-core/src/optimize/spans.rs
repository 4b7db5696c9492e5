//! Protected spans: the parts of a prompt the optimizer never changes.
//!
//! Detection is a few linear scans: the inline scanners (URLs, quotes, negations, numbers, …, in
//! `inline.rs`), single quotes, a bracket-matching stack and a scan of the lines, so it is linear
//! in the input size.

use regex::Regex;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// What a protected span is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum SpanKind {
    /// A fenced code block (```` ``` ```` or `~~~`), from its opening to its closing fence.
    CodeFence,
    /// An indented block that looks like code (lines indented 4+ columns with code punctuation).
    IndentedCode,
    /// Inline code between backticks.
    InlineCode,
    /// A URL (`https://…`, `ftp://…`, `www.…`).
    Url,
    /// An e-mail address.
    Email,
    /// A quoted string on one line (`"…"`, `'…'`, `“…”`, `‘…’`, `«…»`, `„…“`).
    Quoted,
    /// A balanced `{…}` or `[…]` group: JSON, template placeholders (`{x}`, `{{x}}`, `{% … %}`),
    /// markdown link texts.
    Bracketed,
    /// A YAML-like run of `key: value` lines, front matter, an XML document, or a table row.
    Structured,
    /// `${x}`, `$x`, anything between `<` and `>` on one line (tags, `<x>`, `<< SECTION >>`),
    /// printf directives (`%s`, `%(name)d`).
    Placeholder,
    /// A number, with its units or separators (`3.5`, `10%`, `2024-01-31`, `4th`).
    Number,
    /// A negation (`not`, `no`, `never`, `without`, `n't`, `nunca`, `sin`, …).
    Negation,
    /// A match of a user pattern ([`OptimizeOptions::protect`](super::OptimizeOptions::protect)).
    User,
    /// The prefix kept by [`OptimizeOptions::keep_prefix`](super::OptimizeOptions::keep_prefix).
    Prefix,
}

/// A byte range of the input that the optimizer leaves byte-identical.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ProtectedSpan {
    /// Start byte offset (inclusive).
    pub start: usize,
    /// End byte offset (exclusive).
    pub end: usize,
    /// What it is.
    pub kind: SpanKind,
}

/// Sorted byte ranges.
pub(crate) type Ranges = Vec<(usize, usize)>;

/// All protected spans of `text`, sorted by start (they may overlap).
pub(crate) fn detect(text: &str, user: &[Regex], prefix_end: usize) -> Vec<ProtectedSpan> {
    let mut out = Vec::new();
    each_span(text, user, prefix_end, &mut |start, end, kind| {
        out.push(ProtectedSpan { start, end, kind })
    });
    out.sort_by_key(|s| (s.start, std::cmp::Reverse(s.end)));
    out
}

/// What the rewrite passes need to know about a text besides the text itself.
pub(crate) struct Protected {
    /// The merged protected ranges.
    pub ranges: Ranges,
    /// The negation ranges, sorted (a subset of `ranges`).
    pub negations: Ranges,
    /// The lines, as [`line_ranges`](super::passes::line_ranges) gives them (span detection reads
    /// the lines anyway, so the first round of passes need not look for them again).
    pub lines: Ranges,
}

/// The protected ranges, negations and lines of `text`.
pub(crate) fn ranges(text: &str, user: &[Regex], prefix_end: usize) -> Protected {
    let mut covered = Coverage::new(text.len());
    let mut neg = Vec::new();
    let mut lines = each_span(text, user, prefix_end, &mut |start, end, kind| {
        covered.add(start, end);
        if kind == SpanKind::Negation {
            neg.push((start, end));
        }
    });
    // The passes' lines end before a `\r\n`'s `\r`.
    for l in &mut lines {
        l.1 = super::passes::content_end(text.as_bytes(), l.0, l.1);
    }
    // Negations come from one left-to-right scan: already sorted.
    Protected {
        ranges: covered.ranges(),
        negations: neg,
        lines,
    }
}

/// Calls `sink` with every protected span of `text`; returns the lines of `text`, `(start, end)`
/// without the `\n`.
fn each_span(
    text: &str,
    user: &[Regex],
    prefix_end: usize,
    sink: &mut dyn FnMut(usize, usize, SpanKind),
) -> Ranges {
    let mut push = |start: usize, end: usize, kind: SpanKind| {
        if end > start {
            sink(start, end, kind);
        }
    };
    push(0, prefix_end.min(text.len()), SpanKind::Prefix);
    let mut marks = Marks::new(text);
    super::inline::scan(text, &mut push, |i, push| marks.at(i, push));
    let ls = marks.finish();
    blocks(text, &ls, &mut push);
    for re in user {
        for m in re.find_iter(text) {
            push(m.start(), m.end(), SpanKind::User);
        }
    }
    ls
}

/// The newlines, single quotes and brackets of a text, visited in order (their positions come
/// from the inline scanner's pass over the text, [`super::inline::scan`]): pushes the
/// single-quoted strings and the bracketed groups, and collects the lines. Linear: each position
/// is looked at once.
///
/// Single quotes: `'…'` on one line, opened after a non-alphanumeric character and closed before
/// one, so that apostrophes (`don't`, `dogs'`) do not count: an opening quote pairs with the
/// first closing one later on its line (not right after it). The pairing depends only on the
/// quotes and the line breaks, which no rewrite changes, so a second run protects the same
/// quotes (a limit on the distance between them, as once used, would not be: shortening the
/// text brings quotes closer).
///
/// Brackets: balanced `{…}` and `[…]` groups (outermost only), with one depth count per bracket
/// type; a closing bracket with nothing open is ignored.
struct Marks<'a> {
    b: &'a [u8],
    /// The lines so far, `(start, end)` without the newline.
    lines: Vec<(usize, usize)>,
    /// Where the current line starts.
    line_start: usize,
    /// The single quote open on this line.
    quote: Option<usize>,
    braces: Nesting,
    squares: Nesting,
}

impl<'a> Marks<'a> {
    fn new(text: &'a str) -> Marks<'a> {
        Marks {
            b: text.as_bytes(),
            // Prompt lines average about 40 bytes: this is rarely outgrown, and over-allocating
            // costs nothing.
            lines: Vec::with_capacity(text.len() / 24 + 2),
            line_start: 0,
            quote: None,
            braces: Nesting::default(),
            squares: Nesting::default(),
        }
    }

    /// Visits `b[i]`, one of `\n ' { } [ ]`.
    fn at(&mut self, i: usize, push: &mut impl FnMut(usize, usize, SpanKind)) {
        let b = self.b;
        match b[i] {
            b'\n' => {
                self.lines.push((self.line_start, i));
                self.line_start = i + 1;
                // A new line: no single quote is open any more.
                self.quote = None;
            }
            b'\'' => match self.quote {
                Some(o) if i > o + 1 && (i + 1 == b.len() || !is_word_byte(b[i + 1])) => {
                    push(o, i + 1, SpanKind::Quoted);
                    self.quote = None;
                }
                Some(_) => {}
                None if i == 0 || !is_word_byte(b[i - 1]) => self.quote = Some(i),
                None => {}
            },
            b'{' => self.braces.open(i),
            b'[' => self.squares.open(i),
            b'}' => {
                if let Some(s) = self.braces.close() {
                    push(s, i + 1, SpanKind::Bracketed);
                }
            }
            _ => {
                if let Some(s) = self.squares.close() {
                    push(s, i + 1, SpanKind::Bracketed);
                }
            }
        }
    }

    /// The lines of the text.
    fn finish(mut self) -> Vec<(usize, usize)> {
        if self.line_start < self.b.len() {
            self.lines.push((self.line_start, self.b.len()));
        }
        self.lines
    }
}

/// The open groups of one bracket type: only the outermost one's start matters.
#[derive(Default)]
struct Nesting {
    depth: usize,
    start: usize,
}

impl Nesting {
    fn open(&mut self, at: usize) {
        if self.depth == 0 {
            self.start = at;
        }
        self.depth += 1;
    }

    /// Closes the innermost open group; returns the outermost group's start when that one closes.
    fn close(&mut self) -> Option<usize> {
        self.depth = self.depth.checked_sub(1)?;
        (self.depth == 0).then_some(self.start)
    }
}

fn is_word_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80
}

/// Line-level blocks: fences, indented code, tables, YAML runs, front matter, XML documents.
fn blocks(text: &str, ls: &[(usize, usize)], push: &mut impl FnMut(usize, usize, SpanKind)) {
    let line = |i: usize| &text[ls[i].0..ls[i].1];
    let blank = |i: usize| super::passes::is_blank(line(i));
    let mut i = 0;
    // Front matter, after any blank lines (the optimizer removes those, and what it protects must
    // not change when it does: otherwise a second run would protect something else).
    let first = (0..ls.len()).find(|&k| !blank(k));
    if let Some(f) = first
        && line(f).trim_end() == "---"
        && let Some(j) = (f + 1..ls.len()).find(|&j| line(j).trim_end() == "---")
    {
        push(ls[f].0, ls[j].1, SpanKind::Structured);
        i = j + 1;
    }
    while i < ls.len() {
        let l = line(i);
        // A line that does not start with white space starts a block only with one of a few
        // bytes (`trim_start` below would not change it, and indented code needs indentation);
        // most lines start with a letter, `{` or nothing, and only a YAML key starts with a
        // letter.
        let starts_block = match l.as_bytes().first() {
            None => false,
            Some(&c) if c < 0x80 && !matches!(c, b'\t'..=b'\r' | b' ') => {
                matches!(c, b'`' | b'~' | b'<' | b'|')
                    || (matches!(c, b'-' | b'_') || c.is_ascii_alphabetic()) && yaml_line(l)
            }
            Some(_) => true,
        };
        if !starts_block {
            i += 1;
            continue;
        }
        // Fences.
        if let Some((ch, n)) = fence_open(l) {
            let close = (i + 1..ls.len()).find(|&j| fence_close(line(j), ch, n));
            let end = close.map(|j| ls[j].1).unwrap_or(text.len());
            push(ls[i].0, end, SpanKind::CodeFence);
            i = close.map(|j| j + 1).unwrap_or(ls.len());
            continue;
        }
        // XML document.
        if l.trim_start().starts_with("<?xml") {
            let j = (i..ls.len()).find(|&j| blank(j)).unwrap_or(ls.len());
            push(ls[i].0, ls[j - 1].1, SpanKind::Structured);
            i = j;
            continue;
        }
        // Table rows.
        if l.trim_start().starts_with('|') {
            push(ls[i].0, ls[i].1, SpanKind::Structured);
            i += 1;
            continue;
        }
        // Indented code: a paragraph after a blank line (or at the start) whose lines are all
        // indented 4+ columns, with code punctuation somewhere.
        if (i == 0 || blank(i - 1)) && indent_width(l) >= 4 && !blank(i) {
            let j = (i..ls.len())
                .find(|&j| blank(j) || indent_width(line(j)) < 4)
                .unwrap_or(ls.len());
            if (i..j).any(|k| line(k).contains([';', '{', '}', '(', ')', '=', '<', '>', '$', '\\']))
                && (j == ls.len() || blank(j))
            {
                push(ls[i].0, ls[j - 1].1, SpanKind::IndentedCode);
                i = j;
                continue;
            }
        }
        // YAML-like runs of 3+ `key: value` lines.
        if yaml_line(l) {
            let j = (i..ls.len())
                .find(|&j| !yaml_line(line(j)))
                .unwrap_or(ls.len());
            if j - i >= 3 {
                push(ls[i].0, ls[j - 1].1, SpanKind::Structured);
                i = j;
                continue;
            }
        }
        i += 1;
    }
}

pub(crate) fn indent_width(l: &str) -> usize {
    let mut w = 0;
    for c in l.chars() {
        match c {
            ' ' => w += 1,
            '\t' => w += 4,
            _ => break,
        }
    }
    w
}

/// A fence opener: 3+ backticks or tildes after any indentation. CommonMark allows at most 3
/// spaces at the top level, but a fence inside a list item is indented further, and protecting
/// too much costs a few tokens while protecting too little damages code.
fn fence_open(l: &str) -> Option<(char, usize)> {
    let t = l.trim_start_matches([' ', '\t']);
    let ch = t.chars().next()?;
    if ch != '`' && ch != '~' {
        return None;
    }
    let n = t.chars().take_while(|&c| c == ch).count();
    // A backtick fence's info string has no backticks (```` ```x``` ```` is inline code).
    let info = &t[n * ch.len_utf8()..];
    (n >= 3 && !(ch == '`' && info.contains('`'))).then_some((ch, n))
}

fn fence_close(l: &str, ch: char, n: usize) -> bool {
    let t = l.trim_start_matches([' ', '\t']);
    let run = t.chars().take_while(|&c| c == ch).count();
    run >= n && t[run * ch.len_utf8()..].trim().is_empty()
}

fn yaml_line(l: &str) -> bool {
    let t = l.trim_start();
    let t = t.strip_prefix("- ").unwrap_or(t);
    let key_len = t
        .bytes()
        .take_while(|&c| c.is_ascii_alphanumeric() || c == b'_' || c == b'.' || c == b'-')
        .count();
    if key_len == 0 || !t.as_bytes()[0].is_ascii_alphabetic() && t.as_bytes()[0] != b'_' {
        return false;
    }
    let rest = &t[key_len..];
    rest.starts_with(':') && rest[1..].chars().next().is_none_or(char::is_whitespace)
}

/// The bytes covered by a set of ranges, one bit per byte: adding a range costs a word per 64
/// bytes, and reading back the merged ranges one scan of the words. (Collecting the ranges and
/// sorting them cost about as much as detecting them.)
struct Coverage {
    /// The words of a text of up to 2 KiB (most prompts), kept here without an allocation.
    small: [u64; SMALL_WORDS],
    /// The words of a longer text.
    large: Vec<u64>,
    words: usize,
    len: usize,
}

const SMALL_WORDS: usize = 32;

impl Coverage {
    fn new(len: usize) -> Coverage {
        let words = len / 64 + 1;
        Coverage {
            small: [0; SMALL_WORDS],
            large: if words > SMALL_WORDS {
                vec![0; words]
            } else {
                Vec::new()
            },
            words,
            len,
        }
    }

    fn bits(&self) -> &[u64] {
        if self.words > SMALL_WORDS {
            &self.large
        } else {
            &self.small[..self.words]
        }
    }

    /// Covers `[s, e)` (`s < e <= len`).
    fn add(&mut self, s: usize, e: usize) {
        let bits = if self.words > SMALL_WORDS {
            &mut self.large[..]
        } else {
            &mut self.small[..]
        };
        let (ws, we) = (s / 64, (e - 1) / 64);
        let lo = u64::MAX << (s % 64);
        let hi = u64::MAX >> (63 - (e - 1) % 64);
        if ws == we {
            bits[ws] |= lo & hi;
        } else {
            bits[ws] |= lo;
            bits[ws + 1..we].fill(u64::MAX);
            bits[we] |= hi;
        }
    }

    /// The covered bytes as sorted, merged ranges (touching ranges merge too).
    fn ranges(&self) -> Vec<(usize, usize)> {
        // One range per rising edge: counted first, so that the result is allocated once.
        let mut carry = 0;
        let mut n = 0;
        for &word in self.bits() {
            n += (word & !((word << 1) | carry)).count_ones() as usize;
            carry = word >> 63;
        }
        let mut out = Vec::with_capacity(n);
        let mut start: Option<usize> = None;
        for (w, &word) in self.bits().iter().enumerate() {
            let mut bit = 0u32;
            while bit < 64 {
                // Skip to the next change between not covered and covered.
                let pending = if start.is_none() { word } else { !word };
                bit += (pending >> bit).trailing_zeros().min(64 - bit);
                if bit == 64 {
                    break;
                }
                let at = w * 64 + bit as usize;
                match start.take() {
                    None => start = Some(at),
                    Some(s) => out.push((s, at)),
                }
            }
        }
        if let Some(s) = start {
            out.push((s, self.len));
        }
        out
    }
}

/// Whether `[s, e)` overlaps any of the sorted, merged `ranges`. An empty range overlaps a range
/// that strictly contains its position.
pub(crate) fn overlaps(ranges: &[(usize, usize)], s: usize, e: usize) -> bool {
    let i = ranges.partition_point(|&(_, re)| re <= s);
    match ranges.get(i) {
        Some(&(rs, _)) => rs < e || (s == e && rs < s),
        None => false,
    }
}

/// Compiles the user's protected patterns.
pub(crate) fn compile_user(patterns: &[String]) -> Result<Vec<Regex>> {
    patterns
        .iter()
        .map(|p| {
            regex::RegexBuilder::new(p)
                .size_limit(1 << 22)
                .build()
                .map_err(|e| {
                    Error::invalid_input(format!(
                        "protected pattern '{p}' is not a valid regular expression: {e}"
                    ))
                })
        })
        .collect()
}
#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn coverage_merges_like_sorting(
            // Past 2 KiB the bits live on the heap instead of inline.
            len in prop_oneof![1usize..300, 1usize..5000],
            raw in prop::collection::vec((0usize..5000, 1usize..200), 0..40),
        ) {
            let spans: Vec<(usize, usize)> = raw
                .into_iter()
                .map(|(s, n)| (s % len, (s % len + n).min(len)))
                .filter(|(s, e)| s < e)
                .collect();
            let mut c = Coverage::new(len);
            for &(s, e) in &spans {
                c.add(s, e);
            }
            let mut sorted = spans.clone();
            sorted.sort();
            let mut want: Vec<(usize, usize)> = Vec::new();
            for (s, e) in sorted {
                match want.last_mut() {
                    Some(last) if s <= last.1 => last.1 = last.1.max(e),
                    _ => want.push((s, e)),
                }
            }
            prop_assert_eq!(c.ranges(), want);
        }
    }
}
