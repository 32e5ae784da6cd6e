//! The OpenAPI document (`src/openapi.rs`) against the routes that exist, both ways:
//!
//! - every operation it names is served by the real router (not the "no such API route"
//!   fallback, not 405);
//! - every route the source mounts (each `.route("…"` in `src/`) is in it, except the test
//!   routes below `/test/`, which exist only with `--fault-injection` or
//!   `--supplier-simulation`; and no method beyond the documented ones is served on a path;
//! - the bodies it describes have the fields the real types serialise to;
//! - `docs/api.md` has a section for every operation in it (the prose keeps the rules).

mod common;

use common::*;
use procura_endpoint::openapi;
use procura_sync::api::API_PREFIX;
use std::collections::BTreeSet;

/// Methods a route may be mounted for (HEAD comes with GET; nothing mounts OPTIONS or TRACE).
const METHODS: [&str; 5] = ["get", "post", "put", "patch", "delete"];

/// The prefix of the routes left out of the document on purpose.
const TEST_ONLY: &str = "/test/";

fn document() -> Value {
    serde_json::from_str(openapi::json()).expect("the document is JSON")
}

/// `(method, path)` of every operation the document names.
fn documented(doc: &Value) -> BTreeSet<(String, String)> {
    let paths = doc["paths"].as_object().expect("paths");
    let mut out = BTreeSet::new();
    for (path, item) in paths {
        for method in METHODS {
            if item.get(method).is_some() {
                out.insert((method.to_owned(), path.clone()));
            }
        }
    }
    out
}

/// Every path literal given to `.route(` in the endpoint's sources, below [`API_PREFIX`] (the
/// one `.nest` in `routes`).
fn mounted_paths() -> BTreeSet<String> {
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = vec![src];
    let mut paths = BTreeSet::new();
    while let Some(path) = files.pop() {
        if path.is_dir() {
            for entry in std::fs::read_dir(&path).expect("read src") {
                files.push(entry.expect("dir entry").path());
            }
            continue;
        }
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("read a source file");
        for (at, _) in text.match_indices(".route(") {
            let rest = text[at + ".route(".len()..].trim_start();
            // `.route(openapi::OPENAPI_PATH, …)`: the one route named by a constant.
            if let Some(rest) = rest.strip_prefix("openapi::OPENAPI_PATH") {
                assert!(rest.trim_start().starts_with(','));
                paths.insert(format!("{API_PREFIX}{}", openapi::OPENAPI_PATH));
                continue;
            }
            let literal = rest.strip_prefix('"').unwrap_or_else(|| {
                panic!(
                    "{}: a route whose path is not a string literal; name it in this test",
                    path.display()
                )
            });
            let end = literal.find('"').expect("the literal ends");
            paths.insert(format!("{API_PREFIX}{}", &literal[..end]));
        }
    }
    paths
}

/// `path` with each `{param}` replaced by `x`.
fn concrete(path: &str) -> String {
    let mut out = String::new();
    let mut in_param = false;
    for c in path.chars() {
        match c {
            '{' => in_param = true,
            '}' => {
                in_param = false;
                out.push('x');
            }
            _ if !in_param => out.push(c),
            _ => {}
        }
    }
    out
}

/// Whether the router answered as it does for a path it does not serve, or a method it does
/// not serve on a path.
fn no_route(reply: &Reply) -> bool {
    let fallback = reply.status == 404
        && serde_json::from_str::<ApiError>(&reply.body)
            .is_ok_and(|e| e.code == "not_found" && e.message == "no such API route");
    fallback || reply.status == 405
}

async fn send(api: &Api, method: &str, path: &str) -> Reply {
    let method = Method::from_bytes(method.to_ascii_uppercase().as_bytes()).expect("a method");
    api.send(method, api.url(&concrete(path)), None).await
}

#[tokio::test]
async fn the_document_is_served_as_openapi_3_1_json_without_login() {
    let api = spawn_endpoint().await;
    let url = api.url(&format!("{API_PREFIX}{}", openapi::OPENAPI_PATH));
    let response = api.http.get(url).send().await.expect("answered");
    assert_eq!(response.status(), 200);
    let header = |name: &str| {
        let value = response.headers().get(name).map(|v| v.to_str().unwrap());
        value.unwrap_or_default().to_owned()
    };
    assert_eq!(header("content-type"), "application/json");
    assert_eq!(header("cache-control"), openapi::CACHE_CONTROL);
    let served: Value = response.json().await.expect("JSON");
    assert_eq!(served, document());
    let version = served["openapi"].as_str().expect("an openapi version");
    assert!(version.starts_with("3.1."), "version {version}");
    assert_eq!(served["info"]["title"], "Procura HTTP API");
    // Client generators name their methods after operation ids: one each, none twice.
    let mut ids = BTreeSet::new();
    for item in served["paths"].as_object().unwrap().values() {
        for operation in item.as_object().unwrap().values() {
            let id = operation["operationId"].as_str().expect("an operation id");
            assert!(ids.insert(id.to_owned()), "operation id {id} twice");
            // Every failure is an ApiError, and the document says which scheme guards what.
            for (status, answer) in operation["responses"].as_object().unwrap() {
                if status.starts_with(['4', '5']) {
                    let schema = &answer["content"]["application/json"]["schema"]["$ref"];
                    assert_eq!(schema, "#/components/schemas/ApiError", "{id} {status}");
                }
            }
            for requirement in operation["security"].as_array().into_iter().flatten() {
                for scheme in requirement.as_object().unwrap().keys() {
                    let known = &served["components"]["securitySchemes"][scheme];
                    assert!(known.is_object(), "{id}: no security scheme {scheme}");
                }
            }
        }
    }
}

#[tokio::test]
async fn every_documented_operation_is_served() {
    let api = spawn_endpoint().await;
    let doc = document();
    let operations = documented(&doc);
    assert!(operations.len() >= 20, "{operations:?}");
    for (method, path) in &operations {
        let reply = send(&api, method, path).await;
        assert!(
            !no_route(&reply),
            "the document names {method} {path}, which the router does not serve: {} {}",
            reply.status,
            reply.body
        );
    }
}

#[tokio::test]
async fn every_mounted_route_is_documented_with_each_of_its_methods() {
    let api = spawn_endpoint().await;
    let doc = document();
    let operations = documented(&doc);
    let doc_paths: BTreeSet<String> = operations.iter().map(|(_, p)| p.clone()).collect();
    let mounted = mounted_paths();
    let test_only = format!("{API_PREFIX}{TEST_ONLY}");
    let missing: Vec<_> = mounted
        .iter()
        .filter(|p| !p.starts_with(&test_only) && !doc_paths.contains(*p))
        .collect();
    assert!(
        missing.is_empty(),
        "routes the router mounts but the document lacks (annotate the handler with \
         #[utoipa::path] and list it in openapi::ApiDoc): {missing:?}"
    );
    let unknown: Vec<_> = doc_paths.difference(&mounted).collect();
    assert!(unknown.is_empty(), "documented, never mounted: {unknown:?}");
    assert!(
        mounted.iter().any(|p| p.starts_with(&test_only)),
        "the scan finds the test routes too"
    );
    // The methods of each path: what is not documented is not served.
    for path in &doc_paths {
        for method in METHODS {
            if operations.contains(&(method.to_owned(), path.clone())) {
                continue;
            }
            let reply = send(&api, method, path).await;
            assert_eq!(
                reply.status, 405,
                "{method} {path} is served but not documented: {}",
                reply.body
            );
        }
    }
}

#[tokio::test]
async fn the_test_routes_are_left_out_and_absent_without_their_flags() {
    let api = spawn_endpoint().await;
    let doc = document();
    let test_only = format!("{API_PREFIX}{TEST_ONLY}");
    for (_, path) in documented(&doc) {
        assert!(!path.starts_with(&test_only), "{path} is test-only");
    }
    for path in mounted_paths() {
        if path.starts_with(&test_only) {
            let reply = send(&api, "post", &path).await;
            reply.assert_error(404, "not_found");
        }
    }
}

/// The schema `name`'s properties and required ones.
fn fields(doc: &Value, name: &str) -> (BTreeSet<String>, BTreeSet<String>) {
    let schema = &doc["components"]["schemas"][name];
    let properties = schema["properties"]
        .as_object()
        .unwrap_or_else(|| panic!("schema {name} has properties: {schema}"));
    let required = schema["required"].as_array().cloned().unwrap_or_default();
    (
        properties.keys().cloned().collect(),
        required
            .iter()
            .map(|v| v.as_str().unwrap().to_owned())
            .collect(),
    )
}

/// `value`'s fields are those schema `name` describes: none unknown, none required missing.
#[track_caller]
fn assert_described(doc: &Value, name: &str, value: &Value) {
    let (properties, required) = fields(doc, name);
    let keys: BTreeSet<String> = value
        .as_object()
        .expect("an object")
        .keys()
        .cloned()
        .collect();
    let undescribed: Vec<_> = keys.difference(&properties).collect();
    assert!(
        undescribed.is_empty(),
        "{name} lacks {undescribed:?}: {value}"
    );
    let absent: Vec<_> = required.difference(&keys).collect();
    assert!(absent.is_empty(), "{name} requires {absent:?}: {value}");
}

#[tokio::test]
async fn the_described_bodies_have_the_fields_the_real_ones_have() {
    let api = spawn_endpoint_with(WITH_MARKET, None).await;
    let doc = document();
    let login: Value = api.login_with("admin", DEMO_PASSWORD).await.json();
    assert_described(&doc, "LoginResponse", &login);
    assert_described(&doc, "User", &login["user"]);
    let admin = api.with_token(login["token"].as_str().unwrap());
    let suppliers: Vec<Value> = admin.get("/api/v1/suppliers").await.json();
    for supplier in &suppliers {
        assert_described(&doc, "Supplier", supplier);
        assert_described(&doc, "LocalizedText", &supplier["name"]);
    }
    let markets: Vec<Value> = admin.get("/api/v1/marketplaces").await.json();
    assert_described(&doc, "Marketplace", &markets[0]);
    let page: Value = admin
        .get(&format!("/api/v1/suppliers/{SUPPLIER}/catalog?limit=3"))
        .await
        .json();
    assert_described(&doc, "CatalogPage", &page);
    let item = &page["changes"][0]["item"];
    assert_described(&doc, "CatalogItem", item);
    assert_described(&doc, "PriceTier", &item["price_tiers"][0]);
    let market_page: Value = admin
        .get(&format!("/api/v1/marketplaces/{MARKET}/catalog?limit=1"))
        .await
        .json();
    assert_described(&doc, "CatalogPage", &market_page);
    let churn: Value = admin
        .post(
            &format!("/api/v1/admin/suppliers/{SUPPLIER}/catalog/churn"),
            json!({"withdraw": 1}),
        )
        .await
        .json();
    assert_described(&doc, "ChurnResult", &churn);
    let pull: Value = admin.get("/api/v1/sync/pull?limit=2").await.json();
    assert_described(&doc, "PullResponse", &pull);
    let push: Value = admin
        .post(
            "/api/v1/sync/push",
            json!({"client_id": "openapi-test", "mutations": [
                {"id": 1, "created_at_ms": 0, "op": {"type": "delete_evaluation", "id": "none"}},
                {"id": 2, "created_at_ms": 0, "op": {"type": "withdraw_requisition", "id": "none", "revision": 1}}
            ]}),
        )
        .await
        .json();
    assert_described(&doc, "PushResponse", &push);
    assert_described(&doc, "Outcome", &push["outcomes"][0]);
    let ticket: Value = admin
        .post("/api/v1/sync/events/ticket", json!({}))
        .await
        .json();
    assert_described(&doc, "EventTicket", &ticket);
    let error = admin.get("/api/v1/suppliers/nobody/catalog").await;
    error.assert_error(404, "no_supplier");
    assert_described(
        &doc,
        "ApiError",
        &serde_json::from_str(&error.body).unwrap(),
    );
    // Money is text, and the document says so.
    let decimal = &doc["components"]["schemas"]["Decimal"];
    assert_eq!(decimal["type"], "string", "{decimal}");
    assert!(item["price_tiers"][0]["unit_price"].is_string());
}

#[test]
fn docs_api_md_has_prose_for_every_documented_operation() {
    let docs = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/api.md");
    let prose = std::fs::read_to_string(docs).expect("docs/api.md");
    for (method, path) in documented(&document()) {
        let named = format!("`{} {path}", method.to_ascii_uppercase());
        assert!(
            prose.contains(&named),
            "docs/api.md has no section naming {named}`: the rules of a route are written there"
        );
    }
}
