//! The core stays pure: no UI framework, no browser bindings, no async runtime, no HTTP client.
//! This test reads the core's real dependency tree (for every target) and fails if any of them
//! creeps in, directly or through another crate.

use std::process::Command;

/// Crates that would mean the core does IO, knows the browser, or knows the UI.
const FORBIDDEN: &[&str] = &[
    "leptos",
    "leptos_router",
    "web-sys",
    "js-sys",
    "wasm-bindgen",
    "wasm-bindgen-futures",
    "gloo",
    "gloo-net",
    "gloo-timers",
    "tokio",
    "reqwest",
    "hyper",
    "axum",
    "rusqlite",
    "indexed_db_futures",
    "getrandom",
];

/// Names from `cargo tree --prefix none --format {p}` output that are on the forbidden list.
fn forbidden_crates(tree: &str) -> Vec<String> {
    let mut found: Vec<String> = tree
        .lines()
        .filter_map(|line| line.split_whitespace().next())
        .filter(|name| {
            FORBIDDEN.contains(name) || name.starts_with("gloo-") || name.starts_with("leptos")
        })
        .map(str::to_owned)
        .collect();
    found.sort();
    found.dedup();
    found
}

#[test]
fn core_depends_on_nothing_that_does_io() {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(cargo)
        .args([
            "tree",
            "-p",
            "procura-core",
            "--edges",
            "normal,build",
            "--target",
            "all",
        ])
        .args(["--prefix", "none", "--format", "{p}"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo tree runs");
    assert!(
        output.status.success(),
        "cargo tree failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let tree = String::from_utf8(output.stdout).unwrap();
    assert!(tree.contains("rust_decimal"), "the tree was read: {tree}");
    assert_eq!(
        forbidden_crates(&tree),
        Vec::<String>::new(),
        "the core must stay sans-IO"
    );
}

#[test]
fn the_check_catches_a_forbidden_crate() {
    let tree = "procura-core v0.1.0\nserde v1.0.0\ntokio v1.47.0\ngloo-utils v0.2.0\nrust_decimal v1.0.0\n";
    assert_eq!(forbidden_crates(tree), ["gloo-utils", "tokio"]);
}
