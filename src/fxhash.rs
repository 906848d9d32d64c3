//! A fast, non-cryptographic hasher for the internal indexes (sections,
//! options, qualnames), in the spirit of rustc's `FxHasher`.
//!
//! The default `SipHash` is built to resist hash flooding, at several times
//! the cost per short key; profiles of `check` on files with thousands of
//! sections showed it as a main cost. The keys hashed here are names from one
//! configuration file the user checks, so flooding is not a concern worth the
//! cost (the worst case is slower, never wrong).

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// A `HashMap` hashing with [`FxHasher`].
pub(crate) type FxHashMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;
/// A `HashSet` hashing with [`FxHasher`].
pub(crate) type FxHashSet<T> = HashSet<T, BuildHasherDefault<FxHasher>>;

/// Multiply-rotate hashing over 8-byte words (rustc's `FxHasher` constant).
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct FxHasher {
    hash: u64,
}

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word));
        }
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.hash
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_find_what_they_hold_and_nothing_else() {
        let mut map: FxHashMap<String, usize> = FxHashMap::default();
        for i in 0..1000 {
            map.insert(format!("logger_l{i}"), i);
        }
        assert_eq!(map.len(), 1000);
        assert_eq!(map.get("logger_l0"), Some(&0));
        assert_eq!(map.get("logger_l999"), Some(&999));
        assert_eq!(map.get("logger_l1000"), None);
        // a 7-byte key and its zero-padded 8-byte twin differ (str's 0xff terminator)
        let set: FxHashSet<&str> = ["abcdefg", "abcdefg\0"].into_iter().collect();
        assert_eq!(set.len(), 2);
    }
}
