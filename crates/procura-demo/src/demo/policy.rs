//! The demo organisation's approval policy: a small org chart with limits, cost centres,
//! accounts, rules, and quarterly budgets for three years around today.

use procura_catalog::search::Synonyms;
use procura_ground::id::UserId;
use procura_procurement::approval::policy::{
    Account, Approvers, Budget, BudgetMode, Condition, CostCentre, GroupMode, Person, Policy, Rate,
    Rule,
};
use rust_decimal::Decimal;

fn cny(amount: i64) -> Decimal {
    Decimal::from(amount)
}

pub fn policy() -> Policy {
    let person = |id: &str, name: &str, manager: Option<&str>, limit: Option<i64>| Person {
        id: id.into(),
        name: name.to_owned(),
        manager: manager.map(UserId::from),
        approval_limit: limit.map(cny),
    };
    let rule = |id: &str, name: &str, when: Condition, approvers: Approvers| Rule {
        id: id.to_owned(),
        name: name.to_owned(),
        when,
        approvers,
    };
    let mut budgets = Vec::new();
    for year in 2026..=2028 {
        for q in 1..=4 {
            let period = procura_ground::date::Entered::Valid(
                procura_ground::date::Quarter::new(year, q).expect("a quarter"),
            );
            for (cc, amount, mode) in [
                ("CC-100", 200_000, BudgetMode::Stop),
                ("CC-200", 80_000, BudgetMode::Warn),
                ("CC-300", 50_000, BudgetMode::Stop),
            ] {
                budgets.push(Budget {
                    cost_centre: cc.into(),
                    period: period.clone(),
                    amount: cny(amount),
                    mode,
                });
            }
        }
    }
    Policy {
        currency: "CNY".to_owned(),
        rates: [("EUR", 780), ("USD", 720), ("GBP", 910), ("HKD", 92)]
            .into_iter()
            .map(|(c, r)| Rate {
                currency: c.to_owned(),
                rate: Decimal::new(r, 2),
            })
            .collect(),
        default_tax_percent: cny(13),
        people: vec![
            person("u-buyer", "Li Na 李娜", Some("u-approver1"), None),
            person(
                "u-approver1",
                "Wang Wei 王伟",
                Some("u-director"),
                Some(20_000),
            ),
            person(
                "u-approver2",
                "Anna Schmidt",
                Some("u-director"),
                Some(50_000),
            ),
            person("u-director", "Chen Jie 陈杰", None, Some(500_000)),
            person("u-admin", "Zhang Min 张敏", Some("u-director"), None),
        ],
        cost_centres: [
            ("CC-100", "Operations 运营"),
            ("CC-200", "IT 信息技术"),
            ("CC-300", "Facilities 行政后勤"),
        ]
        .into_iter()
        .map(|(code, name)| CostCentre {
            code: code.into(),
            name: name.to_owned(),
        })
        .collect(),
        accounts: [
            ("6001", "Office supplies 办公用品"),
            ("6002", "IT equipment 信息设备"),
            ("6003", "Maintenance 维修保养"),
            ("6004", "Safety equipment 劳保用品"),
        ]
        .into_iter()
        .map(|(code, name)| Account {
            code: code.into(),
            name: name.to_owned(),
        })
        .collect(),
        rules: vec![
            rule(
                "line-manager",
                "Line manager",
                Condition::default(),
                Approvers::ManagerChain { levels: 1 },
            ),
            rule(
                "second-level",
                "Second level from 10,000 CNY",
                Condition {
                    min_total: Some(cny(10_000)),
                    ..Condition::default()
                },
                Approvers::ManagerChain { levels: 2 },
            ),
            rule(
                "it-review",
                "IT review (UNSPSC 43)",
                Condition {
                    segments: vec!["43".to_owned()],
                    ..Condition::default()
                },
                Approvers::Group {
                    mode: GroupMode::AnyOf,
                    members: vec!["u-approver2".into()],
                },
            ),
            rule(
                "non-catalog",
                "Purchasing review of non-catalog lines",
                Condition {
                    non_catalog: true,
                    ..Condition::default()
                },
                Approvers::Group {
                    mode: GroupMode::AnyOf,
                    members: vec!["u-approver2".into(), "u-director".into()],
                },
            ),
        ],
        budgets,
        escalate_after_hours: 48,
        escalation_fallback: Some("u-director".into()),
        synonyms: synonyms(),
        supplier_standing: Default::default(),
        stock: Default::default(),
        invoicing: Default::default(),
    }
}

/// The demo organisation's search synonyms: everyday names of office supplies (Chinese and
/// English) next to the names the catalogs use.
pub fn synonyms() -> Synonyms {
    Synonyms::parse(
        "打印纸 = 复印纸 = A4纸\n\
         printing paper = printer paper = A4 paper = copy paper\n\
         签字笔 = 水笔 = 中性笔 = gel pen\n\
         原子笔 = 圆珠笔 = biro = ballpoint pen\n\
         碳粉盒 = 硒鼓 = toner = toner cartridge\n\
         优盘 = U盘 = USB stick = memory stick = USB flash drive\n\
         订书器 = 订书机 = stapler\n\
         防护眼镜 = 护目镜 = goggles = safety glasses",
    )
    .expect("the demo synonyms are within bounds")
}
