//! `export`: the SQLite database checked with rusqlite against the fixtures' known content,
//! NDJSON and CSV parsed back against `show --json`, re-runs, failures and exit status,
//! redaction that keeps joins and holds no identifier, `--counts-only`, refusing to
//! overwrite, and the recursive search with `--glob`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rusqlite::Connection;
use rusqlite::types::ValueRef;
use serde_json::Value;
use sha2::{Digest, Sha256};

use wareport::tables::schema::{Table, Ty};

use crate::support::{
    FIXTURES, GEN_B_CONTACTS, GEN_B_GROUPS, Outcome, Test, assert_clean, files_of, fixture,
    identifiers, json_strings, zip_fixture,
};

/// Runs `wareport [pre...] export ARGS...`.
/// `wareport export OPTIONS ARGS PATHS`: `options` are the shared ones (redaction).
fn export(options: &[&str], args: &[&str], paths: &[PathBuf]) -> Outcome {
    Test::new()
        .arg("export")
        .args(options)
        .args(args)
        .args(paths)
        .run()
}

fn db(path: &Path) -> Connection {
    Connection::open(path).unwrap()
}

fn count(conn: &Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

fn strings(conn: &Connection, sql: &str) -> Vec<String> {
    let mut st = conn.prepare(sql).unwrap();
    st.query_map([], |r| r.get::<_, String>(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn opt_strings(conn: &Connection, sql: &str) -> Vec<Option<String>> {
    let mut st = conn.prepare(sql).unwrap();
    st.query_map([], |r| r.get::<_, Option<String>>(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// Rows in every table, by table.
fn table_counts(conn: &Connection) -> BTreeMap<String, i64> {
    strings(
        conn,
        "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name",
    )
    .into_iter()
    .map(|t| {
        let n = count(conn, &format!("SELECT count(*) FROM {t}"));
        (t, n)
    })
    .collect()
}

/// Every text value in every table of the database.
fn all_text(conn: &Connection) -> Vec<String> {
    let mut out = Vec::new();
    for t in strings(conn, "SELECT name FROM sqlite_master WHERE type = 'table'") {
        let mut st = conn.prepare(&format!("SELECT * FROM {t}")).unwrap();
        let n = st.column_count();
        let mut rows = st.query([]).unwrap();
        while let Some(row) = rows.next().unwrap() {
            for i in 0..n {
                if let ValueRef::Text(bytes) = row.get_ref(i).unwrap() {
                    out.push(String::from_utf8(bytes.to_vec()).unwrap());
                }
            }
        }
    }
    out
}

/// A report's key as the README documents it: SHA-256 over its entries in name order, each
/// as its name's length (8 bytes, little-endian), its name, and the SHA-256 of its bytes.
fn report_key(files: &[(String, Vec<u8>)]) -> String {
    let mut outer = Sha256::new();
    for (name, bytes) in files {
        outer.update((name.len() as u64).to_le_bytes());
        outer.update(name.as_bytes());
        outer.update(Sha256::digest(bytes));
    }
    outer
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn show_json(path: &Path) -> Value {
    let out = Test::new().args(["show", "--json"]).arg(path).run();
    out.success();
    out.json()
}

#[test]
fn sqlite_holds_the_fixtures_known_content() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("reports.db");
    let paths = [
        fixture("gen-b-android"),
        fixture("gen-a-iphone"),
        fixture("gen-c-android"),
        fixture("gen-b2-iphone"),
        fixture("gen-b-android.zip"),
    ];
    let run = export(
        &[],
        &["--format", "sqlite", "-o", out.to_str().unwrap()],
        &paths,
    );
    run.success();
    // The ZIP and the folder it was extracted to are one report.
    assert!(
        run.stderr.contains("4 reports exported to")
            && run
                .stderr
                .contains("1 input repeated a report already read"),
        "{}",
        run.stderr
    );
    let conn = db(&out);
    assert_eq!(count(&conn, "SELECT count(*) FROM reports"), 4);
    assert_eq!(count(&conn, "SELECT count(*) FROM summary"), 4);
    assert_eq!(count(&conn, "SELECT count(*) FROM failures"), 0);
    assert_eq!(
        count(&conn, "SELECT count(*) FROM pragma_foreign_key_check"),
        0
    );

    // The key is the SHA-256 of the report's entries, as the README defines it.
    let folder = paths[0].display().to_string();
    let key: String = conn
        .query_row("SELECT key FROM reports WHERE path = ?1", [&folder], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(key, report_key(&files_of(&fixture("gen-b-android"))));

    // gen-b-android, value for value (fixtures/README.md).
    let b = paths[0].display().to_string();
    let id: i64 = conn
        .query_row("SELECT id FROM reports WHERE path = ?1", [&b], |r| r.get(0))
        .unwrap();
    let row = conn
        .query_row(
            "SELECT generation, phone_number, requested_at, generated_at, name, email,
                    contact_count, group_count, distinct_group_count, blocked_count, device_count,
                    registration_platform, registration_network_code, profile_picture_present,
                    payments, length(key)
             FROM reports WHERE id = ?1",
            [id],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, String>(5)?,
                    [
                        r.get::<_, i64>(6)?,
                        r.get::<_, i64>(7)?,
                        r.get::<_, i64>(8)?,
                        r.get::<_, i64>(9)?,
                        r.get::<_, i64>(10)?,
                    ],
                    r.get::<_, String>(11)?,
                    r.get::<_, String>(12)?,
                    r.get::<_, bool>(13)?,
                    r.get::<_, String>(14)?,
                    r.get::<_, i64>(15)?,
                ))
            },
        )
        .unwrap();
    assert_eq!(row.0, "B");
    assert_eq!(row.1, "+15555550123");
    assert_eq!(row.2, "2022-08-08T03:11:20Z");
    assert_eq!(row.3, "2022-08-11T03:11:20Z");
    assert_eq!(row.4, "Alex Müller");
    assert_eq!(row.5, "alex.example@example.com");
    assert_eq!(row.6, [6, 9, 8, 2, 2]);
    assert_eq!(row.7, "android");
    assert_eq!(row.8, "204016");
    assert!(row.9);
    assert_eq!(row.10, "absent");
    assert_eq!(row.11, 64, "a SHA-256 in hex");

    let of = |sql: &str| strings(&conn, &sql.replace("ID", &id.to_string()));
    assert_eq!(
        of("SELECT phone_number FROM contacts WHERE report_id = ID ORDER BY position"),
        GEN_B_CONTACTS
    );
    // Each contact's calling code, for "contacts by country" without parsing numbers.
    assert_eq!(
        of("SELECT calling_code FROM contacts WHERE report_id = ID ORDER BY position"),
        ["1", "1", "1", "1", "44", "62"]
    );
    // Groups keep duplicates, spaces and their order.
    assert_eq!(
        of("SELECT name FROM groups WHERE report_id = ID ORDER BY position"),
        GEN_B_GROUPS
    );
    assert_eq!(
        of("SELECT phone_number FROM blocked WHERE report_id = ID ORDER BY position"),
        ["+15555550108", "+445555550109"]
    );
    assert_eq!(
        of(
            "SELECT list || ' ' || phone_number FROM status_exceptions WHERE report_id = ID ORDER BY list, position"
        ),
        [
            "except +15555550104",
            "except +15555550105",
            "only_share_with +15555550106"
        ]
    );
    assert_eq!(
        of(
            "SELECT device_id || ' ' || status || ' ' || coalesce(previous_ip, '-') || ' ' || coalesce(current_ip, '-') || ' ' || coalesce(current_port, '-') FROM devices WHERE report_id = ID ORDER BY device_id"
        ),
        [
            "0 OFFLINE 2001:db8:12:: - -",
            "2 INACTIVE 172.16.0.0 172.16.5.7 40123"
        ]
    );
    assert_eq!(
        of(
            "SELECT last_seen || ' ' || profile_photo || ' ' || about || ' ' || status_mode || ' ' || read_receipts || ' ' || status_except_count || ' ' || status_only_share_with_count FROM privacy WHERE report_id = ID"
        ),
        ["everyone nobody my_contacts my_contacts 1 2 1"]
    );
    assert_eq!(
        of(
            "SELECT tos_2016_accepted || ' ' || tos_2016_accepted_at || ' ' || data_sharing_opted_out || ' ' || tos_2021_accepted_at FROM terms WHERE report_id = ID"
        ),
        ["1 2016-08-26T22:20:00Z 0 2021-01-07T09:00:00Z"]
    );
    assert_eq!(
        of("SELECT session_id || ' ' || state_collections FROM sync_sessions WHERE report_id = ID")
            .len(),
        1
    );
    let findings = of("SELECT finding_id FROM findings WHERE report_id = ID ORDER BY position");
    assert_eq!(findings[0], "last_seen_public");
    assert!(findings.contains(&"current_ip_present".to_string()));
    let evidence: Value = serde_json::from_str(
        &of("SELECT evidence FROM findings WHERE report_id = ID AND finding_id = 'current_ip_present'")[0],
    )
    .unwrap();
    assert_eq!(evidence["devices_2_current_ip"], "172.16.5.7");
    // A key is named in a query without quoting, and every finding says where to act.
    assert_eq!(
        of(
            "SELECT json_extract(evidence, '$.privacy_last_seen') FROM findings WHERE report_id = ID AND finding_id = 'last_seen_public'"
        ),
        ["everyone"]
    );
    assert_eq!(
        of(
            "SELECT action_where FROM findings WHERE report_id = ID AND finding_id = 'last_seen_public'"
        ),
        ["Settings → Privacy → Last seen and online"]
    );
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM findings WHERE action_where IS NULL OR action_changes IS NULL"
        ),
        0
    );
    // The summary view: one row per report.
    assert_eq!(
        of(
            "SELECT generation || ' ' || contact_count || ' ' || last_seen || ' ' || finding_count FROM summary WHERE report_id = ID"
        ),
        [format!("B 6 everyone {}", findings.len())]
    );

    // The others: generations and counts from fixtures/README.md.
    let rows = strings(
        &conn,
        "SELECT generation || ' ' || phone_number || ' ' || contact_count || ' ' || group_count || ' ' || blocked_count || ' ' || device_count FROM reports ORDER BY id",
    );
    assert_eq!(
        rows,
        [
            "B +15555550123 6 9 2 2",
            "A +15555550180 3 4 1 2",
            "C +15555550170 3 3 1 2",
            "B2 +445555550150 3 3 0 1",
        ]
    );
    // gen B′ has an empty status privacy and no sync sessions; gen A keeps its trailing
    // space duplicates.
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM groups g JOIN reports r ON r.id = g.report_id WHERE r.generation = 'A' AND g.name = 'Football '"
        ),
        2
    );
    // Times are ISO 8601 in UTC.
    for t in opt_strings(&conn, "SELECT generated_at FROM reports") {
        let t = t.unwrap();
        assert!(t.ends_with('Z') && t.len() == 20, "{t}");
    }
}

#[test]
fn a_second_run_adds_nothing_and_a_new_report_is_added() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r.db");
    let o = out.to_str().unwrap();
    let two = [fixture("gen-b-android"), fixture("gen-c-android")];
    export(&[], &["--format", "sqlite", "-o", o], &two).success();
    let first = table_counts(&db(&out));
    assert_eq!(first["reports"], 2);
    assert_eq!(first["contacts"], 9);
    let ids = strings(
        &db(&out),
        "SELECT id || ' ' || key FROM reports ORDER BY id",
    );
    let again = export(&[], &["--format", "sqlite", "-o", o], &two);
    again.success();
    // It says that nothing was new.
    assert_eq!(
        again.stderr.trim_end(),
        format!(
            "wareport: 2 reports exported to {} (0 new; 2 already there, rewritten)",
            out.display()
        )
    );
    assert_eq!(table_counts(&db(&out)), first, "a second run adds nothing");
    assert_eq!(
        strings(
            &db(&out),
            "SELECT id || ' ' || key FROM reports ORDER BY id"
        ),
        ids,
        "and keeps the reports' numbers"
    );
    // The same report twice in one run, and a new one.
    let run = export(
        &[],
        &["--format", "sqlite", "-o", o],
        &[
            fixture("gen-b-android"),
            fixture("gen-b-android"),
            fixture("gen-a-iphone"),
        ],
    );
    run.success();
    assert!(
        run.stderr.contains("1 input repeated a report"),
        "{}",
        run.stderr
    );
    let third = table_counts(&db(&out));
    assert_eq!(third["reports"], 3);
    assert_eq!(third["contacts"], 12);
    assert_eq!(
        count(&db(&out), "SELECT count(DISTINCT key) FROM reports"),
        3
    );
}

/// The indexes' names in the database.
fn indexes(conn: &Connection) -> Vec<String> {
    strings(
        conn,
        "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name",
    )
}

#[test]
fn every_run_leaves_the_number_indexes_and_a_lookup_uses_them() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r.db");
    let o = out.to_str().unwrap();
    let mut want: Vec<String> = wareport::tables::schema::sqlite_indexes()
        .into_iter()
        .map(|i| i.name)
        .collect();
    want.sort();
    assert!(want.contains(&"contacts_phone_number".to_string()));
    // A run into an empty database drops the indexes while it writes, and builds them.
    export(
        &[],
        &["--format", "sqlite", "-o", o],
        &[fixture("gen-b-android")],
    )
    .success();
    assert_eq!(indexes(&db(&out)), want);
    let conn = db(&out);
    let mut st = conn
        .prepare("EXPLAIN QUERY PLAN SELECT report_id FROM contacts WHERE phone_number = ?1")
        .unwrap();
    let plan: Vec<String> = st
        .query_map(["+15555550101"], |r| r.get::<_, String>(3))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    drop(st);
    drop(conn);
    assert!(
        plan.iter().any(|p| p.contains("contacts_phone_number")),
        "{plan:?}"
    );
    // A small run into a larger database keeps them, row by row.
    let two = [fixture("gen-c-android"), fixture("gen-a-iphone")];
    export(&[], &["--format", "sqlite", "-o", o], &two).success();
    export(
        &[],
        &["--format", "sqlite", "-o", o],
        &[fixture("gen-b2-iphone")],
    )
    .success();
    let conn = db(&out);
    assert_eq!(indexes(&conn), want);
    assert_eq!(count(&conn, "SELECT count(*) FROM reports"), 4);
    // Every number is found through the index as it is by a scan.
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM contacts INDEXED BY contacts_phone_number \
             WHERE phone_number > ''"
        ),
        count(
            &conn,
            "SELECT count(*) FROM contacts NOT INDEXED WHERE phone_number > ''"
        ),
    );
    assert_eq!(strings(&conn, "PRAGMA integrity_check"), ["ok"]);
    drop(conn);
    // A run stopped half-way leaves them dropped; the next run builds them again.
    db(&out)
        .execute_batch("DROP INDEX contacts_phone_number; DROP INDEX blocked_phone_number;")
        .unwrap();
    export(
        &[],
        &["--format", "sqlite", "-o", o],
        &[fixture("gen-b-android")],
    )
    .success();
    assert_eq!(indexes(&db(&out)), want);
}

#[test]
fn failing_inputs_land_in_failures_with_exit_1_or_2() {
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("broken.zip");
    std::fs::write(&broken, b"PK\x03\x04 not really a zip").unwrap();
    let out = dir.path().join("r.db");
    let o = out.to_str().unwrap();
    let run = export(
        &[],
        &["--format", "sqlite", "-o", o],
        &[fixture("gen-b-android"), broken.clone()],
    );
    run.code(1);
    assert!(
        run.stderr.contains("not read:") && run.stderr.contains("broken.zip"),
        "{}",
        run.stderr
    );
    let conn = db(&out);
    assert_eq!(count(&conn, "SELECT count(*) FROM reports"), 1);
    let failure = strings(&conn, "SELECT path || ' | ' || error FROM failures");
    assert_eq!(failure.len(), 1);
    assert!(
        failure[0].starts_with(&broken.display().to_string()),
        "{failure:?}"
    );
    assert!(failure[0].contains("not a ZIP archive"), "{failure:?}");
    drop(conn);

    // None read: exit 2, the failures still written.
    let only = dir.path().join("only.db");
    let run = export(
        &[],
        &["--format", "sqlite", "-o", only.to_str().unwrap()],
        &[broken.clone(), dir.path().join("missing.zip")],
    );
    run.code(2);
    assert!(
        run.stderr
            .contains("wareport: error: none of the 2 inputs could be read"),
        "{}",
        run.stderr
    );
    assert_eq!(count(&db(&only), "SELECT count(*) FROM failures"), 2);

    // Fixing the input: a later run that reads the path removes its failure.
    std::fs::write(&broken, zip_fixture("gen-c-android", 3)).unwrap();
    export(&[], &["--format", "sqlite", "-o", o], &[broken]).success();
    let conn = db(&out);
    assert_eq!(count(&conn, "SELECT count(*) FROM failures"), 0);
    assert_eq!(count(&conn, "SELECT count(*) FROM reports"), 2);
}

#[test]
fn a_redacted_export_keeps_joins_and_holds_no_identifier() {
    let dir = tempfile::tempdir().unwrap();
    let names = ["gen-b-android", "gen-b-android-prev"];
    let paths: Vec<PathBuf> = names.iter().map(|n| fixture(n)).collect();
    let plain = dir.path().join("plain.db");
    let redacted = dir.path().join("redacted.db");
    export(
        &[],
        &["--format", "sqlite", "-o", plain.to_str().unwrap()],
        &paths,
    )
    .success();
    export(
        &["--redact", "--redact-key", "newsroom"],
        &["--format", "sqlite", "-o", redacted.to_str().unwrap()],
        &paths,
    )
    .success();
    // "How many donors share a contact" is the same question with the same answer.
    let shared = "SELECT phone_number FROM contacts GROUP BY phone_number
                  HAVING count(DISTINCT report_id) = 2 ORDER BY phone_number";
    let plain_shared = strings(&db(&plain), shared);
    assert_eq!(plain_shared.len(), 5);
    let red = db(&redacted);
    let red_shared = strings(&red, shared);
    assert_eq!(red_shared.len(), 5);
    assert!(
        red_shared.iter().all(|p| p.starts_with("tel:")),
        "{red_shared:?}"
    );
    // Same account, same pseudonym.
    assert_eq!(
        count(&red, "SELECT count(DISTINCT phone_number) FROM reports"),
        1
    );
    assert_eq!(
        count(&red, "SELECT count(*) FROM contacts"),
        count(&db(&plain), "SELECT count(*) FROM contacts")
    );
    let keys = strings(&red, "SELECT key || ' ' || path FROM reports");
    assert!(
        keys.iter()
            .all(|k| k.starts_with("report:") && k.contains(" file:")),
        "{keys:?}"
    );

    let mut ids = Vec::new();
    for p in &paths {
        ids.extend(identifiers(&show_json(p)));
    }
    assert!(ids.len() > 30, "{ids:?}");
    assert_clean(&all_text(&red), &ids, "redacted database");

    // NDJSON and CSV, redacted alike.
    let nd = dir.path().join("r.ndjson");
    export(
        &["--redact", "--redact-key", "newsroom"],
        &["--format", "ndjson", "-o", nd.to_str().unwrap()],
        &paths,
    )
    .success();
    let mut texts = Vec::new();
    for line in std::fs::read_to_string(&nd).unwrap().lines() {
        json_strings(&serde_json::from_str(line).unwrap(), &mut texts);
    }
    assert!(texts.iter().any(|t| t == &red_shared[0]), "same pseudonyms");
    assert_clean(&texts, &ids, "redacted NDJSON");
    let csv_dir = dir.path().join("csv");
    export(
        &["--redact", "--redact-key", "newsroom"],
        &["--format", "csv", "-o", csv_dir.to_str().unwrap()],
        &paths,
    )
    .success();
    // The text columns, as in the database (a port is a number, and --redact keeps it).
    let mut texts = Vec::new();
    for t in Table::ALL {
        let rows = read_csv(&csv_dir.join(format!("{}.csv", t.name())));
        for c in t
            .def()
            .columns
            .iter()
            .filter(|c| !matches!(c.ty, Ty::Int | Ty::Bool))
        {
            texts.extend(rows.iter().map(|r| r[c.name].clone()));
        }
    }
    assert!(texts.len() > 50);
    assert_clean(&texts, &ids, "redacted CSV");

    // A failure, redacted: the path a pseudonym, the error only its kind.
    let broken = dir.path().join("Alex Müller 2022.zip");
    std::fs::write(&broken, "not a zip").unwrap();
    let failed = dir.path().join("failed.db");
    export(
        &["--redact", "--redact-key", "newsroom"],
        &["--format", "sqlite", "-o", failed.to_str().unwrap()],
        &[paths[0].clone(), broken],
    )
    .code(1);
    let row = strings(&db(&failed), "SELECT path || ' | ' || error FROM failures");
    assert_eq!(row.len(), 1);
    assert!(row[0].starts_with("file:"), "{row:?}");
    assert!(row[0].ends_with(" | not a ZIP archive"), "{row:?}");

    // A redacted run does not add to a plain database, nor one of another key.
    let run = export(
        &["--redact", "--redact-key", "newsroom"],
        &["--format", "sqlite", "-o", plain.to_str().unwrap()],
        &paths,
    );
    assert!(run.error().contains("without --redact"), "{}", run.stderr);
    let run = export(
        &["--redact", "--redact-key", "other"],
        &["--format", "sqlite", "-o", redacted.to_str().unwrap()],
        &paths,
    );
    assert!(run.error().contains("another key"), "{}", run.stderr);
    assert!(
        run.error()
            .contains("--redact-key KEY or WAREPORT_REDACT_KEY")
    );

    // Made with a random key, a database can be added to only with that key: the first run
    // says so and gives the key; a second run without it is refused, naming both ways.
    let random = dir.path().join("random.db");
    let o = random.to_str().unwrap();
    let first = export(&["--redact"], &["--format", "sqlite", "-o", o], &paths[..1]);
    first.success();
    let key = first
        .stderr
        .split("--redact-key ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .unwrap_or_else(|| panic!("no key announced: {}", first.stderr));
    assert!(first.stderr.contains(&format!("WAREPORT_REDACT_KEY={key}")));
    let again = export(&["--redact"], &["--format", "sqlite", "-o", o], &paths);
    assert!(
        again
            .error()
            .contains("--redact-key KEY or WAREPORT_REDACT_KEY")
    );
    export(
        &["--redact", "--redact-key", key],
        &["--format", "sqlite", "-o", o],
        &paths,
    )
    .success();
}

#[test]
fn ndjson_lines_parse_back_to_show_json() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("all.ndjson");
    let mut paths: Vec<PathBuf> = FIXTURES.iter().map(|n| fixture(n)).collect();
    paths.push(fixture("gen-b-android.zip"));
    let run = export(
        &[],
        &["--format", "ndjson", "-o", out.to_str().unwrap()],
        &paths,
    );
    run.success();
    // The ZIP repeats the folder it was extracted from: one line.
    assert!(
        run.stderr
            .contains("1 input repeated a report already read"),
        "{}",
        run.stderr
    );
    let zip = paths.pop().unwrap();
    let text = std::fs::read_to_string(&out).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), paths.len());
    for (line, path) in lines.iter().zip(&paths) {
        let mut v: Value = serde_json::from_str(line).unwrap();
        let obj = v.as_object_mut().unwrap();
        assert_eq!(obj.remove("path").unwrap(), path.display().to_string());
        let key = obj.remove("key").unwrap();
        assert_eq!(key.as_str().unwrap().len(), 64);
        // The findings, as `audit --json` gives them, evidence keyed as in the database.
        let findings = obj.remove("findings").unwrap();
        let audit = Test::new().args(["audit", "--json"]).arg(path).run().json();
        let ids = |v: &Value| -> Vec<Value> {
            v.as_array()
                .unwrap()
                .iter()
                .map(|f| f["id"].clone())
                .collect()
        };
        assert_eq!(ids(&findings), ids(&audit["findings"]));
        for (mine, theirs) in findings
            .as_array()
            .unwrap()
            .iter()
            .zip(audit["findings"].as_array().unwrap())
        {
            let keys: Vec<String> = theirs["evidence"]
                .as_object()
                .unwrap()
                .keys()
                .map(|k| wareport::audit::evidence_key(k))
                .collect();
            let mine_keys: Vec<String> = mine["evidence"]
                .as_object()
                .unwrap()
                .keys()
                .cloned()
                .collect();
            let (mut a, mut b) = (keys, mine_keys);
            a.sort();
            b.sort();
            assert_eq!(a, b);
            assert_eq!(mine["action"], theirs["action"]);
        }
        assert_eq!(v, show_json(path), "{}", path.display());
    }
    let key = report_key(&files_of(&fixture("gen-b-android")));
    assert!(lines[1].starts_with(&format!("{{\"key\":\"{key}\"")));
    paths.push(zip);

    // A re-run rewrites the file: the same bytes.
    export(
        &[],
        &["--format", "ndjson", "-o", out.to_str().unwrap()],
        &paths,
    )
    .success();
    assert_eq!(std::fs::read_to_string(&out).unwrap(), text);
    paths.pop();

    // Split: one file per table, one line per row, the same values.
    let split = dir.path().join("split");
    export(
        &[],
        &[
            "--format",
            "ndjson",
            "--split",
            "-o",
            split.to_str().unwrap(),
        ],
        &paths,
    )
    .success();
    let rows = |table: &str| -> Vec<Value> {
        std::fs::read_to_string(split.join(format!("{table}.ndjson")))
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    };
    let reports = rows("reports");
    let contacts = rows("contacts");
    let devices = rows("devices");
    assert_eq!(reports.len(), paths.len());
    for (r, path) in reports.iter().zip(&paths) {
        let show = show_json(path);
        assert_eq!(r["path"], path.display().to_string());
        assert_eq!(r["phone_number"], show["account"]["phone_number"]);
        assert_eq!(r["generated_at"], show["report"]["generated_at"]);
        assert_eq!(r["generation"], show["source"]["generation"]);
        let mine: Vec<Value> = contacts
            .iter()
            .filter(|c| c["report_id"] == r["id"])
            .map(|c| c["phone_number"].clone())
            .collect();
        assert_eq!(Value::Array(mine), show["contacts"]);
        let mine: Vec<&Value> = devices
            .iter()
            .filter(|d| d["report_id"] == r["id"])
            .collect();
        for (d, s) in mine.iter().zip(show["devices"].as_array().unwrap()) {
            for key in [
                "status",
                "previous_ip",
                "current_ip",
                "current_port",
                "model",
            ] {
                assert_eq!(d[key], s[key], "{key}");
            }
            assert_eq!(d["device_id"], s["id"]);
        }
    }
    assert!(split.join("wareport-export.json").is_file());

    // Every row of every table is what `wareport schema export` describes.
    let schema = wareport::schema::schema(wareport::schema::Document::Export);
    let defs = schema.as_value()["$defs"].clone();
    for t in wareport::tables::schema::Table::ALL {
        let name = t.def().name;
        let validator = jsonschema::validator_for(
            &serde_json::json!({ "$defs": defs, "$ref": format!("#/$defs/{name}") }),
        )
        .unwrap();
        for row in rows(name) {
            let errors: Vec<String> = validator.iter_errors(&row).map(|e| e.to_string()).collect();
            assert!(errors.is_empty(), "{name}: {row}: {errors:?}");
        }
    }
    assert!(!rows("devices").is_empty() && !rows("findings").is_empty());
}

/// A CSV file as header → values rows.
fn read_csv(path: &Path) -> Vec<BTreeMap<String, String>> {
    let mut r = csv::Reader::from_path(path).unwrap();
    let headers = r.headers().unwrap().clone();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            headers
                .iter()
                .zip(rec.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

#[test]
fn csv_files_parse_back_to_the_values_of_show_json() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("csv");
    let paths: Vec<PathBuf> = FIXTURES.iter().map(|n| fixture(n)).collect();
    export(
        &[],
        &["--format", "csv", "-o", out.to_str().unwrap()],
        &paths,
    )
    .success();
    let raw = std::fs::read(out.join("groups.csv")).unwrap();
    assert!(
        raw.starts_with(b"report_id,position,name\r\n"),
        "RFC 4180 header and CRLF"
    );
    let reports = read_csv(&out.join("reports.csv"));
    let contacts = read_csv(&out.join("contacts.csv"));
    let groups = read_csv(&out.join("groups.csv"));
    let privacy = read_csv(&out.join("privacy.csv"));
    let terms = read_csv(&out.join("terms.csv"));
    assert_eq!(reports.len(), paths.len());
    let text = |v: &Value| v.as_str().unwrap_or_default().to_string();
    for (r, path) in reports.iter().zip(&paths) {
        let show = show_json(path);
        let id = &r["id"];
        assert_eq!(r["generation"], text(&show["source"]["generation"]));
        assert_eq!(r["phone_number"], text(&show["account"]["phone_number"]));
        assert_eq!(r["requested_at"], text(&show["report"]["requested_at"]));
        assert_eq!(r["name"], text(&show["account"]["name"]));
        assert_eq!(
            r["profile_picture_present"],
            show["account"]["profile_picture"]["present"].to_string()
        );
        let of = |rows: &[BTreeMap<String, String>], col: &str| -> Vec<Value> {
            rows.iter()
                .filter(|c| &c["report_id"] == id)
                .map(|c| Value::String(c[col].clone()))
                .collect()
        };
        assert_eq!(
            Value::Array(of(&contacts, "phone_number")),
            show["contacts"]
        );
        assert_eq!(Value::Array(of(&groups, "name")), show["groups"]);
        let p = &privacy.iter().find(|p| &p["report_id"] == id).unwrap();
        assert_eq!(p["last_seen"], text(&show["privacy"]["last_seen"]));
        assert_eq!(
            p["read_receipts"],
            show["privacy"]["read_receipts"]
                .as_bool()
                .map_or(String::new(), |b| b.to_string())
        );
        let t = &terms.iter().find(|t| &t["report_id"] == id).unwrap();
        assert_eq!(
            t["tos_2016_accepted_at"],
            text(&show["terms"]["tos_2016"]["accepted_at"])
        );
    }
    // Every table has its file; the folder is marked as wareport's.
    for t in Table::ALL {
        assert!(
            out.join(format!("{}.csv", t.name())).is_file(),
            "{}",
            t.name()
        );
    }
    let manifest: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("wareport-export.json")).unwrap())
            .unwrap();
    assert_eq!(manifest["format"], "csv");
    // A re-run into its own folder is fine.
    export(
        &[],
        &["--format", "csv", "-o", out.to_str().unwrap()],
        &paths[..1],
    )
    .success();
    assert_eq!(read_csv(&out.join("reports.csv")).len(), 1);
}

#[test]
fn counts_only_has_no_list_rows_and_no_one_elses_number() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("counts.db");
    let paths = [fixture("gen-b-android"), fixture("gen-c-android")];
    export(
        &[],
        &[
            "--format",
            "sqlite",
            "--counts-only",
            "-o",
            out.to_str().unwrap(),
        ],
        &paths,
    )
    .success();
    let conn = db(&out);
    let counts = table_counts(&conn);
    for t in [
        "contacts",
        "groups",
        "blocked",
        "status_exceptions",
        "devices",
        "sync_sessions",
        "warnings",
    ] {
        assert_eq!(counts[t], 0, "{t}");
    }
    for t in ["reports", "privacy", "terms"] {
        assert_eq!(counts[t], 2, "{t}");
    }
    assert!(counts["findings"] > 2);
    assert_eq!(
        strings(
            &conn,
            "SELECT contact_count || ' ' || group_count || ' ' || blocked_count || ' ' || device_count FROM reports ORDER BY id"
        ),
        ["6 9 2 2", "3 3 1 2"]
    );
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM findings WHERE evidence IS NOT NULL"
        ),
        0
    );
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM reports WHERE name IS NOT NULL OR email IS NOT NULL"
        ),
        0
    );
    // No one else's number anywhere; the account's own stays.
    let mut others = Vec::new();
    for p in &paths {
        let show = show_json(p);
        for key in ["contacts", "blocked"] {
            for n in show[key].as_array().unwrap() {
                others.push(n.as_str().unwrap().to_string());
            }
        }
    }
    // Nor the donor's own number, nor where the report was.
    others.push("+15555550123".into());
    let texts = all_text(&conn);
    assert_clean(&texts, &others, "counts-only database");
    assert!(!texts.iter().any(|t| t.contains("gen-b-android")));
    // A full export does not add to it.
    let run = export(
        &[],
        &["--format", "sqlite", "-o", out.to_str().unwrap()],
        &paths,
    );
    assert!(run.error().contains("--counts-only"), "{}", run.stderr);

    // NDJSON: counts, settings, terms, findings; no list.
    let nd = dir.path().join("counts.ndjson");
    export(
        &[],
        &[
            "--format",
            "ndjson",
            "--counts-only",
            "-o",
            nd.to_str().unwrap(),
        ],
        &paths,
    )
    .success();
    let text = std::fs::read_to_string(&nd).unwrap();
    let first: Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
    assert_eq!(first["counts"]["contacts"], 6);
    assert_eq!(first["privacy"]["status"]["except_count"], 2);
    assert_eq!(first["findings"][0]["id"], "last_seen_public");
    assert!(first.get("contacts").is_none());
    assert!(first.get("path").is_none() && first.get("phone_number").is_none());
    assert!(!text.contains("gen-b-android"));
    assert_clean(&[text], &others, "counts-only NDJSON");
}

#[test]
fn ndjson_goes_to_standard_output_with_o_dash_and_nothing_else_does() {
    let dir = tempfile::tempdir().unwrap();
    let out = assert_cmd::Command::new(env!("CARGO_BIN_EXE_wareport"))
        .args(["export", "--format", "ndjson", "-o", "-"])
        .arg(fixture("gen-b-android"))
        .arg(fixture("gen-c-android"))
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let lines: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["account"]["phone_number"], "+15555550123");
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "wareport: 2 reports exported to standard output\n"
    );
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "no file named `-`"
    );
    for format in [&["sqlite"][..], &["csv"], &["ndjson", "--split"]] {
        let run = export(
            &[],
            &[&["--format"], format, &["-o", "-"]].concat(),
            &[fixture("gen-b-android")],
        );
        assert!(
            run.error()
                .starts_with("wareport: error: -o -: only --format ndjson (one line per report) goes to standard output"),
            "{}",
            run.stderr
        );
    }
}

#[test]
fn a_database_of_another_layout_is_not_added_to() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r.db");
    let o = out.to_str().unwrap();
    export(
        &[],
        &["--format", "sqlite", "-o", o],
        &[fixture("gen-c-android")],
    )
    .success();
    // As an earlier wareport wrote it: another layout.
    db(&out)
        .execute_batch("UPDATE wareport_meta SET value = '1' WHERE name = 'format_version'")
        .unwrap();
    let run = export(
        &[],
        &["--format", "sqlite", "-o", o],
        &[fixture("gen-b-android")],
    );
    let line = run.error();
    assert!(
        line.contains("was written by another version of wareport")
            && line.contains("pass --force to replace it"),
        "{line}"
    );
    assert_eq!(count(&db(&out), "SELECT count(*) FROM reports"), 1);
    // --force replaces it.
    export(
        &[],
        &["--format", "sqlite", "--force", "-o", o],
        &[fixture("gen-b-android")],
    )
    .success();
    let conn = db(&out);
    assert_eq!(
        strings(
            &conn,
            "SELECT value FROM wareport_meta WHERE name = 'format_version'"
        ),
        ["4"]
    );
    assert_eq!(
        strings(&conn, "SELECT generation FROM reports"),
        ["B"],
        "the old rows are gone"
    );
}

#[test]
fn refuses_to_overwrite_what_it_did_not_write() {
    let dir = tempfile::tempdir().unwrap();
    let report = [fixture("gen-c-android")];
    let foreign = dir.path().join("notes.db");
    std::fs::write(&foreign, "my notes\n").unwrap();
    for format in ["sqlite", "ndjson"] {
        let run = export(
            &[],
            &["--format", format, "-o", foreign.to_str().unwrap()],
            &report,
        );
        assert!(
            run.error().contains("is not a wareport export"),
            "{}",
            run.stderr
        );
        assert_eq!(std::fs::read_to_string(&foreign).unwrap(), "my notes\n");
    }
    // A foreign SQLite database too.
    let other_db = dir.path().join("other.db");
    Connection::open(&other_db)
        .unwrap()
        .execute_batch("CREATE TABLE mine (x); INSERT INTO mine VALUES (1);")
        .unwrap();
    let run = export(
        &[],
        &["--format", "sqlite", "-o", other_db.to_str().unwrap()],
        &report,
    );
    run.error();
    assert_eq!(count(&db(&other_db), "SELECT count(*) FROM mine"), 1);
    // A folder with files of its own.
    let folder = dir.path().join("folder");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(folder.join("keep.txt"), "x").unwrap();
    let run = export(
        &[],
        &["--format", "csv", "-o", folder.to_str().unwrap()],
        &report,
    );
    assert!(
        run.error().contains("not a wareport export"),
        "{}",
        run.stderr
    );
    assert!(!folder.join("reports.csv").exists());
    // --force overwrites the file; into the folder it writes its files beside the others.
    export(
        &[],
        &[
            "--format",
            "sqlite",
            "--force",
            "-o",
            foreign.to_str().unwrap(),
        ],
        &report,
    )
    .success();
    assert_eq!(count(&db(&foreign), "SELECT count(*) FROM reports"), 1);
    export(
        &[],
        &["--format", "csv", "--force", "-o", folder.to_str().unwrap()],
        &report,
    )
    .success();
    assert!(folder.join("keep.txt").is_file() && folder.join("reports.csv").is_file());
    // Its own output is overwritten without --force.
    export(
        &[],
        &["--format", "sqlite", "-o", foreign.to_str().unwrap()],
        &report,
    )
    .success();
}

#[test]
fn a_search_finds_every_fixture_folder_once_and_glob_narrows_it() {
    let out_dir = tempfile::tempdir().unwrap();
    let out = out_dir.path().join("all.db");
    let o = out.to_str().unwrap();
    let run = Test::new()
        .in_repo()
        .args(["export", "--format", "sqlite", "-o", o, "fixtures"])
        .run();
    run.success();
    let mut expected: Vec<String> = std::fs::read_dir(fixture(""))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "README.md")
        .map(|n| format!("fixtures/{n}"))
        .collect();
    expected.sort();
    assert_eq!(expected.len(), 11, "ten folders and a ZIP: {expected:?}");
    // The ZIP is the folder gen-b-android zipped: one report, read once.
    expected.retain(|p| !p.ends_with(".zip"));
    assert!(
        run.stderr
            .contains("1 input repeated a report already read"),
        "{}",
        run.stderr
    );
    let conn = db(&out);
    assert_eq!(
        strings(&conn, "SELECT path FROM reports ORDER BY id"),
        expected
    );
    drop(conn);

    let globbed = |glob: &str| -> Vec<String> {
        let out = out_dir.path().join(format!("{}.db", glob.len()));
        let o = out.to_str().unwrap();
        Test::new()
            .in_repo()
            .args([
                "export", "--format", "sqlite", "-o", o, "--glob", glob, "fixtures",
            ])
            .run()
            .success();
        strings(&db(&out), "SELECT path FROM reports ORDER BY id")
    };
    assert_eq!(globbed("*.zip"), ["fixtures/gen-b-android.zip"]);
    assert_eq!(
        globbed("gen-c-*"),
        ["fixtures/gen-c-android", "fixtures/gen-c-unknown-language"]
    );
    // gen-b-android, gen-b-android-prev, and gen-b-android.zip, which is the first again.
    assert_eq!(globbed("gen-b-android*").len(), 2);

    // Nested folders, a report one folder down, a ZIP of another name, a ZIP that is not a
    // report, and a link (not followed).
    let tree = tempfile::tempdir().unwrap();
    let root = tree.path();
    std::fs::create_dir_all(root.join("2022/july/My Account Info")).unwrap();
    for (name, bytes) in crate::support::files_of(&fixture("gen-b-android-prev")) {
        let p = root.join("2022/july/My Account Info").join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }
    std::fs::create_dir_all(root.join("2026")).unwrap();
    std::fs::write(
        root.join("2026/Mijn accountinformatie.ZIP"),
        zip_fixture("gen-c-android", 1),
    )
    .unwrap();
    let other = crate::support::zip_files(&[("word/document.xml".into(), b"<w/>".to_vec())], "", 0);
    std::fs::write(root.join("letter.zip"), other).unwrap();
    std::fs::write(root.join("notes.txt"), "not a report").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(fixture("gen-a-iphone"), root.join("linked")).unwrap();
    let out = out_dir.path().join("tree.db");
    let run = export(
        &[],
        &["--format", "sqlite", "-o", out.to_str().unwrap()],
        &[root.to_path_buf()],
    );
    run.success();
    assert!(
        run.stderr.contains("1 ZIP file found held no report"),
        "{}",
        run.stderr
    );
    let conn = db(&out);
    let found: Vec<String> = strings(
        &conn,
        "SELECT path || ' ' || generation FROM reports ORDER BY id",
    )
    .into_iter()
    .map(|p| {
        p.strip_prefix(&root.display().to_string())
            .unwrap()
            .to_string()
    })
    .collect();
    assert_eq!(
        found,
        [
            "/2022/july/My Account Info B",
            "/2026/Mijn accountinformatie.ZIP C"
        ]
    );
}

#[test]
fn a_report_on_stdin() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("in.db");
    let zip = zip_fixture("gen-b2-iphone", 2);
    let run = Test::new()
        .args([
            "export",
            "--format",
            "sqlite",
            "-o",
            out.to_str().unwrap(),
            "-",
        ])
        .stdin(zip.clone())
        .run();
    run.success();
    let conn = db(&out);
    assert_eq!(
        strings(
            &conn,
            "SELECT path || ' ' || key || ' ' || generation FROM reports"
        ),
        [format!(
            "- {} B2",
            report_key(&files_of(&fixture("gen-b2-iphone")))
        )]
    );
}

#[test]
fn wrong_use_is_one_line_and_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("x");
    let o = out.to_str().unwrap();
    let r = [fixture("gen-c-android")];
    assert!(
        export(&[], &["--format", "sqlite", "--split", "-o", o], &r)
            .error()
            .contains("--split goes with --format ndjson")
    );
    assert!(
        export(&[], &["--format", "sqlite", "--glob", "[", "-o", o], &r)
            .error()
            .contains("--glob")
    );
    let empty = tempfile::tempdir().unwrap();
    assert!(
        export(
            &[],
            &["--format", "sqlite", "-o", o],
            &[empty.path().to_path_buf()]
        )
        .error()
        .contains("found no report")
    );
    assert!(!out.exists(), "nothing written");
}

/// `--counts-only --redact` is what a donation study publishes: for every fixture, in every
/// form, nothing identifies the donor or anyone else — no number, name, address or group,
/// no path or file name, and neither the report's content hash nor its file's SHA-256, which
/// anyone holding the report could compute and match.
#[test]
fn counts_only_redacted_holds_no_identifier_path_or_hash_of_any_fixture() {
    let dir = tempfile::tempdir().unwrap();
    let mut paths: Vec<PathBuf> = FIXTURES.iter().map(|n| fixture(n)).collect();
    paths.extend(["gen-b-unknown-parts", "gen-b-iphone-jul22"].map(fixture));
    let zip = fixture("gen-b-android.zip");
    let mut forbidden = vec![hex(&Sha256::digest(std::fs::read(&zip).unwrap()))];
    for p in &paths {
        forbidden.extend(identifiers(&show_json(p)));
        forbidden.push(p.file_name().unwrap().to_string_lossy().into_owned());
    }
    // The plain counts-only keys are the content hashes: none may survive redaction.
    let plain = dir.path().join("plain.ndjson");
    let mut all = paths.clone();
    all.push(zip.clone());
    export(
        &[],
        &[
            "--format",
            "ndjson",
            "--counts-only",
            "-o",
            plain.to_str().unwrap(),
        ],
        &all,
    )
    .success();
    for line in std::fs::read_to_string(&plain).unwrap().lines() {
        let key = serde_json::from_str::<Value>(line).unwrap()["key"]
            .as_str()
            .unwrap()
            .to_string();
        assert_eq!(key.len(), 64, "a content hash: {key}");
        forbidden.push(key);
    }
    forbidden.push("fixtures".into());
    // An About of `-` is an identifier only in its report; a text that short is in every one.
    forbidden.retain(|f| f.chars().count() >= 4);
    forbidden.sort();
    forbidden.dedup();
    // The check has teeth: the plain export holds the keys.
    let plain_text = std::fs::read_to_string(&plain).unwrap();
    assert!(forbidden.iter().any(|f| plain_text.contains(f.as_str())));

    let options = ["--counts-only", "--redact", "--redact-key", "study 7"];
    let db_path = dir.path().join("counts.db");
    export(
        &options,
        &["--format", "sqlite", "-o", db_path.to_str().unwrap()],
        &all,
    )
    .success();
    assert_clean(
        &all_text(&db(&db_path)),
        &forbidden,
        "counts-only redacted database",
    );
    let nd = dir.path().join("counts.ndjson");
    export(
        &options,
        &["--format", "ndjson", "-o", nd.to_str().unwrap()],
        &all,
    )
    .success();
    let text = std::fs::read_to_string(&nd).unwrap();
    assert_eq!(
        text.lines().count(),
        paths.len(),
        "the ZIP is its folder's report"
    );
    for line in text.lines() {
        let key = serde_json::from_str::<Value>(line).unwrap()["key"].clone();
        assert!(key.as_str().unwrap().starts_with("report:"), "{key}");
    }
    assert_clean(&[text], &forbidden, "counts-only redacted NDJSON");
    let csv = dir.path().join("csv");
    export(
        &options,
        &["--format", "csv", "-o", csv.to_str().unwrap()],
        &all,
    )
    .success();
    for entry in std::fs::read_dir(&csv).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        assert_clean(&[text], &forbidden, &path.display().to_string());
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
