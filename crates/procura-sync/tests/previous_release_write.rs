//! Writes the previous-release fixtures (`tests/fixtures/previous-release/` here and at the
//! workspace root) from today's code. Run only to capture a release's samples on purpose, never
//! to make a failing test pass (see the folders' READMEs):
//! `PROCURA_WRITE_FIXTURES=1 cargo test -p procura-sync --test previous_release_write -- --ignored`

mod previous_release_support;

use std::path::PathBuf;

/// Writes the fixtures from today's code. Run it only to add a new release's samples on
/// purpose (never to make a failing test pass):
/// `PROCURA_WRITE_FIXTURES=1 cargo test -p procura-sync --test previous_release_write -- --ignored`
#[test]
#[ignore = "writes the fixture files; run on purpose with PROCURA_WRITE_FIXTURES=1"]
fn write_previous_release_fixtures() {
    if std::env::var("PROCURA_WRITE_FIXTURES").as_deref() != Ok("1") {
        panic!("set PROCURA_WRITE_FIXTURES=1 to rewrite the fixtures");
    }
    let dir =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/previous-release/wire");
    std::fs::create_dir_all(&dir).unwrap();
    for (name, value) in previous_release_support::samples().files {
        let text = serde_json::to_string_pretty(&value).unwrap() + "\n";
        std::fs::write(dir.join(name), text).unwrap();
    }
    previous_release_support::write_app_fixtures();
}
