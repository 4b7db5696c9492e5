//! The counting engine: a DFA pre-tokenizer and tiktoken's byte-pair merge without allocation.
//!
//! See the "performance notes" in the parent module for why it is built this way.

use std::cell::RefCell;
use std::cmp::Reverse;
use std::collections::BinaryHeap;

use regex_automata::meta::Regex;
use regex_automata::{Anchored, Input};
use rustc_hash::FxHashMap;

/// Rank of a byte string that is not a token.
const NONE: u32 = u32::MAX;

/// Pieces up to this many bytes are merged in a stack buffer with tiktoken's linear scan; longer
/// ones use a heap (the same merge order, `O(n log n)` instead of `O(n^2)`).
const SMALL: usize = 64;

/// cl100k_base split, as tiktoken's
/// `'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+| ?[^\s\p{L}\p{N}]++[\r\n]*+|\s++$|\s*[\r\n]|\s+(?!\S)|\s`
/// with the look-ahead `\s+(?!\S)` rewritten as `\s+\s` minus its last character (see [`Splits`]).
const CL100K: [(&str, bool); 3] = [
    (
        r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s+$|\s*[\r\n]+",
        false,
    ),
    (r"\s+\s", true),
    (r"\s+", false),
];

/// o200k_base split, as tiktoken's pattern with the same look-ahead rewrite.
const O200K: [(&str, bool); 3] = [
    (
        concat!(
            r"[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?",
            r"|[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?",
            r"|\p{N}{1,3}",
            r"| ?[^\s\p{L}\p{N}]+[\r\n/]*",
            r"|\s*[\r\n]+",
            r"|\s+$",
        ),
        false,
    ),
    (r"\s+\s", true),
    (r"\s+", false),
];

/// r50k_base / p50k_base split, as tiktoken's
/// `'(?:[sdmt]|ll|ve|re)| ?\p{L}++| ?\p{N}++| ?[^\s\p{L}\p{N}]++|\s++$|\s+(?!\S)|\s`.
const R50K: [(&str, bool); 3] = [
    (
        r"'(?:[sdmt]|ll|ve|re)| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+$",
        false,
    ),
    (r"\s+\s", true),
    (r"\s", false),
];

/// Mergeable ranks. Tokens of up to 15 bytes (nearly all) are keyed by their bytes packed into a
/// `u128` with the length in the last byte: hashing and comparing a key is then two words, with no
/// pointer chasing or `memcmp`. Longer tokens live in a second map.
struct Vocab {
    short: FxHashMap<u128, u32>,
    long: FxHashMap<Box<[u8]>, u32>,
}

impl Vocab {
    /// Packs a byte string of at most 15 bytes (callers check).
    #[inline]
    fn pack(bytes: &[u8]) -> u128 {
        debug_assert!(bytes.len() < 16);
        let mut buf = [0u8; 16];
        buf[..bytes.len()].copy_from_slice(bytes);
        buf[15] = bytes.len() as u8;
        u128::from_le_bytes(buf)
    }

    #[inline]
    fn get(&self, bytes: &[u8]) -> Option<u32> {
        if bytes.len() < 16 {
            self.short.get(&Self::pack(bytes)).copied()
        } else {
            self.long.get(bytes).copied()
        }
    }

    fn insert(&mut self, bytes: Vec<u8>, rank: u32) {
        if bytes.len() < 16 {
            self.short.insert(Self::pack(&bytes), rank);
        } else {
            self.long.insert(bytes.into_boxed_slice(), rank);
        }
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.short.len() + self.long.len()
    }
}

/// Which split pattern an encoding uses.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Split {
    Cl100k,
    O200k,
    R50k,
    /// The regex alone, without an ASCII fast path (tests only).
    #[cfg(test)]
    None,
}

/// log2 of the number of entries of each thread's piece cache.
const CACHE_BITS: u32 = 12;

/// A direct-mapped cache of short pieces (packed as in [`Vocab`]) to their token count and, for a
/// single-token piece, its rank. Real text repeats a few thousand pieces (` the`, `.\n`, ` {`)
/// most of the time; the cache keeps them in L1/L2 instead of the vocabulary's megabytes of hash
/// table. Entries are exact (the full key is stored), so a hit is always right.
pub(crate) struct PieceCache {
    entries: Box<[(u128, u32, u32)]>,
}

impl PieceCache {
    fn new() -> PieceCache {
        // Key 0 never occurs: a packed non-empty piece has its length in the top byte.
        PieceCache {
            entries: vec![(0, 0, 0); 1 << CACHE_BITS].into_boxed_slice(),
        }
    }

    #[inline]
    fn slot(key: u128) -> usize {
        let h = ((key as u64) ^ ((key >> 64) as u64).rotate_left(29))
            .wrapping_mul(0x9E37_79B9_7F4A_7C15);
        (h >> (64 - CACHE_BITS)) as usize
    }

    #[inline]
    fn get(&self, key: u128) -> Option<(u32, u32)> {
        let e = self.entries.get(Self::slot(key))?;
        (e.0 == key).then_some((e.1, e.2))
    }

    #[inline]
    fn put(&mut self, key: u128, count: u32, rank: u32) {
        if let Some(e) = self.entries.get_mut(Self::slot(key)) {
            *e = (key, count, rank);
        }
    }
}

thread_local! {
    /// One piece cache per encoding and thread, allocated on first use (4,096 entries, 128 KiB).
    static PIECE_CACHES: RefCell<[Option<PieceCache>; 4]> = const { RefCell::new([None, None, None, None]) };
}

/// Runs `f` with this thread's cache for encoding `slot`; `None` (and `f` not run) if the cache is
/// unavailable: already borrowed (nothing re-enters, so not in practice) or the thread is exiting.
fn with_cache<R>(slot: usize, f: impl FnOnce(&mut PieceCache) -> R) -> Option<R> {
    PIECE_CACHES
        .try_with(|cell| {
            let mut caches = cell.try_borrow_mut().ok()?;
            let cache = caches.get_mut(slot)?.get_or_insert_with(PieceCache::new);
            Some(f(cache))
        })
        .ok()
        .flatten()
}

/// One encoding's pre-tokenizer and mergeable ranks.
pub(crate) struct Engine {
    pattern: Regex,
    lookahead: [bool; 3],
    /// Decides most ASCII pieces without the regex (see [`cl100k_ascii_piece`]).
    ascii_fast_path: Split,
    /// Index of this encoding's piece cache.
    cache_slot: usize,
    ranks: Vocab,
}

impl Engine {
    /// Builds the engine from tiktoken-rs's vocabulary: the mergeable tokens are the ranks
    /// `0..end` except `special` (special tokens are never produced from ordinary text). `None` if
    /// the vocabulary or the pattern cannot be built; callers then fall back to tiktoken-rs itself.
    pub(crate) fn build(
        split: Split,
        bpe: &tiktoken_rs::CoreBPE,
        end: u32,
        special: &[u32],
        cache_slot: usize,
    ) -> Option<Engine> {
        let pats = match split {
            Split::Cl100k => CL100K,
            Split::O200k => O200K,
            Split::R50k => R50K,
            #[cfg(test)]
            Split::None => return None,
        };
        let pattern = Regex::new_many(&pats.map(|(p, _)| p)).ok()?;
        let lookahead = pats.map(|(_, l)| l);
        let mut ranks = Vocab {
            short: FxHashMap::with_capacity_and_hasher(end as usize, Default::default()),
            long: FxHashMap::default(),
        };
        for rank in (0..end).filter(|r| !special.contains(r)) {
            ranks.insert(bpe.decode_bytes(&[rank]).ok()?, rank);
        }
        // Every single byte must be a token, or the merge below could not finish.
        if (0..=255u8).any(|b| ranks.get(&[b]).is_none()) {
            return None;
        }
        Some(Engine {
            pattern,
            lookahead,
            ascii_fast_path: split,
            cache_slot,
            ranks,
        })
    }

    /// Number of mergeable tokens.
    #[cfg(test)]
    pub(crate) fn vocab_len(&self) -> usize {
        self.ranks.len()
    }

    /// The pieces tiktoken's regex splits `text` into.
    pub(crate) fn split<'a>(&'a self, text: &'a str) -> Splits<'a> {
        Splits {
            pattern: &self.pattern,
            lookahead: &self.lookahead,
            ascii_fast_path: self.ascii_fast_path,
            text,
            pos: 0,
        }
    }

    /// The same pieces, found by the regex alone (to test the fast path against).
    #[cfg(test)]
    pub(crate) fn split_regex_only<'a>(&'a self, text: &'a str) -> Splits<'a> {
        Splits {
            ascii_fast_path: Split::None,
            ..self.split(text)
        }
    }

    /// Token count of `text` (ordinary encoding).
    pub(crate) fn count(&self, text: &str) -> usize {
        with_cache(self.cache_slot, |cache| self.count_with(text, Some(cache)))
            .unwrap_or_else(|| self.count_with(text, None))
    }

    #[cfg(test)]
    pub(crate) fn count_uncached(&self, text: &str) -> usize {
        self.count_with(text, None)
    }

    #[cfg(test)]
    pub(crate) fn encode_uncached(&self, text: &str) -> Vec<u32> {
        self.encode_with(text, None)
    }

    fn count_with(&self, text: &str, mut cache: Option<&mut PieceCache>) -> usize {
        let mut parts = [(0u32, 0u32); SMALL + 1];
        let mut n = 0;
        for piece in self.split(text) {
            let piece = piece.as_bytes();
            n += match cache.as_deref_mut() {
                Some(cache) if piece.len() < 16 => {
                    let key = Vocab::pack(piece);
                    match cache.get(key) {
                        Some((count, _)) => count as usize,
                        None => {
                            let (count, rank) = self.count_and_rank(piece, &mut parts);
                            cache.put(key, count, rank);
                            count as usize
                        }
                    }
                }
                _ => self.count_piece(piece, &mut parts),
            };
        }
        n
    }

    /// Tokens in a short piece, and its rank when it is a single token (`NONE` otherwise).
    fn count_and_rank(&self, piece: &[u8], parts: &mut [(u32, u32); SMALL + 1]) -> (u32, u32) {
        match self.ranks.get(piece) {
            Some(rank) => (1, rank),
            None => (self.merge_small(piece, parts) as u32 - 1, NONE),
        }
    }

    /// Token ids of `text` (ordinary encoding).
    pub(crate) fn encode(&self, text: &str) -> Vec<u32> {
        with_cache(self.cache_slot, |cache| self.encode_with(text, Some(cache)))
            .unwrap_or_else(|| self.encode_with(text, None))
    }

    fn encode_with(&self, text: &str, mut cache: Option<&mut PieceCache>) -> Vec<u32> {
        let mut out = Vec::with_capacity(text.len() / 3 + 1);
        let mut parts = [(0u32, 0u32); SMALL + 1];
        for piece in self.split(text) {
            self.encode_piece(piece.as_bytes(), cache.as_deref_mut(), &mut parts, &mut out);
        }
        out
    }

    fn encode_piece(
        &self,
        piece: &[u8],
        cache: Option<&mut PieceCache>,
        parts: &mut [(u32, u32); SMALL + 1],
        out: &mut Vec<u32>,
    ) {
        if let Some(cache) = cache
            && piece.len() < 16
        {
            let key = Vocab::pack(piece);
            let rank = match cache.get(key) {
                Some((_, rank)) => rank,
                None => {
                    let (count, rank) = self.count_and_rank(piece, parts);
                    cache.put(key, count, rank);
                    rank
                }
            };
            if rank != NONE {
                out.push(rank);
                return;
            }
        }
        if let Some(r) = self.ranks.get(piece) {
            out.push(r);
        } else if piece.len() <= SMALL {
            let n = self.merge_small(piece, parts);
            for w in parts[..n].windows(2) {
                out.push(self.rank(&piece[w[0].0 as usize..w[1].0 as usize]));
            }
        } else {
            let starts = self.merge_large(piece);
            for (k, &s) in starts.iter().enumerate() {
                let e = starts.get(k + 1).copied().unwrap_or(piece.len());
                out.push(self.rank(&piece[s..e]));
            }
        }
    }

    #[inline]
    fn count_piece(&self, piece: &[u8], parts: &mut [(u32, u32); SMALL + 1]) -> usize {
        if piece.len() == 1 || self.ranks.get(piece).is_some() {
            1
        } else if piece.len() <= SMALL {
            self.merge_small(piece, parts) - 1
        } else {
            self.merge_large(piece).len()
        }
    }

    #[inline]
    fn rank(&self, bytes: &[u8]) -> u32 {
        self.ranks.get(bytes).unwrap_or(NONE)
    }

    /// tiktoken's `_byte_pair_merge` for `2 <= piece.len() <= SMALL`, in `parts` (start offset,
    /// rank of merging with the next part). Returns the number of boundaries: tokens + 1.
    fn merge_small(&self, piece: &[u8], parts: &mut [(u32, u32); SMALL + 1]) -> usize {
        let n = piece.len();
        let mut min = (NONE, usize::MAX);
        for i in 0..n - 1 {
            let r = self.rank(&piece[i..i + 2]);
            if r < min.0 {
                min = (r, i);
            }
            parts[i] = (i as u32, r);
        }
        parts[n - 1] = ((n - 1) as u32, NONE);
        parts[n] = (n as u32, NONE);
        let mut len = n + 1;
        let rank_at = |parts: &[(u32, u32)], len: usize, i: usize| -> u32 {
            if i + 3 < len {
                self.rank(&piece[parts[i].0 as usize..parts[i + 3].0 as usize])
            } else {
                NONE
            }
        };
        while min.0 != NONE {
            let i = min.1;
            if i > 0 {
                parts[i - 1].1 = rank_at(&parts[..], len, i - 1);
            }
            parts[i].1 = rank_at(&parts[..], len, i);
            parts.copy_within(i + 2..len, i + 1);
            len -= 1;
            min = (NONE, usize::MAX);
            for (j, &(_, r)) in parts[..len - 1].iter().enumerate() {
                if r < min.0 {
                    min = (r, j);
                }
            }
        }
        len
    }

    /// The same merge (lowest rank first, leftmost on ties) with a heap and a linked list, for long
    /// pieces. Returns the start offset of every token.
    fn merge_large(&self, piece: &[u8]) -> Vec<usize> {
        let n = piece.len();
        // `next[i]`: start of the part after the part starting at `i` (`n` at the end).
        let mut next: Vec<usize> = (1..=n).collect();
        let mut prev: Vec<usize> = (0..n).map(|i| i.wrapping_sub(1)).collect();
        let mut alive = vec![true; n];
        // `rank[i]`: rank of merging the part at `i` with the part after it.
        let mut rank: Vec<u32> = (0..n)
            .map(|i| {
                if i + 2 <= n {
                    self.rank(&piece[i..i + 2])
                } else {
                    NONE
                }
            })
            .collect();
        let mut heap: BinaryHeap<Reverse<(u32, usize)>> = rank
            .iter()
            .enumerate()
            .filter(|&(_, &r)| r != NONE)
            .map(|(i, &r)| Reverse((r, i)))
            .collect();
        while let Some(Reverse((r, i))) = heap.pop() {
            if !alive[i] || rank[i] != r {
                continue; // stale entry
            }
            let j = next[i];
            let k = next[j];
            alive[j] = false;
            next[i] = k;
            if k < n {
                prev[k] = i;
            }
            rank[i] = if k < n {
                self.rank(&piece[i..next[k]])
            } else {
                NONE
            };
            if rank[i] != NONE {
                heap.push(Reverse((rank[i], i)));
            }
            let p = prev[i];
            if p != usize::MAX {
                rank[p] = self.rank(&piece[p..k]);
                if rank[p] != NONE {
                    heap.push(Reverse((rank[p], p)));
                }
            }
        }
        let mut starts = Vec::new();
        let mut i = 0;
        while i < n {
            starts.push(i);
            i = next[i];
        }
        starts
    }
}

/// Iterator over the pieces of a text. Each pattern is matched anchored at the current position;
/// a match of a look-ahead pattern (`\s+\s`) gives back its last character, which emulates
/// tiktoken's `\s+(?!\S)`.
pub(crate) struct Splits<'a> {
    pattern: &'a Regex,
    lookahead: &'a [bool; 3],
    ascii_fast_path: Split,
    text: &'a str,
    pos: usize,
}

impl<'a> Iterator for Splits<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let rest = self.text.get(self.pos..)?;
        let fast = match self.ascii_fast_path {
            Split::Cl100k => cl100k_ascii_piece(rest.as_bytes()),
            Split::O200k => o200k_ascii_piece(rest.as_bytes()),
            Split::R50k => r50k_ascii_piece(rest.as_bytes()),
            #[cfg(test)]
            Split::None => None,
        };
        // The fast paths end a piece before an ASCII byte or at the end: a char boundary.
        if let Some(len) = fast
            && let Some(piece) = rest.get(..len)
        {
            self.pos += len;
            return Some(piece);
        }
        let first = rest.chars().next()?;
        let input = Input::new(rest).anchored(Anchored::Yes);
        let len = match self.pattern.find(input) {
            Some(m) => {
                let mut end = m.end();
                if self.lookahead.get(m.pattern().as_usize()) == Some(&true) {
                    let last = rest[..end].chars().next_back().map_or(0, char::len_utf8);
                    if end > last {
                        end -= last;
                    }
                }
                end
            }
            // The patterns match every character; never reached, but never loop either.
            None => first.len_utf8(),
        };
        let len = len.max(first.len_utf8().min(rest.len()));
        let piece = &rest[..len];
        self.pos += len;
        Some(piece)
    }
}

#[inline]
fn is_letter(b: u8) -> bool {
    b.is_ascii_alphabetic()
}

#[inline]
fn is_digit(b: u8) -> bool {
    b.is_ascii_digit()
}

/// `\s` on ASCII: `\t \n \x0B \x0C \r` and space (Unicode `White_Space`).
#[inline]
fn is_space(b: u8) -> bool {
    matches!(b, b'\t'..=b'\r' | b' ')
}

/// `[^\s\p{L}\p{N}]` on ASCII.
#[inline]
fn is_other(b: u8) -> bool {
    b.is_ascii() && !is_letter(b) && !is_digit(b) && !is_space(b)
}

/// Length of the run of bytes from `i` satisfying `f`, and whether it stopped at a non-ASCII byte
/// (where a Unicode letter, digit or space could continue it).
#[inline]
fn run(s: &[u8], i: usize, f: impl Fn(u8) -> bool) -> (usize, bool) {
    let mut j = i;
    while j < s.len() && f(s[j]) {
        j += 1;
    }
    (j, j < s.len() && !s[j].is_ascii())
}

/// The first cl100k_base piece of `s` when it can be decided from ASCII bytes alone, else `None`
/// (the regex then decides). Follows the pattern's alternatives in order:
/// `'(?i:[sdmt]|ll|ve|re)`, `[^\r\n\p{L}\p{N}]?\p{L}+`, `\p{N}{1,3}`, ` ?[^\s\p{L}\p{N}]+[\r\n]*`,
/// `\s++$`, `\s*[\r\n]`, `\s+(?!\S)`, `\s`. Whenever a non-ASCII character could change the
/// answer (a Unicode letter, digit or space, or `ſ`, which case-folds to `s`), it gives up.
fn cl100k_ascii_piece(s: &[u8]) -> Option<usize> {
    let c = *s.first()?;
    if !c.is_ascii() {
        return None;
    }
    let at = |i: usize| s.get(i).copied();
    // 1. Contractions.
    if c == b'\'' {
        match at(1) {
            Some(b) if !b.is_ascii() => return None,
            Some(b's' | b'S' | b't' | b'T' | b'm' | b'M' | b'd' | b'D') => return Some(2),
            Some(b'r' | b'R') if matches!(at(2), Some(b'e' | b'E')) => return Some(3),
            Some(b'v' | b'V') if matches!(at(2), Some(b'e' | b'E')) => return Some(3),
            Some(b'l' | b'L') if matches!(at(2), Some(b'l' | b'L')) => return Some(3),
            _ => {}
        }
    }
    // 2. Letters, with at most one leading character that is not CR, LF, a letter or a digit.
    if is_letter(c) {
        let (end, unsure) = run(s, 0, is_letter);
        return if unsure { None } else { Some(end) };
    }
    if c != b'\r' && c != b'\n' && !is_digit(c) {
        match at(1) {
            Some(b) if !b.is_ascii() => return None,
            Some(b) if is_letter(b) => {
                let (end, unsure) = run(s, 1, is_letter);
                return if unsure { None } else { Some(end) };
            }
            _ => {}
        }
    }
    // 3. One to three digits.
    if is_digit(c) {
        let (end, unsure) = run(s, 0, is_digit);
        return if end >= 3 {
            Some(3)
        } else if unsure {
            None
        } else {
            Some(end)
        };
    }
    // 4. Optional space, other characters, then CR/LF.
    let start = if c == b' ' && at(1).is_some_and(is_other) {
        1
    } else if is_other(c) {
        0
    } else {
        usize::MAX
    };
    if start != usize::MAX {
        let (end, unsure) = run(s, start, is_other);
        if unsure {
            return None;
        }
        let (end, _) = run(s, end, |b| b == b'\r' || b == b'\n');
        return Some(end);
    }
    // 5-8. Whitespace (c is ASCII whitespace here).
    let (end, unsure) = run(s, 0, is_space);
    if unsure {
        return None;
    }
    if let Some(last_newline) = s[..end].iter().rposition(|&b| b == b'\r' || b == b'\n') {
        if end == s.len() {
            return Some(end); // `\s++$` comes first in tiktoken's pattern
        }
        return Some(last_newline + 1);
    }
    if end == s.len() {
        Some(end)
    } else if end >= 2 {
        Some(end - 1)
    } else {
        Some(1)
    }
}

/// Length of a contraction (`'s`, `'t`, `'re`, `'ve`, `'m`, `'ll`, `'d`, ASCII case-insensitive) at
/// `i`: `Some(0)` if there is none, `None` if a non-ASCII character right after the apostrophe
/// leaves it open (`ſ` case-folds to `s`).
#[inline]
fn contraction_ci(s: &[u8], i: usize) -> Option<usize> {
    if s.get(i) != Some(&b'\'') {
        return Some(0);
    }
    let at = |k: usize| s.get(i + k).copied();
    match at(1) {
        Some(b) if !b.is_ascii() => None,
        Some(b's' | b'S' | b't' | b'T' | b'm' | b'M' | b'd' | b'D') => Some(2),
        Some(b'r' | b'R' | b'v' | b'V') if matches!(at(2), Some(b'e' | b'E')) => Some(3),
        Some(b'l' | b'L') if matches!(at(2), Some(b'l' | b'L')) => Some(3),
        _ => Some(0),
    }
}

/// The first o200k_base piece of `s` when ASCII bytes decide it, else `None`. Alternatives in
/// order: `P?U*l+C?`, `P?U+l*C?` (P: one character that is not CR, LF, a letter or a digit; U:
/// upper-case letter; l: lower-case letter; C: a contraction), `\p{N}{1,3}`,
/// ` ?[^\s\p{L}\p{N}]+[\r\n/]*`, `\s*[\r\n]+`, `\s+(?!\S)`, `\s+`.
fn o200k_ascii_piece(s: &[u8]) -> Option<usize> {
    let c = *s.first()?;
    if !c.is_ascii() {
        return None;
    }
    // 1-2. Letters: an upper-case run then a lower-case run (either may be empty, not both).
    let letters_from = if c.is_ascii_alphabetic() {
        Some(0)
    } else if c != b'\r' && c != b'\n' && !is_digit(c) {
        match s.get(1) {
            Some(&b) if !b.is_ascii() => return None,
            Some(&b) if b.is_ascii_alphabetic() => Some(1),
            _ => None,
        }
    } else {
        None
    };
    if let Some(i) = letters_from {
        let (upper_end, unsure) = run(s, i, |b| b.is_ascii_uppercase());
        if unsure {
            return None;
        }
        let (end, unsure) = run(s, upper_end, |b| b.is_ascii_lowercase());
        if unsure {
            return None;
        }
        return Some(end + contraction_ci(s, end)?);
    }
    // 3. One to three digits.
    if is_digit(c) {
        let (end, unsure) = run(s, 0, is_digit);
        return if end >= 3 {
            Some(3)
        } else if unsure {
            None
        } else {
            Some(end)
        };
    }
    // 4. Optional space, other characters, then CR, LF or `/`.
    let start = if c == b' ' && s.get(1).copied().is_some_and(is_other) {
        1
    } else if is_other(c) {
        0
    } else if c == b' ' && s.get(1).is_some_and(|b| !b.is_ascii()) {
        return None;
    } else {
        usize::MAX
    };
    if start != usize::MAX {
        let (end, unsure) = run(s, start, is_other);
        if unsure {
            return None;
        }
        let (end, _) = run(s, end, |b| matches!(b, b'\r' | b'\n' | b'/'));
        return Some(end);
    }
    // 5-7. Whitespace.
    let (end, unsure) = run(s, 0, is_space);
    if unsure {
        return None;
    }
    if let Some(last_newline) = s[..end].iter().rposition(|&b| b == b'\r' || b == b'\n') {
        return Some(last_newline + 1);
    }
    if end == s.len() || end < 2 {
        Some(end.min(s.len()).max(1))
    } else {
        Some(end - 1)
    }
}

/// The first r50k_base / p50k_base piece of `s` when ASCII bytes decide it, else `None`.
/// Alternatives in order: `'(?:[sdmt]|ll|ve|re)`, ` ?\p{L}+`, ` ?\p{N}+`, ` ?[^\s\p{L}\p{N}]+`,
/// `\s+$`, `\s+(?!\S)`, `\s`.
fn r50k_ascii_piece(s: &[u8]) -> Option<usize> {
    let c = *s.first()?;
    if !c.is_ascii() {
        return None;
    }
    let at = |i: usize| s.get(i).copied();
    if c == b'\'' {
        match (at(1), at(2)) {
            (Some(b's' | b't' | b'm' | b'd'), _) => return Some(2),
            (Some(b'l'), Some(b'l')) | (Some(b'v' | b'r'), Some(b'e')) => return Some(3),
            _ => {}
        }
    }
    let start = usize::from(c == b' ');
    let Some(first) = at(start) else {
        return Some(1); // a lone space at the end
    };
    if !first.is_ascii() {
        return None;
    }
    let class: Option<fn(u8) -> bool> = if is_letter(first) {
        Some(is_letter)
    } else if is_digit(first) {
        Some(is_digit)
    } else if is_other(first) {
        Some(is_other)
    } else {
        None
    };
    if let Some(class) = class {
        let (end, unsure) = run(s, start, class);
        return if unsure { None } else { Some(end) };
    }
    // Whitespace.
    let (end, unsure) = run(s, 0, is_space);
    if unsure {
        None
    } else if end == s.len() || end < 2 {
        Some(end.max(1))
    } else {
        Some(end - 1)
    }
}
