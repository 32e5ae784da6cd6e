//! The order as a document for the supplier: cXML 1.2 `OrderRequest` or Peppol BIS 3 Order,
//! written by the core and downloaded as a file (for a supplier reached by e-mail or a portal).

use super::OrderMsg;
use crate::i18n::Lang;
use crate::ui::files::download;
use leptos::prelude::*;
use procura_orders::order::documents::Parties;
use procura_orders::order::{cxml, peppol, PurchaseOrder};

/// Who the document is between. The device knows the buyer and the supplier by their ids in
/// Procura; the organisation's own party id (GLN, DUNS) is not on the device.
fn parties(po: &PurchaseOrder) -> Parties {
    let now = crate::org::now_ms();
    Parties {
        buyer_id: po.buyer.to_string(),
        buyer_name: po.buyer_name.clone(),
        supplier_id: po.supplier_id.to_string(),
        supplier_name: po.supplier_name.clone(),
        payload_id: format!("{now}.{}@procura", po.id),
        timestamp: procura_ground::date::moment_of_ms(now - now.rem_euclid(1000)),
        ship_to_country: None,
    }
}

/// The two download buttons.
pub fn export_buttons(po: &PurchaseOrder, lang: Lang) -> impl IntoView {
    let error = RwSignal::new(None::<String>);
    let (a, b) = (po.clone(), po.clone());
    let save = move |name: String, xml: String| {
        error.set(download(&name, "application/xml", &xml).err());
    };
    view! {
        <button class="small-button" data-testid="export-cxml"
            on:click=move |_| save(format!("{}-cxml.xml", a.number), cxml::order_request(&a, &parties(&a)))>
            {OrderMsg::ExportCxml.text(lang)}
        </button>
        <button class="small-button" data-testid="export-peppol"
            on:click=move |_| save(format!("{}-peppol.xml", b.number), peppol::order(&b, &parties(&b)))>
            {OrderMsg::ExportPeppol.text(lang)}
        </button>
        {move || error.get().map(|e| view! { <span class="error small">{e}</span> })}
    }
}
