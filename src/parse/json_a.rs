//! Gen A `portability.json` (FORMAT.md 5.1): account, contacts and groups only. Terms,
//! registration, settings and devices exist only in `access.html` (`pages`).

use super::{Ctx, Fields, base64_decoded_len};
use crate::model::{Payments, WarningKind};
use crate::msg;
use crate::spec::Reader;
use crate::text::{About, Email, GroupName, Message};

pub(super) fn portability(ctx: &mut Ctx<'_>, rel: &'static str) -> anyhow::Result<()> {
    let keys = [
        ("contacts", ctx.contacts_keep()),
        ("groups", super::lists::all as super::lists::Keep),
    ];
    let Some(mut split) = ctx.read_json_lists(rel, Reader::PortabilityJson, &keys)? else {
        return Ok(());
    };
    let from_html = ctx.has("access.html");
    let absent = |ctx: &mut Ctx<'_>, key: &'static str, what: &'static str| {
        let (kind, message) = if from_html {
            (
                WarningKind::Fallback,
                msg!["missing; the ", what, " are read from access.html"],
            )
        } else {
            (
                WarningKind::Missing,
                msg!["missing; the ", what, " are not in the report"],
            )
        };
        ctx.report
            .warnings
            .push(crate::model::Warning::new(kind, rel, msg![key], message));
    };
    let has_contacts = split.lists.iter().any(|(k, _)| k == "contacts");
    if let Some((contacts, count)) = ctx.take_list(rel, &mut split, "contacts") {
        ctx.set_contacts(rel, "contacts", contacts, count);
    } else if !has_contacts {
        absent(ctx, "contacts", "contacts");
    }
    let has_groups = split.lists.iter().any(|(k, _)| k == "groups");
    if let Some((groups, _)) = ctx.take_list(rel, &mut split, "groups") {
        ctx.report.groups = Some(groups.into_iter().map(GroupName::new).collect());
    } else if !has_groups {
        absent(ctx, "groups", "groups");
    }
    let value = serde_json::Value::Object(std::mem::take(&mut split.rest));
    let mut f = Fields::new(rel, Message::default(), &value);
    let r = &mut ctx.report;
    r.account.phone_number = f
        .str("account_number")
        .map(|raw| f.checked("account_number", super::apply::phone(&raw)));
    r.account.about = f.str("about").map(About::new);
    r.account.email = f.text("email").map(Email::new);
    r.generated_at = f.time("generation_time");
    r.requested_at = f.time("request_time");
    match f.get("profile_pic") {
        None => {}
        Some(serde_json::Value::Null) => r.account.profile_picture.present = Some(false),
        Some(pic) => {
            let mut p = Fields::new(rel, msg!["profile_pic"], pic);
            let data = p.str("data").filter(|d| !d.trim().is_empty());
            r.account.profile_picture.size_bytes = data.as_deref().map(base64_decoded_len);
            r.account.profile_picture.uploaded_at = p.time("timestamp");
            r.account.profile_picture.present =
                Some(data.is_some() || r.account.profile_picture.uploaded_at.is_some());
            p.finish(&mut r.warnings);
        }
    }
    match f.get("pay") {
        None => {}
        Some(serde_json::Value::Null) => r.payments = Some(Payments::NoData),
        Some(_) => {
            r.payments = Some(Payments::Present(Vec::new()));
            f.note(
                WarningKind::Unknown,
                "pay",
                msg!["payments data is present; its layout is undocumented, so it is not read"],
            );
        }
    }
    f.finish(&mut ctx.report.warnings);
    Ok(())
}
