//! Requisitions: the buyer's list, the form, the detail (being built).

use leptos::prelude::*;

#[component]
pub fn RequisitionsPage() -> impl IntoView {
    view! { <section class="page"><h1>"Requisitions"</h1></section> }
}

#[component]
pub fn NewRequisitionPage() -> impl IntoView {
    view! { <section class="page"><h1>"New requisition"</h1></section> }
}

#[component]
pub fn RequisitionDetailPage() -> impl IntoView {
    view! { <section class="page"><h1>"Requisition"</h1></section> }
}
