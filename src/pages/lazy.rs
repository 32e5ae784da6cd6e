//! Screens loaded on demand. Each route here is a split point: its view, and the code only it
//! reaches, go into a chunk of their own (`scripts/split-wasm`, after `trunk build`), fetched the
//! first time the screen opens, so the module a device needs to start stays smaller. The
//! service worker precaches every chunk, so each screen still opens offline.
//!
//! The screens of the daily buying flow (catalog, item, cart, requisitions, approvals, orders)
//! and the shell stay in the start module; what is here is opened less often, or by fewer users.
//! Code that the start module also reaches (a domain rule the catalog also asks, a shared
//! widget) stays in the start module whatever is listed here: see BENCHMARKS.md.

use crate::pages::contracts::{ContractPage, ContractsPage};
use crate::pages::import::ImportPage;
use crate::pages::invoices::{InvoiceDetailPage, InvoicesPage, NewInvoicePage};
use crate::pages::orders::ReceivePage;
use crate::pages::policy::PolicyPage;
use crate::pages::returns::{NewReturnPage, ReturnsPage};
use crate::pages::selections::{SelectionPage, SelectionsPage};
use crate::pages::settings::SettingsPage;
use crate::pages::spend::SpendPage;
use crate::pages::stock::StockPage;
use crate::pages::suppliers::{SupplierDetailPage, SuppliersPage};
use leptos::prelude::*;
use leptos_router::{lazy_route, LazyRoute};

/// A route whose page is loaded on demand: `Lazy::<Route>::new()` in the router.
macro_rules! lazy_screen {
    ($($(#[$doc:meta])* $route:ident => $page:ident;)*) => {$(
        $(#[$doc])*
        pub struct $route;

        #[lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            fn view(_this: Self) -> AnyView {
                view! { <$page/> }.into_any()
            }
        }
    )*};
}

lazy_screen! {
    /// `/catalog/import`: checking and importing a supplier's file.
    ImportRoute => ImportPage;
    /// `/policy`: the approval policy.
    PolicyRoute => PolicyPage;
    /// `/spend`: the spend analysis.
    SpendRoute => SpendPage;
    /// `/stock`: stock on hand.
    StockRoute => StockPage;
    /// `/invoices`: the invoices.
    InvoicesRoute => InvoicesPage;
    /// `/invoices/new`: entering an invoice.
    NewInvoiceRoute => NewInvoicePage;
    /// `/invoices/:id`: one invoice and its matching.
    InvoiceDetailRoute => InvoiceDetailPage;
    /// `/orders/:id/receive`: receiving an order's goods.
    ReceiveRoute => ReceivePage;
    /// `/orders/:id/return`: returning goods.
    NewReturnRoute => NewReturnPage;
    /// `/returns`: the returns.
    ReturnsRoute => ReturnsPage;
    /// `/contracts`: the contracts.
    ContractsRoute => ContractsPage;
    /// `/contracts/new` and `/contracts/:id`: one contract.
    ContractRoute => ContractPage;
    /// `/suppliers`: the suppliers.
    SuppliersRoute => SuppliersPage;
    /// `/suppliers/:id`: one supplier.
    SupplierDetailRoute => SupplierDetailPage;
    /// `/suppliers/selections`: supplier selections.
    SelectionsRoute => SelectionsPage;
    /// `/suppliers/selections/:id`: one selection (criteria, AHP, scores).
    SelectionRoute => SelectionPage;
    /// `/settings`: the device's and the user's settings.
    SettingsRoute => SettingsPage;
}
