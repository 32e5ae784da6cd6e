//! Records as the release before typed ids wrote them (serialized from that code and pasted
//! here) read into today's types and write back byte for byte: the ids are newtypes in the
//! domain and the same plain strings on the wire, in IndexedDB, in the snapshot and in SQLite.

use procura_catalog::catalog::CatalogItem;
use procura_ground::id::{
    AccountCode, CostCentreCode, ItemId, OrderId, RequisitionId, SupplierId, UserId,
};
use procura_sync::api::sync::Record;

/// A demo catalog item.
const ITEM: &str = r#"{"id":"officeplus/OP-0002398","supplier_id":"officeplus","sku":"OP-0002398","gtin":"6900189897696","manufacturer":"Mingda","mpn":"MI-STS00092","name":{"en":"Mingda staples 23/10, galvanised","zh":"Mingda 订书钉 23/10 镀锌"},"description":{"en":"Mingda staples 23/10, galvanised. Pack of 1000. Manufacturer part number MI-STS00092.","zh":"Mingda 订书钉 23/10 镀锌。每包1000件。制造商型号 MI-STS00092。"},"unspsc":"44122107","eclass":null,"order_unit":"BX","content_unit":"H87","content_per_order_unit":"1000","currency":"CNY","price_tiers":[{"min_qty":"1","unit_price":"21.79"},{"min_qty":"10","unit_price":"20.70"},{"min_qty":"50","unit_price":"19.61"},{"min_qty":"200","unit_price":"18.74"}],"lead_time_days":3,"stock":1297}"#;

/// An approved requisition with a catalog line and two approvals.
const REQUISITION: &str = r#"{"kind":"requisition","id":"r1","revision":1,"requester":"b1","requester_name":"B1","title":"req r1","cost_centre":"CC-1","account":"6001","need_by":"2026-12-15","delivery_address":"Dock 3","justification":"needed","lines":[{"item_id":"s1/44","description":"thing","supplier_id":"s1","supplier_name":"S1","unspsc":"44000000","quantity":"1","unit":"H87","unit_price":"12000","currency":"CNY","tax_percent":null,"note":""}],"currency":"CNY","totals":{"net":"12000","tax":"1560","gross":"13560"},"status":"approved","route":[{"key":"chain-1","name":"Manager level 1","mode":"any_of","approvers":["a1"],"threshold":null,"approvals":[{"by":"a1","by_name":"A1","principal":"a1","at_ms":1795600800000,"escalated":false,"revision":1,"carried_from":null}]},{"key":"chain-2","name":"Manager level 2","mode":"any_of","approvers":["d"],"threshold":"10000","approvals":[{"by":"d","by_name":"D","principal":"d","at_ms":1795604400000,"escalated":false,"revision":1,"carried_from":null}]}],"submitted_at_ms":1795597200000,"step_since_ms":1795604400000,"updated_at_ms":1795604400000,"audit":[{"seq":1,"at_ms":1795597200000,"actor":"b1","actor_name":"B1","on_behalf_of":null,"on_behalf_of_name":null,"action":"submitted","revision":1,"step":null,"comment":"","detail":"","content":"564abdc43e3eafa82627bb4dee2f3c9896d8946d6418b0193f3479c00940ed4a","prev":"","hash":"1e1d9c15a82fb54b8b5276d010ccc67c3000eea7d3f54f583606ffd9055b60c0"},{"seq":2,"at_ms":1795600800000,"actor":"a1","actor_name":"A1","on_behalf_of":null,"on_behalf_of_name":null,"action":"approved","revision":1,"step":"chain-1","comment":"","detail":"","content":"564abdc43e3eafa82627bb4dee2f3c9896d8946d6418b0193f3479c00940ed4a","prev":"1e1d9c15a82fb54b8b5276d010ccc67c3000eea7d3f54f583606ffd9055b60c0","hash":"a6587e1582a1aaca7adfe9708f4f163f0ed08b89adad5528d6a7e30f20a9043a"},{"seq":3,"at_ms":1795604400000,"actor":"d","actor_name":"D","on_behalf_of":null,"on_behalf_of_name":null,"action":"approved","revision":1,"step":"chain-2","comment":"","detail":"","content":"564abdc43e3eafa82627bb4dee2f3c9896d8946d6418b0193f3479c00940ed4a","prev":"a6587e1582a1aaca7adfe9708f4f163f0ed08b89adad5528d6a7e30f20a9043a","hash":"6ca5624ab9f5a595d273c87969290b2cf440084dfc0dd418c9ab7fbb7b623264"}],"previous":null}"#;

/// The policy: people and managers, cost centres, accounts, rules with groups, budgets.
const POLICY: &str = r#"{"kind":"policy","currency":"CNY","rates":[],"default_tax_percent":"13","people":[{"id":"b1","name":"B1","manager":"a1","approval_limit":null},{"id":"b2","name":"B2","manager":"a2","approval_limit":"60000"},{"id":"a1","name":"A1","manager":"d","approval_limit":"40000"},{"id":"a2","name":"A2","manager":"d","approval_limit":"50000"},{"id":"d","name":"D","manager":null,"approval_limit":"500000"},{"id":"adm","name":"ADM","manager":null,"approval_limit":null}],"cost_centres":[{"code":"CC-1","name":"CC-1"},{"code":"CC-2","name":"CC-2"}],"accounts":[{"code":"6001","name":"Supplies"}],"rules":[{"id":"manager","name":"manager","when":{"min_total":null,"cost_centres":[],"segments":[],"suppliers":[],"non_catalog":false},"approvers":{"type":"manager_chain","levels":1}},{"id":"second","name":"second","when":{"min_total":"10000","cost_centres":[],"segments":[],"suppliers":[],"non_catalog":false},"approvers":{"type":"manager_chain","levels":2}},{"id":"it","name":"it","when":{"min_total":null,"cost_centres":[],"segments":["43"],"suppliers":[],"non_catalog":false},"approvers":{"type":"group","mode":"any_of","members":["a2","b2"]}},{"id":"board","name":"board","when":{"min_total":"30000","cost_centres":[],"segments":[],"suppliers":[],"non_catalog":false},"approvers":{"type":"group","mode":"all_of","members":["a2","b2"]}}],"budgets":[{"cost_centre":"CC-1","period":"2026-Q4","amount":"25000","mode":"stop"},{"cost_centre":"CC-2","period":"2026-Q4","amount":"20000","mode":"warn"}],"escalate_after_hours":48,"escalation_fallback":"d"}"#;

/// A delegation.
const DELEGATION: &str = r#"{"kind":"delegation","id":"dl1","from":"a1","to":"a2","starts":"2026-12-01","ends":"2026-12-05","note":"away","created_by":"a1"}"#;

/// A purchase order planned from the requisition.
const ORDER: &str = r#"{"kind":"order","id":"o1","number":"PO-O1","buyer":"b1","buyer_name":"B1","supplier_id":"s1","supplier_name":"S1","currency":"CNY","ship_to":"Dock 3","requisitions":["r1"],"lines":[{"line_no":1,"requisition_id":"r1","requisition_line":0,"item_id":"s1/44","supplier_part":"SKU-44","gtin":"4006381333931","description":"thing","quantity":"1","unit":"H87","unit_price":"12000","tax_percent":"0","need_by":"2026-12-15","unspsc":"44000000"}],"terms":{"payment_days":30,"incoterm":"DAP","note":""},"created_at_ms":1795608000000,"events":[]}"#;

/// A supplier evaluation.
const EVALUATION: &str = r#"{"kind":"evaluation","id":"e1","supplier_id":"officeplus","period":"2026-Q4","scores":{"quality":4,"delivery":3,"price":5,"service":4},"comment":"fine","evaluator_id":"b1","evaluator_name":"B1","updated_at_ms":1795597200000}"#;

fn rewritten<T: serde::Serialize + serde::de::DeserializeOwned>(json: &str) -> (T, String) {
    let value: T = serde_json::from_str(json).unwrap();
    let again = serde_json::to_string(&value).unwrap();
    (value, again)
}

#[test]
fn a_catalog_item_written_before_typed_ids_reads_and_writes_back_identically() {
    let (item, again) = rewritten::<CatalogItem>(ITEM);
    assert_eq!(again, ITEM);
    assert_eq!(item.id, ItemId::from("officeplus/OP-0002398"));
    assert_eq!(item.supplier_id, SupplierId::from("officeplus"));
}

#[test]
fn records_written_before_typed_ids_read_and_write_back_identically() {
    for json in [REQUISITION, POLICY, DELEGATION, ORDER, EVALUATION] {
        let (_, again) = rewritten::<Record>(json);
        assert_eq!(again, json);
    }
}

#[test]
fn the_ids_of_old_records_land_in_their_types() {
    let Record::Requisition(r) = rewritten::<Record>(REQUISITION).0 else {
        panic!("a requisition");
    };
    assert_eq!(r.id, RequisitionId::from("r1"));
    assert_eq!(r.requester, UserId::from("b1"));
    assert_eq!(r.cost_centre, CostCentreCode::from("CC-1"));
    assert_eq!(r.account, AccountCode::from("6001"));
    assert_eq!(r.lines[0].item_id, Some(ItemId::from("s1/44")));
    assert_eq!(r.lines[0].supplier_id, SupplierId::from("s1"));
    assert_eq!(r.route[1].approvers, [UserId::from("d")]);
    assert_eq!(r.route[1].approvals[0].principal, UserId::from("d"));
    assert_eq!(r.audit[0].actor, UserId::from("b1"));

    let Record::Policy(p) = rewritten::<Record>(POLICY).0 else {
        panic!("a policy");
    };
    assert_eq!(p.people[0].manager, Some(UserId::from("a1")));
    assert_eq!(p.cost_centres[0].code, CostCentreCode::from("CC-1"));
    assert_eq!(p.budgets[1].cost_centre, CostCentreCode::from("CC-2"));
    assert_eq!(p.escalation_fallback, Some(UserId::from("d")));

    let Record::Delegation(d) = rewritten::<Record>(DELEGATION).0 else {
        panic!("a delegation");
    };
    assert_eq!((d.from, d.to), (UserId::from("a1"), UserId::from("a2")));

    let Record::Order(o) = rewritten::<Record>(ORDER).0 else {
        panic!("an order");
    };
    assert_eq!(o.id, OrderId::from("o1"));
    assert_eq!(o.buyer, UserId::from("b1"));
    assert_eq!(o.supplier_id, SupplierId::from("s1"));
    assert_eq!(o.requisitions, [RequisitionId::from("r1")]);
    assert_eq!(o.lines[0].requisition_id, RequisitionId::from("r1"));

    let Record::Evaluation(e) = rewritten::<Record>(EVALUATION).0 else {
        panic!("an evaluation");
    };
    assert_eq!(e.supplier_id, SupplierId::from("officeplus"));
    assert_eq!(e.evaluator_id, UserId::from("b1"));
}
