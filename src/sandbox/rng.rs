//! The sandbox's only randomness: a fresh API key, and the coin that decides whether a
//! delivery is sent twice. Neither needs to resist an attacker (the key guards a local fake
//! account), so a small splitmix64 seeded from the clock does, with `/dev/urandom` for the
//! key where it exists. No I/O besides that one read.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// A splitmix64 generator: tiny, fast and good enough for coin flips.
#[derive(Debug, Clone)]
pub(super) struct Rng(u64);

impl Rng {
    #[cfg(test)]
    pub(super) fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// Seeded from the clock, the process id and a counter, so two generators made in the
    /// same nanosecond still differ.
    pub(super) fn from_time() -> Rng {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as u64);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        Rng(nanos ^ (u64::from(std::process::id()) << 32) ^ n.wrapping_mul(0x9E37_79B9_7F4A_7C15))
    }

    pub(super) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// True with probability `p`: never for `p <= 0`, always for `p >= 1`.
    pub(super) fn chance(&mut self, p: f64) -> bool {
        if p <= 0.0 {
            return false;
        }
        if p >= 1.0 {
            return true;
        }
        // The top 53 bits as a uniform float in [0, 1).
        let unit = (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
        unit < p
    }
}

/// A fresh API key for a sandbox: 32 lowercase hex characters.
pub(crate) fn random_key() -> String {
    crate::token::random_token().unwrap_or_else(|_| {
        let mut rng = Rng::from_time();
        format!("{:016x}{:016x}", rng.next_u64(), rng.next_u64())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chance_is_never_at_zero_and_always_at_one() {
        let mut rng = Rng::new(7);
        assert!((0..1000).all(|_| !rng.chance(0.0)));
        assert!((0..1000).all(|_| rng.chance(1.0)));
        let hits = (0..10_000).filter(|_| rng.chance(0.25)).count();
        assert!((2000..3000).contains(&hits), "{hits}");
    }

    #[test]
    fn keys_are_32_hex_and_differ() {
        let (a, b) = (random_key(), random_key());
        assert_eq!(a.len(), 32);
        assert!(
            a.bytes()
                .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
        );
        assert_ne!(a, b);
    }
}
