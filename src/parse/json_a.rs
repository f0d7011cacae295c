//! Gen A `portability.json` (FORMAT.md 5.1): account, contacts and groups only. Terms,
//! registration, settings and devices exist only in `access.html` (`html_a`).

use super::{Ctx, Fields, base64_decoded_len, phone};
use crate::model::{Payments, WarningKind};

const PORTABILITY: &str = "portability.json";

pub(super) fn parse(ctx: &mut Ctx<'_>) -> anyhow::Result<()> {
    let lost = "the account, contacts and groups are unknown";
    let keys = [
        ("contacts", ctx.contacts_keep()),
        ("groups", super::lists::all as super::lists::Keep),
    ];
    if let Some(mut split) = ctx.read_json_lists(PORTABILITY, lost, &keys)? {
        let (contacts, count) = ctx
            .take_list(PORTABILITY, &mut split, "contacts")
            .unwrap_or_default();
        ctx.set_contacts(PORTABILITY, "contacts", contacts, count);
        let (groups, _) = ctx
            .take_list(PORTABILITY, &mut split, "groups")
            .unwrap_or_default();
        let value = serde_json::Value::Object(std::mem::take(&mut split.rest));
        let mut f = Fields::new(PORTABILITY, "", &value);
        let r = &mut ctx.report;
        r.account.phone_number = f
            .str("account_number")
            .map(|raw| phone(raw, PORTABILITY, "account_number", &mut r.warnings));
        r.groups = groups;
        r.account.about = f.str("about");
        r.account.email = f.text("email");
        r.generated_at = f.time("generation_time");
        r.requested_at = f.time("request_time");
        if let Some(pic) = f.get("profile_pic").filter(|v| !v.is_null()) {
            let mut p = Fields::new(PORTABILITY, "profile_pic", pic);
            let data = p.str("data").filter(|d| !d.trim().is_empty());
            r.account.profile_picture.size_bytes = data.as_deref().map(base64_decoded_len);
            r.account.profile_picture.uploaded_at = p.time("timestamp");
            r.account.profile_picture.present =
                data.is_some() || r.account.profile_picture.uploaded_at.is_some();
            p.finish(&mut r.warnings);
        }
        match f.get("pay") {
            None => {}
            Some(serde_json::Value::Null) => r.payments = Payments::NoData,
            Some(_) => {
                r.payments = Payments::Present(vec![format!("{PORTABILITY}: pay")]);
                f.note(
                    WarningKind::Unknown,
                    "pay",
                    "payments data is present; its layout is undocumented, so it is not read"
                        .into(),
                );
            }
        }
        f.finish(&mut ctx.report.warnings);
    }
    Ok(())
}
