//! Names the UI shows that come with data: in the viewer's language where the data has both,
//! and rendered from their key where the core made them up (not something a person wrote).

use crate::i18n::{Lang, Msg};
use crate::state::AppState;
use leptos::prelude::*;
use procura_procurement::approval::requisition::RouteStep;

/// A route step's name: the manager-chain steps the core adds (key `chain-{level}`) in the UI
/// language; a rule's step by the name the admin gave the rule.
pub fn step_name(step: &RouteStep, lang: Lang) -> String {
    match step
        .key
        .strip_prefix("chain-")
        .and_then(|l| l.parse::<u32>().ok())
    {
        Some(level) => Msg::manager_level(lang, level),
        None => step.name.clone(),
    }
}

/// Whether the name of the step with `key` is the admin's text (data, `data-content`) rather
/// than the UI's.
pub fn step_name_is_data(key: &str) -> bool {
    !key.starts_with("chain-")
}

/// A supplier's name in the viewer's language when this device knows the supplier (its name
/// comes in both), else the name the record carries (`stored`, as the requester saw it).
pub fn supplier_name(id: &str, stored: &str, lang: Lang) -> String {
    use_context::<AppState>()
        .and_then(|app| {
            app.suppliers.with(|list| {
                list.iter()
                    .find(|s| s.id == id)
                    .map(|s| s.name.get(lang).to_owned())
            })
        })
        .filter(|name| !name.is_empty())
        .unwrap_or_else(|| stored.to_owned())
}
