//! Reading JSON objects whose named keys hold long lists of strings (contacts, groups)
//! without building a `serde_json::Value` tree: each string goes straight into its list, and
//! only the other, small keys become `Value`s. A report with 200,000 contacts spends most of
//! its parse time here otherwise.

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

/// The strings of one list, and the positions of elements that were not strings.
#[derive(Debug, Default)]
pub(crate) struct Strings {
    /// The strings kept: all of them, or for a counted list only those the filter asked for.
    pub items: Vec<String>,
    /// How many strings the list had.
    pub count: usize,
    /// Index and JSON kind of each element that was not a string.
    pub others: Vec<(usize, &'static str)>,
}

/// A top-level object split into its lists and everything else.
#[derive(Debug, Default)]
pub(crate) struct Split {
    /// For each list key found: its strings, or the kind of value found instead of a list.
    pub lists: Vec<(String, Result<Strings, &'static str>)>,
    pub rest: Map<String, Value>,
}

impl Split {
    pub fn take(&mut self, key: &str) -> Option<Result<Strings, &'static str>> {
        let at = self.lists.iter().position(|(k, _)| k == key)?;
        Some(self.lists.remove(at).1)
    }
}

/// Which strings of a list to keep.
pub(crate) type Keep = fn(&str) -> bool;

/// Parses `text` as a JSON object, reading `list_keys` as lists of strings. Each list keeps
/// the strings its `Keep` accepts and counts them all.
pub(crate) fn split(text: &str, list_keys: &[(&str, Keep)]) -> serde_json::Result<Split> {
    let mut de = serde_json::Deserializer::from_str(text);
    let split = de.deserialize_map(SplitVisitor { list_keys })?;
    de.end()?;
    Ok(split)
}

/// Keeps every string.
pub(crate) fn all(_: &str) -> bool {
    true
}

struct SplitVisitor<'k> {
    list_keys: &'k [(&'k str, Keep)],
}

impl<'de> Visitor<'de> for SplitVisitor<'_> {
    type Value = Split;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Split, A::Error> {
        let mut out = Split::default();
        while let Some(key) = map.next_key::<String>()? {
            if let Some(&(_, keep)) = self.list_keys.iter().find(|(k, _)| *k == key) {
                let list = map.next_value_seed(ListVisitor(keep))?;
                out.lists.push((key, list));
            } else {
                let value = map.next_value::<Value>()?;
                out.rest.insert(key, value);
            }
        }
        Ok(out)
    }
}

/// A list of strings, or (as `Err`) the kind of the value found instead.
struct ListVisitor(Keep);

impl<'de> DeserializeSeed<'de> for ListVisitor {
    type Value = Result<Strings, &'static str>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

macro_rules! not_a_list {
    ($($name:ident: $t:ty => $kind:expr),*) => {
        $(fn $name<E: de::Error>(self, _: $t) -> Result<Self::Value, E> {
            Ok(Err($kind))
        })*
    };
}

impl<'de> Visitor<'de> for ListVisitor {
    type Value = Result<Strings, &'static str>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a list of strings")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut out = Strings::default();
        let mut index = 0;
        while let Some(element) = seq.next_element_seed(ElementVisitor(self.0))? {
            match element {
                Ok(Some(s)) => {
                    out.items.push(s);
                    out.count += 1;
                }
                Ok(None) => out.count += 1,
                Err(kind) => out.others.push((index, kind)),
            }
            index += 1;
        }
        Ok(Ok(out))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Err("an object"))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Err("null"))
    }

    not_a_list!(visit_bool: bool => "true/false", visit_i64: i64 => "a number", visit_u64: u64 => "a number",
                visit_f64: f64 => "a number", visit_str: &str => "text");
}

/// One element: a string (kept or only counted), or (as `Err`) the kind of anything else,
/// consumed.
struct ElementVisitor(Keep);

impl<'de> DeserializeSeed<'de> for ElementVisitor {
    type Value = Result<Option<String>, &'static str>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ElementVisitor {
    type Value = Result<Option<String>, &'static str>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<Self::Value, E> {
        Ok(Ok((self.0)(s).then(|| s.to_string())))
    }

    fn visit_string<E: de::Error>(self, s: String) -> Result<Self::Value, E> {
        Ok(Ok((self.0)(&s).then_some(s)))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Err("a list"))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Err("an object"))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Err("null"))
    }

    not_a_list!(visit_bool: bool => "true/false", visit_i64: i64 => "a number", visit_u64: u64 => "a number",
                visit_f64: f64 => "a number");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_read_and_the_rest_kept() {
        let mut s = split(
            r#"{"wa_contacts": ["+1", 5, ["x"], "+2"], "other": {"a": 1}}"#,
            &[("wa_contacts", all)],
        )
        .unwrap();
        let list = s.take("wa_contacts").unwrap().unwrap();
        assert_eq!(list.items, ["+1", "+2"]);
        assert_eq!(list.count, 2);
        assert_eq!(list.others, [(1, "a number"), (2, "a list")]);
        assert_eq!(s.rest["other"]["a"], 1);
        assert!(s.take("wa_contacts").is_none());
    }

    #[test]
    fn a_list_key_holding_something_else_is_named() {
        let mut s = split(r#"{"groups": {"a": [1, 2]}}"#, &[("groups", all)]).unwrap();
        assert_eq!(s.take("groups").unwrap().unwrap_err(), "an object");
    }

    #[test]
    fn not_an_object_is_an_error() {
        assert!(split("[1, 2]", &[("x", all)]).is_err());
        assert!(split("{\"x\": [\"a\"]} trailing", &[("x", all)]).is_err());
    }

    #[test]
    fn a_counted_list_keeps_only_what_the_filter_asks_for() {
        let odd: Keep = |s| !s.starts_with('+');
        let mut s = split(r#"{"c": ["+1", "x", "+2", 3]}"#, &[("c", odd)]).unwrap();
        let list = s.take("c").unwrap().unwrap();
        assert_eq!(
            (list.items.as_slice(), list.count),
            (&["x".to_string()][..], 3)
        );
    }
}
