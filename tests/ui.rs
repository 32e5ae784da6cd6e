//! The app shell mounted in a real browser page: what a person sees before and at login.
#![cfg(target_arch = "wasm32")]

use leptos::task::tick;
use procura::app::App;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// Mounts the app into a fresh container; the handle unmounts it when dropped.
fn mount_app() -> (web_sys::HtmlElement, impl Drop) {
    let container: web_sys::HtmlElement =
        document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&container).unwrap();
    let handle = leptos::mount::mount_to(container.clone(), App);
    (container, handle)
}

async fn settle() {
    for _ in 0..5 {
        tick().await;
    }
}

#[wasm_bindgen_test]
async fn logged_out_the_app_asks_for_a_login_and_switches_language() {
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    storage.clear().unwrap();
    let (root, _app) = mount_app();
    settle().await;
    let text = root.text_content().unwrap();
    assert!(text.contains("Log in"), "{text}");
    assert!(text.contains("Username"), "{text}");

    let select: web_sys::HtmlSelectElement = root
        .query_selector("[data-testid=language]")
        .unwrap()
        .unwrap()
        .unchecked_into();
    select.set_value("zh-CN");
    select
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    settle().await;
    let text = root.text_content().unwrap();
    assert!(text.contains("登录") && text.contains("用户名"), "{text}");
    assert!(!text.contains("Username"), "every string switched: {text}");
    assert_eq!(
        storage.get_item("procura.lang").unwrap().as_deref(),
        Some("zh-CN"),
        "the choice is kept"
    );
    assert_eq!(
        document()
            .document_element()
            .unwrap()
            .get_attribute("lang")
            .as_deref(),
        Some("zh-CN")
    );
}

#[wasm_bindgen_test]
async fn a_stored_session_opens_the_catalog_without_a_network() {
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    storage.clear().unwrap();
    // What a login leaves behind. The test page has no endpoint: the app must not need one.
    let session = r#"{"token":"t","user":{"id":"u-buyer","username":"buyer","display_name":"Li Na","roles":["buyer"]}}"#;
    storage.set_item("procura.session", session).unwrap();
    let (root, _app) = mount_app();
    settle().await;
    let text = root.text_content().unwrap();
    assert!(text.contains("Li Na"), "{text}");
    for nav in [
        "Catalog",
        "Cart",
        "Requisitions",
        "Approvals",
        "Orders",
        "Suppliers",
        "Settings",
    ] {
        assert!(text.contains(nav), "navigation offers {nav}: {text}");
    }
    assert!(
        root.query_selector("[data-testid=catalog-search]")
            .unwrap()
            .is_some(),
        "the catalog page shows"
    );
    storage.clear().unwrap();
}

/// Plural forms come from the browser's CLDR rules: English has one and other, Chinese only
/// other.
#[wasm_bindgen_test]
fn plural_forms_follow_the_language() {
    use procura::i18n::plural::{form, Form};
    use procura::i18n::Lang;
    assert_eq!(form(Lang::En, 1), Form::One);
    assert_eq!(form(Lang::En, 0), Form::Other);
    assert_eq!(form(Lang::En, 2), Form::Other);
    assert_eq!(form(Lang::En, 21), Form::Other);
    assert_eq!(form(Lang::ZhCn, 1), Form::Other);
    assert_eq!(form(Lang::ZhCn, 2), Form::Other);
}

/// Names from the file formats and standards, which a Chinese text keeps as written (element
/// names, JSON members and keywords, format and standard names).
const FORMAT_TERMS: &[&str] = &[
    "ARTICLE",
    "ActionCode",
    "BMECAT",
    "BMEcat",
    "CDATA",
    "CSV",
    "CURRENCY",
    "Catalogue",
    "CatalogueLine",
    "Column",
    "DESCRIPTION_SHORT",
    "DOCTYPE",
    "ECE",
    "ENTITY",
    "GTIN",
    "ISO",
    "Item",
    "JSON",
    "PRICE_CURRENCY",
    "Peppol",
    "PriceAmount",
    "Procura",
    "Rec",
    "SKU",
    "T_NEW_CATALOG",
    "T_UPDATE_PRICES",
    "T_UPDATE_PRODUCTS",
    "UNSPSC",
    "UTF",
    "XML",
    "XXE",
    "action",
    "currencyID",
    "deleted",
    "false",
    "format",
    "items",
    "null",
    "replace",
    "true",
    "unit_price",
    "update",
    "update_prices",
];

/// ASCII words of three letters or more (`_` joins a word, as in element names).
fn ascii_words(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_ascii_alphabetic() || c == '_'))
        .filter(|w| w.chars().filter(char::is_ascii_alphabetic).count() >= 3)
        .map(str::to_owned)
        .collect()
}

/// The words of a kind's arguments (the values it carries, not its code).
fn argument_words(kind: &procura_core::import::IssueKind) -> Vec<String> {
    fn walk(value: &serde_json::Value, out: &mut Vec<String>) {
        match value {
            serde_json::Value::String(s) => out.extend(ascii_words(s)),
            serde_json::Value::Array(list) => list.iter().for_each(|v| walk(v, out)),
            serde_json::Value::Object(map) => map.values().for_each(|v| walk(v, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    if let Some(args) = serde_json::to_value(kind).unwrap().get("args") {
        walk(args, &mut out);
    }
    out
}

/// A `{name}` left where a value should have gone.
fn has_placeholder(text: &str) -> bool {
    text.split('{').skip(1).any(|rest| {
        rest.split_once('}').is_some_and(|(name, _)| {
            !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        })
    })
}

/// Every import-issue kind (one example of each, and of each case it carries) reads in both
/// languages: not empty, no placeholder left, no "(s)"; the Chinese has Chinese characters and no
/// English word but its arguments' values and the formats' own names.
#[wasm_bindgen_test]
fn every_import_issue_speaks_both_languages() {
    use procura::i18n::import_issues::kind_text;
    use procura::i18n::Lang;
    use procura_core::import::IssueKind;
    let examples = IssueKind::examples();
    assert!(examples.len() > 100, "{}", examples.len());
    for kind in &examples {
        let code = kind.code();
        for lang in [Lang::En, Lang::ZhCn] {
            let text = kind_text(kind, lang);
            assert!(!text.trim().is_empty(), "{code} {lang:?}");
            assert!(!has_placeholder(&text), "{code} {lang:?}: {text}");
            assert!(!text.contains("(s)"), "{code} {lang:?}: {text}");
        }
        let zh = kind_text(kind, Lang::ZhCn);
        assert!(
            zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "{code}: {zh}"
        );
        let args = argument_words(kind);
        for word in ascii_words(&zh) {
            assert!(
                args.contains(&word) || FORMAT_TERMS.contains(&word.as_str()),
                "{code}: English word {word:?} in {zh}"
            );
        }
    }
    // The checks can fail: an English sentence is caught.
    assert!(ascii_words("第 3 行 price must be above zero").len() == 4);
    assert!(has_placeholder("共 {n} 个"));
}

/// Counts say "1 error" and "2 errors", never "error(s)".
#[wasm_bindgen_test]
fn import_counts_use_plural_forms() {
    use procura::i18n::import_issues::{errors, items_ready, warnings};
    use procura::i18n::Lang;
    assert_eq!(errors(Lang::En, 1), "1 error");
    assert_eq!(errors(Lang::En, 2), "2 errors");
    assert_eq!(warnings(Lang::En, 1), "1 warning");
    assert_eq!(items_ready(Lang::En, 3), "3 items ready to import");
    assert_eq!(errors(Lang::ZhCn, 2), "2 个错误");
}

/// Every reason the core or the hub can give for a refusal reads in both languages: something
/// is said, nothing is left of a template, and the Chinese text is Chinese (no English word of
/// three letters or more besides the reason's own arguments: ids, codes, names).
#[wasm_bindgen_test]
fn every_refusal_reason_reads_in_both_languages() {
    use procura::i18n::reasons::text;
    use procura::i18n::Lang;
    use procura_core::reason::Reason;
    fn args(r: &Reason) -> Vec<String> {
        let json = serde_json::to_value(r).unwrap();
        let mut out = Vec::new();
        if let Some(map) = json.get("args").and_then(|a| a.as_object()) {
            for v in map.values() {
                out.push(match v {
                    serde_json::Value::String(s) => s.clone(),
                    other => other.to_string(),
                });
            }
        }
        out
    }
    let examples = Reason::examples();
    assert!(examples.len() > 90, "{} reasons", examples.len());
    for r in &examples {
        let en = text(Lang::En, r);
        let zh = text(Lang::ZhCn, r);
        for (lang, t) in [("en", &en), ("zh-CN", &zh)] {
            assert!(!t.trim().is_empty(), "{} has no {lang} text", r.code());
            assert!(
                !t.contains('{') && !t.contains('}'),
                "{} in {lang}: {t}",
                r.code()
            );
        }
        assert_ne!(en, zh, "{}", r.code());
        assert!(
            zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "{} in zh-CN has no Chinese: {zh}",
            r.code()
        );
        let mut rest = zh.clone();
        for a in args(r) {
            rest = rest.replace(&a, " ");
        }
        let english: Vec<&str> = rest
            .split(|c: char| !c.is_ascii_alphabetic())
            .filter(|w| w.len() >= 3)
            .collect();
        assert!(
            english.is_empty(),
            "{} in zh-CN has English {english:?}: {zh}",
            r.code()
        );
    }
}

/// A refusal stored before reasons were typed still reads, and says its code in the user's
/// language; so does a reason whose code this build does not know.
#[wasm_bindgen_test]
fn an_old_or_unknown_refusal_is_told_by_its_code() {
    use procura::i18n::Lang;
    use procura::storage::RefusedChange;
    let old = r#"{"id":4,"author":"u-ana","mutation":{"id":4,"created_at_ms":0,"op":{"type":"delete_evaluation","id":"e1"}},"code":"not_author","message":"only the colleague who wrote this evaluation may change or delete it"}"#;
    let unknown = old.replace(
        r#""message""#,
        r#""reason":{"code":"order.teleported","args":{"to":"Mars"}},"message""#,
    );
    let old: RefusedChange = serde_json::from_str(old).unwrap();
    assert_eq!(old.reason, None);
    let zh = old.text(Lang::ZhCn);
    assert!(zh.contains("not_author") && zh.contains("拒绝"), "{zh}");
    let unknown: RefusedChange = serde_json::from_str(&unknown).unwrap();
    let en = unknown.text(Lang::En);
    assert!(en.contains("order.teleported"), "{en}");
    assert!(unknown.text(Lang::ZhCn).contains("order.teleported"));
}
