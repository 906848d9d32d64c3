//! Byte searches for the readers, the checks and the renderer, chosen at
//! compile time.
//!
//! memchr's top-level functions pick their fastest routine on first use
//! through std's CPU feature detection, whose `cpuid` instructions trap to
//! the hypervisor on a virtual machine: ≈ 25 µs a process, about 7 % of
//! what a typical `logcheck check` adds to the process floor. The haystacks
//! here are mostly short (a line, a value), where SSE2 is as fast as AVX2,
//! and SSE2 is part of every x86_64 CPU, so it needs no detection. Other
//! architectures use memchr's own routines (NEON on aarch64 needs no
//! detection either).

#[cfg(target_arch = "x86_64")]
use memchr::arch::x86_64::sse2::memchr as simd;

/// The first `needle` in `haystack`.
pub(crate) fn find(needle: u8, haystack: &[u8]) -> Option<usize> {
    #[cfg(target_arch = "x86_64")]
    if let Some(searcher) = simd::One::new(needle) {
        return searcher.find(haystack);
    }
    memchr::memchr(needle, haystack)
}

/// The last `needle` in `haystack`.
pub(crate) fn rfind(needle: u8, haystack: &[u8]) -> Option<usize> {
    #[cfg(target_arch = "x86_64")]
    if let Some(searcher) = simd::One::new(needle) {
        return searcher.rfind(haystack);
    }
    memchr::memrchr(needle, haystack)
}

/// The first of `a` or `b` in `haystack`.
pub(crate) fn find_either(a: u8, b: u8, haystack: &[u8]) -> Option<usize> {
    #[cfg(target_arch = "x86_64")]
    if let Some(searcher) = simd::Two::new(a, b) {
        return searcher.find(haystack);
    }
    memchr::memchr2(a, b, haystack)
}

/// Every position of `needle` in `haystack`, in order.
pub(crate) fn positions(needle: u8, haystack: &[u8]) -> impl Iterator<Item = usize> + '_ {
    let mut from = 0;
    std::iter::from_fn(move || {
        let at = from + find(needle, haystack.get(from..)?)?;
        from = at + 1;
        Some(at)
    })
}

/// Every position of `a` or `b` in `haystack`, in order.
pub(crate) fn positions_of_either(a: u8, b: u8, haystack: &[u8]) -> impl Iterator<Item = usize> + '_ {
    let mut from = 0;
    std::iter::from_fn(move || {
        let at = from + find_either(a, b, haystack.get(from..)?)?;
        from = at + 1;
        Some(at)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn searches_agree_with_a_plain_scan(
            haystack in proptest::collection::vec(prop_oneof![Just(b'a'), Just(b'\n'), Just(b'\r'), Just(b'['), any::<u8>()], 0..200),
            a in prop_oneof![Just(b'a'), Just(b'\n'), any::<u8>()],
            b in prop_oneof![Just(b'\r'), Just(b'['), any::<u8>()],
        ) {
            let h = &haystack;
            let plain: Vec<usize> = (0..h.len()).filter(|&i| h[i] == a).collect();
            prop_assert_eq!(find(a, h), plain.first().copied());
            prop_assert_eq!(rfind(a, h), plain.last().copied());
            prop_assert_eq!(positions(a, h).collect::<Vec<_>>(), plain);
            let either: Vec<usize> = (0..h.len()).filter(|&i| h[i] == a || h[i] == b).collect();
            prop_assert_eq!(find_either(a, b, h), either.first().copied());
            prop_assert_eq!(positions_of_either(a, b, h).collect::<Vec<_>>(), either);
        }
    }
}
