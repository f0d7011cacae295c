//! Keyed draws: every choice a twin makes at random is a function of the seed, a domain and
//! the value it is made for (an HMAC-SHA256 stream), so one value gets one replacement
//! wherever it occurs, and one seed one twin, byte for byte.

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

/// The seed, keyed once.
#[derive(Clone)]
pub(crate) struct Seed {
    mac: Hmac<Sha256>,
}

impl Seed {
    pub fn new(seed: u64) -> Seed {
        let mac = <Hmac<Sha256> as KeyInit>::new_from_slice(&seed.to_le_bytes())
            .expect("HMAC takes a key of any length");
        Seed { mac }
    }

    /// The draws for one value in one domain (`phone`, `text`, …).
    pub fn draw(&self, domain: &str, value: &[u8]) -> Draw {
        let mut base = self.mac.clone();
        base.update(domain.as_bytes());
        base.update(&[0]);
        base.update(&(value.len() as u64).to_le_bytes());
        base.update(value);
        Draw {
            base,
            block: [0; 32],
            used: 32,
            counter: 0,
        }
    }
}

/// A stream of random numbers for one value.
pub(crate) struct Draw {
    base: Hmac<Sha256>,
    block: [u8; 32],
    used: usize,
    counter: u64,
}

impl Draw {
    fn refill(&mut self) {
        let mut mac = self.base.clone();
        mac.update(&self.counter.to_le_bytes());
        self.block.copy_from_slice(&mac.finalize().into_bytes());
        self.counter += 1;
        self.used = 0;
    }

    pub fn u64(&mut self) -> u64 {
        if self.used + 8 > self.block.len() {
            self.refill();
        }
        let mut bytes = [0; 8];
        bytes.copy_from_slice(&self.block[self.used..self.used + 8]);
        self.used += 8;
        u64::from_le_bytes(bytes)
    }

    /// A number in `0..n` (`n` > 0), without bias.
    pub fn below(&mut self, n: u64) -> u64 {
        let n = n.max(1);
        let zone = u64::MAX - u64::MAX % n;
        loop {
            let v = self.u64();
            if v < zone {
                return v % n;
            }
        }
    }

    /// A number in `lo..=hi`.
    pub fn within(&mut self, lo: i64, hi: i64) -> i64 {
        let span = hi.abs_diff(lo).saturating_add(1);
        lo.saturating_add_unsigned(self.below(span))
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    /// A decimal digit, `1`–`9` when `nonzero`.
    pub fn digit(&mut self, nonzero: bool) -> char {
        let d = if nonzero {
            1 + self.below(9)
        } else {
            self.below(10)
        };
        char::from(b'0' + d as u8)
    }

    pub fn bytes(&mut self, n: usize) -> Vec<u8> {
        let mut out = Vec::with_capacity(n + 8);
        while out.len() < n {
            out.extend_from_slice(&self.u64().to_le_bytes());
        }
        out.truncate(n);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_depend_on_seed_domain_and_value_only() {
        let a = Seed::new(7);
        let first: Vec<u64> = (0..5).map(|_| a.draw("x", b"v").u64()).collect();
        assert!(
            first.windows(2).all(|w| w[0] == w[1]),
            "a value's stream restarts"
        );
        let mut d = a.draw("x", b"v");
        let stream: Vec<u64> = (0..9).map(|_| d.u64()).collect();
        assert_eq!(stream[0], first[0]);
        assert_ne!(stream[0], stream[1]);
        assert_ne!(a.draw("y", b"v").u64(), first[0]);
        assert_ne!(a.draw("x", b"w").u64(), first[0]);
        assert_ne!(Seed::new(8).draw("x", b"v").u64(), first[0]);
        let mut d = a.draw("x", b"v");
        for _ in 0..1000 {
            assert!(d.below(7) < 7);
            assert!((-3..=3).contains(&d.within(-3, 3)));
        }
    }
}
