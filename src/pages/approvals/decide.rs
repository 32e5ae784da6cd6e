//! The approver's decision panel on a requisition (being built).

use leptos::prelude::*;

/// Approve / reject / return for the logged-in approver, when the requisition waits for them.
#[component]
pub fn DecisionPanel(requisition_id: String) -> impl IntoView {
    let _ = requisition_id;
    view! { <div class="decision-panel"></div> }
}
