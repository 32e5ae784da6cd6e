//! An approval given for one thing does not carry over to another: approver1's approval of
//! 100 CNY of widgets is dropped when the returned requisition comes back as 9,999 CNY of gift
//! cards from another supplier, for another cost centre and address.

use crate::common::approvals::approval_does_not_survive_a_rewrite;
use crate::support::{assert_healthy, Hub};

#[tokio::test]
async fn an_approval_does_not_survive_a_rewrite_of_the_requisition() {
    let mut hub = Hub::demo(&[]);
    approval_does_not_survive_a_rewrite(&hub.api).await;
    assert_healthy(&mut hub).await;
}
