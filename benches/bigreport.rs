//! Writes synthetic WhatsApp reports as heavy as real ones, page by page (FORMAT.md 1.4), for
//! the benchmarks in `benches/`:
//!
//! - `gen-b.zip`: generation B, JSON with mojibake and every HTML twin;
//! - `gen-b-next.zip`: the same account a month later (1 in 100 contacts replaced, some
//!   groups gone, a setting widened), for `diff`;
//! - `gen-a.zip`: generation A, `portability.json` and `access.html`.
//!
//! Usage: `cargo bench --bench bigreport -- --out DIR [--contacts N] [--groups N] [--devices N]`.
//!
//! With `--typical` it writes `DIR/typical.zip`, one report of the batch's averages: 300
//! contacts, 75 groups, 2 devices, a 60 KB photo.
//!
//! With `--batch N [--seed S]` it writes instead N typical generation B reports,
//! `DIR/report-00000.zip` and on: each of its own account (`+1 555` numbers), with 250 to
//! 350 contacts, 30 to 120 groups, 1 to 3 devices (2 on average, previous IPs in
//! `2001:db8::/32`), a last seen drawn from three settings, and a profile photo of 35 to 85
//! KB, all varied by the seed.
//!
//! Every report has the weight of a real one, not only its records: each HTML page opens
//! with the same inline style sheet (about 13 KB, as real pages' `<head>` is), the green
//! banner, Meta's class names and the content region; the profile photo is in
//! `user_information.json` as base64 and inline in `user_information.html` as a data URI;
//! the two logos are PNG-sized incompressible files. A typical report is about 280 KB
//! inflated and 130 KB zipped, within FORMAT.md's 226–354 KB and 106–211 KB. Everything is
//! synthetic and deterministic: numbers from `+1 555` and `+44 555`, IPs from
//! `2001:db8::/32` and `10.0.0.0/8`.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::PathBuf;

use base64::Engine as _;
use zip::write::SimpleFileOptions;

struct Args {
    out: PathBuf,
    contacts: usize,
    groups: usize,
    devices: usize,
    batch: Option<usize>,
    typical: bool,
    seed: u64,
}

/// The arguments; a flag without a value, a value that is not a whole number where one is
/// wanted, or an unknown option stops the generator (exit 1) rather than falling back to a
/// default, so a benchmark never measures a report other than the one it asked for. Bare
/// words (cargo's name filter) are ignored.
fn args() -> Args {
    let mut args = Args {
        out: PathBuf::from("target/bench-reports"),
        contacts: 200_000,
        groups: 20_000,
        devices: 32,
        batch: None,
        typical: false,
        seed: 1,
    };
    fn fail(msg: String) -> ! {
        eprintln!("bigreport: {msg}");
        std::process::exit(1)
    }
    fn number<T: std::str::FromStr>(flag: &str, value: Option<String>) -> T {
        let value = value.unwrap_or_else(|| fail(format!("{flag} needs a value")));
        value
            .parse()
            .unwrap_or_else(|_| fail(format!("{flag} must be a whole number, not `{value}`")))
    }
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        match flag.as_str() {
            "--out" => {
                args.out = PathBuf::from(
                    it.next()
                        .unwrap_or_else(|| fail("--out needs a value".into())),
                )
            }
            "--contacts" => args.contacts = number(&flag, it.next()),
            "--groups" => args.groups = number(&flag, it.next()),
            "--devices" => args.devices = number(&flag, it.next()),
            "--batch" => args.batch = Some(number(&flag, it.next())),
            "--typical" => args.typical = true,
            "--seed" => args.seed = number(&flag, it.next()),
            // `cargo bench` adds `--bench`, and passes a name filter (`cargo bench bigreport`)
            // as a bare word.
            "--bench" => {}
            word if !word.starts_with('-') => {}
            other => fail(format!(
                "unknown option `{other}`; it takes --out DIR, --contacts N, --groups N, --devices N, --batch N, --typical and --seed N"
            )),
        }
    }
    args
}

/// SplitMix64: a small, seeded, well-mixed generator, enough to vary synthetic reports.
struct Mix(u64);

impl Mix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n`.
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    /// `n` bytes that do not compress, as a photo's or a logo's do not.
    fn bytes(&mut self, n: usize) -> Vec<u8> {
        let mut out = Vec::with_capacity(n + 8);
        while out.len() < n {
            out.extend_from_slice(&self.next().to_le_bytes());
        }
        out.truncate(n);
        out
    }
}

/// One account's data.
struct Account {
    /// The account's number, digits only, as gen B writes it.
    phone: String,
    /// Batch reports: previous IPs all in `2001:db8:SEED::/48`.
    v6_net: Option<u16>,
    generated: i64,
    contacts: Vec<String>,
    groups: Vec<String>,
    devices: usize,
    last_seen: &'static str,
    /// The profile photo: a JPEG's size of incompressible bytes.
    photo: Vec<u8>,
}

impl Account {
    fn new(contacts: usize, groups: usize, devices: usize) -> Account {
        let mut c: Vec<String> = (0..contacts)
            .map(|i| {
                if i % 5 == 0 {
                    format!("+44555{:07}", i)
                } else {
                    format!("+1555{:07}", i)
                }
            })
            .collect();
        c.sort();
        let mut g: Vec<String> = (0..groups)
            .map(|i| match i % 10 {
                0 => format!("Familie 🙂 {i}"),
                3 => format!("Fußball {i} "),
                7 => format!("گروه {i}"),
                _ => format!("Group {i}"),
            })
            .collect();
        // Duplicate names are real: every 50th group shares its name with the one before.
        for i in (1..g.len()).step_by(50) {
            g[i] = g[i - 1].clone();
        }
        g.sort_by_key(|n| n.to_lowercase());
        Account {
            phone: "15555550123".into(),
            v6_net: None,
            generated: 1_660_187_480,
            contacts: c,
            groups: g,
            devices,
            last_seen: "My Contacts",
            photo: jpeg(&mut Mix(7), 52_000),
        }
    }

    /// A month later: 1 in 100 contacts replaced, 1 in 200 groups gone, last seen widened.
    fn next(&self) -> Account {
        let contacts = self
            .contacts
            .iter()
            .enumerate()
            .map(|(i, c)| {
                if i % 100 == 0 {
                    format!("+1556{:07}", i)
                } else {
                    c.clone()
                }
            })
            .collect();
        let groups = self
            .groups
            .iter()
            .enumerate()
            .filter(|(i, _)| i % 200 != 1)
            .map(|(_, g)| g.clone())
            .collect();
        Account {
            phone: self.phone.clone(),
            v6_net: self.v6_net,
            generated: self.generated + 2_678_400,
            contacts,
            groups,
            devices: self.devices,
            last_seen: "Everyone",
            photo: self.photo.clone(),
        }
    }
}

/// A JPEG's bytes: its start and end markers around `size` incompressible bytes.
fn jpeg(rng: &mut Mix, size: usize) -> Vec<u8> {
    let mut out = vec![
        0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, b'J', b'F', b'I', b'F', 0x00, 0x01,
    ];
    out.extend(rng.bytes(size.saturating_sub(14)));
    out.extend([0xff, 0xd9]);
    out
}

/// A PNG's signature and `size` incompressible bytes.
fn png(rng: &mut Mix, size: usize) -> Vec<u8> {
    let mut out = vec![0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1a, b'\n'];
    out.extend(rng.bytes(size.saturating_sub(8)));
    out
}

/// JSON in the key order a real report has, printed as gen B prints it.
enum J {
    Obj(Vec<(String, J)>),
    Arr(Vec<J>),
    Str(String),
    Int(i64),
    Bool(bool),
}

fn obj<const N: usize>(pairs: [(&str, J); N]) -> J {
    J::Obj(pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
}

fn s(text: impl Into<String>) -> J {
    J::Str(text.into())
}

/// Gen B's printing: a 2-space indent, no final newline, every non-ASCII byte as `\u00XX`
/// (the mojibake), an empty array across three lines.
fn gen_b_json(j: &J) -> String {
    let mut out = String::new();
    print(j, 0, &mut out);
    out
}

fn print(j: &J, depth: usize, out: &mut String) {
    let pad = |n: usize| "  ".repeat(n);
    match j {
        J::Obj(pairs) => {
            out.push_str("{\n");
            for (i, (k, v)) in pairs.iter().enumerate() {
                out.push_str(&pad(depth + 1));
                string(k, out);
                out.push_str(": ");
                print(v, depth + 1, out);
                out.push_str(if i + 1 < pairs.len() { ",\n" } else { "\n" });
            }
            out.push_str(&pad(depth));
            out.push('}');
        }
        J::Arr(items) if items.is_empty() => {
            let _ = write!(out, "[\n{}\n{}]", pad(depth + 1), pad(depth));
        }
        J::Arr(items) => {
            out.push_str("[\n");
            for (i, v) in items.iter().enumerate() {
                out.push_str(&pad(depth + 1));
                print(v, depth + 1, out);
                out.push_str(if i + 1 < items.len() { ",\n" } else { "\n" });
            }
            out.push_str(&pad(depth));
            out.push(']');
        }
        J::Str(t) => string(t, out),
        J::Int(n) => {
            let _ = write!(out, "{n}");
        }
        J::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
    }
}

fn string(t: &str, out: &mut String) {
    out.push('"');
    for c in t.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_ascii_control() => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c if c.is_ascii() => out.push(c),
            c => {
                let mut buf = [0u8; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    let _ = write!(out, "\\u{b:04x}");
                }
            }
        }
    }
    out.push('"');
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('\'', "&#039;")
}

const PDT: i64 = 8 * 3600;

/// `Aug 10, 2022, 7:11 PM` at a fixed UTC−8.
fn en_date(t: i64) -> String {
    let z = jiff::Timestamp::from_second(t - PDT)
        .unwrap_or_default()
        .to_zoned(jiff::tz::TimeZone::UTC);
    z.strftime("%b %-d, %Y, %-I:%M %p").to_string()
}

/// `2022/06/23-07:10:41` in US Pacific time.
fn a_date(t: i64) -> String {
    let tz = jiff::tz::TimeZone::get("America/Los_Angeles").unwrap_or(jiff::tz::TimeZone::UTC);
    jiff::Timestamp::from_second(t)
        .unwrap_or_default()
        .to_zoned(tz)
        .strftime("%Y/%m/%d-%H:%M:%S")
        .to_string()
}

/// The inline style sheet every gen B page opens with: about 13 KB of Meta's generated rules,
/// the same on every page of a report.
fn stylesheet() -> String {
    let props = [
        "margin:0 auto;max-width:800px",
        "padding:12px 16px;border-bottom:1px solid #dadde1",
        "color:#1c1e21;font-size:14px;line-height:20px",
        "font-weight:600;word-break:break-word",
        "display:flex;flex-direction:column",
        "background-color:#f0f2f5;border-radius:8px",
        "overflow-wrap:break-word;white-space:pre-wrap",
        "table-layout:fixed;width:100%",
    ];
    let mut css = String::from(
        "body{font-family:Helvetica,Arial,sans-serif;margin:0;color:#1c1e21;background:#fff;}",
    );
    let mut i = 0u32;
    while css.len() < 13_000 {
        let class = format!(
            "_{}{}",
            ["a6", "a7", "2p", "4-", "5v"][(i % 5) as usize],
            i * 37 % 1000
        );
        let _ = write!(css, ".{class}{{{}}}", props[(i % 8) as usize]);
        if i.is_multiple_of(9) {
            let _ = write!(css, "@media (max-width:480px){{.{class}{{padding:8px}}}}");
        }
        i += 1;
    }
    css
}

/// A gen B page: the head with the style sheet, the banner, the heading block, and `main`.
fn page(css: &str, title: &str, subtitle: &str, files: &str, main: &str) -> String {
    format!(
        "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=UTF-8\" /><base href=\"\" /><style type=\"text/css\">{css}</style><title>{title}</title></head><body class=\"_5vb_ _2yq _a7o5\"><table style=\"background:#25D366;width:100%\"><tr><td><img src=\"{files}WhatsApp-Logo.png\" width=\"30\" /></td><td> WhatsApp </td></tr></table><div class=\"_a705\"><div class=\"_a70b\"><div class=\"_a70d\"><div class=\"_a70e\">{title}</div></div><div class=\"_a70f\">{subtitle}</div></div>{main}</div></body></html>"
    )
}

/// A key/value page's content region.
fn kv(rows: &[(&str, String)]) -> String {
    let mut out = String::from(
        "<div class=\"_a706\" role=\"main\"><div class=\"pam _a6-g\"><div class=\"_a6-p\"><table style=\"table-layout: fixed;\">",
    );
    for (label, value) in rows {
        let _ = write!(
            out,
            "<tr><td class=\"_2pin _a6_q\"><div class=\"_a6-q\">{label}</div></td><td class=\"_2pin _2piu _a6_r\"><div class=\"_a6-q\">{value}</div></td></tr>"
        );
    }
    out.push_str("</table></div></div></div>");
    out
}

/// A list page's content region.
fn list(items: &[String]) -> String {
    let mut out = String::with_capacity(items.len() * 28 + 128);
    out.push_str("<div class=\"_a706\" role=\"main\"><div class=\"pam _a6-g\"><div class=\"_a6-p\"><div><div>");
    for i in items {
        let _ = write!(out, "<div>{}</div>", esc(i));
    }
    out.push_str("</div></div></div></div></div>");
    out
}

const MISSING: &str = "<span>-</span>";

/// Per-device blocks: `Device: N` and `label: value` lines, blocks joined by `<hr />`.
fn blocks(devices: impl Iterator<Item = (usize, Vec<(&'static str, Option<String>)>)>) -> String {
    let parts: Vec<String> = devices
        .map(|(id, lines)| {
            let mut b = format!("<div><div>Device<span>:</span><span>{id}</span></div>");
            for (label, value) in lines {
                let value = value.unwrap_or_else(|| MISSING.to_string());
                let _ = write!(
                    b,
                    "<div><span>{label}</span><span>: </span><span>{value}</span></div>"
                );
            }
            b.push_str("</div>");
            b
        })
        .collect();
    format!("<div>{}</div>", parts.join("<hr />"))
}

fn gen_b(a: &Account, css: &str, rng: &mut Mix) -> Vec<(String, Vec<u8>)> {
    let n = a.devices;
    let ip = |d: usize| {
        if let Some(net) = a.v6_net {
            format!("2001:db8:{net:x}:{d:x}::")
        } else if d.is_multiple_of(2) {
            format!("2001:db8:{d:x}::")
        } else {
            format!("10.{d}.0.0")
        }
    };
    let current = |d: usize| (d % 4 == 1).then(|| format!("10.{d}.1.{d}:4{d:04}"));
    let active = |d: usize| a.generated - 600 * d as i64;
    let photo = base64::engine::general_purpose::STANDARD.encode(&a.photo);
    let upload = a.generated - 400_000;
    let registered = 1_400_000_000;
    let fetched = a.generated - 3600;

    let activity: Vec<J> = (0..n)
        .map(|d| {
            let mut pairs = vec![
                ("device_id".to_string(), J::Int(d as i64)),
                ("status".to_string(), s("OFFLINE")),
                ("last_active_time".to_string(), J::Int(active(d))),
                ("online_since".to_string(), J::Int(active(d))),
                ("previous_connection_ip".to_string(), s(ip(d))),
            ];
            if let Some(c) = current(d) {
                pairs.push(("current_connection_ip".to_string(), s(c)));
            }
            J::Obj(pairs)
        })
        .collect();
    let user = obj([(
        "wa_profile_info",
        obj([
            ("phone_number", s(&a.phone)),
            ("report_generation_time", J::Int(a.generated)),
            ("report_request_time", J::Int(a.generated - 259_200)),
            ("email_address", s("bench@example.com")),
            ("name", s("Bänch Märk")),
            ("device_activity", J::Arr(activity)),
            ("web_desktop_platform", s("")),
            ("web_desktop_state", s("INACTIVE")),
            ("about", s("Hey there! I am using WhatsApp.")),
            ("about_set_timestamp", J::Int(1_639_920_000)),
            ("profile_picture", s(&photo)),
            ("profile_picture_upload_time", J::Int(upload)),
        ]),
    )]);
    let app = |d: usize| {
        if d == 0 {
            "Android-2.22.16.75"
        } else {
            "Web-2.2228.12"
        }
    };
    let os = |d: usize| if d == 0 { "11" } else { "0.1" };
    let maker = |d: usize| if d == 0 { "motorola" } else { "" };
    let model = |d: usize| if d == 0 { "odessa" } else { "Desktop" };
    let settings = obj([(
        "wa_settings",
        obj([
            ("last_seen_privacy", s(a.last_seen)),
            ("profile_photo_privacy", s("Nobody")),
            ("about_privacy", s("My Contacts")),
            ("status_privacy", J::Arr(vec![s("My Contacts (active)")])),
            ("blocked_numbers", J::Arr(vec![s("+15555550108")])),
            ("blocked_numbers_update_time", J::Int(1_658_290_000)),
            ("read_receipts", s("Yes")),
            (
                "settings_last_fetch_time",
                J::Obj((0..n).map(|d| (d.to_string(), J::Int(fetched))).collect()),
            ),
            ("sync_sessions", J::Arr(Vec::new())),
            (
                "device_sync_status",
                J::Arr(
                    (0..n)
                        .map(|d| obj([("device_id", J::Int(d as i64))]))
                        .collect(),
                ),
            ),
            (
                "device_info",
                J::Arr(
                    (0..n)
                        .map(|d| {
                            obj([
                                ("device_id", J::Int(d as i64)),
                                ("app_version", s(app(d))),
                                ("operating_system_version", s(os(d))),
                                ("device_manufacturer", s(maker(d))),
                                ("device_model", s(model(d))),
                            ])
                        })
                        .collect(),
                ),
            ),
        ]),
    )]);
    let terms = obj([(
        "wa_terms_of_service",
        obj([
            ("tos_accepted_2016", J::Bool(true)),
            ("tos_accept_time_2016", J::Int(1_472_250_000)),
            ("data_sharing_opt_out", J::Bool(false)),
            ("tos_accepted_2018", J::Bool(true)),
            ("tos_accept_time_2018", J::Int(1_526_050_000)),
            ("tos_accepted_2021", J::Bool(true)),
            ("tos_accept_time_2021", J::Int(1_610_010_000)),
        ]),
    )]);
    let registration = obj([(
        "wa_registration_info",
        obj([
            ("platform", s("android-2.21.22.26")),
            ("network", s("204016")),
            ("network_name", s("Example Mobile B.V.")),
            ("device", s("motorola-moto_g(9)_plus")),
            ("registration_timestamp", J::Int(registered)),
        ]),
    )]);

    let pg =
        |title: &str, subtitle: &str, main: &str| page(css, title, subtitle, "../files/", main);
    let user_html = pg(
        "User Information",
        "User information",
        &kv(&[
            ("Report Generation Time", en_date(a.generated)),
            ("Report Request Time", en_date(a.generated - 259_200)),
            ("Phone number", a.phone.clone()),
            ("Email Address", "bench&#064;example.com".into()),
            ("Name", "Bänch Märk".into()),
            (
                "Device Activity",
                blocks((0..n).map(|d| {
                    (
                        d,
                        vec![
                            ("Status", Some("OFFLINE".into())),
                            ("Last Active Time", Some(en_date(active(d)))),
                            ("Online Since", Some(en_date(active(d)))),
                            ("Previous connection IP", Some(ip(d))),
                            ("Current connection IP", current(d)),
                        ],
                    )
                })),
            ),
            ("Web/Desktop Version", MISSING.into()),
            ("Web/Desktop Platform", "<span></span>".into()),
            ("Web/Desktop Connected Since", MISSING.into()),
            ("Web/Desktop availability state", "INACTIVE".into()),
            ("Web/Desktop Inactive Since", MISSING.into()),
            ("About", "Hey there! I am using WhatsApp.".into()),
            ("About Set Time", en_date(1_639_920_000)),
            (
                "Profile Picture",
                format!(
                    "<img src=\"data:image/jpeg;base64,{photo}\" width=\"100%\" height=\"auto\" />"
                ),
            ),
            ("Profile Picture Upload Time", en_date(upload)),
        ]),
    );
    let settings_html = pg(
        "Account settings",
        "Account settings",
        &kv(&[
            ("Last Seen Privacy", a.last_seen.into()),
            ("Profile Photo Privacy", "Nobody".into()),
            ("About Privacy", "My Contacts".into()),
            (
                "Status Privacy",
                "<div><div>My Contacts (active)</div></div>".into(),
            ),
            (
                "Blocked Numbers",
                "<div><div>+15555550108</div></div>".into(),
            ),
            ("Blocked Numbers Update Time", en_date(1_658_290_000)),
            ("Read Receipts", "Yes".into()),
            (
                "Settings last fetch time",
                blocks((0..n).map(|d| {
                    (
                        d,
                        vec![("Settings last fetch time", Some(en_date(fetched)))],
                    )
                })),
            ),
            ("Current Sync Session ID", MISSING.into()),
            (
                "Current sync session account registration time",
                MISSING.into(),
            ),
            ("Sync Sessions", String::new()),
            (
                "Device Sync Status",
                blocks((0..n).map(|d| {
                    (
                        d,
                        vec![
                            ("Last notification dropped time", None),
                            ("Last Clean Time", None),
                        ],
                    )
                })),
            ),
            (
                "Device Information",
                blocks((0..n).map(|d| {
                    let text = |t: &str| (!t.is_empty()).then(|| t.to_string());
                    (
                        d,
                        vec![
                            ("App Version", text(app(d))),
                            ("Mobile Country Code", None),
                            ("Mobile Network Code", None),
                            ("Operating system version", text(os(d))),
                            ("Device Manufacturer", text(maker(d))),
                            ("Device Model", text(model(d))),
                            ("Operating system build number", None),
                        ],
                    )
                })),
            ),
        ]),
    );
    let yes = || "<span>Yes</span>".to_string();
    let terms_html = pg(
        "Terms of Service",
        "Terms of service",
        &kv(&[
            ("2016 Terms of Service accepted", yes()),
            ("2016 Terms of Service accept time", en_date(1_472_250_000)),
            ("Data sharing opt-out", "<span>No</span>".into()),
            ("Data sharing opt-out time", MISSING.into()),
            ("2018 Terms of Service accepted", yes()),
            ("2018 Terms of Service accept time", en_date(1_526_050_000)),
            ("2021 Terms of Service accepted", yes()),
            ("2021 Terms of Service accept time", en_date(1_610_010_000)),
        ]),
    );
    let registration_html = pg(
        "Registration Info",
        "Registration info",
        &kv(&[
            ("Platform", "android-2.21.22.26".into()),
            ("Network", "204016".into()),
            ("Network Name", "Example Mobile B.V.".into()),
            ("Device", "motorola-moto_g(9)_plus".into()),
            ("Registration Time", en_date(registered)),
        ]),
    );
    let section = |title: &str, subtitle: &str, links: &[(&str, &str)]| {
        let mut out = format!(
            "<div class=\"_4-u3\"><div class=\"_a6_x\">{title}</div><div class=\"_a6_y\">{subtitle}</div><div class=\"_a6_-\">"
        );
        for (href, text) in links {
            let _ = write!(out, "<a href=\"{href}\" class=\"_a6__\">{text}</a>");
        }
        out.push_str("</div></div>");
        out
    };
    let index = page(
        css,
        "Your information",
        "Your information",
        "files/",
        &[
            section(
                "WhatsApp account information",
                "Your account details.",
                &[
                    (
                        "whatsapp_account_information/registration_info.html",
                        "Registration Info",
                    ),
                    (
                        "whatsapp_account_information/user_information.html",
                        "User Information",
                    ),
                ],
            ),
            section(
                "WhatsApp connections",
                "Who you are connected to.",
                &[
                    ("whatsapp_connections/contacts.html", "Contacts"),
                    ("whatsapp_connections/groups.html", "Groups"),
                ],
            ),
            section(
                "WhatsApp settings",
                "Your settings.",
                &[
                    (
                        "whatsapp_settings/account_settings.html",
                        "Account settings",
                    ),
                    (
                        "whatsapp_settings/terms_of_service.html",
                        "Terms of Service",
                    ),
                ],
            ),
        ]
        .concat(),
    );
    let json = |j: &J| gen_b_json(j).into_bytes();
    // Shuffled as real ZIPs are: `files/` first here, `index.html` near the end.
    vec![
        ("files/WhatsApp-Logo.png".into(), png(rng, 4_383)),
        ("files/fb_logo.png".into(), png(rng, 8_777)),
        (
            "whatsapp_account_information/registration_info.json".into(),
            json(&registration),
        ),
        (
            "whatsapp_account_information/registration_info.html".into(),
            registration_html.into_bytes(),
        ),
        (
            "whatsapp_account_information/user_information.json".into(),
            json(&user),
        ),
        (
            "whatsapp_account_information/user_information.html".into(),
            user_html.into_bytes(),
        ),
        (
            "whatsapp_connections/contacts.json".into(),
            json(&obj([(
                "wa_contacts",
                J::Arr(a.contacts.iter().map(s).collect()),
            )])),
        ),
        (
            "whatsapp_connections/contacts.html".into(),
            pg("Contacts", "Contacts", &list(&a.contacts)).into_bytes(),
        ),
        (
            "whatsapp_connections/groups.json".into(),
            json(&obj([(
                "wa_groups",
                J::Arr(a.groups.iter().map(s).collect()),
            )])),
        ),
        (
            "whatsapp_connections/groups.html".into(),
            pg("Groups", "Groups", &list(&a.groups)).into_bytes(),
        ),
        (
            "whatsapp_settings/account_settings.json".into(),
            json(&settings),
        ),
        (
            "whatsapp_settings/account_settings.html".into(),
            settings_html.into_bytes(),
        ),
        (
            "whatsapp_settings/terms_of_service.json".into(),
            json(&terms),
        ),
        (
            "whatsapp_settings/terms_of_service.html".into(),
            terms_html.into_bytes(),
        ),
        ("index.html".into(), index.into_bytes()),
    ]
}

fn gen_a(a: &Account) -> Vec<(String, Vec<u8>)> {
    use serde_json::json;
    let photo = base64::engine::general_purpose::STANDARD.encode(&a.photo);
    let portability = json!({"pay": null, "about": "Hey there! I am using WhatsApp.", "groups": a.groups,
        "contacts": a.contacts, "profile_pic": {"data": photo, "timestamp": a.generated - 400_000},
        "email": null, "account_number": "+15555550123",
        "generation_time": a.generated, "request_time": a.generated - 259_200});
    let row = |k: &str, v: &str| {
        format!("<tr><td class=\"key\">{k}</td><td><span dir=\"ltr\">{v}</span></td></tr>")
    };
    let devices: Vec<String> = (0..a.devices)
        .map(|d| {
            format!(
                "<span>Device: {d}</span><br/><span>Status: OFFLINE</span><br/><span>Last Active Time: {}</span><br/><span>Previous Connection IP: 10.{d}.0.0</span>",
                a_date(a.generated - 600 * d as i64)
            )
        })
        .collect();
    let groups: Vec<String> = a.groups.iter().map(|g| esc(g)).collect();
    let mut html = String::from(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>GDPR Report</title><style>body{font-family:sans-serif}td.key{font-weight:bold;width:30%}td.title{font-size:150%;padding-top:1em}</style></head><body><table><tbody>",
    );
    html += "<tr><td colspan=\"2\" class=\"title\">User Information</td></tr>";
    html += &row("Report Generation Time", &a_date(a.generated));
    html += &row("Phone Number", "+15555550123");
    html += &row("Device Activity", &devices.join("<br/><br/>"));
    html += &row(
        "Profile Picture",
        &format!("<img src=\"data:image/jpeg;base64,{photo}\" width=\"100\" />"),
    );
    html += &row("Contacts", &a.contacts.join(", "));
    html += &row("Groups", &groups.join("<br />"));
    html += "<tr><td colspan=\"2\" class=\"title\">Terms of Service</td></tr>";
    html += &row("2016 Terms of Service Accepted", "Yes");
    html += &row("2016 Terms of Service Accept Time", &a_date(1_472_250_000));
    html += "<tr><td colspan=\"2\" class=\"title\">Settings</td></tr>";
    html += &row("Last Seen Privacy", a.last_seen);
    html += &row("Read Receipts", "Yes");
    html += "</tbody></table></body></html>";
    vec![
        (
            "portability.json".into(),
            serde_json::to_vec(&portability).unwrap_or_default(),
        ),
        ("access.html".into(), html.into_bytes()),
    ]
}

fn write_zip(path: &std::path::Path, files: &[(String, Vec<u8>)]) -> std::io::Result<()> {
    let mut w = zip::ZipWriter::new(std::fs::File::create(path)?);
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let mut folders: Vec<&str> = Vec::new();
    for (name, data) in files {
        // Explicit folder entries, as WhatsApp's ZIPs have.
        if let Some((folder, _)) = name.rsplit_once('/')
            && !folders.contains(&folder)
        {
            folders.push(folder);
            w.add_directory(format!("{folder}/"), options)?;
        }
        w.start_file(name.as_str(), options)?;
        w.write_all(data)?;
    }
    w.finish()?;
    Ok(())
}

/// `n` typical reports, each its own account, varied by `seed`.
fn batch(out: &std::path::Path, n: usize, seed: u64) -> std::io::Result<()> {
    let mut rng = Mix(seed);
    let css = stylesheet();
    let (mut zipped, mut inflated) = (0u64, 0u64);
    for i in 0..n {
        let contacts = 250 + rng.below(101) as usize;
        let groups = 30 + rng.below(91) as usize;
        let devices = 1 + rng.below(3) as usize;
        let mut a = Account::new(contacts, groups, devices);
        // Contacts drawn from the +1 555 range, so that some are shared between reports.
        let mut c: Vec<String> = (0..contacts)
            .map(|_| format!("+1555{:07}", rng.below(2_000_000)))
            .collect();
        c.sort();
        a.contacts = c;
        a.phone = format!("1555{:07}", rng.below(10_000_000));
        a.v6_net = Some(rng.below(0x1_0000) as u16);
        a.generated = 1_600_000_000 + rng.below(150_000_000) as i64;
        a.last_seen = ["Everyone", "My Contacts", "Nobody"][rng.below(3) as usize];
        let photo = 35_000 + rng.below(50_001) as usize;
        a.photo = jpeg(&mut rng, photo);
        let files = gen_b(&a, &css, &mut rng);
        inflated += files.iter().map(|(_, d)| d.len() as u64).sum::<u64>();
        let path = out.join(format!("report-{i:05}.zip"));
        write_zip(&path, &files)?;
        zipped += std::fs::metadata(&path)?.len();
    }
    let per = |bytes: u64| bytes as f64 / n.max(1) as f64 / 1e3;
    println!(
        "{}: {n} reports, {:.1} KB zipped and {:.1} KB inflated each on average",
        out.display(),
        per(zipped),
        per(inflated)
    );
    Ok(())
}

fn main() -> std::io::Result<()> {
    let args = args();
    std::fs::create_dir_all(&args.out)?;
    if let Some(n) = args.batch {
        return batch(&args.out, n, args.seed);
    }
    if args.typical {
        let mut rng = Mix(args.seed);
        let mut a = Account::new(300, 75, 2);
        a.photo = jpeg(&mut rng, 60_000);
        let files = gen_b(&a, &stylesheet(), &mut rng);
        let path = args.out.join("typical.zip");
        write_zip(&path, &files)?;
        let inflated: usize = files.iter().map(|(_, d)| d.len()).sum();
        println!(
            "{}: {:.1} KB zipped, {:.1} KB inflated",
            path.display(),
            std::fs::metadata(&path)?.len() as f64 / 1e3,
            inflated as f64 / 1e3
        );
        return Ok(());
    }
    let account = Account::new(args.contacts, args.groups, args.devices);
    let css = stylesheet();
    for (name, files) in [
        ("gen-b.zip", gen_b(&account, &css, &mut Mix(args.seed))),
        (
            "gen-b-next.zip",
            gen_b(&account.next(), &css, &mut Mix(args.seed)),
        ),
        ("gen-a.zip", gen_a(&account)),
    ] {
        let path = args.out.join(name);
        write_zip(&path, &files)?;
        let largest = files.iter().map(|(n, d)| (d.len(), n)).max();
        if let Some((size, entry)) = largest {
            println!(
                "{}: largest entry {entry} ({:.1} MB)",
                path.display(),
                size as f64 / 1e6
            );
        }
    }
    Ok(())
}
