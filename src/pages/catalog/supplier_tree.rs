//! The chosen supplier's own category tree, browsed one level at a time beside the UNSPSC
//! facets: where the buyer is (a trail back to the top) and the groups below it, each with how
//! many results it holds. Shown only while exactly one supplier is chosen and it has a tree.

use crate::i18n::{use_i18n, Msg};
use leptos::prelude::*;
use procura_catalog::catalog::groups::CategoryTree;
use procura_catalog::search::{GroupFilter, SearchFilters, SearchResults};
use std::sync::Arc;

/// The one supplier the filters choose, if exactly one.
fn chosen(f: &SearchFilters) -> Option<String> {
    match f.suppliers.as_slice() {
        [one] => Some(one.clone()),
        _ => None,
    }
}

/// The group the filter is at: the one of its groups whose parent is not among them.
fn current(tree: &CategoryTree, filter: &GroupFilter) -> Option<String> {
    filter
        .groups
        .iter()
        .find(|id| {
            tree.get(id)
                .is_some_and(|g| g.parent.as_ref().is_none_or(|p| !filter.groups.contains(p)))
        })
        .cloned()
}

#[component]
pub fn SupplierTree(
    results: Memo<SearchResults>,
    filters: RwSignal<SearchFilters>,
    supplier_name: impl Fn(&str) -> String + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let supplier = Memo::new(move |_| filters.with(chosen));
    let tree = LocalResource::new(move || {
        let supplier = supplier.get();
        async move {
            let (Some(id), Some(db)) = (supplier, crate::state::local_db()) else {
                return None;
            };
            db.categories(&id)
                .await
                .ok()
                .flatten()
                .filter(|t| !t.is_empty())
                .map(|t| (id, Arc::new(t)))
        }
    });
    // The tree of the supplier chosen now (a slower load for an earlier choice never shows).
    let loaded = move || {
        let wanted = supplier.get()?;
        tree.get()
            .flatten()
            .filter(|(id, _)| *id == wanted)
            .map(|(_, t)| t)
    };
    let go = move |supplier_id: String, tree: Arc<CategoryTree>, group: Option<String>| {
        filters.update(|f| {
            f.group = group.map(|g| GroupFilter {
                supplier_id,
                groups: tree.subtree(&g),
            })
        })
    };
    move || {
        let tree = loaded()?;
        let supplier_id = supplier.get()?;
        let lang = i18n.lang();
        let at = filters.with(|f| f.group.as_ref().and_then(|g| current(&tree, g)));
        let totals = results.with(|r| tree.totals(&r.facets.groups));
        let name = |id: &str| {
            tree.get(id)
                .map(|g| g.name.get(lang))
                .filter(|n| !n.is_empty())
                .unwrap_or(id)
                .to_owned()
        };
        let trail = {
            let (tree, supplier_id) = (tree.clone(), supplier_id.clone());
            let steps = at.as_deref().map(|id| tree.path(id)).unwrap_or_default();
            let last = steps.len();
            let top = {
                let (tree, supplier_id) = (tree.clone(), supplier_id.clone());
                view! {
                    <li><button class="link-button" data-testid="supplier-group-top" disabled=at.is_none()
                        on:click=move |_| go(supplier_id.clone(), tree.clone(), None)>
                        {move || i18n.t(Msg::SupplierCategoriesTop)}
                    </button></li>
                }
            };
            let steps = steps
                .into_iter()
                .enumerate()
                .map(|(i, g)| {
                    let (tree, supplier_id, id) = (tree.clone(), supplier_id.clone(), g.id.clone());
                    let here = i + 1 == last;
                    view! {
                        <li><button class="link-button" data-testid="supplier-group-step" disabled=here
                            attr:aria-current=here.then_some("location")
                            on:click=move |_| go(supplier_id.clone(), tree.clone(), Some(id.clone()))>
                            {name(&g.id)}
                        </button></li>
                    }
                })
                .collect_view();
            view! { <ol class="tree-trail" aria-label=move || i18n.t(Msg::CategoryTrail)>{top}{steps}</ol> }
        };
        let children = tree
            .children(at.as_deref())
            .filter_map(|g| totals.get(&g.id).map(|n| (g, *n)))
            .map(|(g, count)| {
                let (tree, supplier_id, id) = (tree.clone(), supplier_id.clone(), g.id.clone());
                view! {
                    <li>
                        <button class="facet tree-group" data-testid="supplier-group" data-group=g.id.clone()
                            on:click=move |_| go(supplier_id.clone(), tree.clone(), Some(id.clone()))>
                            <span class="facet-label">{name(&g.id)}</span>
                            <span class="facet-count">{count}</span>
                        </button>
                    </li>
                }
            })
            .collect_view();
        let title = Msg::supplier_categories(lang, supplier_name(&supplier_id));
        Some(view! {
            <fieldset data-testid="supplier-tree">
                <legend>{title}</legend>
                {trail}
                <ul class="tree-groups">{children}</ul>
            </fieldset>
        })
    }
}
