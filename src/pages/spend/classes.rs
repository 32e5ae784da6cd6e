//! Each catalog item's ABC class by its committed spend over the last twelve months
//! ([`procura_spend::spend::items::item_classes`], default cut-offs 80 % / 95 %), shown as a
//! badge on catalog rows and cart lines. Computed once per change of the records, from the
//! spend cube the Spend screen shares.

use super::SpendMsg;
use crate::i18n::use_i18n;
use crate::state::AppState;
use leptos::prelude::*;
use procura_spend::inventory::AbcClass;
use std::collections::BTreeMap;
use std::sync::Arc;

/// Item id → class.
pub type Classes = Arc<BTreeMap<String, AbcClass>>;

/// The classes, provided once by the app's root.
#[derive(Clone, Copy)]
pub struct ClassContext(pub Memo<Classes>);

/// The memo the root provides.
pub fn class_memo(app: AppState) -> Memo<Classes> {
    let spend = super::use_spend(app);
    Memo::new(move |_| {
        let Some(shared) = spend.get() else {
            return Classes::default();
        };
        let data = &shared.0;
        let Ok(cube) = &data.cube else {
            return Classes::default();
        };
        let today = procura_ground::date::day_of_ms(crate::org::now_ms());
        let month = format!("{:04}-{:02}", today.year(), u8::from(today.month()));
        let classes = procura_spend::spend::items::item_classes(
            cube,
            &data.orders,
            &data.requisitions,
            &month,
            0.8,
            0.95,
        );
        Arc::new(
            classes
                .into_iter()
                .map(|(id, (_, class))| (id.to_string(), class))
                .collect(),
        )
    })
}

/// An item's ABC class as a small badge, when it has one.
#[component]
pub fn AbcBadge(item_id: String) -> impl IntoView {
    let i18n = use_i18n();
    let classes = use_context::<ClassContext>();
    move || {
        let class = classes?.0.with(|c| c.get(item_id.as_str()).copied())?;
        let letter = match class {
            AbcClass::A => "A",
            AbcClass::B => "B",
            AbcClass::C => "C",
        };
        let title = SpendMsg::abc_badge(i18n.lang(), letter);
        Some(view! {
            <span class=format!("abc-badge abc-{}", letter.to_lowercase()) data-testid="abc-class"
                translate="no" title=title.clone() aria-label=title>{letter}</span>
        })
    }
}
