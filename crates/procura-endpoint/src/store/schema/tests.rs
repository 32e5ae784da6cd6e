//! The migration runner with lists of its tests' own: a migration that fails leaves the file
//! as it was before the run, whatever it and the steps before it did.

use super::*;
use crate::store::Store;

fn version(conn: &Connection) -> i64 {
    user_version(conn).unwrap()
}

fn holds_column(conn: &Connection, table: &str, column: &str) -> bool {
    let mut stmt = conn
        .prepare(&format!("PRAGMA table_info({table})"))
        .unwrap();
    let names = stmt.query_map([], |r| r.get::<_, String>(1)).unwrap();
    let names: Vec<String> = names.collect::<Result<_, _>>().unwrap();
    names.iter().any(|n| n == column)
}

/// Writes a table, a column and a row, then fails.
fn fails_midway(tx: &Transaction<'_>) -> Result<(), StoreError> {
    tx.execute_batch(
        "CREATE TABLE half_done (x TEXT);
         ALTER TABLE suppliers ADD COLUMN half_done TEXT;
         INSERT INTO meta (key, value) VALUES ('half_done', '1');",
    )?;
    Err(StoreError::Corrupt("a migration that fails midway".into()))
}

/// Writes a table, then fails on its own SQL.
fn bad_sql(tx: &Transaction<'_>) -> Result<(), StoreError> {
    tx.execute_batch(
        "CREATE TABLE half_done (x TEXT);
         ALTER TABLE no_such_table ADD COLUMN y TEXT;",
    )?;
    Ok(())
}

fn adds_a_table(tx: &Transaction<'_>) -> Result<(), StoreError> {
    tx.execute_batch("CREATE TABLE later (x TEXT)")?;
    Ok(())
}

const BASELINE: Migration = Migration {
    name: "baseline",
    apply: baseline,
};

#[test]
fn a_failing_migration_leaves_the_file_at_the_version_before_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hub.sqlite3");
    drop(Store::open(&path).unwrap());
    let mut conn = Connection::open(&path).unwrap();
    assert_eq!(version(&conn), SCHEMA_VERSION);
    let epoch: String = conn
        .query_row("SELECT value FROM meta WHERE key = 'epoch'", [], |r| {
            r.get(0)
        })
        .unwrap();

    // Every migration this build has, then one that fails.
    let next = SCHEMA_VERSION + 1;
    for failing in [fails_midway as fn(&Transaction<'_>) -> _, bad_sql] {
        let list: Vec<Migration> = MIGRATIONS
            .iter()
            .map(|m| Migration {
                name: m.name,
                apply: m.apply,
            })
            .chain([Migration {
                name: "fails",
                apply: failing,
            }])
            .collect();
        let err = migrate(&mut conn, &list).unwrap_err();
        assert!(
            matches!(
                err,
                StoreError::Migration {
                    version,
                    name: "fails",
                    ..
                } if version == next
            ),
            "{err:?}"
        );
        assert!(
            err.to_string().contains(&format!("version {next}")),
            "{err}"
        );
        assert_eq!(
            version(&conn),
            SCHEMA_VERSION,
            "still at the version before"
        );
        assert!(!holds_table(&conn, "half_done").unwrap());
        assert!(!holds_column(&conn, "suppliers", "half_done"));
        let half: i64 = conn
            .query_row(
                "SELECT count(*) FROM meta WHERE key = 'half_done'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(half, 0);
    }
    drop(conn);

    // The file still opens, with everything it held.
    let store = Store::open(&path).unwrap();
    assert_eq!(store.epoch(), epoch);
}

#[test]
fn a_failing_migration_undoes_the_steps_before_it_in_the_same_run() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hub.sqlite3");
    let mut conn = Connection::open(&path).unwrap();
    migrate(&mut conn, &[BASELINE]).unwrap();
    assert_eq!(version(&conn), 1);
    let failing = [
        BASELINE,
        Migration {
            name: "later",
            apply: adds_a_table,
        },
        Migration {
            name: "fails",
            apply: fails_midway,
        },
    ];
    let err = migrate(&mut conn, &failing).unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::Migration {
                from: 1,
                version: 3,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(err.to_string().contains("still at version 1"), "{err}");
    assert_eq!(version(&conn), 1, "the version the file had");
    assert!(!holds_table(&conn, "later").unwrap(), "step 2 undone too");
    assert!(!holds_table(&conn, "half_done").unwrap());
    assert!(
        holds_column(&conn, "users", "demo_password"),
        "version 1 kept"
    );

    // Fixed (here: a list without the failure), the next open runs steps 2 and 3, once.
    let fixed = [
        Migration {
            name: "baseline",
            apply: |_| panic!("migration 1 ran already"),
        },
        Migration {
            name: "later",
            apply: adds_a_table,
        },
        Migration {
            name: "fixed",
            apply: adds_a_table_again,
        },
    ];
    migrate(&mut conn, &fixed).unwrap();
    assert_eq!(version(&conn), 3);
    assert!(holds_table(&conn, "later").unwrap());
    assert!(holds_table(&conn, "later_still").unwrap());
    migrate(&mut conn, &fixed).unwrap();
    assert_eq!(version(&conn), 3, "nothing to do at the last version");
}

/// The file of the last release before versions, copied from the endpoint's fixtures.
fn unversioned_release_file(dir: &std::path::Path) -> std::path::PathBuf {
    let name = "hub-unversioned-bd7086e.sqlite3";
    let from = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    let to = dir.join(name);
    std::fs::copy(from, &to).unwrap();
    to
}

#[test]
fn a_release_s_file_whose_upgrade_fails_midway_is_left_byte_for_byte_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let path = unversioned_release_file(dir.path());
    let before = std::fs::read(&path).unwrap();
    let mut conn = Connection::open(&path).unwrap();
    conn.execute_batch("PRAGMA foreign_keys = ON").unwrap();
    // Every migration of this build (the baseline completes the old file, the later ones add
    // tables), then one that fails.
    let list: Vec<Migration> = MIGRATIONS
        .iter()
        .map(|m| Migration {
            name: m.name,
            apply: m.apply,
        })
        .chain([Migration {
            name: "fails",
            apply: fails_midway,
        }])
        .collect();
    let err = migrate(&mut conn, &list).unwrap_err();
    assert!(
        matches!(err, StoreError::Migration { from: 0, .. }),
        "{err:?}"
    );
    assert_eq!(version(&conn), 0);
    drop(conn);
    assert!(
        std::fs::read(&path).unwrap() == before,
        "the file is as the release left it"
    );
    // And this build, without the failing step, opens it.
    drop(Store::open(&path).unwrap());
    assert_eq!(version(&Connection::open(&path).unwrap()), SCHEMA_VERSION);
}

fn adds_a_table_again(tx: &Transaction<'_>) -> Result<(), StoreError> {
    tx.execute_batch("CREATE TABLE later_still (x TEXT)")?;
    Ok(())
}

#[test]
fn a_file_newer_than_the_list_is_refused_by_the_runner() {
    let mut conn = Connection::open_in_memory().unwrap();
    migrate(
        &mut conn,
        &[
            BASELINE,
            Migration {
                name: "two",
                apply: adds_a_table,
            },
        ],
    )
    .unwrap();
    let err = migrate(&mut conn, &[BASELINE]).unwrap_err();
    assert!(
        matches!(err, StoreError::NewerSchema { found: 2, known: 1 }),
        "{err:?}"
    );
    assert_eq!(version(&conn), 2);
}

#[test]
fn a_negative_version_is_not_this_store_s() {
    let mut conn = Connection::open_in_memory().unwrap();
    conn.pragma_update(None, "user_version", -1).unwrap();
    let err = migrate(&mut conn, MIGRATIONS).unwrap_err();
    assert!(matches!(err, StoreError::NotAHubDatabase), "{err:?}");
    assert!(!holds_tables(&conn).unwrap());
}
