//! Honest placeholder for the parts of Procura that are not built yet.

use crate::i18n::{use_i18n, Msg};
use leptos::prelude::*;

#[component]
pub fn NotBuilt(title: Msg) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="page not-built">
            <h1>{move || i18n.t(title)}</h1>
            <p class="badge muted">{move || i18n.t(Msg::NotBuiltYet)}</p>
            <p>{move || i18n.t(Msg::NotBuiltYetBody)}</p>
        </section>
    }
}
