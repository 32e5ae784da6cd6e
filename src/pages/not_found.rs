//! The page for an address the app does not know (a mistyped or old link, e.g. `/import`):
//! says so and offers the way back, instead of a blank page.

use crate::i18n::use_i18n;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;

crate::i18n::messages!(NotFoundMsg {
    Title => "Page not found", "找不到页面";
    Body => "There is no page at this address. It may be an old or mistyped link.", "此地址没有页面，可能是旧链接或输入有误。";
    Address => "Address", "地址";
    BackToCatalog => "Back to the catalog", "返回商品目录";
});

#[component]
pub fn NotFoundPage() -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    view! {
        <section class="page not-found" data-testid="not-found">
            <h1>{move || i18n.t(NotFoundMsg::Title)}</h1>
            <p>{move || i18n.t(NotFoundMsg::Body)}</p>
            <p class="muted">
                {move || i18n.t(NotFoundMsg::Address)} ": "
                <code class="wrap-anywhere" translate="no" data-content="">{move || location.pathname.get()}</code>
            </p>
            <p>
                <A href="/catalog" attr:class="button primary" attr:data-testid="back-to-catalog">
                    {move || i18n.t(NotFoundMsg::BackToCatalog)}
                </A>
            </p>
        </section>
    }
}
