//! The logged-in user, as screens ask for it.

use crate::state::AppState;
use leptos::prelude::*;

/// The logged-in user's id.
pub fn user_id(app: AppState) -> Option<String> {
    app.session
        .with_untracked(|s| s.as_ref().map(|s| s.user.id.to_string()))
}
