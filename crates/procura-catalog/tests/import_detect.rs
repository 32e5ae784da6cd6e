//! Format detection over every fixture, and over the real-world samples when they are there.

use procura_catalog::import::{detect_format, FileFormat};
use std::path::Path;

const OWN: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
const SHARED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/fixtures");

fn expected(name: &str) -> Option<FileFormat> {
    let ext = name.rsplit('.').next()?;
    match ext {
        "csv" => Some(FileFormat::Csv),
        "json" => Some(FileFormat::Json),
        "xml" if name.contains("bmecat") => Some(FileFormat::BmeCat),
        "xml" if name.contains("peppol") || name.contains("ubl") => Some(FileFormat::Peppol),
        _ => None,
    }
}

fn check_dir(dir: &Path, checked: &mut usize) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            // Order documents (a supplier's answers) are not catalog files to import.
            if !path.ends_with("orders") {
                check_dir(&path, checked);
            }
            continue;
        }
        let name = path.file_name().unwrap().to_string_lossy().to_lowercase();
        let Some(want) = expected(&name) else {
            continue;
        };
        let bytes = std::fs::read(&path).unwrap();
        assert_eq!(
            detect_format(&name, &bytes),
            Some(want),
            "{}",
            path.display()
        );
        *checked += 1;
    }
}

#[test]
fn every_fixture_is_recognised() {
    let mut checked = 0;
    check_dir(Path::new(OWN), &mut checked);
    assert!(checked >= 20, "only {checked} fixtures");
}

#[test]
fn real_world_samples_are_recognised() {
    let shared = Path::new(SHARED);
    if !shared.is_dir() {
        eprintln!("note: {SHARED} is absent; skipping the real-world samples");
        return;
    }
    let mut checked = 0;
    if shared.join("bmecat").is_dir() {
        check_dir(&shared.join("bmecat"), &mut checked);
    }
    // Other UBL documents are not catalogues and must not be taken for one.
    let peppol = [
        ("Catalogue_Example.xml", Some(FileFormat::Peppol)),
        ("CatalogueResponse_Example.xml", None),
        ("Order_Example.xml", None),
        ("OrderResponse_Example.xml", None),
        ("DespatchAdvice_Example.xml", None),
    ];
    for (name, want) in peppol {
        let path = shared.join("peppol").join(name);
        if let Ok(bytes) = std::fs::read(&path) {
            assert_eq!(detect_format(name, &bytes), want, "{name}");
            checked += 1;
        }
    }
    eprintln!("{checked} real-world samples recognised");
}
