//! Finding every occurrence of a few byte values, for bytes that occur often (newlines,
//! brackets).
//!
//! `memchr_iter` restarts a SIMD search after each match: fast when matches are far apart, but
//! a line of a prompt is about 40 bytes, and the setup of each search then costs more than the
//! search. Here the text is read in blocks of 64 bytes, each turned into a bit mask of matches
//! (SSE2 compares, sixteen bytes at a time), and the positions are read off the mask: a few
//! instructions per block and per match.

/// Calls `f` with each 64-byte block of `b` in order: its offset, its bytes, and the mask of the
/// bytes that belong to `b`. The last, partial block is a zero-padded copy (a byte loop over it
/// would cost as much as the rest on texts of a few hundred bytes).
pub(crate) fn for_each_block(b: &[u8], mut f: impl FnMut(usize, &[u8; 64], u64)) {
    let mut chunks = b.chunks_exact(64);
    let mut base = 0;
    for chunk in chunks.by_ref() {
        if let Ok(block) = chunk.try_into() {
            f(base, block, u64::MAX);
        }
        base += 64;
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut block = [0u8; 64];
        block[..rest.len()].copy_from_slice(rest);
        f(base, &block, u64::MAX >> (64 - rest.len()));
    }
}

/// Calls `f` with `base + k` for each set bit `k` of `m`, in order.
pub(crate) fn for_each_bit(mut m: u64, base: usize, mut f: impl FnMut(usize)) {
    while m != 0 {
        f(base + m.trailing_zeros() as usize);
        m &= m - 1;
    }
}

/// Calls `f` with the position of every byte of `b` that is one of `set`, in order.
pub(crate) fn positions<const N: usize>(b: &[u8], set: [u8; N], mut f: impl FnMut(usize)) {
    for_each_block(b, |base, block, valid| {
        for_each_bit(mask(block, set) & valid, base, &mut f)
    });
}

/// The positions `i` of `b` where `b[i]` and `b[i + 1]` are both `c` (overlapping: three in a
/// row give two), in order.
pub(crate) fn pairs(b: &[u8], c: u8) -> Vec<usize> {
    let mut out = Vec::new();
    for_each_block(b, |base, block, valid| {
        let m = mask(block, [c]) & valid;
        // Bit 63 pairs with the next block's first byte.
        let next = u64::from(b.get(base + 64) == Some(&c));
        for_each_bit(m & ((m >> 1) | (next << 63)), base, |i| out.push(i));
    });
    out
}

/// Bit `k` is set when `chunk[k]` (`chunk` is 64 bytes long) is one of `set`.
#[cfg(target_arch = "x86_64")]
fn mask<const N: usize>(chunk: &[u8], set: [u8; N]) -> u64 {
    // SAFETY: SSE2 is part of the x86-64 baseline: every CPU this code runs on has it.
    unsafe { mask_sse2(chunk, set) }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "sse2")]
fn mask_sse2<const N: usize>(chunk: &[u8], set: [u8; N]) -> u64 {
    use std::arch::x86_64::{
        __m128i, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8,
        _mm_setzero_si128,
    };
    let mut m = 0u64;
    for (k, lane) in chunk.chunks_exact(16).take(4).enumerate() {
        // SAFETY: `lane` is 16 bytes long; `_mm_loadu_si128` reads unaligned memory.
        let v = unsafe { _mm_loadu_si128(lane.as_ptr().cast::<__m128i>()) };
        let any = set.iter().fold(_mm_setzero_si128(), |acc, &c| {
            _mm_or_si128(acc, _mm_cmpeq_epi8(v, _mm_set1_epi8(c as i8)))
        });
        m |= u64::from(_mm_movemask_epi8(any) as u16) << (16 * k);
    }
    m
}

/// Bit `k` is set when `chunk[k]` is one of `set`, byte by byte (where there is no SSE2).
#[cfg(not(target_arch = "x86_64"))]
fn mask<const N: usize>(chunk: &[u8], set: [u8; N]) -> u64 {
    mask_portable(chunk, set)
}

#[cfg(any(test, not(target_arch = "x86_64")))]
fn mask_portable<const N: usize>(chunk: &[u8], set: [u8; N]) -> u64 {
    chunk
        .iter()
        .take(64)
        .enumerate()
        .fold(0, |m, (k, c)| m | (u64::from(set.contains(c)) << k))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn positions_are_every_match(
            b in prop::collection::vec(prop::sample::select(b"ab{}[]\n \xe2".to_vec()), 0..300),
        ) {
            let mut got = Vec::new();
            positions(&b, [b'{', b'}', b'[', b']'], |i| got.push(i));
            let want: Vec<usize> = (0..b.len()).filter(|&i| b"{}[]".contains(&b[i])).collect();
            prop_assert_eq!(got, want);
            let mut got = Vec::new();
            positions(&b, [b'\n'], |i| got.push(i));
            let want: Vec<usize> = (0..b.len()).filter(|&i| b[i] == b'\n').collect();
            prop_assert_eq!(got, want);
        }

        #[test]
        fn pairs_are_every_pair(
            b in prop::collection::vec(prop::sample::select(b"a  \n".to_vec()), 0..300),
        ) {
            let want: Vec<usize> = (0..b.len().saturating_sub(1))
                .filter(|&i| b[i] == b' ' && b[i + 1] == b' ')
                .collect();
            prop_assert_eq!(pairs(&b, b' '), want);
        }

        #[test]
        fn simd_mask_agrees_with_the_portable_one(b in prop::collection::vec(any::<u8>(), 64)) {
            let set = [b[0], b[17], b[40]];
            prop_assert_eq!(mask(&b, set), mask_portable(&b, set));
        }
    }
}
