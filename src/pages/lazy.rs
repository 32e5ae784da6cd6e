//! Screens loaded on demand. The screens here come in groups, and each group is a split point:
//! its views, and the code only they reach, go into a chunk of their own (`scripts/split-wasm`,
//! after `trunk build`), fetched the first time one of its screens opens, so the module a device
//! needs to start stays smaller. The service worker precaches every chunk, so each screen still
//! opens offline.
//!
//! The screens of the daily buying flow (catalog, item, cart, requisitions, approvals, orders)
//! and the shell stay in the start module; what is here is opened less often, or by fewer users.
//! Code that the start module also reaches (a domain rule the catalog also asks, a shared
//! widget) stays in the start module whatever is listed here: see BENCHMARKS.md.
//!
//! Why groups rather than one split point per screen: the splitter also makes a chunk of the code
//! each set of split points shares, and 17 screens made 112 such chunks, 129 files in all for
//! the service worker to fetch before the app works offline (about 2 s more on the test
//! machine). Screens opened together share a group.
//!
//! Debug builds (`trunk serve`, the browser tests of `cargo test`) are not split: there each
//! group is an ordinary function, since an unsplit module cannot load a chunk.

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
use leptos_router::LazyRoute;

/// The groups (one split point, one chunk each) and their screens: for each group, a function
/// that renders one of its screens, loaded on demand in release builds; for each screen, a
/// route type (`Lazy::<Route>::new()` in the router).
macro_rules! lazy_groups {
    ($($(#[$gdoc:meta])* $group:ident { $($(#[$doc:meta])* $route:ident => $page:ident,)* })*) => {$(
        $(#[$gdoc])*
        #[allow(non_camel_case_types)]
        #[derive(Clone, Copy)]
        #[repr(u8)]
        pub enum $group { $($route,)* }

        #[cfg_attr(not(debug_assertions), leptos::lazy)]
        #[allow(non_snake_case)]
        fn $group(screen: $group) -> AnyView {
            match screen {
                $($group::$route => view! { <$page/> }.into_any(),)*
            }
        }

        $(
            $(#[$doc])*
            pub struct $route;

            impl LazyRoute for $route {
                fn data() -> Self {
                    $route
                }

                async fn view(_this: Self) -> AnyView {
                    #[cfg(not(debug_assertions))]
                    return $group($group::$route).await;
                    #[cfg(debug_assertions)]
                    return $group($group::$route);
                }
            }
        )*
    )*};
}

lazy_groups! {
    /// Importing a supplier's file (the importers' texts and the mapping screen: the largest).
    Importing {
        /// `/catalog/import`.
        ImportRoute => ImportPage,
    }
    /// The organisation's and the device's settings.
    Administration {
        /// `/policy`: the approval policy.
        PolicyRoute => PolicyPage,
        /// `/settings`.
        SettingsRoute => SettingsPage,
    }
    /// Analysis of what was bought and what is held.
    Analysis {
        /// `/spend`: the spend analysis.
        SpendRoute => SpendPage,
        /// `/stock`: stock and reorder.
        StockRoute => StockPage,
    }
    /// Accounts payable.
    Invoicing {
        /// `/invoices`.
        InvoicesRoute => InvoicesPage,
        /// `/invoices/new`: entering an invoice.
        NewInvoiceRoute => NewInvoicePage,
        /// `/invoices/:id`: one invoice and its matching.
        InvoiceDetailRoute => InvoiceDetailPage,
    }
    /// Goods in and goods back.
    Goods {
        /// `/orders/:id/receive`: receiving an order's goods.
        ReceiveRoute => ReceivePage,
        /// `/orders/:id/return`: returning goods.
        NewReturnRoute => NewReturnPage,
        /// `/returns`: returns and claims.
        ReturnsRoute => ReturnsPage,
    }
    /// Contracts.
    Contracting {
        /// `/contracts`.
        ContractsRoute => ContractsPage,
        /// `/contracts/new` and `/contracts/:id`: one contract.
        ContractRoute => ContractPage,
    }
    /// Suppliers and supplier selection.
    Sourcing {
        /// `/suppliers`.
        SuppliersRoute => SuppliersPage,
        /// `/suppliers/:id`: one supplier.
        SupplierDetailRoute => SupplierDetailPage,
        /// `/suppliers/selections`.
        SelectionsRoute => SelectionsPage,
        /// `/suppliers/selections/:id`: one selection (criteria, AHP, scores).
        SelectionRoute => SelectionPage,
    }
}
