//! The rules' leftmost-longest automaton, re-encoded for the rules pass.
//!
//! `aho-corasick` builds the automaton (a DFA, leftmost-longest, ASCII case-insensitive); this
//! module copies its transitions into a table of its own and searches with it. The text between
//! protected spans comes in short pieces (about 30 bytes on average), and the crate's search
//! costs a setup per piece; the loop here has none, and its table is smaller (one column per
//! byte class, not a power of two of them).
//!
//! The matches are the crate's: a property test compares them with `AhoCorasick::find_iter` on
//! every piece.

use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::{Anchored, MatchKind, StartKind, dfa};

/// A match: `(start, end, pattern)`.
pub(crate) type Found = (usize, usize, usize);

/// The automaton as a table: state ids are premultiplied by the number of byte classes, so that a
/// step is one load and one add.
#[derive(Debug, Clone)]
pub(crate) struct Dfa {
    /// The column of each byte (bytes every state treats alike share one).
    classes: [u8; 256],
    /// `trans[state + class]`: the next state.
    trans: Vec<u32>,
    /// The unanchored start state.
    start: u32,
    /// States up to this one are the dead state (0) and the match states.
    max_special: u32,
    /// Of each special state, by `state / stride`: the pattern it matches and its length.
    matches: Vec<(u32, u32)>,
    stride: u32,
}

impl Dfa {
    /// Builds the automaton of `patterns`.
    ///
    /// # Errors
    /// When `aho-corasick` cannot build it, or it has more states than a `u32` table can index.
    pub(crate) fn new(patterns: &[&str]) -> Result<Dfa, String> {
        let ac = dfa::Builder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .ascii_case_insensitive(true)
            .prefilter(false)
            .start_kind(StartKind::Unanchored)
            .build(patterns)
            .map_err(|e| e.to_string())?;
        let start = ac.start_state(Anchored::No).map_err(|e| e.to_string())?;
        // Every state reachable from the start, in breadth-first order. (The crate's state ids
        // are small integers: `index` maps them directly.)
        let mut index: Vec<u32> = Vec::new();
        let mut order: Vec<StateID> = Vec::new();
        let mut number = |sid: StateID, order: &mut Vec<StateID>| {
            let id = sid.as_usize();
            if id >= index.len() {
                index.resize(id + 1, u32::MAX);
            }
            if index[id] == u32::MAX {
                index[id] = order.len() as u32;
                order.push(sid);
            }
            index[id] as usize
        };
        number(start, &mut order);
        let mut next: Vec<[u32; 256]> = Vec::new();
        let mut k = 0;
        while k < order.len() {
            let sid = order[k];
            let mut row = [0u32; 256];
            for (byte, slot) in row.iter_mut().enumerate() {
                let to = ac.next_state(Anchored::No, sid, byte as u8);
                *slot = number(to, &mut order) as u32;
            }
            next.push(row);
            k += 1;
        }
        // Byte classes: bytes with the same column in every state. Columns are hashed first and
        // compared in full only within a bucket.
        let mut hashes = [0u64; 256];
        for row in &next {
            for (h, &to) in hashes.iter_mut().zip(row.iter()) {
                *h = h
                    .wrapping_mul(0x100_0000_01b3)
                    .wrapping_add(u64::from(to) + 1);
            }
        }
        let same = |a: usize, b: usize| next.iter().all(|row| row[a] == row[b]);
        let mut classes = [0u8; 256];
        let mut firsts: Vec<usize> = Vec::new(); // the first byte of each class
        for byte in 0..256 {
            let found = firsts
                .iter()
                .position(|&f| hashes[f] == hashes[byte] && same(f, byte));
            classes[byte] = match found {
                Some(c) => c as u8,
                None => {
                    firsts.push(byte);
                    (firsts.len() - 1) as u8
                }
            };
        }
        let stride = firsts.len();
        // Renumber: the dead state first, then the match states, then the rest.
        let dead = order.iter().position(|&s| ac.is_dead(s));
        let mut rank: Vec<usize> = (0..order.len()).collect();
        rank.sort_by_key(|&i| {
            let s = order[i];
            let group = if Some(i) == dead {
                0
            } else if ac.is_match(s) {
                1
            } else {
                2
            };
            (group, i)
        });
        let dead_offset = usize::from(dead.is_none());
        let mut new_id = vec![0usize; order.len()];
        for (pos, &i) in rank.iter().enumerate() {
            // Without a dead state, slot 0 stays unused (no transition leads there).
            new_id[i] = pos + dead_offset;
        }
        let states = order.len() + dead_offset;
        let limit = u32::MAX as usize;
        if states.checked_mul(stride).is_none_or(|n| n > limit) {
            return Err("the automaton is too large; use fewer or shorter patterns".into());
        }
        let pre = |i: usize| (new_id[i] * stride) as u32;
        let mut trans = vec![0u32; states * stride];
        for (i, row) in next.iter().enumerate() {
            for (&to, &class) in row.iter().zip(classes.iter()) {
                trans[new_id[i] * stride + usize::from(class)] = pre(to as usize);
            }
        }
        let match_states = order.iter().filter(|&&s| ac.is_match(s)).count();
        let max_special = (match_states * stride) as u32;
        let mut matches = vec![(0u32, 0u32); match_states + 1];
        for (i, &s) in order.iter().enumerate() {
            if ac.is_match(s) {
                let pid = ac.match_pattern(s, 0);
                matches[new_id[i]] = (pid.as_u32(), ac.pattern_len(pid) as u32);
            }
        }
        Ok(Dfa {
            classes,
            trans,
            start: pre(0),
            max_special,
            matches,
            stride: stride as u32,
        })
    }

    /// Calls `f` with the leftmost-longest matches in each of `pieces` (sorted, disjoint ranges of
    /// `text`), in order: what `AhoCorasick::find_iter` finds in each piece searched alone.
    pub(crate) fn for_each_match(
        &self,
        text: &[u8],
        pieces: &[(usize, usize)],
        mut f: impl FnMut(Found),
    ) {
        for &(mut at, end) in pieces {
            while let Some(m) = self.first_match(text, at, end) {
                f(m);
                at = m.1;
            }
        }
    }

    /// The leftmost-longest match in `text[start..end]`.
    #[inline]
    pub(crate) fn first_match(&self, text: &[u8], start: usize, end: usize) -> Option<Found> {
        let mut state = self.start;
        let mut best = None;
        for (at, &byte) in text.iter().enumerate().take(end).skip(start) {
            state = self.trans[(state + u32::from(self.classes[usize::from(byte)])) as usize];
            if state <= self.max_special {
                if state == 0 {
                    // Dead: nothing longer can match.
                    return best;
                }
                let (pid, len) = self.matches[(state / self.stride) as usize];
                best = Some((at + 1 - len as usize, at + 1, pid as usize));
            }
        }
        best
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind};
    use proptest::prelude::*;
    use std::sync::LazyLock;

    const PATTERNS: &[&str] = &[
        "a",
        "ab",
        "abc",
        "b",
        "bcd",
        "in order to",
        "in order",
        "order",
        "the",
        "then",
        "the end",
        "é",
        "ñandú",
        "x y",
        "y z",
        "don't",
        "pq",
        "pqrs",
        "r",
    ];

    static DFA: LazyLock<Dfa> = LazyLock::new(|| Dfa::new(PATTERNS).unwrap());
    static AC: LazyLock<AhoCorasick> = LazyLock::new(|| {
        AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(AhoCorasickKind::DFA))
            .build(PATTERNS)
            .unwrap()
    });

    fn reference(text: &[u8], pieces: &[(usize, usize)]) -> Vec<Found> {
        let ac = &*AC;
        pieces
            .iter()
            .flat_map(|&(a, b)| {
                ac.find_iter(aho_corasick::Input::new(text).range(a..b))
                    .map(|m| (m.start(), m.end(), m.pattern().as_usize()))
                    .collect::<Vec<_>>()
            })
            .collect()
    }

    fn pieces_of(len: usize, cuts: &[usize]) -> Vec<(usize, usize)> {
        let mut cuts: Vec<usize> = cuts.iter().map(|c| c % (len + 1)).collect();
        cuts.sort_unstable();
        cuts.dedup();
        // Alternate: piece, gap, piece, …
        let mut pieces = Vec::new();
        let mut from = 0;
        for (k, &c) in cuts.iter().enumerate() {
            if k % 2 == 0 {
                pieces.push((from, c));
            }
            from = c;
        }
        pieces.push((from, len));
        pieces.retain(|&(a, b)| a < b);
        pieces
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn matches_are_the_crates(
            words in prop::collection::vec(prop::sample::select(
                &["a", "b", "c", "d", "ab", "abc", "bcd", "in ", "order ", "to", "the", "The ",
                  "THEN", "end", " ", "é", "ñandú", "Ñ", "x ", "y ", "z", "don't", "\n", "pq",
                  "r", "s"][..]
            ), 0..60),
            cuts in prop::collection::vec(0usize..400, 0..12),
        ) {
            let text = words.concat();
            let pieces = pieces_of(text.len(), &cuts);
            let dfa = &*DFA;
            let mut got = Vec::new();
            dfa.for_each_match(text.as_bytes(), &pieces, |m| got.push(m));
            prop_assert_eq!(got, reference(text.as_bytes(), &pieces));
            for &(a, b) in &pieces {
                let first = reference(text.as_bytes(), &[(a, b)]).first().copied();
                prop_assert_eq!(dfa.first_match(text.as_bytes(), a, b), first);
            }
        }
    }

    #[test]
    fn examples() {
        let dfa = Dfa::new(PATTERNS).unwrap();
        let text = b"In order to see the end, abcd";
        let pieces = [(0, text.len())];
        let mut got = Vec::new();
        dfa.for_each_match(text, &pieces, |m| got.push(m));
        assert_eq!(got, reference(text, &pieces));
        assert_eq!(got[0], (0, 11, 5)); // "In order to"
        // A piece that ends inside a longer candidate: "pq" is reported, then "r" after it.
        let mut got = Vec::new();
        dfa.for_each_match(b"pqrs", &[(0, 3)], |m| got.push(m));
        assert_eq!(got, [(0, 2, 16), (2, 3, 18)]);
        assert_eq!(got, reference(b"pqrs", &[(0, 3)]));
        // Several pieces: the matches come in order.
        let text = b"the end and then the end";
        let pieces = [(0, 7), (8, 11), (12, 24)];
        let mut got = Vec::new();
        dfa.for_each_match(text, &pieces, |m| got.push(m));
        assert_eq!(got, reference(text, &pieces));
        assert_eq!(got.len(), 4);
    }
}
