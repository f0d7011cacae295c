//! How the JSON writes the model: times, flags, the terms, warnings and unrecognised
//! values, and the schemas of the types written by hand.

use super::{Acceptance, Terms, Unrecognised, Visibility, Warning};

/// How the JSON writes times and flags.
pub mod time {
    use jiff::Timestamp;
    use serde::Serializer;

    /// RFC 3339, UTC, whole seconds: `2022-08-11T03:11:20Z`; `null` when unknown.
    pub fn option<S: Serializer>(t: &Option<Timestamp>, s: S) -> Result<S::Ok, S::Error> {
        match t {
            Some(t) => one(t, s),
            None => s.serialize_none(),
        }
    }

    /// RFC 3339, UTC, whole seconds: `2022-08-11T03:11:20Z`.
    pub fn one<S: Serializer>(t: &Timestamp, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(t)
    }

    /// A flag the contract writes as a plain boolean: unknown is `false`.
    pub fn flag<S: Serializer>(b: &Option<bool>, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bool(b.unwrap_or(false))
    }
}

impl serde::Serialize for Terms {
    /// Each pair of the terms' fields as the object its paths name.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use schema_shapes::{Accepted, OptOut};
        let accepted = |a: Acceptance| Accepted {
            accepted: a.value,
            accepted_at: a.at,
        };
        let opt_out = self.data_sharing_opt_out();
        schema_shapes::Terms {
            tos_2016: accepted(self.tos_2016()),
            data_sharing_opt_out: OptOut {
                opted_out: opt_out.value,
                at: opt_out.at,
            },
            tos_2018: accepted(self.tos_2018()),
            tos_2021: accepted(self.tos_2021()),
        }
        .serialize(s)
    }
}

impl serde::Serialize for Warning {
    /// `file: `at`: message`, exact: the contract's warning strings.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.exact())
    }
}

impl serde::Serialize for Unrecognised {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let label = match self.parent {
            Some(parent) => format!("{parent} › {}", self.label.exact()),
            None => self.label.exact().to_string(),
        };
        schema_shapes::Unrecognised {
            file: self.file.exact().into(),
            label,
            value: self.value.exact().into(),
        }
        .serialize(s)
    }
}

impl schemars::JsonSchema for Visibility {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Visibility".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "description": "everyone, my_contacts, my_contacts_except, only_share_with or nobody; a value the report gives that is none of these, verbatim (and named in warnings)"
        })
    }
}

impl schemars::JsonSchema for Warning {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Warning".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "description": "file: `key or label`: message"
        })
    }
}

/// The shapes the JSON writes for types with a hand-written `Serialize`, for schemas and to
/// write them.
mod schema_shapes {
    #![allow(dead_code)]
    use jiff::Timestamp;

    use super::time;

    #[derive(serde::Serialize, schemars::JsonSchema)]
    pub struct Accepted {
        pub accepted: Option<bool>,
        #[serde(serialize_with = "time::option")]
        pub accepted_at: Option<Timestamp>,
    }

    #[derive(serde::Serialize, schemars::JsonSchema)]
    pub struct OptOut {
        pub opted_out: Option<bool>,
        #[serde(serialize_with = "time::option")]
        pub at: Option<Timestamp>,
    }

    #[derive(serde::Serialize, schemars::JsonSchema)]
    pub struct Terms {
        pub tos_2016: Accepted,
        pub data_sharing_opt_out: OptOut,
        pub tos_2018: Accepted,
        pub tos_2021: Accepted,
    }

    #[derive(serde::Serialize, schemars::JsonSchema)]
    pub struct Unrecognised {
        pub file: String,
        /// The label, after its parent row's (`Device Activity › Battery`) when nested.
        pub label: String,
        pub value: String,
    }
}

impl schemars::JsonSchema for Terms {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Terms".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schema_shapes::Terms::json_schema(generator)
    }
}

impl schemars::JsonSchema for Unrecognised {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Unrecognised".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schema_shapes::Unrecognised::json_schema(generator)
    }
}
