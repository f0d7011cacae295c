//! The HTML twins of generations B, B′ and C (FORMAT.md section 3): four key/value pages and
//! two list pages. Dates are at a fixed UTC−08:00 and carry minutes only.

use super::Ctx;
use super::html::{Applier, Zone, list_items, sections};
use crate::labels::Table;
use crate::model::WarningKind;

const PAGES: [(&str, Table); 5] = [
    (
        "whatsapp_account_information/user_information.html",
        Table::UserB,
    ),
    (
        "whatsapp_account_information/registration_information.html",
        Table::Registration,
    ),
    (
        "whatsapp_account_information/registration_info.html",
        Table::Registration,
    ),
    ("whatsapp_settings/account_settings.html", Table::SettingsB),
    ("whatsapp_settings/terms_of_service.html", Table::Terms),
];

pub(super) const CONTACTS: &str = "whatsapp_connections/contacts.html";
pub(super) const GROUPS: &str = "whatsapp_connections/groups.html";

/// Reads the key/value pages, and the list pages when asked (their JSON is missing, or the
/// caller cross-checks).
pub(super) fn parse(ctx: &mut Ctx<'_>, contacts: bool, groups: bool) -> anyhow::Result<()> {
    for (rel, table) in PAGES {
        let Some(doc) = ctx.read_html(rel)? else {
            continue;
        };
        let found = sections(&doc);
        if found.is_empty() {
            ctx.warn(
                WarningKind::Unknown,
                rel,
                "no key/value table found; the page's layout is not recognised",
            );
        }
        let table = (found.len() == 1).then_some(table);
        let mut applier = Applier {
            report: &mut ctx.report,
            file: rel.to_string(),
            zone: Zone::FixedMinus8,
            lists: false,
        };
        for rows in &found {
            applier.table(table, rows);
        }
    }
    if contacts && let Some(items) = list(ctx, CONTACTS)? {
        let items = items.into_iter().map(|i| i.trim().to_string()).collect();
        ctx.report.contacts = super::phones(items, CONTACTS, "contacts", &mut ctx.report.warnings);
    }
    if groups && let Some(items) = list(ctx, GROUPS)? {
        ctx.report.groups = items;
    }
    Ok(())
}

fn list(ctx: &mut Ctx<'_>, rel: &str) -> anyhow::Result<Option<Vec<String>>> {
    let Some(text) = ctx.read_text(rel, "HTML")? else {
        return Ok(None);
    };
    let items = list_items(&text);
    if items.is_none() {
        ctx.warn(
            WarningKind::Unknown,
            rel,
            "no `role=main` region found; the page's layout is not recognised",
        );
    }
    Ok(items)
}
