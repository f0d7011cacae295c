//! Gen C `user_information.json` in Meta's `label_values` form (FORMAT.md section 4).
//!
//! Each entry is `{"label": ..., <one of value | timestamp_value | vec | media>}`; a
//! `timestamp_value` of 0 means "none". Labels go through the tables in `labels.rs`.

use jiff::Timestamp;
use serde_json::Value;

use super::{Ctx, base64_decoded_len, set_current_ip};
use crate::labels::{DeviceField, UserField, device_field, user_field};
use crate::model::{Device, Warning};
use crate::normalize::normalize_phone;

/// One `label_values` entry, decoded.
enum Entry<'v> {
    Text(String),
    Time(Option<Timestamp>),
    Vec(&'v [Value]),
    Media(Vec<String>),
}

struct Reader<'w> {
    file: &'w str,
    warnings: &'w mut Vec<Warning>,
}

impl Reader<'_> {
    fn warn(&mut self, message: String) {
        self.warnings.push(Warning {
            file: self.file.to_string(),
            message,
        });
    }

    /// Splits an entry into its label and value, naming anything unexpected.
    fn entry<'v>(&mut self, at: &str, item: &'v Value) -> Option<(String, Entry<'v>)> {
        let Some(obj) = item.as_object() else {
            self.warn(format!("`{at}`: expected an object; skipped"));
            return None;
        };
        let Some(label) = obj.get("label").and_then(Value::as_str) else {
            self.warn(format!("`{at}`: has no `label`; skipped"));
            return None;
        };
        let mut entry = None;
        for (key, value) in obj {
            let decoded = match (key.as_str(), value) {
                ("label", _) => continue,
                ("value", Value::String(s)) => Entry::Text(s.clone()),
                ("value", Value::Number(n)) => Entry::Text(n.to_string()),
                ("timestamp_value", Value::Number(n)) => match n.as_i64() {
                    Some(0) => Entry::Time(None),
                    Some(secs) => match Timestamp::from_second(secs) {
                        Ok(ts) => Entry::Time(Some(ts)),
                        Err(_) => {
                            self.warn(format!("`{label}`: {secs} is not a usable time; ignored"));
                            Entry::Time(None)
                        }
                    },
                    None => {
                        self.warn(format!(
                            "`{label}`: timestamp {n} is not whole seconds; ignored"
                        ));
                        Entry::Time(None)
                    }
                },
                ("vec", Value::Array(items)) => Entry::Vec(items),
                ("media", Value::Array(items)) => Entry::Media(
                    items
                        .iter()
                        .filter_map(|m| m.get("uri").and_then(Value::as_str).map(str::to_string))
                        .collect(),
                ),
                (other, _) => {
                    self.warn(format!(
                        "`{label}`: unknown key `{other}` or value type; not read"
                    ));
                    continue;
                }
            };
            if entry.is_some() {
                self.warn(format!("`{label}`: more than one value; keeping the first"));
            } else {
                entry = Some(decoded);
            }
        }
        match entry {
            Some(entry) => Some((label.to_string(), entry)),
            None => {
                self.warn(format!("`{label}`: has no value; skipped"));
                None
            }
        }
    }
}

pub(super) fn user_information(ctx: &mut Ctx<'_>, rel: &str, value: &Value) -> anyhow::Result<()> {
    if let Some(obj) = value.as_object() {
        for key in obj.keys().filter(|k| *k != "label_values") {
            ctx.warn(rel, format!("unknown top-level key `{key}`; not read"));
        }
    }
    let Some(items) = value.get("label_values").and_then(Value::as_array) else {
        ctx.warn(
            rel,
            "`label_values` is not a list; user information not read",
        );
        return Ok(());
    };
    let mut warnings = Vec::new();
    let mut media = Vec::new();
    {
        let mut reader = Reader {
            file: rel,
            warnings: &mut warnings,
        };
        let report = &mut ctx.report;
        for (i, item) in items.iter().enumerate() {
            let Some((label, entry)) = reader.entry(&format!("label_values[{i}]"), item) else {
                continue;
            };
            let Some(field) = user_field(&label) else {
                reader.warn(format!("unknown label `{label}`; not read"));
                continue;
            };
            let account = &mut report.account;
            match (field, entry) {
                (UserField::RequestedAt, Entry::Time(t)) => report.requested_at = t,
                (UserField::GeneratedAt, Entry::Time(t)) => report.generated_at = t,
                (UserField::AboutSetAt, Entry::Time(t)) => account.about_set_at = t,
                (UserField::AboutExpiresAt, Entry::Time(t)) => account.about_expires_at = t,
                (UserField::ProfilePictureUploadedAt, Entry::Time(t)) => {
                    account.profile_picture.uploaded_at = t;
                }
                (UserField::Phone, Entry::Text(raw)) => {
                    account.phone_number = Some(normalize_phone(&raw).unwrap_or_else(|p| {
                        reader.warn(format!("`{label}`: {p}; kept as given"));
                        raw
                    }));
                }
                (UserField::Email, Entry::Text(s)) => {
                    account.email = Some(s).filter(|s| !s.is_empty())
                }
                (UserField::Name, Entry::Text(s)) => {
                    account.name = Some(s).filter(|s| !s.is_empty())
                }
                (UserField::About, Entry::Text(s)) => account.about = Some(s),
                (UserField::WebDesktopPlatform, Entry::Text(s)) => {
                    report.web_desktop.platform = Some(s).filter(|s| !s.is_empty());
                }
                (UserField::WebDesktopState, Entry::Text(s)) => {
                    report.web_desktop.state = Some(s).filter(|s| !s.is_empty());
                }
                (UserField::ProfilePicture, Entry::Media(uris)) => {
                    account.profile_picture.present = !uris.is_empty();
                    media.extend(uris);
                }
                (UserField::ProfilePicture, Entry::Text(data)) => {
                    account.profile_picture.present = !data.trim().is_empty();
                    account.profile_picture.size_bytes = Some(base64_decoded_len(&data));
                }
                (UserField::DeviceActivity, Entry::Vec(devices)) => {
                    for (d, block) in devices.iter().enumerate() {
                        device(&mut reader, report, &format!("{label}[{d}]"), block);
                    }
                }
                (_, _) => reader.warn(format!("`{label}`: value of an unexpected type; not read")),
            }
        }
    }
    ctx.report.warnings.append(&mut warnings);
    let picture = &mut ctx.report.account.profile_picture;
    picture.present |= picture.uploaded_at.is_some();
    for uri in media {
        let size = ctx.entry_size(&uri);
        match size {
            Some(size) => {
                ctx.report.account.profile_picture.size_bytes = Some(size);
                ctx.mark_referenced(&uri);
            }
            None => ctx.warn(rel, format!("profile picture `{uri}` is not in the report")),
        }
    }
    Ok(())
}

/// One `{"dict": [...]}` block of "Device Activity".
fn device(reader: &mut Reader<'_>, report: &mut crate::model::Report, at: &str, block: &Value) {
    let Some(entries) = block.get("dict").and_then(Value::as_array) else {
        reader.warn(format!("`{at}`: expected a `dict` list; skipped"));
        return;
    };
    let mut found = Device::new(-1);
    let mut id = None;
    for (i, item) in entries.iter().enumerate() {
        let Some((label, entry)) = reader.entry(&format!("{at}.dict[{i}]"), item) else {
            continue;
        };
        let Some(field) = device_field(&label) else {
            reader.warn(format!("`{at}`: unknown label `{label}`; not read"));
            continue;
        };
        match (field, entry) {
            (DeviceField::Id, Entry::Text(s)) => match s.trim().parse::<i64>() {
                Ok(n) => id = Some(n),
                Err(_) => reader.warn(format!("`{at}`: device `{s}` is not a number")),
            },
            (DeviceField::Status, Entry::Text(s)) => {
                found.status = Some(s).filter(|s| !s.is_empty())
            }
            (DeviceField::LastActiveAt, Entry::Time(t)) => found.last_active_at = t,
            (DeviceField::OnlineSince, Entry::Time(t)) => found.online_since = t,
            (DeviceField::PreviousIp, Entry::Text(s)) => {
                found.previous_ip = Some(s).filter(|s| !s.is_empty())
            }
            (DeviceField::CurrentIp, Entry::Text(s)) if !s.is_empty() => {
                if let Some(problem) = set_current_ip(&mut found, &s) {
                    reader.warn(format!("`{at}`: {problem}"));
                }
            }
            (DeviceField::CurrentIp, Entry::Text(_)) => {}
            (_, _) => reader.warn(format!(
                "`{at}`: `{label}` has a value of an unexpected type; not read"
            )),
        }
    }
    let Some(id) = id else {
        reader.warn(format!("`{at}`: has no `Device` id; skipped"));
        return;
    };
    let device = report.device_mut(id);
    let Device {
        status,
        last_active_at,
        online_since,
        previous_ip,
        current_ip,
        current_port,
        ..
    } = found;
    device.status = status;
    device.last_active_at = last_active_at;
    device.online_since = online_since;
    device.previous_ip = previous_ip;
    device.current_ip = current_ip;
    device.current_port = current_port;
}
