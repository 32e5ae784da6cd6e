//! The organisation's search synonyms: groups of terms a catalog search treats as one
//! (`打印纸 = 复印纸`). An admin edits them as text, one group per line; everyone's search uses
//! the saved list once the policy reaches their device.

use super::Editor;
use crate::i18n::use_i18n;
use leptos::prelude::*;
use procura_catalog::search::{
    SynonymError, Synonyms, MAX_GROUPS, MAX_TERMS_PER_GROUP, MAX_TERM_CHARS,
};

crate::i18n::messages!(SynonymMsg {
    Title => "Search synonyms", "搜索同义词";
    None => "No synonyms.", "暂无同义词。";
    Apply => "Apply to the draft", "应用到草稿";
});

crate::i18n::texts!(SynonymMsg {
    fn note(groups: impl std::fmt::Display, terms: impl std::fmt::Display, chars: impl std::fmt::Display) en: "One group per line, terms separated by “=”, for example 打印纸 = 复印纸. Searching for one term of a group also finds the others. At most {groups} groups of 2 to {terms} terms, each at most {chars} characters.", zh: "每行一组，词语之间用“=”分隔，例如 打印纸 = 复印纸。搜索组内任一词语时，也会找到其他词语。最多 {groups} 组，每组 2 至 {terms} 个词语，每个词语最多 {chars} 个字符。";
    fn too_many_groups(groups: impl std::fmt::Display, n: impl std::fmt::Display) en: "At most {groups} groups, not {n}.", zh: "最多 {groups} 组，当前为 {n} 组。";
    fn too_many_terms(g: impl std::fmt::Display, terms: impl std::fmt::Display) en: "Group {g}: at most {terms} terms.", zh: "第 {g} 组：最多 {terms} 个词语。";
    fn term_too_long(g: impl std::fmt::Display, t: impl std::fmt::Display, chars: impl std::fmt::Display) en: "Group {g}: “{t}” is longer than {chars} characters.", zh: "第 {g} 组：“{t}”超过 {chars} 个字符。";
    fn empty_term(g: impl std::fmt::Display) en: "Group {g}: a term has no letters or digits.", zh: "第 {g} 组：有词语不含字母或数字。";
    fn too_few_terms(g: impl std::fmt::Display) en: "Group {g}: a group needs at least two different terms.", zh: "第 {g} 组：每组至少需要两个不同的词语。";
    fn duplicate(g: impl std::fmt::Display, t: impl std::fmt::Display, f: impl std::fmt::Display) en: "Group {g}: “{t}” is already in group {f}.", zh: "第 {g} 组：“{t}”已在第 {f} 组中。";
});

/// The refusal in the admin's language (groups counted without blank and `#` lines).
fn refusal(e: &SynonymError, i18n: crate::i18n::I18n) -> String {
    let lang = i18n.0.get_untracked();
    let g = e.group().unwrap_or(0);
    match e {
        SynonymError::TooManyGroups(n) => SynonymMsg::too_many_groups(lang, MAX_GROUPS, n),
        SynonymError::TooManyTerms { .. } => {
            SynonymMsg::too_many_terms(lang, g, MAX_TERMS_PER_GROUP)
        }
        SynonymError::TermTooLong { term, .. } => {
            SynonymMsg::term_too_long(lang, g, term, MAX_TERM_CHARS)
        }
        SynonymError::EmptyTerm { .. } => SynonymMsg::empty_term(lang, g),
        SynonymError::TooFewTerms { .. } => SynonymMsg::too_few_terms(lang, g),
        SynonymError::Duplicate { term, first, .. } => SynonymMsg::duplicate(lang, g, term, first),
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
    let note =
        move || SynonymMsg::note(i18n.lang(), MAX_GROUPS, MAX_TERMS_PER_GROUP, MAX_TERM_CHARS);
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
