//! The Approvals page: the approver's inbox (what waits for their decision), the decisions
//! still on the device and the ones the organisation refused, the approver's history, and
//! delegations. The decision panel on a requisition's own page lives in [`decide`].

mod common;
pub mod decide;
mod delegations;
mod inbox;
pub mod msg;
mod outlook;

use crate::i18n::{use_i18n, Msg};
use crate::state::use_app;
use leptos::prelude::*;
use procura_sync::api::Role;

pub use common::BudgetImpactLine;
pub use decide::DecisionPanel;

/// How many requisitions wait for the logged-in user's decision (their inbox's length), kept
/// up to date as records arrive and as steps escalate with time: the count on the Approvals tab.
pub fn use_waiting_count() -> Memo<usize> {
    let app = use_app();
    let now = common::minute_clock();
    Memo::new(move |_| inbox::waiting_count(app, now.get()))
}

/// Whether the logged-in user decides rather than buys: they start on their inbox.
pub fn starts_on_inbox(app: crate::state::AppState) -> bool {
    app.session.with_untracked(|s| {
        s.as_ref()
            .is_some_and(|s| s.user.has_role(Role::Approver) && !s.user.has_role(Role::Buyer))
    })
}

#[component]
pub fn ApprovalsPage() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let now = common::minute_clock();
    let may_delegate = move || {
        app.session.with(|s| {
            s.as_ref()
                .is_some_and(|s| s.user.has_role(Role::Approver) || s.user.has_role(Role::Admin))
        })
    };
    view! {
        <section class="page approvals">
            <div class="page-head">
                <h1>{move || i18n.t(Msg::NavApprovals)}</h1>
            </div>
            <inbox::RefusedDecisions/>
            <inbox::Inbox now=now/>
            <inbox::PendingDecisions/>
            <inbox::DecidedByMe/>
            <Show when=may_delegate>
                <delegations::Delegations/>
            </Show>
        </section>
    }
}
