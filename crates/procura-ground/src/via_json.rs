//! Large enums read through one JSON value whatever the format.
//!
//! A derived `Deserialize` is compiled once per format a type is read from (the app reads the
//! same records from HTTP JSON, IndexedDB and MessagePack), and for an enum of many variants
//! each copy is large. [`read_through_json!`] reads the value into a `serde_json::Value` first
//! and runs the derived code on that, so it exists once. The type derives with
//! `#[serde(remote = "Self")]`, which makes the derives inherent functions; the macro writes the
//! trait impls that call them. The wire and stored forms do not change.

#[doc(hidden)]
pub use serde::{de::Error, Deserialize, Deserializer, Serialize, Serializer};
#[doc(hidden)]
pub use serde_json::Value;

/// `Serialize` and `Deserialize` for a type deriving both with `#[serde(remote = "Self")]`,
/// the reading done through one JSON value (see the module docs).
#[macro_export]
macro_rules! read_through_json {
    ($ty:ty) => {
        impl $crate::via_json::Serialize for $ty {
            fn serialize<S: $crate::via_json::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                <$ty>::serialize(self, s)
            }
        }

        impl<'de> $crate::via_json::Deserialize<'de> for $ty {
            fn deserialize<D: $crate::via_json::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let value =
                    <$crate::via_json::Value as $crate::via_json::Deserialize>::deserialize(d)?;
                <$ty>::deserialize(value).map_err(<D::Error as $crate::via_json::Error>::custom)
            }
        }
    };
}
