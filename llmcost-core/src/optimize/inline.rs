//! Inline protected spans (URLs, e-mail addresses, inline code, quotes, placeholders, negations,
//! numbers), found by hand-written scanners.
//!
//! Each kind is specified by a regular expression (the `SPEC` table of the tests): its spans are
//! exactly the matches that expression finds searched alone over the text (leftmost-first, without
//! overlaps). Kinds are found independently, so spans of different kinds may overlap; the
//! optimizer protects their union. A property test checks every scanner against its expression.
//!
//! Every kind comes from one pass over 64-byte blocks turned into bit masks with SIMD compares
//! ([`blocks`]): only the positions that can start or announce a span (a digit, a word start that
//! can begin a negation, an apostrophe after an `n`, a backtick, a quote, `$ < % @`, the end of
//! `://` or `www.`) are then looked at one by one. One combined regular
//! expression over all kinds was used before: no literal prefilter applies to it (any letter or
//! digit can start a span), so its automaton stepped through every byte and restarted after every
//! match, at about a third of the speed.

use memchr::{memchr2, memchr3};

use super::spans::SpanKind;

/// Calls `push` with every inline span of `text` (each kind's spans in order), and `mark` with the position of every `\n ' { } [ ]`, in order (the line, quote and bracket
/// scan of `spans.rs`, which this pass over the text serves too).
pub(crate) fn scan<P: FnMut(usize, usize, SpanKind)>(
    text: &str,
    push: &mut P,
    mark: impl FnMut(usize, &mut P),
) {
    blocks(text, push, mark);
}

/// An ASCII word byte (`[0-9A-Za-z_]`), as the ASCII word boundary `(?-u:\b)` sees it.
fn word_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

/// Whether `b[i]` (or the end of the text) is not an ASCII word byte.
fn boundary_at(b: &[u8], i: usize) -> bool {
    b.get(i).is_none_or(|&c| !word_byte(c))
}

/// `(?i:(?:https?|ftp|file)://)[^\s<>`]+|www\.[A-Za-z0-9-]+\.[^\s<>`]+` around a candidate
/// found by [`blocks`]: the second `/` of a `://` at `i`, or the `.` of a `www.` at `i`.
/// `(start, end)`.
fn url_at(text: &str, i: usize) -> Option<(usize, usize)> {
    let b = text.as_bytes();
    let (start, rest) = if b[i] == b'/' {
        let k = i - 2;
        (scheme_start(b, k)?, k + 3)
    } else {
        let s = i - 3;
        let label = i
            + 1
            + b[i + 1..]
                .iter()
                .take_while(|&&c| c.is_ascii_alphanumeric() || c == b'-')
                .count();
        if label == i + 1 || b.get(label) != Some(&b'.') {
            return None;
        }
        (s, label + 1)
    };
    let end = url_rest_end(text, rest);
    (end > rest).then_some((start, end))
}

/// The start of `https`, `http`, `ftp` or `file` (any case) ending at `k`.
fn scheme_start(b: &[u8], k: usize) -> Option<usize> {
    let ends_with = |s: &[u8]| k >= s.len() && b[k - s.len()..k].eq_ignore_ascii_case(s);
    [&b"https"[..], b"http", b"file", b"ftp"]
        .into_iter()
        .find(|s| ends_with(s))
        .map(|s| k - s.len())
}

/// The end of `[^\s<>`]*` from `i` (`\s` is Unicode white space).
fn url_rest_end(text: &str, i: usize) -> usize {
    let b = text.as_bytes();
    let mut j = i;
    while j < b.len() {
        let c = b[j];
        if c < 0x80 {
            if c.is_ascii_whitespace() || c == 0x0b || matches!(c, b'<' | b'>' | b'`') {
                break;
            }
            j += 1;
        } else {
            // `j` is on a char boundary: every step moves by whole characters.
            let ch = text[j..].chars().next().unwrap_or(' ');
            if ch.is_whitespace() {
                break;
            }
            j += ch.len_utf8();
        }
    }
    j
}

/// `[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+` around the `@` at `at`, starting at or
/// after `from` (the end of the previous e-mail address): `(start, end)`.
fn email_at(b: &[u8], at: usize, from: usize) -> Option<(usize, usize)> {
    let local = |c: u8| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'%' | b'+' | b'-');
    let label = |c: &u8| c.is_ascii_alphanumeric() || *c == b'-';
    let mut start = at;
    while start > from && local(b[start - 1]) {
        start -= 1;
    }
    if start == at {
        return None;
    }
    let mut end = at + 1 + b[at + 1..].iter().take_while(|c| label(c)).count();
    if end == at + 1 {
        return None;
    }
    let mut groups = 0;
    while b.get(end) == Some(&b'.') {
        let n = b[end + 1..].iter().take_while(|c| label(c)).count();
        if n == 0 {
            break;
        }
        end += 1 + n;
        groups += 1;
    }
    (groups > 0).then_some((start, end))
}

/// ``` ``[^\n]*?``|`[^`\n]+` ``` at the backtick `s`: its end.
fn code_at(b: &[u8], s: usize, dead: &mut Dead) -> Option<usize> {
    if b.get(s + 1) == Some(&b'`') {
        // ``…`` (the first closing pair on the line), else nothing starts here.
        if s < dead.code {
            return None;
        }
        let mut j = s + 2;
        loop {
            let Some(k) = memchr2(b'`', b'\n', &b[j..]) else {
                dead.code = b.len();
                return None;
            };
            let p = j + k;
            if b[p] == b'\n' {
                dead.code = p;
                return None;
            }
            if b.get(p + 1) == Some(&b'`') {
                return Some(p + 2);
            }
            j = p + 1;
        }
    } else {
        memchr2(b'`', b'\n', &b[s + 1..])
            .filter(|&c| c > 0 && b[s + 1 + c] == b'`')
            .map(|c| s + 1 + c + 1)
    }
}

/// Where searches for a closing delimiter are known to fail: an opener before `code`, `dollar`
/// or `quote[k]` has no closer before the end of its line, because the search from an earlier
/// opener of the same kind on that line found none. Without this, a line of a few thousand
/// unclosed `“` would be searched once per opener, in quadratic time.
#[derive(Default)]
struct Dead {
    /// For ` `` `.
    code: usize,
    /// For `${`.
    dollar: usize,
    /// For `"`, `“`, `‘`, `«`, `„`.
    quote: [usize; 5],
}

/// `"[^"\n]*"|“[^”\n]*”|‘[^’\n]*’|«[^»\n]*»|„[^“”\n]*[“”]` at `s`: its end.
fn quote_at(b: &[u8], s: usize, dead: &mut Dead) -> Option<usize> {
    const LDQ: &[u8] = "“".as_bytes();
    const RDQ: &[u8] = "”".as_bytes();
    const LSQ: &[u8] = "‘".as_bytes();
    const RSQ: &[u8] = "’".as_bytes();
    const LAQ: &[u8] = "«".as_bytes();
    const RAQ: &[u8] = "»".as_bytes();
    const LOW: &[u8] = "„".as_bytes();
    let rest = &b[s..];
    // (kind, length of the opener, the closers)
    let (kind, open, close): (usize, usize, &[&[u8]]) = if rest[0] == b'"' {
        (0, 1, &[b"\""])
    } else if rest.starts_with(LDQ) {
        (1, 3, &[RDQ])
    } else if rest.starts_with(LSQ) {
        (2, 3, &[RSQ])
    } else if rest.starts_with(LAQ) {
        (3, 2, &[RAQ])
    } else if rest.starts_with(LOW) {
        (4, 3, &[LDQ, RDQ])
    } else {
        return None;
    };
    if s < dead.quote[kind] {
        return None;
    }
    closing(b, s + open, close)
        .map_err(|line| dead.quote[kind] = line)
        .ok()
}

/// The end of the first of `closers` (which share their first byte) from `from` on the same
/// line, or the end of the line.
fn closing(b: &[u8], from: usize, closers: &[&[u8]]) -> Result<usize, usize> {
    let lead = closers[0][0];
    let mut j = from;
    loop {
        let Some(k) = memchr2(lead, b'\n', &b[j..]) else {
            return Err(b.len());
        };
        let p = j + k;
        if b[p] == b'\n' {
            return Err(p);
        }
        if let Some(c) = closers.iter().find(|c| b[p..].starts_with(c)) {
            return Ok(p + c.len());
        }
        j = p + 1;
    }
}

/// `\$\{[^}\n]*\}|\$[A-Za-z_][A-Za-z0-9_]*|<[^<>\n]+>|%(?:\([A-Za-z0-9_]+\))?[-+#0]?[0-9]*(?:\.[0-9]+)?[sdifeEgGxXoc]`
/// at `s`: its end.
fn placeholder_at(b: &[u8], s: usize, dead: &mut Dead) -> Option<usize> {
    match b[s] {
        b'$' => dollar(b, s, dead),
        b'<' => match memchr3(b'<', b'>', b'\n', &b[s + 1..]) {
            Some(c) if c > 0 && b[s + 1 + c] == b'>' => Some(s + 1 + c + 1),
            _ => None,
        },
        _ => printf(b, s),
    }
}

/// `\$\{[^}\n]*\}|\$[A-Za-z_][A-Za-z0-9_]*` at `s`.
fn dollar(b: &[u8], s: usize, dead: &mut Dead) -> Option<usize> {
    match b.get(s + 1) {
        Some(b'{') if s >= dead.dollar => match memchr2(b'}', b'\n', &b[s + 2..]) {
            Some(c) if b[s + 2 + c] == b'}' => Some(s + 2 + c + 1),
            c => {
                dead.dollar = c.map_or(b.len(), |c| s + 2 + c);
                None
            }
        },
        Some(c) if c.is_ascii_alphabetic() || *c == b'_' => {
            Some(s + 2 + b[s + 2..].iter().take_while(|&&c| word_byte(c)).count())
        }
        _ => None,
    }
}

/// `%(?:\([A-Za-z0-9_]+\))?[-+#0]?[0-9]*(?:\.[0-9]+)?[sdifeEgGxXoc]` at `s`. No backtracking
/// can change the outcome: a conversion letter is never a flag, a digit or a name character
/// the pattern could give back.
fn printf(b: &[u8], s: usize) -> Option<usize> {
    let at = |i: usize| b.get(i).copied().unwrap_or(0);
    let digits = |i: usize| {
        b[i.min(b.len())..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count()
    };
    let mut j = s + 1;
    if at(j) == b'(' {
        let n = b[j + 1..].iter().take_while(|&&c| word_byte(c)).count();
        if n == 0 || at(j + 1 + n) != b')' {
            return None;
        }
        j += n + 2;
    }
    if matches!(at(j), b'-' | b'+' | b'#' | b'0') {
        j += 1;
    }
    j += digits(j);
    if at(j) == b'.' && at(j + 1).is_ascii_digit() {
        j += 1 + digits(j + 1);
    }
    b"sdifeEgGxXoc".contains(&at(j)).then_some(j + 1)
}

/// Every kind, in one pass over 64-byte blocks, each turned into bit masks (letters, word bytes,
/// digits, trigger bytes, …) with SIMD compares. Only these positions are then looked at one by
/// one, in order, each kind keeping the end of its last span (so that its spans are those of its
/// expression searched alone):
///
/// - the second `/` of `://`, the `.` of `www.`: a URL (see [`url_at`]; a URL starts at most
///   five bytes before its candidate, and the `www.` and scheme candidates cannot interleave,
///   so the starts come in order);
/// - a backtick: inline code, ``` ``[^\n]*?``|`[^`\n]+` ```;
/// - `"`, or the first byte of `“ ‘ „ «`: a quoted string (see [`quote_at`]);
/// - `$ < %`: a placeholder (see [`placeholder_at`]);
/// - `@`: an e-mail address (see [`email_at`]);
/// - a digit: a number, `[0-9](?:[0-9A-Za-z%]|[.,:/-][0-9])*`;
/// - a word start whose letters can begin a negation keyword, or an apostrophe after an `n`: a
///   negation, `(?-u:\b)(?:(?i-u:not|no|never|…|unless)|(?i-u:[a-z]+n)(?:'|’)(?i-u:t)|…)(?-u:\b)`
///   (the full list is the `SPEC` of the tests; letters compare ASCII case-insensitively, and the
///   accented words also in upper case: `jamás`, `JAMÁS`, `ningún`, `NINGÚN`).
///
/// Branching on every byte (a letter? the end of a word?) was several times slower (word lengths
/// are unpredictable); separate `memchr` passes per kind also cost more, on texts of a few
/// hundred bytes, than this one pass.
fn blocks<P: FnMut(usize, usize, SpanKind)>(
    text: &str,
    push: &mut P,
    mut mark: impl FnMut(usize, &mut P),
) {
    let b = text.as_bytes();
    let mut prev_word = 0u64; // the last byte of the previous block is a word byte
    let mut prev_n = 0u64; // … is an `n` or `N`
    // The previous block's `/`, `:` and `w` masks.
    let (mut prev_slash, mut prev_colon, mut prev_w) = (0u64, 0u64, 0u64);
    // The end of each kind's last span.
    let (mut neg_end, mut num_end, mut code_end) = (0, 0, 0);
    let (mut quote_end, mut ph_end, mut email_end) = (0, 0, 0);
    let mut url_end = 0;
    let mut dead = Dead::default();
    super::bytes::for_each_block(b, |base, chunk, _| {
        let Masks {
            alpha,
            digit,
            word,
            first,
            n,
            quote,
            trigger,
            marks,
            slash,
            colon,
            w,
            dot,
        } = masks(chunk);
        super::bytes::for_each_bit(marks, base, |i| mark(i, push));
        // URLs: the second `/` of `://`, the `.` of `www.` (looking back into the previous
        // block). Their starts come in the order of these positions.
        let back = |m: u64, prev: u64, k: u32| (m << k) | (prev >> (64 - k));
        let urls = (slash & back(slash, prev_slash, 1) & back(colon, prev_colon, 2))
            | (dot & back(w, prev_w, 1) & back(w, prev_w, 2) & back(w, prev_w, 3));
        (prev_slash, prev_colon, prev_w) = (slash, colon, w);
        super::bytes::for_each_bit(urls, base, |i| {
            if let Some((s, e)) = url_at(text, i)
                && s >= url_end
            {
                push(s, e, SpanKind::Url);
                url_end = e;
            }
        });
        let starts = alpha & first & !((word << 1) | prev_word);
        let contractions = quote & ((n << 1) | prev_n);
        prev_word = word >> 63;
        prev_n = n >> 63;
        let mut cand = digit | starts | contractions | trigger;
        while cand != 0 {
            let i = base + cand.trailing_zeros() as usize;
            cand &= cand - 1;
            let c = b[i];
            match c {
                b'0'..=b'9' => {
                    if i >= num_end {
                        num_end = number_end(b, i);
                        push(i, num_end, SpanKind::Number);
                    }
                    continue;
                }
                b'`' => {
                    if i >= code_end
                        && let Some(e) = code_at(b, i, &mut dead)
                    {
                        push(i, e, SpanKind::InlineCode);
                        code_end = e;
                    }
                    continue;
                }
                b'"' | 0xC2 | 0xE2 => {
                    if i >= quote_end
                        && let Some(e) = quote_at(b, i, &mut dead)
                    {
                        push(i, e, SpanKind::Quoted);
                        quote_end = e;
                    }
                    if c != 0xE2 {
                        continue;
                    }
                    // `’` after an `n` may end a contraction: go on.
                }
                b'$' | b'<' | b'%' => {
                    if i >= ph_end
                        && let Some(e) = placeholder_at(b, i, &mut dead)
                    {
                        push(i, e, SpanKind::Placeholder);
                        ph_end = e;
                    }
                    continue;
                }
                b'@' => {
                    if i >= email_end
                        && let Some((s, e)) = email_at(b, i, email_end)
                    {
                        push(s, e, SpanKind::Email);
                        email_end = e;
                    }
                    continue;
                }
                _ => {}
            }
            if i < neg_end || contractions & (1 << (i - base)) == 0 && !c.is_ascii_alphabetic() {
                continue;
            }
            // A word start, or the apostrophe of a possible contraction: the word's start.
            let start = if c.is_ascii_alphabetic() {
                // A word start: a keyword? (Contractions are found from their apostrophe.)
                let c1 = b.get(i + 1).copied().unwrap_or(0);
                if !may_be_keyword(c, c1) {
                    continue;
                }
                i
            } else {
                let s = i - b[..i]
                    .iter()
                    .rev()
                    .take_while(|c| c.is_ascii_alphabetic())
                    .count();
                if s < neg_end || (s > 0 && word_byte(b[s - 1])) {
                    continue;
                }
                s
            };
            let letters = start
                + b[start..]
                    .iter()
                    .take_while(|c| c.is_ascii_alphabetic())
                    .count();
            if let Some(e) = negation(b, start, letters) {
                push(start, e, SpanKind::Negation);
                neg_end = e;
            }
        }
    });
}

/// Bit masks of a 64-byte block (bit `k` for byte `k`).
#[cfg_attr(test, derive(Debug, PartialEq))]
struct Masks {
    /// ASCII letters.
    alpha: u64,
    /// ASCII digits.
    digit: u64,
    /// ASCII word bytes (`[0-9A-Za-z_]`).
    word: u64,
    /// Letters that, with the next byte, can start a negation keyword ([`may_be_keyword`]; the
    /// last byte of the block, whose next byte is not known here, with the first letter alone).
    first: u64,
    /// `n` or `N`.
    n: u64,
    /// `'` or the first byte of `’` (`0xE2`).
    quote: u64,
    /// Bytes that can start another kind of span: `` ` " $ < % @ ``, and `0xC2`, `0xE2` (the
    /// first bytes of `«` and of `“ ‘ „`).
    trigger: u64,
    /// `\n ' { } [ ]` (for `spans.rs`).
    marks: u64,
    /// `/`.
    slash: u64,
    /// `:`.
    colon: u64,
    /// `w` (lower case only, as in `www.`).
    w: u64,
    /// `.`.
    dot: u64,
}

/// The masks of `chunk`, with SSE2: sixteen bytes per instruction.
#[cfg(target_arch = "x86_64")]
fn masks(chunk: &[u8; 64]) -> Masks {
    // SAFETY: SSE2 is part of the x86-64 baseline: every CPU this code runs on has it.
    unsafe { masks_sse2(chunk) }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "sse2")]
fn masks_sse2(chunk: &[u8; 64]) -> Masks {
    use std::arch::x86_64::{
        __m128i, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_min_epu8, _mm_movemask_epi8, _mm_or_si128,
        _mm_set1_epi8, _mm_sub_epi8,
    };
    let splat = |c: u8| _mm_set1_epi8(c as i8);
    let eq = |x: __m128i, c: u8| _mm_cmpeq_epi8(x, splat(c));
    // `x - lo < len` (unsigned), as `min(x - lo, len - 1) == x - lo`.
    let in_range = |x: __m128i, lo: u8, len: u8| {
        let t = _mm_sub_epi8(x, splat(lo));
        _mm_cmpeq_epi8(_mm_min_epu8(t, splat(len - 1)), t)
    };
    let bits = |x: __m128i, k: usize| u64::from(_mm_movemask_epi8(x) as u16) << (16 * k);
    let mut m = Masks {
        alpha: 0,
        digit: 0,
        word: 0,
        first: 0,
        n: 0,
        quote: 0,
        trigger: 0,
        marks: 0,
        slash: 0,
        colon: 0,
        w: 0,
        dot: 0,
    };
    // The masks `keyword_starts` combines: `c t j`, `a`, `w s`, `i`, `u`, vowels.
    let mut pairs = [0u64; 6];
    for k in 0..4 {
        // SAFETY: `chunk` is 64 bytes long, so the 16 bytes at `16 * k` (k < 4) are in bounds;
        // `_mm_loadu_si128` reads unaligned memory.
        let v = unsafe { _mm_loadu_si128(chunk.as_ptr().add(16 * k).cast::<__m128i>()) };
        let lower = _mm_or_si128(v, splat(0x20));
        let alpha = in_range(lower, b'a', 26);
        let digit = in_range(v, b'0', 10);
        let n = eq(lower, b'n');
        let any = |cs: &[u8]| {
            cs.iter()
                .fold(eq(lower, cs[0]), |acc, &c| _mm_or_si128(acc, eq(lower, c)))
        };
        let a = eq(lower, b'a');
        let i = eq(lower, b'i');
        let u = eq(lower, b'u');
        let vowel = _mm_or_si128(_mm_or_si128(a, i), _mm_or_si128(u, any(b"eo")));
        pairs[0] |= bits(any(b"ctj"), k);
        pairs[1] |= bits(a, k);
        pairs[2] |= bits(any(b"ws"), k);
        pairs[3] |= bits(i, k);
        pairs[4] |= bits(u, k);
        pairs[5] |= bits(vowel, k);
        m.alpha |= bits(alpha, k);
        m.digit |= bits(digit, k);
        m.word |= bits(_mm_or_si128(_mm_or_si128(alpha, digit), eq(v, b'_')), k);
        m.n |= bits(n, k);
        let e2 = eq(v, 0xE2);
        m.quote |= bits(_mm_or_si128(eq(v, b'\''), e2), k);
        let trigger = [b'`', b'"', b'$', b'<', b'%', b'@', 0xC2]
            .into_iter()
            .fold(e2, |acc, c| _mm_or_si128(acc, eq(v, c)));
        m.trigger |= bits(trigger, k);
        let marks = [b'\'', b'{', b'}', b'[', b']']
            .into_iter()
            .fold(eq(v, b'\n'), |acc, c| _mm_or_si128(acc, eq(v, c)));
        m.marks |= bits(marks, k);
        m.slash |= bits(eq(v, b'/'), k);
        m.colon |= bits(eq(v, b':'), k);
        m.w |= bits(eq(v, b'w'), k);
        m.dot |= bits(eq(v, b'.'), k);
    }
    let [ctj, a, ws, i, u, vowel] = pairs;
    m.first = keyword_starts(m.n, ctj, ws, u, a, vowel, i);
    m
}

/// The positions where a negation keyword can start, from the masks of the letters (either
/// case) that start one (`n`, `c t j`, `w s`, `u`) and of those that can follow (`a`, the
/// vowels, `i`): the pairs [`may_be_keyword`] accepts. Bit 63 needs the next block: there the
/// first letter is enough.
fn keyword_starts(n: u64, ctj: u64, ws: u64, u: u64, a: u64, vowel: u64, i: u64) -> u64 {
    let last = 1u64 << 63;
    (n & (vowel >> 1))
        | (ctj & (a >> 1))
        | (ws & (i >> 1))
        | (u & (n >> 1))
        | ((n | ctj | ws | u) & last)
}

/// The masks of `chunk`, byte by byte (where there is no SSE2; the tests check both agree).
#[cfg(not(target_arch = "x86_64"))]
fn masks(chunk: &[u8; 64]) -> Masks {
    masks_portable(chunk)
}

#[cfg(any(test, not(target_arch = "x86_64")))]
fn masks_portable(chunk: &[u8; 64]) -> Masks {
    let mask = |f: &dyn Fn(u8) -> bool| {
        chunk
            .iter()
            .enumerate()
            .fold(0u64, |m, (k, &c)| m | (u64::from(f(c)) << k))
    };
    let alpha = mask(&|c| (c | 0x20).wrapping_sub(b'a') < 26);
    let digit = mask(&|c| c.is_ascii_digit());
    let lower = |set: &'static [u8]| mask(&move |c| set.contains(&(c | 0x20)));
    let n = lower(b"n");
    Masks {
        alpha,
        digit,
        word: alpha | digit | mask(&|c| c == b'_'),
        first: keyword_starts(
            n,
            lower(b"ctj"),
            lower(b"ws"),
            lower(b"u"),
            lower(b"a"),
            lower(b"aeiou"),
            lower(b"i"),
        ),
        n,
        quote: mask(&|c| c == b'\'' || c == 0xE2),
        trigger: mask(&|c| b"`\"$<%@\xC2\xE2".contains(&c)),
        marks: mask(&|c| b"\n'{}[]".contains(&c)),
        slash: mask(&|c| c == b'/'),
        colon: mask(&|c| c == b':'),
        w: mask(&|c| c == b'w'),
        dot: mask(&|c| c == b'.'),
    }
}

/// `[0-9](?:[0-9A-Za-z%]|[.,:/-][0-9])*` from the digit at `i`: its end.
fn number_end(b: &[u8], mut i: usize) -> usize {
    i += 1;
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_alphanumeric() || c == b'%' {
            i += 1;
        } else if matches!(c, b'.' | b',' | b':' | b'/' | b'-')
            && b.get(i + 1).is_some_and(u8::is_ascii_digit)
        {
            i += 2;
        } else {
            break;
        }
    }
    i
}

/// Whether `word` (ASCII letters) is a negation keyword, in any case (the contractions and the
/// accented words are matched apart).
fn keyword(word: &[u8]) -> bool {
    let mut lower = [0u8; 8];
    if word.len() > lower.len() {
        return false;
    }
    for (l, c) in lower.iter_mut().zip(word) {
        *l = c | 0x20;
    }
    matches!(
        &lower[..word.len()],
        b"not"
            | b"no"
            | b"never"
            | b"nor"
            | b"none"
            | b"nothing"
            | b"nobody"
            | b"nowhere"
            | b"neither"
            | b"cannot"
            | b"without"
            | b"unless"
            | b"nunca"
            | b"sin"
            | b"tampoco"
            | b"ni"
            | b"ninguno"
            | b"ninguna"
            | b"ningunos"
            | b"ningunas"
            | b"nada"
            | b"nadie"
    )
}

/// Whether a word that starts with the letters `c0 c1` can be a negation keyword (or `jamás`,
/// `ningún`): a cheap filter before the word is read.
fn may_be_keyword(c0: u8, c1: u8) -> bool {
    match c0 | 0x20 {
        b'n' => matches!(c1 | 0x20, b'o' | b'e' | b'i' | b'u' | b'a'),
        b'c' | b't' | b'j' => c1 | 0x20 == b'a',
        b'w' | b's' => c1 | 0x20 == b'i',
        b'u' => c1 | 0x20 == b'n',
        _ => false,
    }
}

/// The end of the negation that starts the word `b[start..letters_end]` (its ASCII letters),
/// if it is one.
fn negation(b: &[u8], start: usize, letters_end: usize) -> Option<usize> {
    let word = &b[start..letters_end];
    let last = word[word.len() - 1] | 0x20;
    // A contraction: letters ending in `n`, an apostrophe, `t`.
    if word.len() >= 2 && last == b'n' {
        let quote = match b.get(letters_end) {
            Some(b'\'') => 1,
            _ if b[letters_end..].starts_with("’".as_bytes()) => 3,
            _ => 0,
        };
        let t = letters_end + quote;
        if quote > 0 && b.get(t).is_some_and(|c| c | 0x20 == b't') && boundary_at(b, t + 1) {
            return Some(t + 1);
        }
    }
    if !matches!(
        word[0] | 0x20,
        b'n' | b'c' | b'w' | b'u' | b's' | b't' | b'j'
    ) {
        return None;
    }
    if boundary_at(b, letters_end) && keyword(word) {
        return Some(letters_end);
    }
    // `jamás`, `ningún` (the accented letter ends the ASCII run).
    for (head, accent, tail) in [("jam", ["á", "Á"], b's'), ("ning", ["ú", "Ú"], b'n')] {
        if word.eq_ignore_ascii_case(head.as_bytes()) {
            let rest = &b[letters_end..];
            if accent.iter().any(|a| rest.starts_with(a.as_bytes()))
                && rest.get(2).is_some_and(|c| c | 0x20 == tail)
                && boundary_at(b, letters_end + 3)
            {
                return Some(letters_end + 3);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use regex::Regex;

    /// What each scanner finds: the matches of its expression searched alone.
    const SPEC: &[(SpanKind, &str)] = &[
        (
            SpanKind::Url,
            r"(?i-u:https?|ftp|file)://[^\s<>`]+|www\.[A-Za-z0-9-]+\.[^\s<>`]+",
        ),
        (
            SpanKind::Email,
            r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+",
        ),
        (SpanKind::InlineCode, r"``[^\n]*?``|`[^`\n]+`"),
        (
            SpanKind::Quoted,
            "\"[^\"\n]*\"|“[^”\n]*”|‘[^’\n]*’|«[^»\n]*»|„[^“”\n]*[“”]",
        ),
        (
            SpanKind::Placeholder,
            r"\$\{[^}\n]*\}|\$[A-Za-z_][A-Za-z0-9_]*|<[^<>\n]+>|%(?:\([A-Za-z0-9_]+\))?[-+#0]?[0-9]*(?:\.[0-9]+)?[sdifeEgGxXoc]",
        ),
        (
            SpanKind::Negation,
            r"(?-u:\b)(?:(?i-u:not|no|never|nor|none|nothing|nobody|nowhere|neither|cannot|without|unless)|(?i-u:[a-z]+n)(?:'|’)(?i-u:t)|(?i-u:nunca|sin)|(?i-u:jam)(?:á|Á)(?i-u:s)|(?i-u:tampoco|ni)|(?i-u:ning)(?:ú|Ú)(?i-u:n)|(?i-u:ninguno|ninguna|ningunos|ningunas|nada|nadie))(?-u:\b)",
        ),
        (SpanKind::Number, r"[0-9](?:[0-9A-Za-z%]|[.,:/-][0-9])*"),
    ];

    fn found(text: &str, kind: SpanKind) -> Vec<(usize, usize)> {
        let mut v = Vec::new();
        scan(
            text,
            &mut |s, e, k| {
                if k == kind {
                    v.push((s, e));
                }
            },
            |_, _| {},
        );
        v
    }

    fn expected(text: &str, pattern: &str) -> Vec<(usize, usize)> {
        Regex::new(pattern)
            .unwrap()
            .find_iter(text)
            .map(|m| (m.start(), m.end()))
            .collect()
    }

    fn check(text: &str) -> std::result::Result<(), TestCaseError> {
        for (kind, pattern) in SPEC {
            prop_assert_eq!(
                found(text, *kind),
                expected(text, pattern),
                "{:?} in {:?}",
                kind,
                text
            );
        }
        Ok(())
    }

    /// Text made of the pieces the scanners look at.
    fn tricky() -> impl Strategy<Value = String> {
        const PIECES: &[&str] = &[
            "not", "No", "NOT", "nothing", "cannot", "Without", "unless", "n't", "N'T", "n’t",
            "don", "can", "isn", "jam", "jamás", "JAMÁS", "ningún", "NINGÚN", "ning", "ú", "sin",
            "nada", "ni", "tampoco", "tasks", "never", "nor", "none", "nobody", "nowhere",
            "neither", "nunca", "ninguno", "ninguna", "ningunos", "NINGUNAS", "nadie", " ", " ",
            " ", "\n", "\t", "\u{b}", "\u{a0}", "\u{2003}", "\"", "“", "”", "‘", "’", "«", "»",
            "„", "`", "``", "$", "{", "}", "<", ">", "%", "(", ")", "s", "d", "x", "5", "42",
            "3.5", ".", ",", ":", "/", "-", "_", "@", "a", "b.co", "x.com", "http", "HTTPS", "ftp",
            "file", "://", "www.", "é", "'", "t", "T", "#", "+", "0", "—",
        ];
        prop::collection::vec(prop::sample::select(PIECES), 0..40).prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]
        #[test]
        fn scanners_match_their_expressions(text in tricky()) {
            check(&text)?;
        }

        #[test]
        fn scanners_match_their_expressions_on_any_text(text in any::<String>()) {
            check(&text)?;
        }
    }

    #[test]
    fn examples() {
        let text = "See https://a.b/c, www.x.org/y, me@x.io, `c`, ``d``, \"q\", “r”, ‘s’, «t», \
                    „u“, ${v}, $w, <x>, %s, %(n)d, not, NO, don't, can’t, JAMÁS, ningún, sin, \
                    3.5, 10%, 2024-01-31, 4th";
        check(text).unwrap();
        let all = |kind| {
            found(text, kind)
                .into_iter()
                .map(|(s, e)| &text[s..e])
                .collect::<Vec<_>>()
        };
        assert_eq!(all(SpanKind::Url), ["https://a.b/c,", "www.x.org/y,"]);
        assert_eq!(all(SpanKind::Email), ["me@x.io"]);
        assert_eq!(all(SpanKind::InlineCode), ["`c`", "``d``"]);
        assert_eq!(all(SpanKind::Quoted), ["\"q\"", "“r”", "‘s’", "«t»", "„u“"]);
        assert_eq!(
            all(SpanKind::Placeholder),
            ["${v}", "$w", "<x>", "%s", "%(n)d"]
        );
        assert_eq!(
            all(SpanKind::Negation),
            ["not", "NO", "don't", "can’t", "JAMÁS", "ningún", "sin"]
        );
        assert_eq!(all(SpanKind::Number), ["3.5", "10%", "2024-01-31", "4th"]);
    }

    #[test]
    fn keyword_starts_are_the_pairs_may_be_keyword_accepts() {
        for c0 in 0..=255u8 {
            for c1 in 0..=255u8 {
                let mut block = [b' '; 64];
                block[0] = c0;
                block[1] = c1;
                block[63] = c0;
                let first = masks_portable(&block).first;
                assert_eq!(first & 1 != 0, may_be_keyword(c0, c1), "{c0} {c1}");
                // The last byte: the first letter alone.
                assert_eq!(
                    first >> 63 != 0,
                    may_be_keyword(c0, b'a')
                        || may_be_keyword(c0, b'i')
                        || may_be_keyword(c0, b'n'),
                    "{c0}"
                );
            }
        }
    }

    proptest! {
        #[test]
        fn simd_masks_agree_with_the_portable_ones(bytes in prop::collection::vec(any::<u8>(), 64)) {
            let block: [u8; 64] = bytes.try_into().unwrap();
            prop_assert_eq!(masks(&block), masks_portable(&block));
        }
    }
}
