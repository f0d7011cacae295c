//! Every `--json` output validates against the JSON Schema `wareport schema` prints for its
//! command (generated from the types that serialise it), for every fixture, plain and
//! redacted.

use serde_json::Value;
use wareport::schema::Document;

use crate::support::{FIXTURES, fixture};

fn output(args: &[String]) -> Value {
    let config = wareport::cli::config_from(args).unwrap();
    let out = wareport::app::execute(&config).unwrap();
    serde_json::from_str(&out.output).unwrap()
}

fn validator(doc: Document) -> jsonschema::Validator {
    let schema = wareport::schema::schema(doc);
    jsonschema::validator_for(schema.as_value()).unwrap()
}

fn check(doc: Document, args: &[String]) {
    let value = output(args);
    let validator = validator(doc);
    let errors: Vec<String> = validator
        .iter_errors(&value)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{args:?}: {errors:#?}");
}

fn args(parts: &[&str]) -> Vec<String> {
    std::iter::once("wareport")
        .chain(parts.iter().copied())
        .map(String::from)
        .collect()
}

#[test]
fn every_command_and_fixture_validates_against_its_schema() {
    let names = FIXTURES.iter().chain(&[
        "gen-b-unknown-parts",
        "gen-b-android-prev",
        "gen-b-iphone-jul22",
    ]);
    for name in names {
        let path = fixture(name).display().to_string();
        for redact in [false, true] {
            let r: &[&str] = if redact { &["--redact"] } else { &[] };
            for (doc, cmd) in [
                (Document::Show, "show"),
                (Document::Summary, "summary"),
                (Document::Audit, "audit"),
            ] {
                let mut a = args(&[cmd, "--json"]);
                a.extend(r.iter().map(|s| s.to_string()));
                a.push(path.clone());
                check(doc, &a);
            }
            let prev = fixture("gen-b-android-prev").display().to_string();
            let mut a = args(&["diff", "--json"]);
            a.extend(r.iter().map(|s| s.to_string()));
            a.extend([prev.clone(), path.clone()]);
            check(Document::Diff, &a);
            let mut a = args(&["timeline", "--json", "--mixed"]);
            a.extend(r.iter().map(|s| s.to_string()));
            a.extend([prev, path.clone()]);
            check(Document::Timeline, &a);
        }
        check(Document::Inspect, &args(&["inspect", "--json", &path]));
        // Sections left out of `show` are left out of the document, and it still validates.
        check(
            Document::Show,
            &args(&["show", "--json", &path, "contacts", "privacy"]),
        );
    }
}

#[test]
fn a_schema_rejects_what_the_contract_does_not_allow() {
    let validator = validator(Document::Summary);
    let mut value = output(&args(&[
        "summary",
        "--json",
        &fixture("gen-b-android").display().to_string(),
    ]));
    assert!(validator.is_valid(&value));
    value["counts"]["contacts"] = Value::String("six".into());
    assert!(
        !validator.is_valid(&value),
        "a count must be a number or null"
    );
    let mut value = output(&args(&[
        "show",
        "--json",
        &fixture("gen-b-android").display().to_string(),
    ]));
    value["account"]["profile_picture"]["present"] = Value::Null;
    assert!(
        !validator_for_show().is_valid(&value),
        "present is a boolean"
    );
}

fn validator_for_show() -> jsonschema::Validator {
    validator(Document::Show)
}
