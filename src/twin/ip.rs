//! Documentation addresses: an IPv4 address becomes one of 192.0.2.0/24, 198.51.100.0/24 or
//! 203.0.113.0/24 (RFC 5737), an IPv6 address one of 2001:db8::/32 (RFC 3849). What the
//! original leaves zero stays zero (the `::` of a /48 prefix, the masked host), so a masked
//! address still looks masked; no twin shares a network with an original (an IPv4 /16; an
//! IPv6 /48 inside the documentation prefix, a /32 outside it), and each is written as the
//! original was: compressed or not, upper or lower case, zero-padded or not.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use super::draw::Seed;

const V4_RANGES: [[u8; 3]; 3] = [[192, 0, 2], [198, 51, 100], [203, 0, 113]];

/// The network a leak check looks for: an IPv4 /16; for IPv6 the /48 inside 2001:db8::/32
/// (the /32 identifies no one there), the /32 elsewhere.
pub(crate) fn network(ip: IpAddr) -> (u8, Vec<u16>) {
    match ip {
        IpAddr::V4(a) => {
            let [x, y, ..] = a.octets();
            (4, vec![u16::from(x), u16::from(y)])
        }
        IpAddr::V6(a) => {
            let s = a.segments();
            if s[0] == 0x2001 && s[1] == 0xdb8 {
                (6, s[..3].to_vec())
            } else {
                (6, s[..2].to_vec())
            }
        }
    }
}

/// A twin for every address, unique while the documentation ranges last, sharing no network
/// with any original.
pub(crate) fn plan(addresses: &BTreeSet<IpAddr>, seed: &Seed) -> BTreeMap<IpAddr, IpAddr> {
    let networks: HashSet<(u8, Vec<u16>)> = addresses.iter().map(|a| network(*a)).collect();
    let mut used: HashSet<IpAddr> = addresses.iter().copied().collect();
    // The IPv4 ranges whose /16 no original is in.
    let free: Vec<[u8; 3]> = V4_RANGES
        .iter()
        .copied()
        .filter(|r| !networks.contains(&(4, vec![u16::from(r[0]), u16::from(r[1])])))
        .collect();
    let ranges = if free.is_empty() {
        V4_RANGES.to_vec()
    } else {
        free
    };
    let mut out = BTreeMap::new();
    for &original in addresses {
        let mut d = seed.draw("ip", original.to_string().as_bytes());
        let mut twin = None;
        let mut last = None;
        for attempt in 0..256 {
            // After many tries, the zeros are given up: more masked addresses than ranges.
            let keep_zeros = attempt < 128;
            let candidate = match original {
                IpAddr::V4(a) => {
                    let [r0, r1, r2] = *d.pick(&ranges);
                    let host = if keep_zeros && a.octets()[3] == 0 {
                        0
                    } else {
                        1 + d.below(254) as u8
                    };
                    IpAddr::V4(Ipv4Addr::new(r0, r1, r2, host))
                }
                IpAddr::V6(a) => {
                    let mut s = [0x2001, 0xdb8, 0, 0, 0, 0, 0, 0];
                    for (i, seg) in a.segments().iter().enumerate().skip(2) {
                        // The /48 is never zero, so no twin is the bare prefix.
                        if *seg != 0 || !keep_zeros || i == 2 {
                            s[i] = 1 + d.below(0xffff) as u16;
                        }
                    }
                    IpAddr::V6(Ipv6Addr::from(s))
                }
            };
            // Last, a twin in a network of an original rather than none (every IPv4 range
            // taken by originals, as in the twin of a twin of a twin).
            let apart = attempt >= 192 || !networks.contains(&network(candidate));
            if !used.contains(&candidate) && apart {
                twin = Some(candidate);
                break;
            }
            last = Some(candidate);
        }
        // More addresses than the documentation ranges hold (some 760 IPv4 addresses): a
        // twin shared with another rather than the original kept.
        if let Some(twin) = twin.or(last) {
            used.insert(twin);
            out.insert(original, twin);
        }
    }
    out
}

/// `twin` written as `written` (an address of the same family) is: IPv6 compressed or in
/// full, each group zero-padded or not, in the same case.
pub(crate) fn write_like(written: &str, twin: IpAddr) -> String {
    match twin {
        IpAddr::V4(a) => a.to_string(),
        IpAddr::V6(a) => {
            let upper = written.chars().any(|c| c.is_ascii_uppercase())
                && !written.chars().any(|c| c.is_ascii_lowercase());
            let text = if written.contains("::") {
                a.to_string()
            } else {
                let padded = written
                    .split(':')
                    .filter(|g| !g.is_empty())
                    .all(|g| g.len() == 4);
                a.segments()
                    .iter()
                    .map(|s| {
                        if padded {
                            format!("{s:04x}")
                        } else {
                            format!("{s:x}")
                        }
                    })
                    .collect::<Vec<_>>()
                    .join(":")
            };
            if upper { text.to_uppercase() } else { text }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn addresses_become_documentation_addresses_of_their_family() {
        let originals: BTreeSet<IpAddr> = [
            "172.16.0.0",
            "172.16.5.7",
            "10.20.0.142",
            "192.0.2.7",
            "2001:db8:12::",
            "2001:db8:c04::",
            "2a02:1234:5678::1",
        ]
        .iter()
        .map(|s| ip(s))
        .collect();
        let twins = plan(&originals, &Seed::new(9));
        assert_eq!(twins.len(), originals.len());
        let nets: HashSet<_> = originals.iter().map(|a| network(*a)).collect();
        for (o, t) in &twins {
            assert_eq!(o.is_ipv4(), t.is_ipv4());
            assert!(!nets.contains(&network(*t)), "{o} → {t}");
            match t {
                IpAddr::V4(a) => {
                    assert!(V4_RANGES.iter().any(|r| a.octets()[..3] == r[..]), "{t}");
                    assert_ne!(a.octets()[..2], [192, 0], "192.0.2.7 is an original");
                }
                IpAddr::V6(a) => assert_eq!(a.segments()[..2], [0x2001, 0xdb8], "{t}"),
            }
        }
        assert_eq!(
            twins[&ip("172.16.0.0")].to_string().rsplit('.').next(),
            Some("0"),
            "masked stays masked"
        );
        assert!(twins[&ip("2001:db8:12::")].to_string().ends_with("::"));
    }

    #[test]
    fn the_written_form_is_kept() {
        let t = ip("2001:db8:a:b::7");
        assert_eq!(write_like("2001:db8:12::", t), "2001:db8:a:b::7");
        assert_eq!(
            write_like("2001:0DB8:0012:0000:0000:0000:0000:0007", t),
            "2001:0DB8:000A:000B:0000:0000:0000:0007"
        );
        assert_eq!(
            write_like("2001:db8:12:0:0:0:0:7", t),
            "2001:db8:a:b:0:0:0:7"
        );
    }
}
