//! How a [`CatalogItem`] is written.
//!
//! The lists added after the first release (attributes, then supplier groups, then
//! pictures and documents) are written only
//! when needed, so an item without them is written exactly as earlier releases wrote it:
//! - in the text forms (JSON on the wire and in the hub's store, the device's IndexedDB
//!   records: every serializer that says it is human-readable), fields have names, so each
//!   empty list is simply left out;
//! - in the binary form (the catalog snapshot's MessagePack arrays, where fields are known by
//!   position), the array ends after the last list that is not empty: an empty list before a
//!   filled one is written, since leaving it out would shift the ones after it.
//!
//! Reading is the derive's, with those fields `#[serde(default)]`: a shorter array, or a missing
//! name, reads as empty lists.

use super::CatalogItem;
use serde::ser::{Serialize, SerializeStruct, Serializer};

/// Fields always written.
const ALWAYS: usize = 17;

impl Serialize for CatalogItem {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let text = serializer.is_human_readable();
        let media = !self.media.is_empty();
        let groups = !self.groups.is_empty() || (media && !text);
        let attributes = !self.attributes.is_empty() || (groups && !text);
        let len = ALWAYS + usize::from(attributes) + usize::from(groups) + usize::from(media);
        let mut s = serializer.serialize_struct("CatalogItem", len)?;
        s.serialize_field("id", &self.id)?;
        s.serialize_field("supplier_id", &self.supplier_id)?;
        s.serialize_field("sku", &self.sku)?;
        s.serialize_field("gtin", &self.gtin)?;
        s.serialize_field("manufacturer", &self.manufacturer)?;
        s.serialize_field("mpn", &self.mpn)?;
        s.serialize_field("name", &self.name)?;
        s.serialize_field("description", &self.description)?;
        s.serialize_field("unspsc", &self.unspsc)?;
        s.serialize_field("eclass", &self.eclass)?;
        s.serialize_field("order_unit", &self.order_unit)?;
        s.serialize_field("content_unit", &self.content_unit)?;
        s.serialize_field("content_per_order_unit", &self.content_per_order_unit)?;
        s.serialize_field("currency", &self.currency)?;
        s.serialize_field("price_tiers", &self.price_tiers)?;
        s.serialize_field("lead_time_days", &self.lead_time_days)?;
        s.serialize_field("stock", &self.stock)?;
        if attributes {
            s.serialize_field("attributes", &self.attributes)?;
        } else {
            s.skip_field("attributes")?;
        }
        if groups {
            s.serialize_field("groups", &self.groups)?;
        } else {
            s.skip_field("groups")?;
        }
        if media {
            s.serialize_field("media", &self.media)?;
        } else {
            s.skip_field("media")?;
        }
        s.end()
    }
}
