//! Names the UI shows that come with data: in the viewer's language where the data has both,
//! and rendered from their key where the core made them up (not something a person wrote).

use crate::i18n::{Lang, Msg};
use procura_core::approval::requisition::RouteStep;

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
