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
fn argument_words(kind: &procura_catalog::import::IssueKind) -> Vec<String> {
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
    use procura_catalog::import::IssueKind;
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
    use procura_ground::reason::Reason;
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

/// Dates, times, numbers and money in both UI languages, as Chromium's `Intl` writes them
/// (the moment is shown in UTC so the text is the same on every machine).
#[wasm_bindgen_test]
fn formats_follow_the_ui_language() {
    use procura::i18n::Lang;
    use procura::ui::format::{self, What};
    use rust_decimal::Decimal;
    use std::str::FromStr;
    let d = |s: &str| Decimal::from_str(s).unwrap();
    // 2026-12-06 15:37 UTC.
    let ms = 1_796_571_420_000;
    let cases = [
        (Lang::En, What::Date, "Dec 6, 2026"),
        (Lang::En, What::Time, "3:37 PM"),
        (Lang::En, What::DateTime, "Dec 6, 2026, 3:37 PM"),
        (Lang::ZhCn, What::Date, "2026年12月6日"),
        (Lang::ZhCn, What::Time, "15:37"),
        (Lang::ZhCn, What::DateTime, "2026年12月6日 15:37"),
    ];
    for (lang, what, want) in cases {
        assert_eq!(
            format::in_zone(lang, ms, what, "UTC"),
            want,
            "{lang:?} {what:?}"
        );
    }
    let day = procura_ground::date::parse_day("2026-12-20").unwrap();
    assert_eq!(format::day(Lang::En, day), "Dec 20, 2026");
    assert_eq!(format::day(Lang::ZhCn, day), "2026年12月20日");
    assert_eq!(
        format::entered_day(Lang::ZhCn, &"soon".into()),
        "soon",
        "not a day: as written"
    );
    assert_eq!(
        format::entered_day(Lang::En, &"2026-12-20".into()),
        "Dec 20, 2026"
    );
    assert_eq!(format::date_time(Lang::En, 0), "", "no moment, no text");

    for lang in [Lang::En, Lang::ZhCn] {
        assert_eq!(format::number(lang, d("1234567.891")), "1,234,567.891");
        assert_eq!(
            format::number(lang, d("0.0005")),
            "0.0005",
            "every decimal kept"
        );
        assert_eq!(format::count(lang, 12_000), "12,000");
        // Minor units 2, 0 and 3; halves away from zero, as the core rounds.
        assert_eq!(format::money(lang, d("0"), "CNY"), "CNY\u{a0}0.00");
        assert_eq!(format::money(lang, d("1234.5"), "CNY"), "CNY\u{a0}1,234.50");
        assert_eq!(format::money(lang, d("1234.5"), "JPY"), "JPY\u{a0}1,235");
        assert_eq!(format::money(lang, d("1.2495"), "KWD"), "KWD\u{a0}1.250");
        assert_eq!(
            format::money(lang, d("-1000000"), "EUR"),
            "-EUR\u{a0}1,000,000.00"
        );
        // More digits than an f64 holds: the decimal's string reaches Intl, not a float.
        assert_eq!(
            format::money(lang, d("12345678901234567.89"), "CNY"),
            "CNY\u{a0}12,345,678,901,234,567.89"
        );
        assert_eq!(format::bytes(lang, 12_345_678.0), "12.3 MB");
    }
}

/// Every message with a count, at 0, 1 and 2, in both languages: English says "1 change" and
/// "2 changes", Chinese has one form; none says "(s)" or leaves a placeholder.
#[wasm_bindgen_test]
fn counted_messages_take_the_language_s_plural() {
    use procura::i18n::{Lang, Msg};
    use procura::pages::cart::CartMsg;
    use procura::pages::orders::OrderMsg;
    use procura::pages::policy::msg::PolicyMsg;
    use procura::pages::requisitions::ReqMsg;
    let en = Lang::En;
    let zh = Lang::ZhCn;
    let check = |name: &str, f: &dyn Fn(Lang, usize) -> String, want: [&str; 6]| {
        let got = [f(en, 0), f(en, 1), f(en, 2), f(zh, 0), f(zh, 1), f(zh, 2)];
        assert_eq!(got, want.map(str::to_owned), "{name}");
        for s in &got {
            assert!(!s.contains("(s)") && !s.contains('{'), "{name}: {s}");
        }
    };
    check(
        "sync_pending",
        &|l, n| Msg::sync_pending(l, n),
        [
            "0 changes waiting to sync",
            "1 change waiting to sync",
            "2 changes waiting to sync",
            "0 项更改待同步",
            "1 项更改待同步",
            "2 项更改待同步",
        ],
    );
    check(
        "others_pending",
        &|l, n| Msg::others_pending(l, n),
        [
            "0 changes by other users of this device wait until they log in here again.",
            "1 change by another user of this device waits until they log in here again.",
            "2 changes by other users of this device wait until they log in here again.",
            "本设备上其他用户的 0 项更改将在其再次登录时发送。",
            "本设备上其他用户的 1 项更改将在其再次登录时发送。",
            "本设备上其他用户的 2 项更改将在其再次登录时发送。",
        ],
    );
    check(
        "compare_offers",
        &|l, n| Msg::compare_offers(l, n),
        [
            "Compare 0 offers",
            "Compare 1 offer",
            "Compare 2 offers",
            "比较 0 个报价",
            "比较 1 个报价",
            "比较 2 个报价",
        ],
    );
    check(
        "evaluations_count",
        &|l, n| Msg::evaluations_count(l, n as u32),
        [
            "0 evaluations",
            "1 evaluation",
            "2 evaluations",
            "0 条评价",
            "1 条评价",
            "2 条评价",
        ],
    );
    check(
        "changes_stored",
        &|l, n| Msg::changes_stored(l, n as u64),
        [
            "0 changes stored",
            "1 change stored",
            "2 changes stored",
            "0 条变更已保存",
            "1 条变更已保存",
            "2 条变更已保存",
        ],
    );
    check(
        "restored",
        &|l, n| {
            let n = n as u64;
            Msg::restored(
                l,
                &Msg::queued_changes(l, n),
                &Msg::records_count(l, n),
                &Msg::imported_items(l, n),
            )
        },
        [
            "Restored: 0 queued changes, 0 records, 0 imported catalog items.",
            "Restored: 1 queued change, 1 record, 1 imported catalog item.",
            "Restored: 2 queued changes, 2 records, 2 imported catalog items.",
            "已恢复：0 项待同步更改、0 条记录、0 件导入的目录商品。",
            "已恢复：1 项待同步更改、1 条记录、1 件导入的目录商品。",
            "已恢复：2 项待同步更改、2 条记录、2 件导入的目录商品。",
        ],
    );
    check(
        "sync_retrying",
        &|l, n| Msg::sync_retrying(l, "503", n as u64),
        [
            "Sync failed (503); retrying in 0 seconds",
            "Sync failed (503); retrying in 1 second",
            "Sync failed (503); retrying in 2 seconds",
            "同步失败（503），0 秒后重试",
            "同步失败（503），1 秒后重试",
            "同步失败（503），2 秒后重试",
        ],
    );
    check(
        "showing",
        &|l, n| Msg::showing(l, "1", &n.to_string(), &n.to_string(), n),
        [
            "Showing 1–0 of 0 items",
            "Showing 1–1 of 1 item",
            "Showing 1–2 of 2 items",
            "第 1–0 件，共 0 件商品",
            "第 1–1 件，共 1 件商品",
            "第 1–2 件，共 2 件商品",
        ],
    );
    check(
        "change_lines",
        &|l, n| Msg::change_lines(l, n),
        ["0 lines", "1 line", "2 lines", "0 行", "1 行", "2 行"],
    );
    check(
        "cart lines_count",
        &|l, n| CartMsg::lines_count(l, n),
        ["0 lines", "1 line", "2 lines", "0 行", "1 行", "2 行"],
    );
    check(
        "confirm_delete_cart",
        &|l, n| CartMsg::confirm_delete_cart(l, "Office", n),
        [
            "Delete the cart “Office” and its 0 lines?",
            "Delete the cart “Office” and its 1 line?",
            "Delete the cart “Office” and its 2 lines?",
            "删除购物车“Office”及其 0 行？",
            "删除购物车“Office”及其 1 行？",
            "删除购物车“Office”及其 2 行？",
        ],
    );
    check(
        "req line_count",
        &|l, n| ReqMsg::line_count(l, n),
        ["0 lines", "1 line", "2 lines", "0 行", "1 行", "2 行"],
    );
    check(
        "orders created",
        &|l, n| OrderMsg::created(l, n),
        [
            "0 purchase orders created. They go to the organisation with the next sync, then to the suppliers.",
            "1 purchase order created. It goes to the organisation with the next sync, then to the supplier.",
            "2 purchase orders created. They go to the organisation with the next sync, then to the suppliers.",
            "已生成 0 张采购订单，将在下次同步时提交，随后发送给供应商。",
            "已生成 1 张采购订单，将在下次同步时提交，随后发送给供应商。",
            "已生成 2 张采购订单，将在下次同步时提交，随后发送给供应商。",
        ],
    );
    check(
        "open_lines",
        &|l, n| OrderMsg::open_lines(l, n.min(1), n),
        [
            "0 of 0 lines to order",
            "1 of 1 line to order",
            "1 of 2 lines to order",
            "0 行中有 0 行待下单",
            "1 行中有 1 行待下单",
            "2 行中有 1 行待下单",
        ],
    );
    check(
        "net_days",
        &|l, n| OrderMsg::net_days(l, n as u32),
        [
            "Net 0 days",
            "Net 1 day",
            "Net 2 days",
            "0 天付款",
            "1 天付款",
            "2 天付款",
        ],
    );
    check(
        "policy chain",
        &|l, n| PolicyMsg::chain(l, n as u8),
        [
            "The requester's manager, 0 levels up; a manager whose limit is below the total is skipped and their manager takes the level.",
            "The requester's manager, 1 level up; a manager whose limit is below the total is skipped and their manager takes the level.",
            "The requester's manager, 2 levels up; a manager whose limit is below the total is skipped and their manager takes the level.",
            "申请人的上级，共 0 级；限额低于总额的上级将被跳过，由其上级代替。",
            "申请人的上级，共 1 级；限额低于总额的上级将被跳过，由其上级代替。",
            "申请人的上级，共 2 级；限额低于总额的上级将被跳过，由其上级代替。",
        ],
    );
}
