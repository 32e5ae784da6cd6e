//! The shape of the house, checked on every run:
//! 1. the domain crates stay pure: no UI framework, no browser bindings, no async runtime, no
//!    HTTP client, no database, directly or through another crate (`cargo tree`, every target);
//! 2. the crate graph is the tree below: each crate depends only on the ones it is allowed to
//!    (`cargo metadata`), so no crate imports one above it;
//! 3. no cycles between the modules of one crate: sibling modules (`order::cxml` and
//!    `order::documents`, `catalog` and `import`) never use each other both ways.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The pure domain crates, ground first (the XML reader, which knows no domain, before it).
const DOMAIN: &[&str] = &[
    "procura-xml",
    "procura-ground",
    "procura-catalog",
    "procura-suppliers",
    "procura-procurement",
    "procura-orders",
    "procura-spend",
    "procura-sync",
    "procura-demo",
];

/// Which workspace crate may depend (normal or build dependency) on which. A crate missing from
/// the list may depend on no workspace crate.
const ALLOWED: &[(&str, &[&str])] = &[
    ("procura-xml", &[]),
    ("procura-ground", &[]),
    ("procura-catalog", &["procura-xml", "procura-ground"]),
    ("procura-suppliers", &["procura-ground"]),
    (
        "procura-procurement",
        &["procura-ground", "procura-catalog", "procura-suppliers"],
    ),
    (
        "procura-orders",
        &[
            "procura-xml",
            "procura-ground",
            "procura-catalog",
            "procura-suppliers",
            "procura-procurement",
        ],
    ),
    (
        "procura-spend",
        &[
            "procura-ground",
            "procura-catalog",
            "procura-procurement",
            "procura-orders",
        ],
    ),
    (
        "procura-invoicing",
        &[
            "procura-xml",
            "procura-ground",
            "procura-catalog",
            "procura-procurement",
            "procura-orders",
        ],
    ),
    (
        "procura-sync",
        &[
            "procura-ground",
            "procura-catalog",
            "procura-suppliers",
            "procura-procurement",
            "procura-orders",
            "procura-spend",
            "procura-invoicing",
        ],
    ),
    (
        "procura-demo",
        &[
            "procura-ground",
            "procura-catalog",
            "procura-suppliers",
            "procura-procurement",
            "procura-orders",
            "procura-spend",
            "procura-invoicing",
            "procura-sync",
        ],
    ),
    // The app: every domain; the demo only for the browser benchmark (feature `bench`).
    (
        "procura",
        &[
            "procura-ground",
            "procura-catalog",
            "procura-suppliers",
            "procura-procurement",
            "procura-orders",
            "procura-spend",
            "procura-invoicing",
            "procura-sync",
            "procura-demo",
        ],
    ),
    // The import worker: the importers only, so it stays small and knows no other rule.
    ("procura-import-worker", &["procura-catalog"]),
    (
        "procura-endpoint",
        &[
            "procura-ground",
            "procura-catalog",
            "procura-suppliers",
            "procura-procurement",
            "procura-orders",
            "procura-spend",
            "procura-invoicing",
            "procura-sync",
            "procura-demo",
        ],
    ),
];

/// Crates that would mean a domain crate does IO, knows the browser, or knows the UI.
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

fn cargo() -> Command {
    let mut c = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    c
}

fn run(mut c: Command) -> String {
    let output = c.output().expect("cargo runs");
    assert!(
        output.status.success(),
        "{c:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

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
fn the_domain_crates_depend_on_nothing_that_does_io() {
    for krate in DOMAIN {
        let mut c = cargo();
        c.args([
            "tree",
            "-p",
            krate,
            "--edges",
            "normal,build",
            "--target",
            "all",
        ])
        .args(["--prefix", "none", "--format", "{p}"]);
        let tree = run(c);
        // The XML reader depends on no serde: the crate itself heads a tree that was read.
        assert!(
            tree.starts_with(&format!("{krate} v")) && tree.lines().count() > 1,
            "the tree was read: {tree}"
        );
        assert_eq!(
            forbidden_crates(&tree),
            Vec::<String>::new(),
            "{krate} must stay sans-IO"
        );
    }
}

#[test]
fn the_check_catches_a_forbidden_crate() {
    let tree = "procura-ground v0.1.0\nserde v1.0.0\ntokio v1.47.0\ngloo-utils v0.2.0\nrust_decimal v1.0.0\n";
    assert_eq!(forbidden_crates(tree), ["gloo-utils", "tokio"]);
}

/// Every workspace crate's normal and build dependencies on other workspace crates, from
/// `cargo metadata` output.
fn workspace_edges(metadata: &serde_json::Value) -> BTreeMap<String, BTreeSet<String>> {
    let packages = metadata["packages"].as_array().expect("packages");
    let names: BTreeSet<&str> = packages.iter().filter_map(|p| p["name"].as_str()).collect();
    packages
        .iter()
        .map(|p| {
            let deps = p["dependencies"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|d| d["kind"].as_str() != Some("dev"))
                .filter_map(|d| d["name"].as_str())
                .filter(|d| names.contains(d))
                .map(str::to_owned)
                .collect();
            (p["name"].as_str().unwrap().to_owned(), deps)
        })
        .collect()
}

/// The edges `ALLOWED` does not allow, as `from → to`.
fn wrong_edges(edges: &BTreeMap<String, BTreeSet<String>>) -> Vec<String> {
    let allowed: BTreeMap<&str, &[&str]> = ALLOWED.iter().copied().collect();
    let mut wrong = Vec::new();
    for (from, tos) in edges {
        for to in tos {
            let ok = allowed
                .get(from.as_str())
                .is_some_and(|a| a.contains(&to.as_str()));
            if !ok {
                wrong.push(format!("{from} → {to}"));
            }
        }
    }
    wrong
}

#[test]
fn the_crate_graph_is_the_allowed_tree() {
    let mut c = cargo();
    c.args([
        "metadata",
        "--format-version",
        "1",
        "--no-deps",
        "--offline",
    ]);
    let metadata: serde_json::Value = serde_json::from_str(&run(c)).unwrap();
    let edges = workspace_edges(&metadata);
    for krate in DOMAIN.iter().chain(&["procura", "procura-endpoint"]) {
        assert!(edges.contains_key(*krate), "{krate} is in the workspace");
    }
    assert_eq!(wrong_edges(&edges), Vec::<String>::new());
    // The allowed list itself points only downwards: ordered as listed, no crate may depend on
    // a later one, so the graph has no cycle.
    let order: Vec<&str> = ALLOWED.iter().map(|(k, _)| *k).collect();
    for (i, (krate, deps)) in ALLOWED.iter().enumerate() {
        for d in *deps {
            let j = order.iter().position(|o| o == d).expect("listed");
            assert!(j < i, "{krate} may depend on {d}, which comes after it");
        }
    }
}

#[test]
fn the_graph_check_catches_an_edge_the_wrong_way() {
    let metadata = serde_json::json!({"packages": [
        {"name": "procura-ground", "dependencies": [
            {"name": "procura-catalog", "kind": null},
            {"name": "serde", "kind": null}
        ]},
        {"name": "procura-catalog", "dependencies": [
            {"name": "procura-ground", "kind": null},
            {"name": "procura-demo", "kind": "dev"},
            {"name": "procura-orders", "kind": "build"}
        ]},
        {"name": "procura-orders", "dependencies": []},
        {"name": "procura-demo", "dependencies": []}
    ]});
    assert_eq!(
        wrong_edges(&workspace_edges(&metadata)),
        [
            "procura-catalog → procura-orders",
            "procura-ground → procura-catalog"
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// Module cycles

/// A crate's modules (as paths from the crate root) and the modules each one's code names.
struct ModuleGraph {
    /// Module path → the module paths it refers to (`crate::a::b`, `super::c`, `self::d`).
    uses: BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
}

impl ModuleGraph {
    fn read(src: &Path) -> ModuleGraph {
        let mut files = Vec::new();
        walk(src, &mut files);
        let modules: BTreeSet<Vec<String>> = files.iter().map(|f| module_path(src, f)).collect();
        let mut uses = BTreeMap::new();
        for file in &files {
            let here = module_path(src, file);
            let text = strip_comments(&std::fs::read_to_string(file).unwrap());
            let targets = references(&text, &here)
                .into_iter()
                .filter_map(|path| longest_module(&modules, &path))
                .collect();
            uses.insert(here, targets);
        }
        ModuleGraph { uses }
    }

    /// Cycles between sibling modules: module `a` uses (something under) sibling `b`, and `b`
    /// uses `a`, directly or around a longer loop. A module using its own parent or child is
    /// how Rust modules work (a child sees its parent's items) and is not counted.
    fn sibling_cycles(&self) -> Vec<String> {
        // Edges between siblings: for each use, the two children of the lowest common ancestor.
        let mut edges: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = BTreeMap::new();
        for (from, tos) in &self.uses {
            for to in tos {
                let common = from.iter().zip(to).take_while(|(a, b)| a == b).count();
                if common == from.len() || common == to.len() {
                    continue; // an ancestor or a descendant
                }
                edges
                    .entry(from[..=common].to_vec())
                    .or_default()
                    .insert(to[..=common].to_vec());
            }
        }
        let mut cycles = Vec::new();
        let mut done = BTreeSet::new();
        for start in edges.keys() {
            let mut stack = vec![start.clone()];
            find_cycle(&edges, start, &mut stack, &mut done, &mut cycles);
        }
        cycles.sort();
        cycles.dedup();
        cycles
    }
}

fn find_cycle(
    edges: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
    node: &Vec<String>,
    stack: &mut Vec<Vec<String>>,
    done: &mut BTreeSet<Vec<String>>,
    cycles: &mut Vec<String>,
) {
    if done.contains(node) {
        return;
    }
    for next in edges.get(node).into_iter().flatten() {
        if let Some(i) = stack.iter().position(|s| s == next) {
            let names: Vec<String> = stack[i..]
                .iter()
                .chain([next])
                .map(|m| m.join("::"))
                .collect();
            cycles.push(names.join(" → "));
        } else {
            stack.push(next.clone());
            find_cycle(edges, next, stack, done, cycles);
            stack.pop();
        }
    }
    done.insert(node.clone());
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            walk(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `src/order/cxml/answers.rs` → `["order", "cxml", "answers"]`; `lib.rs` → `[]`; a `mod.rs`
/// is its folder.
fn module_path(src: &Path, file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src).unwrap().with_extension("");
    let mut parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if matches!(parts.last().map(String::as_str), Some("lib" | "mod")) {
        parts.pop();
    }
    parts
}

/// The text without `//` comments (doc links name modules without using them).
fn strip_comments(text: &str) -> String {
    text.lines()
        .map(|l| match l.find("//") {
            Some(i) if !l[..i].contains('"') => &l[..i],
            _ => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every module path the code names: `crate::a::b::C`, `super::x`, `self::y`, and the paths
/// inside `use crate::{a::X, b}` groups (one level of braces).
fn references(text: &str, here: &[String]) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    for (i, _) in text
        .match_indices("crate::")
        .chain(text.match_indices("super::"))
    {
        if i > 0 && (bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_') {
            continue;
        }
        let (mut base, rest) = if text[i..].starts_with("crate::") {
            (Vec::new(), &text[i + 7..])
        } else {
            // super:: (possibly repeated) from this file's module.
            let mut base = here.to_vec();
            let mut rest = &text[i..];
            while let Some(r) = rest.strip_prefix("super::") {
                base.pop();
                rest = r;
            }
            (base, rest)
        };
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for item in group[..end].split(',') {
                let mut path = base.clone();
                path.extend(segments(item.trim()));
                out.push(path);
            }
        } else {
            base.extend(segments(rest));
            out.push(base);
        }
    }
    out
}

/// The leading `a::b::c` of a path (lower-case segments: modules; a type or function ends it
/// for our purpose, since the longest known module prefix is taken anyway).
fn segments(path: &str) -> Vec<String> {
    path.split("::")
        .map(|s| {
            s.chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect::<String>()
        })
        .take_while(|s| !s.is_empty())
        .collect()
}

fn longest_module(modules: &BTreeSet<Vec<String>>, path: &[String]) -> Option<Vec<String>> {
    (0..=path.len())
        .rev()
        .map(|n| path[..n].to_vec())
        .find(|p| modules.contains(p))
}

#[test]
fn no_module_cycles_inside_any_domain_crate() {
    let crates = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut report = Vec::new();
    for krate in DOMAIN {
        let graph = ModuleGraph::read(&crates.join(krate).join("src"));
        assert!(!graph.uses.is_empty(), "{krate} was read");
        for cycle in graph.sibling_cycles() {
            report.push(format!("{krate}: {cycle}"));
        }
    }
    assert!(report.is_empty(), "module cycles:\n{}", report.join("\n"));
}

#[test]
fn the_cycle_check_catches_siblings_that_use_each_other() {
    let m = |s: &str| -> Vec<String> { s.split("::").map(str::to_owned).collect() };
    let uses = BTreeMap::from([
        (m("order"), BTreeSet::from([m("order::cxml")])),
        (
            m("order::cxml"),
            BTreeSet::from([m("order::documents"), m("order")]),
        ),
        (
            m("order::documents"),
            BTreeSet::from([m("order::xml_tree")]),
        ),
        (
            m("order::xml_tree"),
            BTreeSet::from([m("order::cxml::answers")]),
        ),
        (
            m("order::cxml::answers"),
            BTreeSet::from([m("order::cxml")]),
        ),
    ]);
    assert_eq!(
        ModuleGraph { uses }.sibling_cycles(),
        ["order::cxml → order::documents → order::xml_tree → order::cxml"]
    );
    // Paths are read from the text: `super::`, `crate::{…}` groups, comments ignored.
    let here = m("order::cxml");
    let text = "use super::documents::Doc;\nuse crate::{order::hub, money::Money};\n// crate::sync";
    let refs = references(&strip_comments(text), &here);
    assert_eq!(
        refs,
        [
            m("order::hub"),
            m("money::Money"),
            m("order::documents::Doc")
        ]
    );
}
