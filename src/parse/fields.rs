//! Typed access to one JSON object that remembers which keys were used, so that
//! [`Fields::finish`] can name every key nobody asked for. Every warning says where: the
//! file, and the key path (`wa_settings.device_info[1].device_id`).

use jiff::Timestamp;
use serde_json::{Map, Value};

use super::apply::Problem;
use crate::model::{Warning, WarningKind};
use crate::msg;
use crate::text::{Message, Part, UnknownLabel};

pub(crate) struct Fields<'v> {
    file: String,
    path: Message,
    map: Option<&'v Map<String, Value>>,
    used: Vec<&'v str>,
    pub warnings: Vec<Warning>,
}

impl<'v> Fields<'v> {
    /// `path` names the object in messages (`wa_settings`, `wa_settings.device_info[1]`).
    pub fn new(file: &str, path: Message, value: &'v Value) -> Fields<'v> {
        let mut fields = Fields {
            file: file.into(),
            path,
            map: value.as_object(),
            used: Vec::new(),
            warnings: Vec::new(),
        };
        if fields.map.is_none() {
            let found = kind(value);
            fields.warn_at(
                WarningKind::Invalid,
                fields.path.clone(),
                msg!["expected an object, found ", found, "; not read"],
            );
        }
        fields
    }

    /// The path of a key of this object.
    pub fn at(&self, key: impl Into<Part>) -> Message {
        let mut at = self.path.clone();
        if !at.is_empty() {
            at.push(".");
        }
        at.push(key);
        at
    }

    pub fn warn_at(&mut self, kind: WarningKind, at: Message, message: Message) {
        self.warnings
            .push(Warning::new(kind, &self.file, at, message));
    }

    /// A value of the wrong type or shape.
    pub fn problem(&mut self, key: &'static str, message: Message) {
        self.note(WarningKind::Invalid, key, message);
    }

    pub fn note(&mut self, kind: WarningKind, key: &'static str, message: Message) {
        let at = self.at(key);
        self.warn_at(kind, at, message);
    }

    /// A value read from `key`, with what to warn about it named there.
    pub fn checked<T>(&mut self, key: &'static str, (value, problem): (T, Option<Problem>)) -> T {
        if let Some((kind, message)) = problem {
            self.note(kind, key, message);
        }
        value
    }

    /// The raw value of a key, marking it used.
    pub fn get(&mut self, key: &str) -> Option<&'v Value> {
        let (k, v) = self.map?.get_key_value(key)?;
        self.used.push(k.as_str());
        Some(v)
    }

    /// The value of a key as `read` takes it; a value it does not take is named (`expected`:
    /// what it wanted), and null is absent.
    fn typed<T>(
        &mut self,
        key: &'static str,
        expected: &'static str,
        read: impl FnOnce(&'v Value) -> Option<T>,
    ) -> Option<T> {
        let value = self.get(key).filter(|v| !v.is_null())?;
        let read = read(value);
        if read.is_none() {
            let found = kind(value);
            self.problem(key, msg![expected, found, "; ignored"]);
        }
        read
    }

    pub fn str(&mut self, key: &'static str) -> Option<String> {
        self.typed(key, "expected text, found ", |v| {
            v.as_str().map(str::to_string)
        })
    }

    /// Text, with `""` taken as absent.
    pub fn text(&mut self, key: &'static str) -> Option<String> {
        self.str(key).filter(|s| !s.is_empty())
    }

    pub fn int(&mut self, key: &'static str) -> Option<i64> {
        let value = self.get(key)?;
        let at = self.at(key);
        self.int_value(at, value)
    }

    fn int_value(&mut self, at: Message, value: &Value) -> Option<i64> {
        match value {
            Value::Number(n) if n.is_i64() => n.as_i64(),
            Value::String(s) if s.trim().parse::<i64>().is_ok() => s.trim().parse().ok(),
            Value::Null => None,
            other => {
                let found = kind(other);
                self.warn_at(
                    WarningKind::Invalid,
                    at,
                    msg!["expected a whole number, found ", found, "; ignored"],
                );
                None
            }
        }
    }

    pub fn bool(&mut self, key: &'static str) -> Option<bool> {
        self.typed(key, "expected true or false, found ", Value::as_bool)
    }

    /// Epoch seconds, UTC. 0 is taken as "no time", with a note.
    pub fn time(&mut self, key: &'static str) -> Option<Timestamp> {
        let value = self.get(key)?;
        let at = self.at(key);
        self.time_value(at, value)
    }

    /// Like [`Fields::time`] for a value found some other way (a map's values); `at` names
    /// it in messages.
    pub fn time_value(&mut self, at: Message, value: &Value) -> Option<Timestamp> {
        let secs = self.int_value(at.clone(), value)?;
        if secs == 0 {
            self.warn_at(WarningKind::Fallback, at, msg!["is 0; taken as no time"]);
            return None;
        }
        match Timestamp::from_second(secs) {
            Ok(ts) => Some(ts),
            Err(_) => {
                self.warn_at(
                    WarningKind::Invalid,
                    at,
                    msg![secs, " is not a usable time; ignored"],
                );
                None
            }
        }
    }

    pub fn array(&mut self, key: &'static str) -> Option<&'v Vec<Value>> {
        self.typed(key, "expected a list, found ", Value::as_array)
    }

    /// A list of strings; other elements are named in warnings and skipped.
    pub fn strings(&mut self, key: &'static str) -> Option<Vec<String>> {
        let items = self.array(key)?;
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            match item {
                Value::String(s) => out.push(s.clone()),
                other => {
                    let found = kind(other);
                    let mut at = self.at(key);
                    at.extend(msg!["[", i, "]"]);
                    self.warn_at(
                        WarningKind::Invalid,
                        at,
                        msg!["expected text, found ", found, "; skipped"],
                    );
                }
            }
        }
        Some(out)
    }

    /// Names every key of the object that was not asked for.
    pub fn finish(mut self, into: &mut Vec<Warning>) {
        if let Some(map) = self.map {
            let unknown: Vec<String> = map
                .keys()
                .filter(|k| !self.used.contains(&k.as_str()))
                .cloned()
                .collect();
            for key in unknown {
                let at = self.at(UnknownLabel::new(key));
                self.warn_at(WarningKind::Unknown, at, msg!["unknown key; not read"]);
            }
        }
        into.append(&mut self.warnings);
    }
}

/// A JSON value's kind, for messages.
pub(crate) fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "true/false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_name_unknown_keys_and_wrong_types() {
        let v = serde_json::json!({"a": "x", "b": 5, "c": true});
        let mut f = Fields::new("f.json", msg!["wa_x"], &v);
        assert_eq!(f.str("a").as_deref(), Some("x"));
        assert_eq!(f.str("b"), None);
        let mut w = Vec::new();
        f.finish(&mut w);
        let msgs: Vec<String> = w.iter().map(Warning::exact).collect();
        assert_eq!(
            msgs,
            [
                "f.json: `wa_x.b`: expected text, found a number; ignored",
                "f.json: `wa_x.c`: unknown key; not read"
            ]
        );
    }
}
