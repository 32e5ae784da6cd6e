//! The organisation's search synonyms: groups of terms a catalog search treats as one
//! (`打印纸 = 复印纸`). An admin edits them as text, one group per line; everyone's search uses
//! the saved list once the policy reaches their device.

use super::{tr_now, Editor};
use crate::i18n::use_i18n;
use leptos::prelude::*;
use procura_core::search::{
    SynonymError, Synonyms, MAX_GROUPS, MAX_TERMS_PER_GROUP, MAX_TERM_CHARS,
};

crate::i18n::messages!(SynonymMsg {
    Title => "Search synonyms", "搜索同义词";
    Note => "One group per line, terms separated by “=”, for example 打印纸 = 复印纸. Searching for one term of a group also finds the others. At most {groups} groups of 2 to {terms} terms, each at most {chars} characters.", "每行一组，词语之间用“=”分隔，例如 打印纸 = 复印纸。搜索组内任一词语时，也会找到其他词语。最多 {groups} 组，每组 2 至 {terms} 个词语，每个词语最多 {chars} 个字符。";
    None => "No synonyms.", "暂无同义词。";
    Apply => "Apply to the draft", "应用到草稿";
    TooManyGroups => "At most {groups} groups, not {n}.", "最多 {groups} 组，当前为 {n} 组。";
    TooManyTerms => "Group {g}: at most {terms} terms.", "第 {g} 组：最多 {terms} 个词语。";
    TermTooLong => "Group {g}: “{t}” is longer than {chars} characters.", "第 {g} 组：“{t}”超过 {chars} 个字符。";
    EmptyTerm => "Group {g}: a term has no letters or digits.", "第 {g} 组：有词语不含字母或数字。";
    TooFewTerms => "Group {g}: a group needs at least two different terms.", "第 {g} 组：每组至少需要两个不同的词语。";
    Duplicate => "Group {g}: “{t}” is already in group {f}.", "第 {g} 组：“{t}”已在第 {f} 组中。";
});

/// The refusal in the admin's language (groups counted without blank and `#` lines).
fn refusal(e: &SynonymError, i18n: crate::i18n::I18n) -> String {
    let fill = |msg: SynonymMsg| {
        tr_now(i18n, msg)
            .replace("{groups}", &MAX_GROUPS.to_string())
            .replace("{terms}", &MAX_TERMS_PER_GROUP.to_string())
            .replace("{chars}", &MAX_TERM_CHARS.to_string())
            .replace("{g}", &e.group().unwrap_or(0).to_string())
    };
    match e {
        SynonymError::TooManyGroups(n) => {
            fill(SynonymMsg::TooManyGroups).replace("{n}", &n.to_string())
        }
        SynonymError::TooManyTerms { .. } => fill(SynonymMsg::TooManyTerms),
        SynonymError::TermTooLong { term, .. } => {
            fill(SynonymMsg::TermTooLong).replace("{t}", term)
        }
        SynonymError::EmptyTerm { .. } => fill(SynonymMsg::EmptyTerm),
        SynonymError::TooFewTerms { .. } => fill(SynonymMsg::TooFewTerms),
        SynonymError::Duplicate { term, first, .. } => fill(SynonymMsg::Duplicate)
            .replace("{t}", term)
            .replace("{f}", &first.to_string()),
    }
}

#[component]
pub fn SynonymEditor(editor: Editor) -> impl IntoView {
    let i18n = use_i18n();
    let admin = editor.admin;
    let saved_text = move || editor.with(|p| p.synonyms.to_text()).unwrap_or_default();
    // What the admin typed; applied to the draft when they leave the field or press Apply.
    let typed = RwSignal::new(None::<String>);
    let apply = move || {
        let Some(text) = typed.get_untracked() else {
            return;
        };
        match Synonyms::parse(&text) {
            Ok(list) => {
                editor.edit(|p| p.synonyms = list);
                typed.set(None);
            }
            Err(e) => editor.refuse(refusal(&e, i18n)),
        }
    };
    let note = move || {
        i18n.t(SynonymMsg::Note)
            .replace("{groups}", &MAX_GROUPS.to_string())
            .replace("{terms}", &MAX_TERMS_PER_GROUP.to_string())
            .replace("{chars}", &MAX_TERM_CHARS.to_string())
    };
    let groups = move || {
        editor
            .with(|p| p.synonyms.groups().to_vec())
            .unwrap_or_default()
    };
    view! {
        <section class="policy-section" data-testid="policy-synonyms">
            <h2>{move || i18n.t(SynonymMsg::Title)}</h2>
            <p class="muted small">{note}</p>
            {move || if admin.get() {
                view! {
                    <textarea class="synonyms" rows="8" data-testid="synonyms-text" spellcheck="false"
                        aria-label=move || i18n.t(SynonymMsg::Title)
                        prop:value=move || typed.get().unwrap_or_else(saved_text)
                        on:input=move |ev| typed.set(Some(event_target_value(&ev)))
                        on:change=move |_| apply()></textarea>
                    <div class="actions">
                        <button data-testid="synonyms-apply" disabled=move || typed.with(Option::is_none)
                            on:click=move |_| apply()>{move || i18n.t(SynonymMsg::Apply)}</button>
                    </div>
                }.into_any()
            } else if groups().is_empty() {
                view! { <p class="muted" data-testid="synonyms-none">{move || i18n.t(SynonymMsg::None)}</p> }.into_any()
            } else {
                view! {
                    <ul class="synonym-groups" data-testid="synonyms-list">
                        {groups().into_iter().map(|g| view! { <li>{g.join(" = ")}</li> }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}
