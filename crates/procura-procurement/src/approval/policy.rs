//! The organisation's approval policy: who reports to whom and may approve how much, the rules
//! that turn a requisition into a route, budgets, and escalation. An admin edits it in the app
//! and can export and import it as a JSON file; the hub keeps the one that counts.

use procura_catalog::search::Synonyms;
use procura_ground::date::{Entered, Quarter};
use procura_ground::id::{AccountCode, CostCentreCode, SupplierId, UserId};
use procura_ground::role::Role;
use procura_suppliers::performance::StandingPolicy;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The policy's id as a sync record: there is one per organisation.
pub const POLICY_ID: &str = "org";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Policy {
    /// ISO 4217 code every total, limit and budget is in.
    pub currency: String,
    /// Units of [`Policy::currency`] per unit of another currency (a line priced in EUR is
    /// converted with `rates["EUR"]`). A line in a currency without a rate cannot be submitted.
    pub rates: Vec<Rate>,
    /// Tax rate (percent) applied to lines that do not name their own.
    pub default_tax_percent: Decimal,
    pub people: Vec<Person>,
    pub cost_centres: Vec<CostCentre>,
    pub accounts: Vec<Account>,
    /// In order; every rule whose condition holds adds its step(s) to the route.
    pub rules: Vec<Rule>,
    pub budgets: Vec<Budget>,
    /// A step waiting longer than this (hours) may also be approved by the escalation approvers:
    /// the step's approvers' managers, or [`Policy::escalation_fallback`] when they have none.
    pub escalate_after_hours: u32,
    pub escalation_fallback: Option<UserId>,
    /// Search synonyms every buyer's catalog search uses (bounded and checked when read; a
    /// policy stored before they existed reads as none).
    #[serde(default, skip_serializing_if = "Synonyms::is_empty")]
    pub synonyms: Synonyms,
    /// How supplier performance is weighed and where a supplier becomes blocked or warned
    /// ([`procura_suppliers::performance`]); a policy stored before it existed reads as the
    /// default bands (and the default is not written, so such a policy writes back the same).
    #[serde(default, skip_serializing_if = "StandingPolicy::is_default")]
    pub supplier_standing: StandingPolicy,
    /// Defaults for stocked items (order cost, holding rate, service level); a policy stored
    /// before they existed reads as the defaults, which are not written.
    #[serde(
        default,
        skip_serializing_if = "super::stock::StockDefaults::is_default"
    )]
    pub stock: super::stock::StockDefaults,
    /// How far an invoice may stray from its order and still be approved for payment by rule;
    /// a policy stored before they existed reads as the defaults, which are not written.
    #[serde(
        default,
        skip_serializing_if = "super::invoicing::InvoiceTolerances::is_default"
    )]
    pub invoicing: super::invoicing::InvoiceTolerances,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rate {
    pub currency: String,
    pub rate: Decimal,
}

/// Someone in the organisation chart. Roles come from the login (the endpoint's users), the
/// chart from here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub id: UserId,
    pub name: String,
    pub manager: Option<UserId>,
    /// The largest net total (in the policy currency) this person may approve; `None`: none.
    pub approval_limit: Option<Decimal>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CostCentre {
    pub code: CostCentreCode,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    pub code: AccountCode,
    pub name: String,
}

/// When a rule applies. Every field that is set must hold; empty lists mean "any".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Condition {
    /// The net total is at least this.
    #[serde(default)]
    pub min_total: Option<Decimal>,
    #[serde(default)]
    pub cost_centres: Vec<CostCentreCode>,
    /// UNSPSC segments (two digits): some line is in one of them.
    #[serde(default)]
    pub segments: Vec<String>,
    /// Some line is from one of these suppliers.
    #[serde(default)]
    pub suppliers: Vec<SupplierId>,
    /// Some line is a free-text (non-catalog) line.
    #[serde(default)]
    pub non_catalog: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rule {
    /// Stable: a step's identity across resubmissions is its rule's id.
    pub id: String,
    pub name: String,
    pub when: Condition,
    pub approvers: Approvers,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Approvers {
    /// The requester's managers, one serial step per level, skipping managers whose limit is
    /// below the total (their manager takes the level). Several chain rules merge: the route
    /// has as many levels as the largest asks for.
    ManagerChain { levels: u8 },
    /// A named group: one step in which all of them, or any one of them, must approve.
    Group {
        mode: GroupMode,
        members: Vec<UserId>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GroupMode {
    AllOf,
    AnyOf,
}

/// Money a cost centre may commit in a period (`YYYY-Qn`, the quarter of the need-by date).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Budget {
    pub cost_centre: CostCentreCode,
    /// As the admin wrote it; a policy whose period is not a quarter of 2000–2999 is refused
    /// ([`procura_ground::reason::Reason::PolicyBudgetPeriodInvalid`]).
    pub period: Entered<Quarter>,
    pub amount: Decimal,
    pub mode: BudgetMode,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BudgetMode {
    /// An approval that would take committed + spent past the amount is refused.
    Stop,
    /// It passes, and the overrun is shown and written to the audit trail.
    Warn,
}

/// Saves `policy` for the organisation: admins only, every amount within bounds, and no
/// problem [`Policy::validate`] finds (the first is the refusal; the policy editor lists them
/// all before saving).
pub fn save(policy: &Policy, author: &Actor) -> Result<Policy, procura_ground::reason::Refusal> {
    use procura_ground::reason::Reason;
    if !author.has(Role::Admin) {
        return Err(Reason::AdminsChangePolicy {}.into());
    }
    policy
        .check_money()
        .map_err(|(_, e)| Reason::money(None, &e))?;
    if let Err(PolicyError::Invalid(problems)) = policy.validate() {
        if let Some(first) = problems.into_iter().next() {
            return Err(first.into());
        }
    }
    Ok(policy.clone())
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PolicyError {
    #[error("the policy file is not valid JSON for a policy: {0}")]
    Format(String),
    /// Every problem found, in order.
    #[error("{}", lines(.0))]
    Invalid(Vec<procura_ground::reason::Reason>),
}

fn lines(problems: &[procura_ground::reason::Reason]) -> String {
    problems
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

impl Policy {
    pub fn person(&self, id: &str) -> Option<&Person> {
        self.people.iter().find(|p| p.id == id)
    }

    pub fn name_of<'a>(&'a self, id: &'a str) -> &'a str {
        self.person(id).map_or(id, |p| p.name.as_str())
    }

    /// Units of the policy currency per unit of `currency`.
    pub fn rate(&self, currency: &str) -> Option<Decimal> {
        if currency == self.currency {
            return Some(Decimal::ONE);
        }
        self.rates
            .iter()
            .find(|r| r.currency == currency)
            .map(|r| r.rate)
    }

    /// The policy's rates as the table comparisons, price sorting and carts use: the same
    /// rates [`Policy::rate`] gives requisition totals. A rate the table cannot hold (not an
    /// ISO 4217 code in use, not above zero) is left out; `None` if the policy's own currency
    /// is not one.
    pub fn exchange_rates(&self) -> Option<procura_ground::currency::Rates> {
        procura_ground::currency::Rates::lenient(
            &self.currency,
            self.rates.iter().map(|r| (r.currency.as_str(), r.rate)),
        )
        .ok()
    }

    pub fn budget(&self, cost_centre: &str, period: Quarter) -> Option<&Budget> {
        self.budgets
            .iter()
            .find(|b| b.cost_centre == cost_centre && b.period.get() == Some(period))
    }

    /// Whether `person` may approve a net total of `amount`.
    pub fn within_limit(&self, person: &str, amount: Decimal) -> bool {
        self.person(person)
            .and_then(|p| p.approval_limit)
            .is_some_and(|limit| amount <= limit)
    }

    /// Reads a policy file (as exported) and checks it.
    pub fn from_json(text: &str) -> Result<Self, PolicyError> {
        let policy: Policy =
            serde_json::from_str(text).map_err(|e| PolicyError::Format(e.to_string()))?;
        policy.validate()?;
        Ok(policy)
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a policy always serialises")
    }

    /// The first rate, tax rate, limit, threshold or budget past the bounds of
    /// [`procura_ground::money`], with what it is.
    pub fn check_money(&self) -> Result<(), (String, procura_ground::money::MoneyError)> {
        use procura_ground::money::{check_amount, check_rate, check_tax_percent};
        for r in &self.rates {
            check_rate(r.rate).map_err(|e| (format!("the rate of {}", r.currency), e))?;
        }
        check_tax_percent(self.default_tax_percent)
            .map_err(|e| ("the default tax rate".to_owned(), e))?;
        for p in &self.people {
            if let Some(l) = p.approval_limit {
                check_amount(l).map_err(|e| (format!("{}'s approval limit", p.id), e))?;
            }
        }
        for r in &self.rules {
            if let Some(t) = r.when.min_total {
                check_amount(t).map_err(|e| (format!("rule {}'s threshold", r.id), e))?;
            }
        }
        for b in &self.budgets {
            check_amount(b.amount)
                .map_err(|e| (format!("budget {} {}", b.cost_centre, b.period), e))?;
        }
        Ok(())
    }

    /// What makes a policy unusable: unknown people, manager loops, duplicate ids, negative
    /// money, money past the bounds. Every problem is listed, one per line.
    pub fn validate(&self) -> Result<(), PolicyError> {
        use procura_ground::reason::Reason;
        let mut problems = Vec::new();
        if let Err((_, e)) = self.check_money() {
            problems.push(Reason::money(None, &e));
        }
        if procura_ground::currency::status(&self.currency)
            != procura_ground::currency::CurrencyStatus::Active
        {
            problems.push(Reason::PolicyCurrencyUnknown {
                currency: self.currency.clone(),
            });
        }
        for r in &self.rates {
            if r.rate <= Decimal::ZERO {
                problems.push(Reason::PolicyRateNotPositive {
                    currency: r.currency.clone(),
                });
            }
        }
        if self.default_tax_percent < Decimal::ZERO
            || self.default_tax_percent > Decimal::ONE_HUNDRED
        {
            problems.push(Reason::PolicyDefaultTaxInvalid {});
        }
        let known = |id: &str| self.person(id).is_some();
        let mut seen = std::collections::BTreeSet::new();
        for p in &self.people {
            if !seen.insert(p.id.as_str()) {
                problems.push(Reason::PolicyPersonTwice {
                    person: p.id.to_string(),
                });
            }
            if let Some(m) = &p.manager {
                if !known(m.as_str()) {
                    problems.push(Reason::PolicyManagerUnknown {
                        person: p.id.to_string(),
                        manager: m.to_string(),
                    });
                }
            }
            if p.approval_limit.is_some_and(|l| l < Decimal::ZERO) {
                problems.push(Reason::PolicyLimitNegative {
                    person: p.id.to_string(),
                });
            }
            // A manager loop would make the chain endless.
            let mut at = p.manager.as_ref().map(|m| m.as_str());
            for _ in 0..=self.people.len() {
                at = at
                    .and_then(|m| self.person(m))
                    .and_then(|m| m.manager.as_ref().map(|m| m.as_str()));
            }
            if at.is_some() {
                problems.push(Reason::PolicyManagerLoop {
                    person: p.id.to_string(),
                });
            }
        }
        let mut rule_ids = std::collections::BTreeSet::new();
        for rule in &self.rules {
            if !rule_ids.insert(rule.id.as_str()) || rule.id.trim().is_empty() {
                problems.push(Reason::PolicyRuleIdInvalid {
                    rule: rule.id.clone(),
                });
            }
            match &rule.approvers {
                Approvers::ManagerChain { levels } if *levels == 0 => {
                    problems.push(Reason::PolicyChainNoLevel {
                        rule: rule.id.clone(),
                    });
                }
                Approvers::Group { members, .. } => {
                    if members.is_empty() {
                        problems.push(Reason::PolicyGroupEmpty {
                            rule: rule.id.clone(),
                        });
                    }
                    for m in members.iter().filter(|m| !known(m.as_str())) {
                        problems.push(Reason::PolicyMemberUnknown {
                            rule: rule.id.clone(),
                            person: m.to_string(),
                        });
                    }
                }
                Approvers::ManagerChain { .. } => {}
            }
        }
        for b in &self.budgets {
            if b.amount < Decimal::ZERO {
                problems.push(Reason::PolicyBudgetNegative {
                    cost_centre: b.cost_centre.to_string(),
                    period: b.period.text(),
                });
            }
            if !b.period.get().is_some_and(Quarter::is_plannable) {
                problems.push(Reason::PolicyBudgetPeriodInvalid {
                    period: b.period.text(),
                });
            }
        }
        if let Some(f) = &self.escalation_fallback {
            if !known(f.as_str()) {
                problems.push(Reason::PolicyFallbackUnknown {
                    person: f.to_string(),
                });
            }
        }
        problems.extend(self.supplier_standing.problems());
        problems.extend(self.stock.problems());
        problems.extend(self.invoicing.problems());
        if problems.is_empty() {
            Ok(())
        } else {
            Err(PolicyError::Invalid(problems))
        }
    }
}

/// Who is acting: the logged-in user as the hub knows them (the name and roles come from the
/// session, never from a request body).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    pub id: UserId,
    pub name: String,
    pub roles: Vec<Role>,
}

impl Actor {
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }
}
