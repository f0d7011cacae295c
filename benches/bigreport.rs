//! Writes large synthetic WhatsApp reports for the benchmark in `benches/run.sh`:
//!
//! - `gen-b.zip`: generation B, JSON with mojibake and every HTML twin;
//! - `gen-b-next.zip`: the same account a month later (1 in 100 contacts replaced, some
//!   groups gone, a setting widened), for `diff`;
//! - `gen-a.zip`: generation A, `portability.json` and `access.html`.
//!
//! Usage: `cargo bench --bench bigreport -- --out DIR [--contacts N] [--groups N] [--devices N]`.
//! Everything is synthetic and deterministic: numbers from `+1 555` and `+44 555`, IPs from
//! `2001:db8::/32` and `10.0.0.0/8`.
//!
//! With `--batch N [--seed S]` it writes instead N typical generation B reports for the
//! batch benchmark in `benches/batch.sh`, `DIR/report-00000.zip` and on: each of its own
//! account (`+1 555` numbers), with 250 to 350 contacts, 20 to 40 groups, 1 to 3 devices
//! (2 on average, previous IPs in `2001:db8::/32`), every HTML twin, and a last seen drawn
//! from three settings, all varied by the seed.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::PathBuf;

use zip::write::SimpleFileOptions;

struct Args {
    out: PathBuf,
    contacts: usize,
    groups: usize,
    devices: usize,
    batch: Option<usize>,
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
            "--seed" => args.seed = number(&flag, it.next()),
            // `cargo bench` adds `--bench`, and passes a name filter (`cargo bench bigreport`)
            // as a bare word.
            "--bench" => {}
            word if !word.starts_with('-') => {}
            other => fail(format!(
                "unknown option `{other}`; it takes --out DIR, --contacts N, --groups N, --devices N, --batch N and --seed N"
            )),
        }
    }
    args
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
        }
    }
}

/// Gen B JSON as WhatsApp writes it: pretty, every non-ASCII byte as `\u00XX`.
fn mojibake_json(value: &serde_json::Value) -> String {
    let pretty = serde_json::to_string_pretty(value).unwrap_or_default();
    let mut out = String::with_capacity(pretty.len());
    for c in pretty.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                let _ = write!(out, "\\u{b:04x}");
            }
        }
    }
    out
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

fn page(title: &str, body: &str) -> String {
    format!(
        "<html><head><meta charset=\"utf-8\" /><title>{title}</title></head><body><div><div><div>{title}</div></div>{body}</div></body></html>"
    )
}

fn kv_page(title: &str, rows: &[(&str, String)]) -> String {
    let mut trs = String::new();
    for (k, v) in rows {
        let _ = write!(
            trs,
            "<tr><td><div>{k}</div></td><td><div>{v}</div></td></tr>"
        );
    }
    page(
        title,
        &format!("<div role=\"main\"><div><div><table>{trs}</table></div></div></div>"),
    )
}

fn list_page(title: &str, items: &[String]) -> String {
    let mut divs = String::with_capacity(items.len() * 24);
    for i in items {
        let _ = write!(divs, "<div>{}</div>", esc(i));
    }
    page(
        title,
        &format!("<div role=\"main\"><div><div><div><div>{divs}</div></div></div></div></div>"),
    )
}

fn blocks(devices: usize, row: impl Fn(usize) -> String) -> String {
    let parts: Vec<String> = (0..devices)
        .map(|d| format!("<div>{}</div>", row(d)))
        .collect();
    format!("<div>{}</div>", parts.join("<hr />"))
}

fn nested(label: &str, value: &str) -> String {
    format!("<div><span>{label}</span><span>: </span><span>{value}</span></div>")
}

fn gen_b(a: &Account) -> Vec<(String, Vec<u8>)> {
    use serde_json::json;
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
    let activity: Vec<_> = (0..n)
        .map(|d| {
            let mut o = json!({"device_id": d, "status": "OFFLINE", "last_active_time": a.generated - 600 * d as i64,
                               "online_since": a.generated - 600 * d as i64, "previous_connection_ip": ip(d)});
            if d % 4 == 1 {
                o["current_connection_ip"] = json!(format!("10.{d}.1.{d}:4{d:04}"));
            }
            o
        })
        .collect();
    let user = json!({"wa_profile_info": {"phone_number": a.phone, "report_generation_time": a.generated,
        "report_request_time": a.generated - 259_200, "email_address": "bench@example.com", "name": "Bänch Märk",
        "device_activity": activity, "web_desktop_platform": "", "web_desktop_state": "INACTIVE",
        "about": "Hey there! I am using WhatsApp.", "about_set_timestamp": 1_639_920_000}});
    let info: Vec<_> = (0..n)
        .map(|d| json!({"device_id": d, "app_version": if d == 0 { "Android-2.22.16.75" } else { "Web-2.2228.12" },
                        "operating_system_version": if d == 0 { "11" } else { "0.1" },
                        "device_manufacturer": if d == 0 { "motorola" } else { "" }, "device_model": if d == 0 { "odessa" } else { "Desktop" }}))
        .collect();
    let settings = json!({"wa_settings": {"last_seen_privacy": a.last_seen, "profile_photo_privacy": "Nobody",
        "about_privacy": "My Contacts", "status_privacy": ["My Contacts (active)"], "blocked_numbers": ["+15555550108"],
        "blocked_numbers_update_time": 1_658_290_000, "read_receipts": "Yes",
        "settings_last_fetch_time": (0..n).map(|d| (d.to_string(), json!(a.generated - 3600))).collect::<serde_json::Map<_, _>>(),
        "sync_sessions": [], "device_sync_status": (0..n).map(|d| json!({"device_id": d})).collect::<Vec<_>>(),
        "device_info": info}});
    let terms = json!({"wa_terms_of_service": {"tos_accepted_2016": true, "tos_accept_time_2016": 1_472_250_000,
        "data_sharing_opt_out": false, "tos_accepted_2018": true, "tos_accept_time_2018": 1_526_050_000,
        "tos_accepted_2021": true, "tos_accept_time_2021": 1_610_010_000}});
    let registration = json!({"wa_registration_info": {"platform": "android-2.21.22.26", "network": "204016",
        "network_name": "Example Mobile B.V.", "device": "motorola-moto_g(9)_plus", "registration_timestamp": 1_400_000_000}});

    let user_html = kv_page(
        "User Information",
        &[
            ("Report Generation Time", en_date(a.generated)),
            ("Report Request Time", en_date(a.generated - 259_200)),
            ("Phone number", a.phone.clone()),
            ("Email Address", "bench&#064;example.com".into()),
            ("Name", "Bänch Märk".into()),
            (
                "Device Activity",
                blocks(n, |d| {
                    let mut s = format!("<div>Device<span>:</span><span>{d}</span></div>");
                    s += &nested("Status", "OFFLINE");
                    s += &nested("Last Active Time", &en_date(a.generated - 600 * d as i64));
                    s += &nested("Online Since", &en_date(a.generated - 600 * d as i64));
                    s += &nested("Previous connection IP", &ip(d));
                    s
                }),
            ),
            ("Web/Desktop availability state", "INACTIVE".into()),
            ("About", "Hey there! I am using WhatsApp.".into()),
            ("About Set Time", en_date(1_639_920_000)),
        ],
    );
    let settings_html = kv_page(
        "Account settings",
        &[
            ("Last Seen Privacy", a.last_seen.into()),
            ("Profile Photo Privacy", "Nobody".into()),
            ("About Privacy", "My Contacts".into()),
            ("Read Receipts", "Yes".into()),
            (
                "Device Information",
                blocks(n, |d| {
                    format!("<div>Device<span>:</span><span>{d}</span></div>")
                        + &nested("Mobile Country Code", "204")
                        + &nested("Operating system build number", "RPAS31")
                }),
            ),
        ],
    );
    vec![
        (
            "index.html".into(),
            page("Your information", "").into_bytes(),
        ),
        (
            "files/WhatsApp-Logo.png".into(),
            vec![0x89, b'P', b'N', b'G'],
        ),
        (
            "whatsapp_account_information/user_information.json".into(),
            mojibake_json(&user).into_bytes(),
        ),
        (
            "whatsapp_account_information/user_information.html".into(),
            user_html.into_bytes(),
        ),
        (
            "whatsapp_account_information/registration_info.json".into(),
            mojibake_json(&registration).into_bytes(),
        ),
        (
            "whatsapp_account_information/registration_info.html".into(),
            kv_page(
                "Registration Info",
                &[("Platform", "android-2.21.22.26".into())],
            )
            .into_bytes(),
        ),
        (
            "whatsapp_connections/contacts.json".into(),
            mojibake_json(&json!({"wa_contacts": a.contacts})).into_bytes(),
        ),
        (
            "whatsapp_connections/contacts.html".into(),
            list_page("Contacts", &a.contacts).into_bytes(),
        ),
        (
            "whatsapp_connections/groups.json".into(),
            mojibake_json(&json!({"wa_groups": a.groups})).into_bytes(),
        ),
        (
            "whatsapp_connections/groups.html".into(),
            list_page("Groups", &a.groups).into_bytes(),
        ),
        (
            "whatsapp_settings/account_settings.json".into(),
            mojibake_json(&settings).into_bytes(),
        ),
        (
            "whatsapp_settings/account_settings.html".into(),
            settings_html.into_bytes(),
        ),
        (
            "whatsapp_settings/terms_of_service.json".into(),
            mojibake_json(&terms).into_bytes(),
        ),
        (
            "whatsapp_settings/terms_of_service.html".into(),
            kv_page(
                "Terms of Service",
                &[("2016 Terms of Service accepted", "<span>Yes</span>".into())],
            )
            .into_bytes(),
        ),
    ]
}

fn gen_a(a: &Account) -> Vec<(String, Vec<u8>)> {
    use serde_json::json;
    let portability = json!({"pay": null, "about": "Hey there! I am using WhatsApp.", "groups": a.groups,
        "contacts": a.contacts, "profile_pic": null, "email": null, "account_number": "+15555550123",
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
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>GDPR Report</title></head><body><table><tbody>",
    );
    html += "<tr><td colspan=\"2\" class=\"title\">User Information</td></tr>";
    html += &row("Report Generation Time", &a_date(a.generated));
    html += &row("Phone Number", "+15555550123");
    html += &row("Device Activity", &devices.join("<br/><br/>"));
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
    for (name, data) in files {
        w.start_file(name.as_str(), options)?;
        w.write_all(data)?;
    }
    w.finish()?;
    Ok(())
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
}

/// `n` typical reports, each its own account, varied by `seed`.
fn batch(out: &std::path::Path, n: usize, seed: u64) -> std::io::Result<()> {
    let mut rng = Mix(seed);
    let mut bytes = 0u64;
    for i in 0..n {
        let contacts = 250 + rng.below(101) as usize;
        let groups = 20 + rng.below(21) as usize;
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
        let path = out.join(format!("report-{i:05}.zip"));
        write_zip(&path, &gen_b(&a))?;
        bytes += std::fs::metadata(&path)?.len();
    }
    println!(
        "{}: {n} reports, {:.1} KB each on average",
        out.display(),
        bytes as f64 / n.max(1) as f64 / 1e3
    );
    Ok(())
}

fn main() -> std::io::Result<()> {
    let args = args();
    std::fs::create_dir_all(&args.out)?;
    if let Some(n) = args.batch {
        return batch(&args.out, n, args.seed);
    }
    let account = Account::new(args.contacts, args.groups, args.devices);
    for (name, files) in [
        ("gen-b.zip", gen_b(&account)),
        ("gen-b-next.zip", gen_b(&account.next())),
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
