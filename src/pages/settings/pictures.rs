//! Settings: the pictures kept for offline use — what they take, the budget, removing them.

use crate::i18n::{use_i18n, Lang};
use crate::storage::thumbs;
use crate::ui::format;
use leptos::prelude::*;
use procura_catalog::catalog::media::cache::{self, BudgetError};

crate::i18n::messages!(PictureMsg {
    Heading => "Pictures kept offline", "离线保存的图片";
    Explain => "Thumbnails of product pictures are kept on this device, so the catalog shows them with no network. When the budget is full, the pictures shown least recently make room. 0 keeps none.", "商品图片的缩略图保存在本设备上，无网络时目录也能显示。达到上限时，最久未显示的图片会被删除以腾出空间。设为 0 则不保存。";
    Budget => "Storage budget (MB)", "存储上限（MB）";
    Save => "Save budget", "保存上限";
    Clear => "Remove kept pictures", "删除已保存的图片";
    Saved => "Budget saved.", "上限已保存。";
    Cleared => "Kept pictures removed.", "已删除保存的图片。";
    NotANumber => "Enter a whole number of megabytes, 0 or more.", "请输入不小于 0 的整数（单位 MB）。";
    Failed => "This device could not store the change. Try again; if it keeps failing, free some storage.", "本设备无法保存此更改。请重试；如仍失败，请释放一些存储空间。";
    Unavailable => "This browser does not let the app keep pictures (a private window?): they show only with a network.", "此浏览器不允许应用保存图片（可能是无痕窗口）：图片仅在有网络时显示。";
});

crate::i18n::texts!(PictureMsg {
    /// What the kept pictures take, against the budget.
    fn usage(n: usize, bytes: &str, budget: &str) [n] one: "1 picture, {bytes} of {budget}",
        en: "{n} pictures, {bytes} of {budget}", zh: "{n} 张图片，已用 {bytes}，上限 {budget}";
    fn too_large(max: u32) en: "At most {max} MB.", zh: "最多 {max} MB。";
});

/// The outcome of the last action, shown under the form.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Status {
    Saved,
    Cleared,
    Refused(BudgetError),
    Failed,
}

impl Status {
    fn text(&self, lang: Lang) -> String {
        match self {
            Status::Saved => PictureMsg::Saved.text(lang).to_owned(),
            Status::Cleared => PictureMsg::Cleared.text(lang).to_owned(),
            Status::Refused(BudgetError::NotANumber) => {
                PictureMsg::NotANumber.text(lang).to_owned()
            }
            Status::Refused(BudgetError::TooLarge { max }) => PictureMsg::too_large(lang, *max),
            Status::Failed => PictureMsg::Failed.text(lang).to_owned(),
        }
    }

    fn is_error(&self) -> bool {
        matches!(self, Status::Refused(_) | Status::Failed)
    }
}

#[component]
pub fn PictureCacheSettings() -> impl IntoView {
    let i18n = use_i18n();
    let t = move |m: PictureMsg| m.text(i18n.lang());
    let (text, set_text) = signal(thumbs::budget_mb().to_string());
    let (budget, set_budget) = signal(thumbs::budget_mb());
    let (usage, set_usage) = signal(None::<(usize, u64)>);
    let (available, set_available) = signal(true);
    let (status, set_status) = signal(None::<Status>);
    let refresh = move || {
        leptos::task::spawn_local(async move {
            match thumbs::cache().await {
                Some(c) => set_usage.set(Some(c.usage())),
                None => set_available.set(false),
            }
        })
    };
    refresh();
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mb = match cache::parse_budget_mb(&text.get_untracked()) {
            Ok(mb) => mb,
            Err(e) => return set_status.set(Some(Status::Refused(e))),
        };
        leptos::task::spawn_local(async move {
            let done = match thumbs::cache().await {
                Some(c) => c.set_budget(mb).await.is_ok(),
                None => false,
            };
            if done {
                set_budget.set(mb);
            }
            set_status.set(Some(if done { Status::Saved } else { Status::Failed }));
            refresh();
        });
    };
    let clear = move |_| {
        leptos::task::spawn_local(async move {
            let done = match thumbs::cache().await {
                Some(c) => c.clear().await.is_ok(),
                None => false,
            };
            set_status.set(Some(if done {
                Status::Cleared
            } else {
                Status::Failed
            }));
            refresh();
        });
    };
    let usage_text = move || {
        let lang = i18n.lang();
        usage.get().map(|(n, bytes)| {
            let budget = format::bytes(lang, cache::budget_bytes(budget.get()) as f64);
            PictureMsg::usage(lang, n, &format::bytes(lang, bytes as f64), &budget)
        })
    };
    let failed = move || status.get().is_some_and(|s| s.is_error());
    view! {
        <section class="settings-pictures" data-testid="picture-cache">
            <h2>{move || t(PictureMsg::Heading)}</h2>
            <p class="muted">{move || t(PictureMsg::Explain)}</p>
            {move || (!available.get()).then(|| view! {
                <p class="flag" data-testid="picture-cache-unavailable">{t(PictureMsg::Unavailable)}</p>
            })}
            <p data-testid="picture-cache-usage">{usage_text}</p>
            <form class="picture-budget-form" on:submit=save novalidate>
                <label for="picture-budget">{move || t(PictureMsg::Budget)}</label>
                <input id="picture-budget" data-testid="picture-budget" type="text" inputmode="numeric"
                    autocomplete="off" maxlength="10" prop:value=text
                    aria-invalid=move || failed().to_string()
                    aria-describedby="picture-cache-status"
                    on:input=move |ev| set_text.set(event_target_value(&ev)) />
                <button type="submit" class="button" data-testid="picture-budget-save">{move || t(PictureMsg::Save)}</button>
                <button type="button" class="button" data-testid="picture-cache-clear" on:click=clear
                    disabled=move || usage.get().is_none_or(|(n, _)| n == 0)>{move || t(PictureMsg::Clear)}</button>
            </form>
            <p id="picture-cache-status" role="status" data-testid="picture-cache-status" class:error=failed>
                {move || status.get().map(|s| s.text(i18n.lang()))}
            </p>
        </section>
    }
}
