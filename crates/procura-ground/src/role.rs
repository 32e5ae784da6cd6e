//! What a user may do in the organisation. The hub gives a session its user's roles; every rule
//! that depends on one takes it as an argument.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Buyer,
    Approver,
    Admin,
    /// Accounts payable: types in paper invoices and decides invoice exceptions.
    AccountsPayable,
}
