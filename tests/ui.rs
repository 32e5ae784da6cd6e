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
