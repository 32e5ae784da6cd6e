//! The admin's approval policy page (being built).

use leptos::prelude::*;

#[component]
pub fn PolicyPage() -> impl IntoView {
    view! { <section class="page"><h1>"Approval policy"</h1></section> }
}
