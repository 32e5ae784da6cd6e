//! The cart page (being built).

use leptos::prelude::*;

#[component]
pub fn CartPage() -> impl IntoView {
    view! { <section class="page"><h1>"Cart"</h1></section> }
}
