//! The page's lists of fields: a record's fields as the model's table names them, each
//! value shown by its kind and marked with its field's path (`data-field`), so that scripts
//! and the browser tests find every field where the table says it is.

use maud::{Markup, html};

use super::{plural, time, vis_words};
use crate::diff::Val;
use crate::format::Clock;
use crate::model::{Field, Leaf};
use crate::term::escape_name_display;

/// A field's value on the page, by its kind; what the report does not say, muted.
pub(super) fn value(clock: &Clock, leaf: Leaf<'_>) -> Markup {
    let missing = || html! { span.muted { "not in the report" } };
    // A list by its length.
    let counted =
        |n: Option<usize>, one, many| n.map_or_else(missing, |n| html! { (plural(n, one, many)) });
    match leaf {
        Leaf::Size(n) => n.map_or_else(missing, |n| html! { (crate::format::size(n)) }),
        Leaf::Text(Some(t)) if t.is_empty() => html! { span.muted { "empty" } },
        Leaf::About(a) => a
            .as_ref()
            .map_or_else(missing, |a| html! { "“" bdi { (escape_name_display(a)) } "”" }),
        Leaf::Vis(v) => html! { (vis_words(v.as_ref())) },
        Leaf::Phones(p) => counted(p.as_ref().map(Vec::len), "number", "numbers"),
        Leaf::Contacts(c) => counted(c.as_ref().map(|c| c.len()), "contact", "contacts"),
        Leaf::Groups(g) => counted(g.as_ref().map(Vec::len), "group", "groups"),
        Leaf::Status(s) => s.as_ref().map_or_else(missing, |s| {
            html! {
                (vis_words(s.mode.as_ref())) "; "
                (plural(s.except.len(), "contact", "contacts")) " excluded, "
                (plural(s.only_share_with.len(), "contact", "contacts")) " on the only-share-with list"
            }
        }),
        Leaf::Sessions(s) => match s {
            None => missing(),
            Some(list) if list.is_empty() => html! { "none" },
            Some(list) => html! {
                (plural(list.len(), "session", "sessions"))
                ul {
                    @for s in list {
                        li {
                            @match &s.id { Some(id) => { bdi.mono { (id) } } None => { "no id" } }
                            ", account registered " (time(clock, s.account_registered_at))
                            @if !s.state_collections.is_empty() {
                                ", collections: "
                                bdi { (s.state_collections.iter().map(|c| c.to_string()).collect::<Vec<_>>().join(", ")) }
                            }
                        }
                    }
                }
            },
        },
        Leaf::Payments(p) => html! {
            (match p.as_ref().map(|p| p.word()) {
                None => "no payments folder",
                Some("no_data") => "a payments folder saying there is no data",
                _ => "a payments folder with files wareport does not read",
            })
        },
        // One value of another kind: as a change shows it.
        one => Val::of(one)
            .flatten()
            .map_or_else(missing, |v| super::val(&v, clock)),
    }
}

/// Fields as a list of names and values, in the order a record's walk gives them.
pub(super) fn facts<'a>(
    clock: &Clock,
    walk: impl FnOnce(&mut dyn FnMut(Field, Leaf<'a>)),
) -> Markup {
    let mut fields: Vec<(Field, Leaf<'a>)> = Vec::new();
    walk(&mut |field, leaf| fields.push((field, leaf)));
    html! {
        dl.facts {
            @for (field, leaf) in &fields {
                dt { (field.def.meta.show) }
                dd data-field=(field.def.path) { (value(clock, *leaf)) }
            }
        }
    }
}
