//! The flat `wa_*` JSON files of generations B, B′ and C (FORMAT.md section 2).
//!
//! Gen C differs only in `user_information.json`, which `labels_c` reads.

use serde_json::Value;

use super::{Ctx, Fields, base64_decoded_len, labels_c, phone, phones, set_current_ip};
use crate::model::{Acceptance, Blocked, Generation, SyncSession, Visibility, WarningKind};
use crate::normalize::{parse_status_privacy, parse_visibility};

const USER_INFO: &str = "whatsapp_account_information/user_information.json";
const REGISTRATION: [&str; 2] = [
    "whatsapp_account_information/registration_information.json",
    "whatsapp_account_information/registration_info.json",
];
const AVATARS: &str = "whatsapp_account_information/avatars_information.json";
const CONTACTS: &str = "whatsapp_connections/contacts.json";
const GROUPS: &str = "whatsapp_connections/groups.json";
const SETTINGS: &str = "whatsapp_settings/account_settings.json";
const TERMS: &str = "whatsapp_settings/terms_of_service.json";

pub(super) fn parse(ctx: &mut Ctx<'_>) -> anyhow::Result<()> {
    user_information(ctx)?;
    registration(ctx)?;
    contacts(ctx)?;
    groups(ctx)?;
    settings(ctx)?;
    terms(ctx)?;
    avatars(ctx)?;
    Ok(())
}

fn user_information(ctx: &mut Ctx<'_>) -> anyhow::Result<()> {
    let lost = "the account, report times and device activity are unknown";
    let Some(value) = ctx.read_json(USER_INFO, lost)? else {
        return Ok(());
    };
    if value.get("label_values").is_some() {
        ctx.layout.refine_to_c();
        return labels_c::user_information(ctx, USER_INFO, &value);
    }
    let info = ctx.wrapper(USER_INFO, &value, "wa_profile_info")?;
    let mut f = Fields::new(USER_INFO, "wa_profile_info", info);
    let r = &mut ctx.report;
    r.account.phone_number = f.str("phone_number").map(|raw| {
        phone(
            raw,
            USER_INFO,
            "wa_profile_info.phone_number",
            &mut f.warnings,
        )
    });
    r.generated_at = f.time("report_generation_time");
    r.requested_at = f.time("report_request_time");
    r.account.email = f.text("email_address");
    r.account.name = f.text("name");
    r.account.about = f.str("about");
    r.account.about_set_at = f.time("about_set_timestamp");
    let picture = f.str("profile_picture").filter(|p| !p.trim().is_empty());
    r.account.profile_picture.present = picture.is_some();
    r.account.profile_picture.size_bytes = picture.as_deref().map(base64_decoded_len);
    r.account.profile_picture.uploaded_at = f.time("profile_picture_upload_time");
    r.web_desktop.platform = f.text("web_desktop_platform");
    r.web_desktop.state = f.text("web_desktop_state");
    for (i, item) in f.array("device_activity").into_iter().flatten().enumerate() {
        let mut d = Fields::new(
            USER_INFO,
            &format!("wa_profile_info.device_activity[{i}]"),
            item,
        );
        let Some(id) = d.int("device_id") else {
            d.problem("device_id", "missing; device skipped".into());
            d.finish(&mut r.warnings);
            continue;
        };
        let device = r.device_mut(id);
        device.status = d.text("status");
        device.last_active_at = d.time("last_active_time");
        device.online_since = d.time("online_since");
        device.previous_ip = d.text("previous_connection_ip");
        if let Some(raw) = d.text("current_connection_ip")
            && let Some((kind, problem)) = set_current_ip(device, &raw)
        {
            d.note(kind, "current_connection_ip", problem);
        }
        d.finish(&mut r.warnings);
    }
    f.finish(&mut r.warnings);
    Ok(())
}

fn registration(ctx: &mut Ctx<'_>) -> anyhow::Result<()> {
    // The file present, else the name its HTML twin or the generation implies.
    let rel = REGISTRATION
        .into_iter()
        .find(|rel| ctx.has(rel))
        .or_else(|| {
            REGISTRATION
                .into_iter()
                .find(|rel| ctx.has(&rel.replace(".json", ".html")))
        })
        .unwrap_or(if ctx.layout.generation == Generation::B {
            REGISTRATION[1]
        } else {
            REGISTRATION[0]
        });
    let Some(value) = ctx.read_json(rel, "registration details are unknown")? else {
        return Ok(());
    };
    let info = ctx.wrapper(rel, &value, "wa_registration_info")?;
    let mut f = Fields::new(rel, "wa_registration_info", info);
    let reg = &mut ctx.report.registration;
    if let Some(platform) = f.text("platform") {
        let (name, version) = match platform.split_once('-') {
            Some((name, version)) => (name, Some(version.to_string())),
            None => (platform.as_str(), None),
        };
        reg.platform = Some(name.to_lowercase());
        reg.app_version = version.filter(|v| !v.is_empty());
    }
    reg.network_code = f.text("network");
    reg.network_name = f.text("network_name");
    reg.device = f.text("device");
    reg.registered_at = f.time("registration_timestamp");
    f.finish(&mut ctx.report.warnings);
    Ok(())
}

fn contacts(ctx: &mut Ctx<'_>) -> anyhow::Result<()> {
    let lost = "contacts are unknown and shown as none";
    let keep = ctx.contacts_keep();
    let Some(mut split) = ctx.read_json_lists(CONTACTS, lost, &[("wa_contacts", keep)])? else {
        return Ok(());
    };
    match ctx.take_list(CONTACTS, &mut split, "wa_contacts") {
        Some((numbers, count)) => ctx.set_contacts(CONTACTS, "wa_contacts", numbers, count),
        None => ctx.warn(
            WarningKind::Missing,
            CONTACTS,
            "`wa_contacts`: missing; contacts are unknown",
        ),
    }
    unknown_keys(ctx, CONTACTS, &split);
    Ok(())
}

fn groups(ctx: &mut Ctx<'_>) -> anyhow::Result<()> {
    let lost = "groups are unknown and shown as none";
    let Some(mut split) = ctx.read_json_lists(GROUPS, lost, &[("wa_groups", super::lists::all)])?
    else {
        return Ok(());
    };
    match ctx.take_list(GROUPS, &mut split, "wa_groups") {
        Some((groups, _)) => ctx.report.groups = groups,
        None => ctx.warn(
            WarningKind::Missing,
            GROUPS,
            "`wa_groups`: missing; groups are unknown",
        ),
    }
    unknown_keys(ctx, GROUPS, &split);
    Ok(())
}

/// Names the keys of a list file that are not its list.
fn unknown_keys(ctx: &mut Ctx<'_>, rel: &str, split: &super::lists::Split) {
    for key in split.rest.keys() {
        ctx.warn(
            WarningKind::Unknown,
            rel,
            format!("`{key}`: unknown key; not read"),
        );
    }
}

/// A visibility setting, keeping (and naming) values that are none of the known ones.
fn visibility(f: &mut Fields<'_>, key: &str) -> Option<Visibility> {
    let raw = f.text(key)?;
    Some(parse_visibility(&raw).unwrap_or_else(|other| {
        f.note(
            WarningKind::Unknown,
            key,
            format!("unknown value `{raw}`; kept verbatim"),
        );
        other
    }))
}

fn settings(ctx: &mut Ctx<'_>) -> anyhow::Result<()> {
    let lost = "privacy settings, blocked numbers and device details are unknown";
    let Some(value) = ctx.read_json(SETTINGS, lost)? else {
        return Ok(());
    };
    let settings = ctx.wrapper(SETTINGS, &value, "wa_settings")?;
    let mut f = Fields::new(SETTINGS, "wa_settings", settings);
    let r = &mut ctx.report;
    r.privacy.last_seen = visibility(&mut f, "last_seen_privacy");
    r.privacy.profile_photo = visibility(&mut f, "profile_photo_privacy");
    r.privacy.about = visibility(&mut f, "about_privacy");
    if let Some(entries) = f.strings("status_privacy") {
        let (status, problems) = parse_status_privacy(&entries);
        for problem in problems {
            f.note(WarningKind::Unknown, "status_privacy", problem);
        }
        r.privacy.status = Some(status);
    }
    r.privacy.read_receipts = f.get("read_receipts").and_then(|v| match v {
        Value::Bool(b) => Some(*b),
        Value::String(s) if s.eq_ignore_ascii_case("yes") => Some(true),
        Value::String(s) if s.eq_ignore_ascii_case("no") => Some(false),
        other => {
            f.note(
                WarningKind::Unknown,
                "read_receipts",
                format!("unknown value {other}; taken as unknown"),
            );
            None
        }
    });
    if let Some(numbers) = f.strings("blocked_numbers") {
        let mut problems = Vec::new();
        let numbers = phones(
            numbers,
            SETTINGS,
            "wa_settings.blocked_numbers",
            &mut problems,
        );
        f.warnings.extend(problems);
        r.blocked = Some(Blocked {
            numbers,
            updated_at: None,
        });
    }
    let updated_at = f.time("blocked_numbers_update_time");
    if let Some(blocked) = &mut r.blocked {
        blocked.updated_at = updated_at;
    }

    if let Some(fetches) = f.get("settings_last_fetch_time") {
        match fetches {
            Value::Object(fetches) => {
                for (id, at) in fetches {
                    let key = format!("settings_last_fetch_time.{id}");
                    match id.trim().parse::<i64>() {
                        Ok(id) => r.device_mut(id).settings_last_fetch_at = f.time_value(&key, at),
                        Err(_) => f.problem(&key, "is not a device id; skipped".into()),
                    }
                }
            }
            _ => f.problem(
                "settings_last_fetch_time",
                "expected an object; ignored".into(),
            ),
        }
    }

    r.sync.current_session_id = f.text("current_sync_session_id");
    r.sync.current_session_registered_at = f.time("current_sync_session_account_registration_time");
    for (i, item) in f.array("sync_sessions").into_iter().flatten().enumerate() {
        let mut s = Fields::new(SETTINGS, &format!("wa_settings.sync_sessions[{i}]"), item);
        r.sync.sessions.push(SyncSession {
            id: s.text("sync_session_id"),
            account_registered_at: s.time("account_registration_time"),
            state_collections: s.strings("state_collections").unwrap_or_default(),
        });
        s.finish(&mut r.warnings);
    }

    for (i, item) in f
        .array("device_sync_status")
        .into_iter()
        .flatten()
        .enumerate()
    {
        let mut d = Fields::new(
            SETTINGS,
            &format!("wa_settings.device_sync_status[{i}]"),
            item,
        );
        if let Some(id) = d.int("device_id") {
            let dropped = d.time("last_notification_dropped_time");
            r.device_mut(id).last_notification_dropped_at = dropped;
        } else {
            d.problem("device_id", "missing; entry skipped".into());
        }
        d.finish(&mut r.warnings);
    }

    for (i, item) in f.array("device_info").into_iter().flatten().enumerate() {
        let mut d = Fields::new(SETTINGS, &format!("wa_settings.device_info[{i}]"), item);
        if let Some(id) = d.int("device_id") {
            let device = r.device_mut(id);
            device.app_version = d.text("app_version");
            device.os_version = d.text("operating_system_version");
            device.manufacturer = d.text("device_manufacturer");
            device.model = d.text("device_model");
        } else {
            d.problem("device_id", "missing; entry skipped".into());
        }
        d.finish(&mut r.warnings);
    }
    f.finish(&mut r.warnings);
    Ok(())
}

fn terms(ctx: &mut Ctx<'_>) -> anyhow::Result<()> {
    let Some(value) = ctx.read_json(TERMS, "terms acceptance is unknown")? else {
        return Ok(());
    };
    let tos = ctx.wrapper(TERMS, &value, "wa_terms_of_service")?;
    let mut f = Fields::new(TERMS, "wa_terms_of_service", tos);
    let year = |f: &mut Fields<'_>, y: &str| Acceptance {
        value: f.bool(&format!("tos_accepted_{y}")),
        at: f.time(&format!("tos_accept_time_{y}")),
    };
    let terms = &mut ctx.report.terms;
    terms.tos_2016 = year(&mut f, "2016");
    terms.tos_2018 = year(&mut f, "2018");
    terms.tos_2021 = year(&mut f, "2021");
    terms.data_sharing_opt_out = Acceptance {
        value: f.bool("data_sharing_opt_out"),
        // Never seen; FORMAT.md 2.6 infers this name for the HTML's opt-out time row.
        at: f.time("data_sharing_opt_out_time"),
    };
    f.finish(&mut ctx.report.warnings);
    Ok(())
}

/// `avatars_information.json` has an undocumented structure (FORMAT.md 2.7): an empty
/// wrapper is fine; anything in it is named, since it is not read.
fn avatars(ctx: &mut Ctx<'_>) -> anyhow::Result<()> {
    if !ctx.has(AVATARS) {
        return Ok(());
    }
    let Some(value) = ctx.read_json(AVATARS, "")? else {
        return Ok(());
    };
    let is_empty = |v: &Value| match v {
        Value::Null => true,
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        Value::String(s) => s.is_empty(),
        _ => false,
    };
    let filled: Vec<String> = match &value {
        Value::Object(map) => map
            .iter()
            .filter(|(_, v)| !is_empty(v))
            .map(|(k, _)| format!("`{k}`"))
            .collect(),
        other if is_empty(other) => Vec::new(),
        _ => vec!["its content".into()],
    };
    if !filled.is_empty() {
        ctx.warn(
            WarningKind::Unknown,
            AVATARS,
            format!(
                "holds {}; the avatars layout is undocumented, so it is not read",
                filled.join(", ")
            ),
        );
    }
    Ok(())
}
