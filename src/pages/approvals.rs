//! The approver's inbox (being built).

pub mod decide;

use leptos::prelude::*;

#[component]
pub fn ApprovalsPage() -> impl IntoView {
    view! { <section class="page"><h1>"Approvals"</h1></section> }
}
