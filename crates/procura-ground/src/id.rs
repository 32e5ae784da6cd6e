//! The ids that cross modules and crates: a supplier, a catalog item, a person (a user), a
//! requisition, a purchase order, a cost centre and an account. Each is its own type, so a
//! supplier id cannot be passed where a requisition id is expected.
//!
//! On the wire and in every store an id is the plain JSON string it always was
//! (`#[serde(transparent)]`). An id is compared, ordered, hashed and shown like its text, and a
//! map keyed by one can be looked up with a `&str` (`Borrow<str>`). It is not a string to edit:
//! there is no `Deref` to `String`; `as_str()` reads it, `From` makes one.

use serde::{Deserialize, Serialize};
use std::borrow::Borrow;
use std::fmt;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(
            Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
        )]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            pub fn new(id: impl Into<String>) -> Self {
                Self(id.into())
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }

            pub fn is_empty(&self) -> bool {
                self.0.is_empty()
            }

            pub fn into_string(self) -> String {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<String> for $name {
            fn from(id: String) -> Self {
                Self(id)
            }
        }

        impl From<&String> for $name {
            fn from(id: &String) -> Self {
                Self(id.clone())
            }
        }

        impl From<&str> for $name {
            fn from(id: &str) -> Self {
                Self(id.to_owned())
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> Self {
                id.0
            }
        }

        impl Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }

        impl PartialEq<String> for $name {
            fn eq(&self, other: &String) -> bool {
                &self.0 == other
            }
        }

        impl PartialEq<$name> for str {
            fn eq(&self, other: &$name) -> bool {
                self == other.0
            }
        }

        impl PartialEq<$name> for &str {
            fn eq(&self, other: &$name) -> bool {
                *self == other.0
            }
        }

        impl PartialEq<$name> for String {
            fn eq(&self, other: &$name) -> bool {
                *self == other.0
            }
        }
    };
}

id_type!(
    /// A supplier (or a marketplace seller): `officeplus`.
    SupplierId
);
id_type!(
    /// One supplier's offer in the catalog: `{supplier_id}/{sku}`.
    ItemId
);
id_type!(
    /// A person: a user of the app and someone in the organisation chart.
    UserId
);
id_type!(
    /// A requisition, made on the device (a UUID), the same for every revision.
    RequisitionId
);
id_type!(
    /// A purchase order, made on the buyer's device (a UUID); also its idempotency key.
    OrderId
);
id_type!(
    /// A cost centre's code in the policy: `CC-1`.
    CostCentreCode
);
id_type!(
    /// A general-ledger account's code in the policy: `6001`.
    AccountCode
);

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeMap, HashMap};

    fn round_trip<T>(text: &str)
    where
        T: Serialize + for<'de> Deserialize<'de> + From<&'static str> + PartialEq<str> + fmt::Debug,
    {
        let json = serde_json::to_string(text).unwrap();
        let id: T = serde_json::from_str(&json).unwrap();
        assert!(id == *text, "{id:?} reads as the text {text}");
        assert_eq!(serde_json::to_string(&id).unwrap(), json);
        // In a record, an id is a plain string field.
        let value = serde_json::to_value(&id).unwrap();
        assert_eq!(value, serde_json::Value::String(text.to_owned()));
    }

    #[test]
    fn each_id_is_a_plain_json_string_and_reads_back() {
        round_trip::<SupplierId>("officeplus");
        round_trip::<ItemId>("officeplus/OP-0002398");
        round_trip::<UserId>("b1");
        round_trip::<RequisitionId>("0b6c9a1e-5e7f-4c1a-9d8e-2f3a4b5c6d7e");
        round_trip::<OrderId>("o1");
        round_trip::<CostCentreCode>("CC-1");
        round_trip::<AccountCode>("6001");
        // Text that needs escaping stays byte-identical too.
        round_trip::<ItemId>("s1/a \"b\" \\ 货");
    }

    #[test]
    fn a_non_string_is_not_an_id() {
        assert!(serde_json::from_str::<UserId>("42").is_err());
        assert!(serde_json::from_str::<UserId>("null").is_err());
        assert!(serde_json::from_str::<Option<UserId>>("null")
            .unwrap()
            .is_none());
    }

    #[test]
    fn maps_keyed_by_an_id_are_looked_up_with_a_str() {
        let mut by_supplier = BTreeMap::new();
        by_supplier.insert(SupplierId::from("s1"), 1);
        assert_eq!(by_supplier.get("s1"), Some(&1));
        let mut by_user = HashMap::new();
        by_user.insert(UserId::from("a1"), 2);
        assert_eq!(by_user.get("a1"), Some(&2));
    }

    #[test]
    fn ids_compare_order_and_show_like_their_text() {
        let a = UserId::from("a1");
        assert_eq!(a, "a1");
        assert!(a == *"a1");
        assert_eq!(a, "a1".to_string());
        assert_eq!("a1", a);
        let mut sorted = vec![UserId::from("b1"), a.clone(), UserId::from("a0")];
        sorted.sort();
        assert_eq!(sorted, ["a0", "a1", "b1"]);
        assert_eq!(a.to_string(), "a1");
        assert_eq!(format!("{a}"), "a1");
        assert_eq!(a.as_str(), "a1");
        assert_eq!(String::from(a), "a1");
    }
}

/// The framework agreement (contract) a line is priced by: its id and the number both sides
/// know it by. Carried from the cart to the requisition line and on to the order line, so the
/// order, the supplier's documents and matching can name it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ContractRef {
    pub id: String,
    pub number: String,
}
