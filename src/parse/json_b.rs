//! The flat `wa_*` JSON files of generations B, B′ and C (FORMAT.md section 2).
//!
//! Gen C differs only in `user_information.json`, which `labels_c` reads.

use serde_json::Value;

use super::apply::{phone, previous_ip};
use super::{Ctx, Fields, base64_decoded_len};
use crate::model::{Device, Report, SyncSession, WarningKind};
use crate::msg;
use crate::parse::normalize::parse_status_privacy;
use crate::spec::Reader;
use crate::text::{About, Email, GroupName, PersonName, SessionId, Text, UnknownLabel};

pub(super) fn user_information(ctx: &mut Ctx<'_>, rel: &'static str) -> anyhow::Result<()> {
    let Some(value) = ctx.read_json(rel, Reader::UserInfoJson)? else {
        return Ok(());
    };
    let info = ctx.wrapper(rel, &value, "wa_profile_info")?;
    let mut f = Fields::new(rel, msg!["wa_profile_info"], info);
    let r = &mut ctx.report;
    r.account.phone_number = f
        .str("phone_number")
        .map(|raw| f.checked("phone_number", phone(&raw)));
    r.generated_at = f.time("report_generation_time");
    r.requested_at = f.time("report_request_time");
    r.account.email = f.text("email_address").map(Email::new);
    r.account.name = f.text("name").map(PersonName::new);
    r.account.about = f.str("about").map(About::new);
    r.account.about_set_at = f.time("about_set_timestamp");
    let picture = f.str("profile_picture").filter(|p| !p.trim().is_empty());
    r.account.profile_picture.present = Some(picture.is_some());
    r.account.profile_picture.size_bytes = picture.as_deref().map(base64_decoded_len);
    r.account.profile_picture.uploaded_at = f.time("profile_picture_upload_time");
    r.web_desktop.platform = f.text("web_desktop_platform").and_then(Text::non_empty);
    r.web_desktop.state = f.text("web_desktop_state").and_then(Text::non_empty);
    let skipped = "missing; device skipped";
    let order = device_list(rel, &mut f, "device_activity", skipped, r, |d, device| {
        device.status = d.text("status").and_then(Text::non_empty);
        device.last_active_at = d.time("last_active_time");
        device.online_since = d.time("online_since");
        device.previous_ip = d
            .text("previous_connection_ip")
            .map(|raw| d.checked("previous_connection_ip", previous_ip(&raw)));
        if let Some(raw) = d.text("current_connection_ip")
            && let Some((kind, message)) = super::apply::set_current_ip(device, &raw)
        {
            d.note(kind, "current_connection_ip", message);
        }
    });
    f.finish(&mut r.warnings);
    ctx.json_names_devices = true;
    if ctx.device_order.is_empty() {
        ctx.device_order = order;
    }
    Ok(())
}

pub(super) fn registration(ctx: &mut Ctx<'_>, rel: &'static str) -> anyhow::Result<()> {
    let Some(value) = ctx.read_json(rel, Reader::RegistrationJson)? else {
        return Ok(());
    };
    let info = ctx.wrapper(rel, &value, "wa_registration_info")?;
    let mut f = Fields::new(rel, msg!["wa_registration_info"], info);
    let reg = &mut ctx.report.registration;
    if let Some(platform) = f.text("platform") {
        (reg.platform, reg.app_version) = super::apply::platform(&platform);
    }
    reg.network_code = f.text("network").map(Text::new);
    reg.network_name = f.text("network_name").map(Text::new);
    reg.device = f.text("device").map(Text::new);
    reg.registered_at = f.time("registration_timestamp");
    f.finish(&mut ctx.report.warnings);
    Ok(())
}

pub(super) fn contacts(ctx: &mut Ctx<'_>, rel: &'static str) -> anyhow::Result<()> {
    let keep = ctx.contacts_keep();
    let Some(mut split) =
        ctx.read_json_lists(rel, Reader::ContactsJson, &[("wa_contacts", keep)])?
    else {
        return Ok(());
    };
    match ctx.take_list(rel, &mut split, "wa_contacts") {
        Some((numbers, count)) => ctx.set_contacts(rel, "wa_contacts", numbers, count),
        // Absent, or not a list (named by take_list): a list key is never among the rest.
        None => ctx.warn(
            WarningKind::Missing,
            rel,
            msg!["has no `wa_contacts` list; contacts are not in the report"],
        ),
    }
    ctx.name_keys(rel, split.rest.keys(), "unknown key; not read");
    Ok(())
}

pub(super) fn groups(ctx: &mut Ctx<'_>, rel: &'static str) -> anyhow::Result<()> {
    let Some(mut split) =
        ctx.read_json_lists(rel, Reader::GroupsJson, &[("wa_groups", super::lists::all)])?
    else {
        return Ok(());
    };
    match ctx.take_list(rel, &mut split, "wa_groups") {
        Some((groups, _)) => {
            ctx.report.groups = Some(groups.into_iter().map(GroupName::new).collect())
        }
        None => ctx.warn(
            WarningKind::Missing,
            rel,
            msg!["has no `wa_groups` list; groups are not in the report"],
        ),
    }
    ctx.name_keys(rel, split.rest.keys(), "unknown key; not read");
    Ok(())
}

/// A visibility setting, keeping (and naming) values that are none of the known ones.
fn visibility(f: &mut Fields<'_>, key: &'static str) -> Option<crate::model::Visibility> {
    let raw = f.text(key)?;
    Some(f.checked(key, super::apply::visibility(&raw)))
}

pub(super) fn settings(ctx: &mut Ctx<'_>, rel: &'static str) -> anyhow::Result<()> {
    let Some(value) = ctx.read_json(rel, Reader::SettingsJson)? else {
        return Ok(());
    };
    let settings = ctx.wrapper(rel, &value, "wa_settings")?;
    let mut f = Fields::new(rel, msg!["wa_settings"], settings);
    privacy(ctx, rel, &mut f);
    let r = &mut ctx.report;
    settings_fetches(r, &mut f);
    r.sync.current_session_id = f.text("current_sync_session_id").map(SessionId::new);
    r.sync.current_session_registered_at = f.time("current_sync_session_account_registration_time");
    if let Some(sessions) = f.array("sync_sessions") {
        let mut out = Vec::with_capacity(sessions.len());
        for (i, item) in sessions.iter().enumerate() {
            let mut s = Fields::new(rel, msg!["wa_settings.sync_sessions[", i, "]"], item);
            out.push(SyncSession {
                id: s.text("sync_session_id").map(SessionId::new),
                account_registered_at: s.time("account_registration_time"),
                state_collections: s
                    .strings("state_collections")
                    .unwrap_or_default()
                    .into_iter()
                    .map(Text::new)
                    .collect(),
            });
            s.finish(&mut r.warnings);
        }
        r.sync.sessions = Some(out);
    }
    let skipped = "missing; entry skipped";
    let sync_order = device_list(
        rel,
        &mut f,
        "device_sync_status",
        skipped,
        r,
        |d, device| {
            device.last_notification_dropped_at = d.time("last_notification_dropped_time");
        },
    );
    let info_order = device_list(rel, &mut f, "device_info", skipped, r, |d, device| {
        device.app_version = d.text("app_version").map(Text::new);
        device.os_version = d.text("operating_system_version").map(Text::new);
        device.manufacturer = d.text("device_manufacturer").map(Text::new);
        device.model = d.text("device_model").map(Text::new);
    });
    f.finish(&mut r.warnings);
    // The HTML numbers its Device Sync Status and Device Information blocks in the order of
    // `device_info` (FORMAT.md 3.3a).
    if !info_order.is_empty() {
        ctx.device_order = info_order;
    } else if !sync_order.is_empty() && ctx.device_order.is_empty() {
        ctx.device_order = sync_order;
    }
    ctx.json_names_devices |= !ctx.report.devices.is_empty();
    Ok(())
}

/// The privacy settings and the blocked numbers.
fn privacy(ctx: &mut Ctx<'_>, rel: &str, f: &mut Fields<'_>) {
    ctx.report.privacy.last_seen = visibility(f, "last_seen_privacy");
    ctx.report.privacy.profile_photo = visibility(f, "profile_photo_privacy");
    ctx.report.privacy.about = visibility(f, "about_privacy");
    if let Some(entries) = f.strings("status_privacy") {
        let (status, problems) = parse_status_privacy(&entries);
        for problem in problems {
            f.note(WarningKind::Unknown, "status_privacy", problem);
        }
        ctx.report.privacy.status = Some(status);
    }
    ctx.report.privacy.read_receipts = f.get("read_receipts").and_then(|v| match v {
        Value::Bool(b) => Some(*b),
        Value::String(s) if s.eq_ignore_ascii_case("yes") => Some(true),
        Value::String(s) if s.eq_ignore_ascii_case("no") => Some(false),
        other => {
            let shown = match other {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            f.note(
                WarningKind::Unknown,
                "read_receipts",
                msg![
                    "unknown value `",
                    crate::text::UnknownValue::new(shown),
                    "`; taken as unknown"
                ],
            );
            None
        }
    });
    if let Some(numbers) = f.strings("blocked_numbers") {
        let numbers = ctx.phones(rel, "wa_settings.blocked_numbers", numbers);
        ctx.report.blocked = Some(numbers);
    }
    ctx.report.blocked_updated_at = f.time("blocked_numbers_update_time");
}

/// `settings_last_fetch_time`: each device's time, keyed by its id.
fn settings_fetches(r: &mut Report, f: &mut Fields<'_>) {
    match f.get("settings_last_fetch_time") {
        None => {}
        Some(Value::Object(fetches)) => {
            for (id, at) in fetches {
                let mut at_path = f.at("settings_last_fetch_time");
                at_path.push(".");
                at_path.push(UnknownLabel::new(id.as_str()));
                match id.trim().parse::<i64>() {
                    Ok(id) => r.device_mut(id).settings_last_fetch_at = f.time_value(at_path, at),
                    Err(_) => f.warn_at(
                        WarningKind::Invalid,
                        at_path,
                        msg!["is not a device id; skipped"],
                    ),
                }
            }
        }
        Some(_) => f.problem(
            "settings_last_fetch_time",
            msg!["expected an object; ignored"],
        ),
    }
}

/// A list of per-device objects (`device_activity`, `device_info`, `device_sync_status`),
/// each read into its device by `read`; one without a device id is named (`skipped`). Gives
/// the devices in the list's order.
fn device_list(
    rel: &str,
    f: &mut Fields<'_>,
    key: &'static str,
    skipped: &'static str,
    r: &mut Report,
    read: impl Fn(&mut Fields<'_>, &mut Device),
) -> Vec<i64> {
    let mut order = Vec::new();
    for (i, item) in f.array(key).into_iter().flatten().enumerate() {
        let mut at = f.at(key);
        at.extend(msg!["[", i, "]"]);
        let mut d = Fields::new(rel, at, item);
        if let Some(id) = d.int("device_id") {
            order.push(id);
            read(&mut d, r.device_mut(id));
        } else {
            d.problem("device_id", msg![skipped]);
        }
        d.finish(&mut r.warnings);
    }
    order
}

pub(super) fn terms(ctx: &mut Ctx<'_>, rel: &'static str) -> anyhow::Result<()> {
    let Some(value) = ctx.read_json(rel, Reader::TermsJson)? else {
        return Ok(());
    };
    let tos = ctx.wrapper(rel, &value, "wa_terms_of_service")?;
    let mut f = Fields::new(rel, msg!["wa_terms_of_service"], tos);
    let terms = &mut ctx.report.terms;
    terms.tos_2016_accepted = f.bool("tos_accepted_2016");
    terms.tos_2016_accepted_at = f.time("tos_accept_time_2016");
    terms.tos_2018_accepted = f.bool("tos_accepted_2018");
    terms.tos_2018_accepted_at = f.time("tos_accept_time_2018");
    terms.tos_2021_accepted = f.bool("tos_accepted_2021");
    terms.tos_2021_accepted_at = f.time("tos_accept_time_2021");
    terms.opted_out = f.bool("data_sharing_opt_out");
    // Never seen; FORMAT.md 2.6 infers this name for the HTML's opt-out time row.
    terms.opted_out_at = f.time("data_sharing_opt_out_time");
    f.finish(&mut ctx.report.warnings);
    Ok(())
}

/// `avatars_information.json` has an undocumented structure (FORMAT.md 2.7): an empty
/// wrapper is fine; anything in it is named, since it is not read.
pub(super) fn avatars(ctx: &mut Ctx<'_>, rel: &'static str) -> anyhow::Result<()> {
    let Some(value) = ctx.read_json(rel, Reader::AvatarsJson)? else {
        return Ok(());
    };
    let is_empty = |v: &Value| match v {
        Value::Null => true,
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        Value::String(s) => s.is_empty(),
        _ => false,
    };
    const LAYOUT: &str = "holds content; the avatars layout is undocumented, so it is not read";
    match &value {
        Value::Object(map) => {
            let filled = map.iter().filter(|(_, v)| !is_empty(v)).map(|(k, _)| k);
            ctx.name_keys(rel, filled, LAYOUT);
        }
        other if !is_empty(other) => ctx.warn(WarningKind::Unknown, rel, msg![LAYOUT]),
        _ => {}
    }
    Ok(())
}
