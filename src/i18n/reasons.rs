//! Every reason the core or the hub gives for a refusal, in English and Simplified Chinese.
//!
//! One exhaustive `match` over [`Reason`]: a new variant without both texts does not compile.
//! Arguments are typed and interpolated with `format!`; counts take their plural form from
//! [`super::plural::form`]. Numbers are written plainly for now.

use super::plural::{form, Form};
use super::Lang;
use procura_ground::reason::Reason;
use procura_procurement::approval::Status;
use procura_suppliers::scorecard::Criterion;

fn status(lang: Lang, s: &Status) -> &'static str {
    match (lang, s) {
        (Lang::En, s) => procura_ground::reason::status_word(s),
        (Lang::ZhCn, Status::Pending) => "审批中",
        (Lang::ZhCn, Status::Returned) => "已退回",
        (Lang::ZhCn, Status::Approved) => "已批准",
        (Lang::ZhCn, Status::Rejected) => "已拒绝",
        (Lang::ZhCn, Status::Withdrawn) => "已撤回",
    }
}

fn criterion(lang: Lang, c: &Criterion) -> &'static str {
    match (lang, c) {
        (Lang::En, Criterion::Quality) => "quality",
        (Lang::En, Criterion::Delivery) => "delivery",
        (Lang::En, Criterion::Price) => "price",
        (Lang::En, Criterion::Service) => "service",
        (Lang::ZhCn, Criterion::Quality) => "质量",
        (Lang::ZhCn, Criterion::Delivery) => "交付",
        (Lang::ZhCn, Criterion::Price) => "价格",
        (Lang::ZhCn, Criterion::Service) => "服务",
    }
}

/// "line 3: " / "第 3 行：" before a money reason that names its line.
fn on_line(lang: Lang, line: &Option<u32>) -> String {
    match (lang, line) {
        (_, None) => String::new(),
        (Lang::En, Some(n)) => format!("Line {n}: "),
        (Lang::ZhCn, Some(n)) => format!("第 {n} 行："),
    }
}

/// English noun with its plural, by the language's rule for `n`.
fn noun(lang: Lang, n: usize, one: &str, other: &str) -> String {
    match form(lang, n as u64) {
        Form::One => one.to_owned(),
        _ => other.to_owned(),
    }
}

/// The text for a refusal: its reason if the hub sent one, otherwise a generic sentence naming
/// the code (a hub or stored refusal older than typed reasons).
pub fn refusal(lang: Lang, reason: Option<&Reason>, code: &str) -> String {
    match reason {
        Some(r) => text(lang, r),
        None => text(
            lang,
            &Reason::Unrecognised {
                code: code.to_owned(),
            },
        ),
    }
}

/// `r` in `lang`.
pub fn text(lang: Lang, r: &Reason) -> String {
    let (en, zh): (String, String) = match r {
        Reason::Unrecognised { code } => (
            format!("The change was refused (code {code})."),
            format!("更改被拒绝（代码 {code}）。"),
        ),
        Reason::NoPolicy {} => (
            "The organisation has no approval policy yet.".into(),
            "组织尚未设置审批政策。".into(),
        ),
        Reason::OutOfOrder { mutation } => (
            format!("Change {mutation} arrived after later changes of this device and was not applied."),
            format!("更改 {mutation} 晚于本设备之后的更改到达，未被应用。"),
        ),
        Reason::OrdersNotAccepted {} => (
            "Orders are not accepted here.".into(),
            "此处不接受订单。".into(),
        ),
        Reason::TooLongChars { field, max } => (
            format!(
                "{field} is longer than {max} {}.",
                noun(Lang::En, *max, "character", "characters")
            ),
            format!("「{field}」超过 {max} 个字符。"),
        ),
        Reason::TooLongBytes { field, max } => (
            format!(
                "{field} is longer than {max} {}.",
                noun(Lang::En, *max, "byte", "bytes")
            ),
            format!("「{field}」超过 {max} 字节。"),
        ),
        Reason::TooMany { what, count, max } => (
            format!("{what}: {count}, at most {max}."),
            format!("「{what}」有 {count} 项，最多 {max} 项。"),
        ),
        Reason::QuantityOutOfRange { line, value } => (
            format!(
                "{}the quantity {value} is out of range (above 0, at most 1,000,000,000, at most 6 decimals).",
                on_line(Lang::En, line)
            ),
            format!(
                "{}数量 {value} 超出范围（大于 0，最多 1,000,000,000，最多 6 位小数）。",
                on_line(Lang::ZhCn, line)
            ),
        ),
        Reason::PriceOutOfRange { line, value } => (
            format!(
                "{}the price {value} is out of range (0 to 1,000,000,000,000, at most 6 decimals).",
                on_line(Lang::En, line)
            ),
            format!(
                "{}价格 {value} 超出范围（0 至 1,000,000,000,000，最多 6 位小数）。",
                on_line(Lang::ZhCn, line)
            ),
        ),
        Reason::AmountOutOfRange { line } => (
            format!(
                "{}the amount is out of range (at most 1,000,000,000,000).",
                on_line(Lang::En, line)
            ),
            format!(
                "{}金额超出范围（最多 1,000,000,000,000）。",
                on_line(Lang::ZhCn, line)
            ),
        ),
        Reason::RateOutOfRange { line, value } => (
            format!(
                "{}the rate {value} is out of range (tax 0 to 100 %, exchange rate above 0 and at most 1,000,000, at most 6 decimals).",
                on_line(Lang::En, line)
            ),
            format!(
                "{}比率 {value} 超出范围（税率 0 至 100 %，汇率大于 0 且最多 1,000,000，最多 6 位小数）。",
                on_line(Lang::ZhCn, line)
            ),
        ),
        Reason::RequisitionUnknown {} => (
            "There is no such requisition.".into(),
            "没有这个申请。".into(),
        ),
        Reason::NotARequisition {} => (
            "That id is not a requisition.".into(),
            "该编号不是申请。".into(),
        ),
        Reason::OpenRequisitionQuota { open, max } => (
            format!(
                "{open} of your {} open (pending or returned); at most {max} may be. Withdraw or finish some first.",
                noun(Lang::En, *open, "requisitions is", "requisitions are")
            ),
            format!("您有 {open} 个申请未结（审批中或已退回），最多 {max} 个。请先撤回或完成一些。"),
        ),
        Reason::RequisitionIdInvalid {} => (
            "A requisition needs an id of 1 to 64 characters.".into(),
            "申请编号须为 1 至 64 个字符。".into(),
        ),
        Reason::RequisitionNoLines {} => (
            "A requisition needs at least one line.".into(),
            "申请至少需要一行。".into(),
        ),
        Reason::RequisitionTooManyLines { max } => (
            format!(
                "A requisition has at most {max} {}.",
                noun(Lang::En, *max, "line", "lines")
            ),
            format!("一个申请最多 {max} 行。"),
        ),
        Reason::LineDescriptionMissing { line } => (
            format!("Line {line} needs a description."),
            format!("第 {line} 行需要描述。"),
        ),
        Reason::LineQuantityNotPositive { line } => (
            format!("Line {line}: the quantity must be above zero."),
            format!("第 {line} 行：数量必须大于零。"),
        ),
        Reason::LinePriceNegative { line } => (
            format!("Line {line}: the price cannot be negative."),
            format!("第 {line} 行：价格不能为负数。"),
        ),
        Reason::LineTaxInvalid { line } => (
            format!("Line {line}: the tax rate must be 0 to 100 %."),
            format!("第 {line} 行：税率必须在 0 至 100 % 之间。"),
        ),
        Reason::LineSupplierMissing { line } => (
            format!("Line {line}: a catalog line names its supplier."),
            format!("第 {line} 行：目录行必须注明供应商。"),
        ),
        Reason::CostCentreUnknown { cost_centre } => (
            format!("There is no cost centre \u{201c}{cost_centre}\u{201d}."),
            format!("没有成本中心「{cost_centre}」。"),
        ),
        Reason::AccountUnknown { account } => (
            format!("There is no account \u{201c}{account}\u{201d}."),
            format!("没有科目「{account}」。"),
        ),
        Reason::NeedByInvalid {} => (
            "The need-by date must be a date (YYYY-MM-DD).".into(),
            "需求日期必须是日期（年-月-日）。".into(),
        ),
        Reason::NeedByPast {} => (
            "The need-by date is in the past.".into(),
            "需求日期已过。".into(),
        ),
        Reason::AddressMissing {} => (
            "A delivery address is needed.".into(),
            "需要填写收货地址。".into(),
        ),
        Reason::JustificationMissing {} => (
            "A justification is needed.".into(),
            "需要填写申请理由。".into(),
        ),
        Reason::NoRate { line, currency, to } => (
            format!("Line {line} is in {currency}, and the organisation has no exchange rate from {currency} to {to}: ask your administrator to add it to the policy."),
            format!("第 {line} 行以 {currency} 计价，但组织没有从 {currency} 到 {to} 的汇率：请联系管理员在规则中添加。"),
        ),
        Reason::CatalogSupplierMismatch {
            line,
            item,
            supplier,
            currency,
        } => (
            format!("Line {line}: {item} is sold by {supplier} in {currency}."),
            format!("第 {line} 行：{item} 由 {supplier} 以 {currency} 销售。"),
        ),
        Reason::CatalogPriceMismatch {
            line,
            item,
            quantity,
            catalog_price,
            price,
        } => (
            format!("Line {line}: the catalog price of {item} at {quantity} is {catalog_price}, not {price}."),
            format!("第 {line} 行：{item} 在数量 {quantity} 时的目录价格为 {catalog_price}，而不是 {price}。"),
        ),
        Reason::BelowMinimumOrder {
            line,
            item,
            quantity,
            minimum,
        } => (
            format!("Line {line}: {quantity} is below the minimum order quantity {minimum} of {item}."),
            format!("第 {line} 行：{quantity} 低于 {item} 的最小订购量 {minimum}。"),
        ),
        Reason::BuyersSubmit {} => (
            "Only buyers submit requisitions.".into(),
            "只有采购员可以提交申请。".into(),
        ),
        Reason::RequisitionNotKnown {} => (
            "This requisition is not known to the organisation.".into(),
            "组织中没有这个申请。".into(),
        ),
        Reason::OnlyRequesterChanges {} => (
            "Only the requester changes a requisition.".into(),
            "只有申请人可以修改申请。".into(),
        ),
        Reason::ChangedStale {
            status: s,
            revision,
            base,
        } => (
            format!(
                "This requisition is {} at revision {revision}; the change was made to revision {base}.",
                status(Lang::En, s)
            ),
            format!(
                "此申请现为{}（第 {revision} 版）；该更改基于第 {base} 版。",
                status(Lang::ZhCn, s)
            ),
        ),
        Reason::RouteChainEnds { person } => (
            format!("No manager above {person} may approve this amount; ask an admin to fix the policy."),
            format!("{person} 之上没有经理可以审批此金额；请管理员修正审批政策。"),
        ),
        Reason::RouteNobodyMay { step } => (
            format!("Step {step}: nobody in it may approve this amount; ask an admin to fix the policy."),
            format!("步骤「{step}」中没有人可以审批此金额；请管理员修正审批政策。"),
        ),
        Reason::RouteUnknownRequester { person } => (
            format!("{person} is not in the organisation chart; ask an admin to add them."),
            format!("{person} 不在组织架构中；请管理员添加。"),
        ),
        Reason::OnlyRequesterWithdraws {} => (
            "Only the requester withdraws a requisition.".into(),
            "只有申请人可以撤回申请。".into(),
        ),
        Reason::WithdrawStale {
            status: s,
            revision,
        } => (
            format!(
                "The requisition is {} at revision {revision}.",
                status(Lang::En, s)
            ),
            format!(
                "此申请现为{}（第 {revision} 版）。",
                status(Lang::ZhCn, s)
            ),
        ),
        Reason::ApproversDecide {} => (
            "Only approvers decide requisitions.".into(),
            "只有审批人可以审批申请。".into(),
        ),
        Reason::ActedFirst {
            status: s,
            revision,
        } => (
            format!(
                "Someone else acted first: the requisition is now {} at revision {revision}.",
                status(Lang::En, s)
            ),
            format!(
                "已有他人先处理：此申请现为{}（第 {revision} 版）。",
                status(Lang::ZhCn, s)
            ),
        ),
        Reason::NoStepWaiting {} => (
            "The requisition has no step waiting.".into(),
            "此申请没有待审批的步骤。".into(),
        ),
        Reason::StepMoved { step, waiting } => (
            format!("The step \u{201c}{step}\u{201d} is no longer the one waiting (\u{201c}{waiting}\u{201d} is)."),
            format!("步骤「{step}」已不是待审批步骤（现为「{waiting}」）。"),
        ),
        Reason::SelfApproval {} => (
            "Nobody decides their own requisition.".into(),
            "任何人都不能审批自己的申请。".into(),
        ),
        Reason::NoDelegation { actor, principal } => (
            format!("{actor} has no delegation from {principal} today."),
            format!("{actor} 今天没有 {principal} 的委托。"),
        ),
        Reason::AlreadyApproved {} => (
            "Nobody approves twice on one route (in their own name or for someone else).".into(),
            "同一审批路线上任何人都不能审批两次（无论以本人名义还是代他人）。".into(),
        ),
        Reason::NotAnApprover { person, step } => (
            format!("{person} is not an approver of the step \u{201c}{step}\u{201d}."),
            format!("{person} 不是步骤「{step}」的审批人。"),
        ),
        Reason::OverLimit { person, amount } => (
            format!("{person}'s approval limit is below {amount}."),
            format!("{person} 的审批限额低于 {amount}。"),
        ),
        Reason::CommentRequired {} => (
            "Say why: a comment is required.".into(),
            "请说明原因：需要填写意见。".into(),
        ),
        Reason::BudgetExceeded {
            cost_centre,
            period,
            committed,
            this,
            after,
            budget,
        } => (
            format!("Over budget (stop): budget {cost_centre} {period}: {committed} committed + {this} = {after} of {budget}."),
            format!("超出预算（禁止）：预算 {cost_centre} {period}：已占用 {committed} + 本次 {this} = {after}，预算 {budget}。"),
        ),
        Reason::AdminsChangePolicy {} => (
            "Only admins change the approval policy.".into(),
            "只有管理员可以修改审批政策。".into(),
        ),
        Reason::PolicyCurrencyUnknown { currency } => (
            format!("\u{201c}{currency}\u{201d} is not an ISO 4217 currency."),
            format!("「{currency}」不是有效的币种代码。"),
        ),
        Reason::PolicyRateNotPositive { currency } => (
            format!("The rate of {currency} must be above zero."),
            format!("{currency} 的汇率必须大于零。"),
        ),
        Reason::PolicyDefaultTaxInvalid {} => (
            "The default tax rate must be between 0 and 100 %.".into(),
            "默认税率必须在 0 至 100 % 之间。".into(),
        ),
        Reason::PolicyPersonTwice { person } => (
            format!("Person {person} is listed twice."),
            format!("人员 {person} 出现了两次。"),
        ),
        Reason::PolicyManagerUnknown { person, manager } => (
            format!("{person}'s manager {manager} is not in the policy."),
            format!("{person} 的经理 {manager} 不在审批政策中。"),
        ),
        Reason::PolicyLimitNegative { person } => (
            format!("{person}'s approval limit is negative."),
            format!("{person} 的审批限额为负数。"),
        ),
        Reason::PolicyManagerLoop { person } => (
            format!("{person}'s manager chain loops."),
            format!("{person} 的经理链形成了循环。"),
        ),
        Reason::PolicyRuleIdInvalid { rule } => (
            format!("Rule id \u{201c}{rule}\u{201d} is empty or used twice."),
            format!("规则编号「{rule}」为空或重复。"),
        ),
        Reason::PolicyChainNoLevel { rule } => (
            format!("Rule {rule}: a manager chain needs a level."),
            format!("规则 {rule}：经理链至少需要一级。"),
        ),
        Reason::PolicyGroupEmpty { rule } => (
            format!("Rule {rule}: the group has no members."),
            format!("规则 {rule}：审批组没有成员。"),
        ),
        Reason::PolicyMemberUnknown { rule, person } => (
            format!("Rule {rule}: {person} is not in the policy."),
            format!("规则 {rule}：{person} 不在审批政策中。"),
        ),
        Reason::PolicyBudgetNegative {
            cost_centre,
            period,
        } => (
            format!("Budget {cost_centre} {period} is negative."),
            format!("预算 {cost_centre} {period} 为负数。"),
        ),
        Reason::PolicyBudgetPeriodInvalid { period } => (
            format!("Budget period \u{201c}{period}\u{201d} is not a quarter such as 2026-Q4."),
            format!("预算期间「{period}」不是季度（例如 2026-Q4）。"),
        ),
        Reason::PolicyFallbackUnknown { person } => (
            format!("Escalation approver {person} is not in the policy."),
            format!("升级审批人 {person} 不在审批政策中。"),
        ),
        Reason::DelegationNotYours {} => (
            "A delegation is set up by the person away, or by an admin.".into(),
            "委托只能由离开的人或管理员设置。".into(),
        ),
        Reason::DelegationSomeoneElses {} => (
            "This delegation is someone else's.".into(),
            "这是别人的委托。".into(),
        ),
        Reason::NotADelegation {} => (
            "That id is not a delegation.".into(),
            "该编号不是委托。".into(),
        ),
        Reason::DelegationBadDate {} => (
            "The first and last day must be dates (YYYY-MM-DD).".into(),
            "开始日和结束日必须是日期（年-月-日）。".into(),
        ),
        Reason::DelegationBackwards {} => (
            "The last day is before the first.".into(),
            "结束日早于开始日。".into(),
        ),
        Reason::DelegationToSelf {} => (
            "Nobody can delegate to themselves.".into(),
            "不能委托给自己。".into(),
        ),
        Reason::DelegationOver {} => (
            "The delegation's last day is over already.".into(),
            "委托的结束日已过。".into(),
        ),
        Reason::DelegationQuota {
            person,
            active,
            max,
        } => (
            format!(
                "{person} has {active} {} not over; at most {max} may be. Delete one first.",
                noun(Lang::En, *active, "delegation that is", "delegations that are")
            ),
            format!("{person} 有 {active} 个未结束的委托，最多 {max} 个。请先删除一个。"),
        ),
        Reason::NotInChart { person } => (
            format!("{person} is not in the organisation chart."),
            format!("{person} 不在组织架构中。"),
        ),
        Reason::EvaluationNotAuthor {} => (
            "Only the colleague who wrote this evaluation may change or delete it.".into(),
            "只有撰写此评估的同事可以修改或删除它。".into(),
        ),
        Reason::EvaluationIdMissing {} => (
            "An evaluation needs an id.".into(),
            "评估需要编号。".into(),
        ),
        Reason::EvaluationSupplierMissing {} => {
            ("Choose a supplier.".into(), "请选择供应商。".into())
        }
        Reason::EvaluationBadPeriod { period } => (
            format!("The period \u{201c}{period}\u{201d} is not a calendar quarter such as 2026-Q4."),
            format!("期间「{period}」不是日历季度（例如 2026-Q4）。"),
        ),
        Reason::EvaluationScoreOutOfRange {
            criterion: c,
            score,
        } => (
            format!(
                "The {} score {score} is outside 1–5.",
                criterion(Lang::En, c)
            ),
            format!("{}评分 {score} 不在 1–5 之间。", criterion(Lang::ZhCn, c)),
        ),
        Reason::EvaluationCommentTooLong { max } => (
            format!(
                "The comment is longer than {max} {}.",
                noun(Lang::En, *max, "character", "characters")
            ),
            format!("评语超过 {max} 个字符。"),
        ),
        Reason::NoSupplier { supplier } | Reason::OrderNoSupplier { supplier } => (
            format!("There is no supplier {supplier}."),
            format!("没有供应商 {supplier}。"),
        ),
        Reason::EvaluationMoved {} => (
            "An evaluation cannot be moved to another supplier; write a new one.".into(),
            "评估不能转到其他供应商；请另写一份。".into(),
        ),
        Reason::SelectionIdInvalid {} => (
            "A selection needs an id of 1 to 64 characters.".into(),
            "供应商选择需要 1 到 64 个字符的编号。".into(),
        ),
        Reason::SelectionTitleInvalid { max } => (
            format!("A selection needs a title of 1 to {max} characters."),
            format!("供应商选择需要 1 到 {max} 个字符的标题。"),
        ),
        Reason::SelectionCriteriaCount { count, min, max } => (
            format!("A selection compares {min} to {max} criteria, not {count}."),
            format!("供应商选择比较 {min} 到 {max} 个准则，而不是 {count} 个。"),
        ),
        Reason::SelectionCandidatesCount { count, min, max } => (
            format!("A selection compares {min} to {max} suppliers, not {count}."),
            format!("供应商选择比较 {min} 到 {max} 家供应商，而不是 {count} 家。"),
        ),
        Reason::SelectionCriterionInvalid { criterion, max } => (
            format!("Criterion {criterion} needs a key and a name of 1 to {max} characters."),
            format!("第 {criterion} 个准则需要代码和 1 到 {max} 个字符的名称。"),
        ),
        Reason::SelectionCriterionTwice { key } => (
            format!("The criterion \u{201c}{key}\u{201d} is listed twice."),
            format!("准则「{key}」重复列出。"),
        ),
        Reason::SelectionCandidateInvalid { candidate, max } => (
            format!("Supplier {candidate} needs an id and a name of 1 to {max} characters."),
            format!("第 {candidate} 家供应商需要编号和 1 到 {max} 个字符的名称。"),
        ),
        Reason::SelectionCandidateTwice { supplier } => (
            format!("The supplier {supplier} is listed twice."),
            format!("供应商 {supplier} 重复列出。"),
        ),
        Reason::SelectionJudgementsMismatch {} => (
            "The comparisons do not match the criteria and suppliers; compare again.".into(),
            "两两比较与准则和供应商不符；请重新比较。".into(),
        ),
        Reason::SelectionBuyersOnly {} => (
            "Only buyers and admins start a supplier selection.".into(),
            "只有采购员和管理员可以发起供应商选择。".into(),
        ),
        Reason::SelectionNotCreator {} => (
            "Only the colleague who started this selection, or an admin, may change it.".into(),
            "只有发起此选择的同事或管理员可以修改它。".into(),
        ),
        Reason::SelectionStale { revision, base } => (
            format!("This selection is at revision {revision}; the change was made to revision {base}."),
            format!("此选择已是第 {revision} 版；该修改基于第 {base} 版。"),
        ),
        Reason::SelectionSealBroken { seal } => (
            format!("Seal {seal} of this selection was changed or its predecessor removed."),
            format!("此选择的第 {seal} 个封印被修改，或其前一个被删除。"),
        ),
        Reason::SelectionContentChanged {} => (
            "This selection was changed after its last seal.".into(),
            "此选择在最后一次封印之后被修改。".into(),
        ),
        Reason::SupplierBlocked { supplier, score } => (
            format!(
                "{supplier} is blocked by its performance score ({score} of 100); choose another supplier."
            ),
            format!("{supplier} 因绩效得分（{score}/100）被停用；请选择其他供应商。"),
        ),
        Reason::StandingWeightInvalid { metric, weight } => (
            format!(
                "The weight {weight} of \u{201c}{}\u{201d} is above 100, or the measure is weighted twice.",
                performance_measure(Lang::En, metric)
            ),
            format!(
                "「{}」的权重 {weight} 超过 100，或该指标重复设置。",
                performance_measure(Lang::ZhCn, metric)
            ),
        ),
        Reason::StandingNoWeight {} => (
            "At least one supplier performance measure needs a weight above 0.".into(),
            "至少一个供应商绩效指标的权重须大于 0。".into(),
        ),
        Reason::StandingBandsUnordered {
            blocked_below,
            warn_below,
            good_from,
        } => (
            format!(
                "The standing bands must rise: blocked below {blocked_below}, warning below {warn_below}, good from {good_from}, at most 100."
            ),
            format!(
                "等级区间须递增：低于 {blocked_below} 停用，低于 {warn_below} 警告，{good_from} 起为良好，最高 100。"
            ),
        ),
        Reason::AssessmentRole {} => (
            "Only buyers and admins assess suppliers.".into(),
            "只有采购员和管理员可以评估供应商。".into(),
        ),
        Reason::AssessmentSupplierMissing {} => {
            ("Choose a supplier.".into(), "请选择供应商。".into())
        }
        Reason::AssessmentRatingOutOfRange { field, value } => (
            format!(
                "The rating {value} of \u{201c}{}\u{201d} is outside 1–5.",
                assessment_field(Lang::En, field)
            ),
            format!(
                "「{}」的评分 {value} 不在 1–5 之间。",
                assessment_field(Lang::ZhCn, field)
            ),
        ),
        Reason::AssessmentNoteTooLong { max } => (
            format!(
                "An evidence note is longer than {max} {}.",
                noun(Lang::En, *max, "character", "characters")
            ),
            format!("依据说明超过 {max} 个字符。"),
        ),
        Reason::AssessmentStale { revision, base } => (
            format!(
                "Someone changed this assessment meanwhile (revision {revision}; yours started from {base}). Reload it and try again."
            ),
            format!("此评估已被他人修改（第 {revision} 版；您的修改基于第 {base} 版）。请重新加载后再试。"),
        ),
        Reason::NotAnAssessment {} => (
            "That record is not a supplier assessment.".into(),
            "该记录不是供应商评估。".into(),
        ),
        Reason::StockOrderCostInvalid { value } => (
            format!("The order cost {value} must be between 0 and 1,000,000, with at most 6 decimals."),
            format!("订货成本 {value} 必须在 0 到 1,000,000 之间，最多 6 位小数。"),
        ),
        Reason::StockHoldingRateInvalid { value } => (
            format!("The holding rate {value} must be above 0 and at most 10 (1,000 % a year)."),
            format!("持有成本率 {value} 必须大于 0 且不超过 10（每年 1,000 %）。"),
        ),
        Reason::StockServiceLevelInvalid { value } => (
            format!("The service level {value} % must be between 50 and 99.9."),
            format!("服务水平 {value} % 必须在 50 到 99.9 之间。"),
        ),
        Reason::StockAdminsOnly {} => (
            "Only admins decide which items are stocked.".into(),
            "只有管理员可以设定库存物料。".into(),
        ),
        Reason::StockLocationInvalid { max } => (
            format!("A stock location needs a name of 1 to {max} characters."),
            format!("库位名称须为 1 到 {max} 个字符。"),
        ),
        Reason::StockNoItem { item } => (
            format!("There is no catalog item {item}."),
            format!("目录中没有物料 {item}。"),
        ),
        Reason::StockStale { revision, base } => (
            format!("Someone changed this stocked item meanwhile (revision {revision}; yours started from {base}). Reload it and try again."),
            format!("此库存物料已被他人修改（第 {revision} 版；您的修改基于第 {base} 版）。请重新加载后再试。"),
        ),
        Reason::StockCountInvalid { value } => (
            format!("The counted quantity {value} must be a whole number, 0 or more."),
            format!("盘点数量 {value} 必须是 0 或以上的整数。"),
        ),
        Reason::StockCountInFuture {} => (
            "The stock count is dated in the future.".into(),
            "盘点日期晚于当前时间。".into(),
        ),
        Reason::StockLeadTimeInvalid { max } => (
            format!("The lead time must be 0 to {max} days."),
            format!("交货期必须在 0 到 {max} 天之间。"),
        ),
        Reason::NotAStock {} => (
            "That record is not a stocked item.".into(),
            "该记录不是库存物料。".into(),
        ),
        Reason::IssueIdInvalid {} => (
            "A goods issue needs an id of 1 to 64 characters.".into(),
            "领料记录需要 1 到 64 个字符的编号。".into(),
        ),
        Reason::IssueNotStocked { item, location } => (
            format!("{item} is not stocked at {location}."),
            format!("{item} 未在 {location} 设为库存物料。"),
        ),
        Reason::IssueQuantityInvalid { value } => (
            format!("The issued quantity {value} must be a whole number above 0."),
            format!("领用数量 {value} 必须是大于 0 的整数。"),
        ),
        Reason::IssueWhenInvalid {} => (
            "A goods issue cannot be dated in the future or more than a year ago.".into(),
            "领料日期不能晚于当前时间，也不能早于一年前。".into(),
        ),
        Reason::IssueExists {} => (
            "A different goods issue with this id is already recorded.".into(),
            "已存在使用此编号的另一条领料记录。".into(),
        ),
        Reason::IssueNoteTooLong { max } => (
            format!("The note is longer than {max} characters."),
            format!("备注超过 {max} 个字符。"),
        ),
        Reason::ReturnPhotoInvalid { max_kb } => (
            format!("The photo must be a JPEG, PNG or WebP image of at most {max_kb} KB."),
            format!("照片须为常见格式的图片，且不超过 {max_kb} 千字节。"),
        ),
        Reason::ReturnRole {} => (
            "Only buyers and admins open or cancel returns.".into(),
            "只有采购员和管理员可以发起或取消退货。".into(),
        ),
        Reason::ReturnIdInvalid { max } => (
            format!("A return needs an id of 1 to {max} characters."),
            format!("退货单需要 1 到 {max} 个字符的编号。"),
        ),
        Reason::ReturnExists {} => (
            "A different return with this id is already recorded.".into(),
            "已存在使用此编号的另一张退货单。".into(),
        ),
        Reason::ReturnNoOrder {} => (
            "The return names no known order.".into(),
            "退货单未对应任何已知订单。".into(),
        ),
        Reason::ReturnLines { max } => (
            format!("A return needs 1 to {max} lines."),
            format!("退货单需要 1 到 {max} 行。"),
        ),
        Reason::ReturnNoLine { line } => (
            format!("The order has no line {line}."),
            format!("订单没有第 {line} 行。"),
        ),
        Reason::ReturnLineTwice { line } => (
            format!("Line {line} is named twice for the same goods."),
            format!("第 {line} 行对同一批货物填写了两次。"),
        ),
        Reason::ReturnQuantityInvalid { line } => (
            format!("Line {line}: the quantity to return must be above 0."),
            format!("第 {line} 行：退货数量必须大于 0。"),
        ),
        Reason::ReturnTooMany {
            line,
            quantity,
            available,
        } => (
            format!("Line {line}: {quantity} cannot be returned, at most {available}."),
            format!("第 {line} 行：不能退 {quantity}，最多 {available}。"),
        ),
        Reason::ReturnReasonRequired { max } => (
            format!("Say why the goods go back, in 1 to {max} characters."),
            format!("请填写退货原因（1 到 {max} 个字符）。"),
        ),
        Reason::ReturnNoteTooLong { max } => (
            format!("The note is longer than {max} characters."),
            format!("备注超过 {max} 个字符。"),
        ),
        Reason::ReturnStatusInvalid { from, to } => (
            format!(
                "The return is {}; it cannot become {}.",
                return_status(Lang::En, from),
                return_status(Lang::En, to)
            ),
            format!(
                "退货单状态为「{}」，不能变为「{}」。",
                return_status(Lang::ZhCn, from),
                return_status(Lang::ZhCn, to)
            ),
        ),
        Reason::ReturnStale { revision, base } => (
            format!("The return is at revision {revision} but the change was based on {base}; reload it."),
            format!("退货单已是第 {revision} 版，而此更改基于第 {base} 版，请重新加载。"),
        ),
        Reason::ReturnNotFound {} => (
            "There is no such return.".into(),
            "没有这张退货单。".into(),
        ),
        Reason::ContractRole {} => (
            "Only buyers and admins make and end contracts.".into(),
            "只有采购员和管理员可以订立和终止合同。".into(),
        ),
        Reason::ContractIdInvalid { max } => (
            format!("A contract needs an id of 1 to {max} characters."),
            format!("合同需要 1 到 {max} 个字符的编号。"),
        ),
        Reason::ContractNumberInvalid { max } => (
            format!("The contract number must be 1 to {max} characters on one line."),
            format!("合同号须为 1 到 {max} 个字符，且不能换行。"),
        ),
        Reason::ContractTitleInvalid { max } => (
            format!("The contract title must be 1 to {max} characters on one line."),
            format!("合同名称须为 1 到 {max} 个字符，且不能换行。"),
        ),
        Reason::ContractNoteTooLong { max } => (
            format!("The note is longer than {max} characters."),
            format!("备注超过 {max} 个字符。"),
        ),
        Reason::ContractUnknownSupplier {} => (
            "The contract names a supplier the organisation does not have.".into(),
            "合同所列供应商不在本组织的供应商中。".into(),
        ),
        Reason::ContractSupplierFixed {} => (
            "A contract's supplier and currency cannot change; end it and make a new one.".into(),
            "合同的供应商和币种不能更改；请终止此合同并另立新合同。".into(),
        ),
        Reason::ContractCurrencyInvalid { currency } => (
            format!("{currency} is not a currency in use."),
            format!("{currency} 不是现行币种。"),
        ),
        Reason::ContractDatesInvalid { max_days } => (
            format!("The contract must end on or after the day it starts, and run at most {max_days} days."),
            format!("合同的截止日不能早于生效日，有效期最长 {max_days} 天。"),
        ),
        Reason::ContractTermsMissing {} => (
            "A contract needs agreed prices, a ceiling, or both.".into(),
            "合同须有协议价格或金额上限，或两者都有。".into(),
        ),
        Reason::ContractTooManyPrices { max } => (
            format!("A contract has at most {max} agreed prices."),
            format!("一份合同最多 {max} 条协议价格。"),
        ),
        Reason::ContractItemInvalid { entry } => (
            format!("Agreed price {entry} must name one of the supplier's catalog items and a price above zero."),
            format!("第 {entry} 条协议价格须指定该供应商的目录商品，且价格大于零。"),
        ),
        Reason::ContractCategoryInvalid { entry } => (
            format!("Agreed price {entry} must name 2, 4, 6 or 8 digits of a UNSPSC code and a discount above 0 and below 100 %."),
            format!("第 {entry} 条协议价格须填写 2、4、6 或 8 位商品分类编码，折扣大于 0 且小于 100%。"),
        ),
        Reason::ContractPriceTwice { entry } => (
            format!("Agreed price {entry} names an item or category already priced above."),
            format!("第 {entry} 条协议价格的商品或类别在前面已有价格。"),
        ),
        Reason::ContractCeilingInvalid {} => (
            "The ceiling must be an amount above zero.".into(),
            "金额上限必须大于零。".into(),
        ),
        Reason::ContractAlertsInvalid { max_days } => (
            format!("Warn 0 to {max_days} days before expiry, and when 1 to 100 % of the ceiling is used."),
            format!("到期提醒须为提前 0 到 {max_days} 天，上限提醒须为已用 1% 到 100%。"),
        ),
        Reason::ContractTooMany { max } => (
            format!("A supplier has at most {max} contracts that have not ended; end one first."),
            format!("一个供应商最多有 {max} 份未终止的合同，请先终止其中一份。"),
        ),
        Reason::ContractEnded {} => (
            "The contract has ended; it cannot change.".into(),
            "合同已终止，不能再更改。".into(),
        ),
        Reason::ContractEndReasonRequired { max } => (
            format!("Say why the contract ends, in 1 to {max} characters."),
            format!("请填写终止合同的原因（1 到 {max} 个字符）。"),
        ),
        Reason::ContractStale { revision, base } => (
            format!("The contract is at revision {revision} but the change was based on {base}; reload it."),
            format!("合同已是第 {revision} 版，而此更改基于第 {base} 版，请重新加载。"),
        ),
        Reason::ContractNotFound {} => (
            "There is no such contract.".into(),
            "没有这份合同。".into(),
        ),
        Reason::AuditChainBroken { entry } => (
            format!("Entry {entry} was changed or its predecessor removed."),
            format!("第 {entry} 条记录被修改，或其前一条被删除。"),
        ),
        Reason::AuditContentChanged { entry } => (
            format!("The requisition's content was changed after entry {entry}."),
            format!("申请内容在第 {entry} 条记录之后被修改。"),
        ),
        Reason::AuditStatusMismatch { trail, record } => (
            format!(
                "The trail ends at status {} but the requisition says {}.",
                status(Lang::En, trail),
                status(Lang::En, record)
            ),
            format!(
                "记录止于「{}」状态，但申请显示为「{}」。",
                status(Lang::ZhCn, trail),
                status(Lang::ZhCn, record)
            ),
        ),
        Reason::AuditEmpty {} => ("The trail is empty.".into(), "审计记录为空。".into()),
        Reason::OrderUnknown {} => ("There is no such order.".into(), "没有这个订单。".into()),
        Reason::BuyersOrder {} => (
            "Only buyers order and receive goods.".into(),
            "只有采购员可以下单和收货。".into(),
        ),
        Reason::OrderExists { order } => (
            format!("Order {order} exists already."),
            format!("订单 {order} 已存在。"),
        ),
        Reason::OrderIdInvalid {} => (
            "An order needs an id of 1 to 64 characters.".into(),
            "订单编号须为 1 至 64 个字符。".into(),
        ),
        Reason::OrderNoLines {} => (
            "An order needs at least one line.".into(),
            "订单至少需要一行。".into(),
        ),
        Reason::OrderLineMisnumbered { line, numbered } => (
            format!("Line {line} is numbered {numbered}."),
            format!("第 {line} 行的行号是 {numbered}。"),
        ),
        Reason::OrderNoRequisition { line, requisition } => (
            format!("Line {line}: there is no requisition {requisition}."),
            format!("第 {line} 行：没有申请 {requisition}。"),
        ),
        Reason::OrderRequisitionNotApproved {
            line,
            title,
            status: s,
        } => (
            format!(
                "Line {line}: requisition \u{201c}{title}\u{201d} is {}, not approved.",
                status(Lang::En, s)
            ),
            format!(
                "第 {line} 行：申请「{title}」{}，尚未批准。",
                status(Lang::ZhCn, s)
            ),
        ),
        Reason::OrderRequisitionNoLine {
            line,
            title,
            requisition_line,
        } => (
            format!("Line {line}: requisition \u{201c}{title}\u{201d} has no line {requisition_line}."),
            format!("第 {line} 行：申请「{title}」没有第 {requisition_line} 行。"),
        ),
        Reason::AlreadyOrdered {
            line,
            requisition_line,
            title,
        } => (
            format!("Line {line}: line {requisition_line} of \u{201c}{title}\u{201d} is on an order already."),
            format!("第 {line} 行：「{title}」的第 {requisition_line} 行已在订单中。"),
        ),
        Reason::OrderLineDiffers { line } => (
            format!("Line {line}: its supplier, currency or delivery address differs from the order's."),
            format!("第 {line} 行：供应商、币种或收货地址与订单不同。"),
        ),
        Reason::OrderLineNotApproved {
            line,
            quantity,
            unit,
            price,
        } => (
            format!("Line {line}: item, unit, quantity and price must be the approved ones ({quantity} {unit} at {price})."),
            format!("第 {line} 行：物品、单位、数量和价格必须与批准的一致（{quantity} {unit}，单价 {price}）。"),
        ),
        Reason::OrderTaxInvalid {} => (
            "A tax rate must be 0 to 100 %.".into(),
            "税率必须在 0 至 100 % 之间。".into(),
        ),
        Reason::OrderCancelled {} => ("The order is cancelled.".into(), "订单已取消。".into()),
        Reason::OrderRejected {} => (
            "The supplier rejected the order.".into(),
            "供应商已拒绝此订单。".into(),
        ),
        Reason::OrderTooManyEvents { max } => (
            format!("The order holds {max} events, the most it may."),
            format!("订单已有 {max} 条记录，已达上限。"),
        ),
        Reason::OrderNotSent {} => (
            "The order has not reached the supplier yet.".into(),
            "订单尚未送达供应商。".into(),
        ),
        Reason::ReceiptEmpty {} => (
            "A receipt needs an id and at least one line.".into(),
            "收货记录需要编号和至少一行。".into(),
        ),
        Reason::ReceiptExists { receipt } => (
            format!("Receipt {receipt} is recorded already."),
            format!("收货记录 {receipt} 已登记。"),
        ),
        Reason::OrderNoLine { line } => (
            format!("The order has no line {line}."),
            format!("订单没有第 {line} 行。"),
        ),
        Reason::OrderLineTwice { line } => (
            format!("Line {line} is named twice."),
            format!("第 {line} 行出现了两次。"),
        ),
        Reason::ReceiptNegative { line } => (
            format!("Line {line}: quantities cannot be negative."),
            format!("第 {line} 行：数量不能为负数。"),
        ),
        Reason::ReceiptNothing { line } => (
            format!("Line {line}: nothing received."),
            format!("第 {line} 行：未收到任何货物。"),
        ),
        Reason::ReceiptReasonMissing { line } => (
            format!("Line {line}: say why items were refused."),
            format!("第 {line} 行：请说明拒收原因。"),
        ),
        Reason::ReceiptTooMuch {
            line,
            received,
            expected,
        } => (
            format!("Line {line}: {received} received of {expected} expected."),
            format!("第 {line} 行：已收 {received}，应收 {expected}。"),
        ),
        Reason::ChangeEmpty {} => (
            "A change has an id and names at least one line.".into(),
            "变更需要编号并至少指定一行。".into(),
        ),
        Reason::ChangeExists { request } => (
            format!("Change {request} is recorded already."),
            format!("变更 {request} 已登记。"),
        ),
        Reason::LineShipped { line } => (
            format!("Line {line} has shipped already; return it or file a claim instead."),
            format!("第 {line} 行已发货；请改为退货或索赔。"),
        ),
        Reason::CancelReasonMissing {} => (
            "Say why the order is cancelled.".into(),
            "请说明取消订单的原因。".into(),
        ),
        Reason::PartlyShipped {} => (
            "Part of the order has shipped; change or return instead.".into(),
            "订单已部分发货；请改为变更或退货。".into(),
        ),
        Reason::ChangeNotAChange {} => (
            "A change request names new quantities or dates.".into(),
            "变更请求须指定新的数量或日期。".into(),
        ),
        Reason::ChangeQuantityNotPositive { line } => (
            format!("Line {line}: a new quantity must be above zero (cancel instead)."),
            format!("第 {line} 行：新数量必须大于零（否则请取消）。"),
        ),
        Reason::ChangeDateInvalid { line } => (
            format!("Line {line}: the date must be YYYY-MM-DD."),
            format!("第 {line} 行：日期格式须为 年-月-日。"),
        ),
        Reason::ChangePrice {} => (
            "A buyer's change asks for quantities and dates; prices are the supplier's.".into(),
            "采购方的变更只能涉及数量和日期；价格由供应商决定。".into(),
        ),
        Reason::ChangeNothing { line } => (
            format!("Line {line}: nothing to change."),
            format!("第 {line} 行：没有需要变更的内容。"),
        ),
        Reason::ToleranceInvalid { value } => (
            format!("The invoice tolerance {value} must be 0 to 100 % or an amount of 0 to 1,000,000, with at most 6 decimals."),
            format!("发票容差 {value} 须为 0 至 100 % 或 0 至 1,000,000 的金额，最多 6 位小数。"),
        ),
        Reason::ToleranceCategoryInvalid { max } => (
            format!("At most {max} categories may have tolerances of their own, each named by 2 to 8 digits of a UNSPSC code."),
            format!("最多 {max} 个品类可单独设置容差，每个品类以联合国标准产品与服务分类编码的前 2 至 8 位数字标识。"),
        ),
        Reason::InvoiceDuplicate { number } => (
            format!("The supplier's document {number} is already recorded."),
            format!("供应商单据 {number} 已登记过。"),
        ),
        Reason::InvoiceNumberInvalid { max } => (
            format!("An invoice needs a number of 1 to {max} characters."),
            format!("发票号码须为 1 至 {max} 个字符。"),
        ),
        Reason::InvoiceNoLines { max } => (
            format!("An invoice needs 1 to {max} lines."),
            format!("发票须有 1 至 {max} 行。"),
        ),
        Reason::InvoiceLineInvalid { line } => (
            format!("Invoice line {line} needs a quantity above 0, a price of 0 or more and a tax rate of 0 to 100 %."),
            format!("发票第 {line} 行：数量须大于 0，单价须为 0 或以上，税率须为 0 至 100 %。"),
        ),
        Reason::InvoiceCurrencyInvalid { currency } => (
            format!("{currency} is not an ISO 4217 currency code."),
            format!("{currency} 不是有效的三位国际货币代码。"),
        ),
        Reason::InvoiceTotalInvalid {} => (
            "The invoice total must be an amount of 0 or more.".into(),
            "发票总额须为 0 或以上的金额。".into(),
        ),
        Reason::InvoiceDatesInvalid {} => (
            "The invoice date is more than a day in the future, or the due date is before it.".into(),
            "发票日期晚于明天，或到期日早于发票日期。".into(),
        ),
        Reason::InvoiceTextTooLong { max } => (
            format!("A text on the invoice is longer than {max} characters."),
            format!("发票上的某段文字超过 {max} 个字符。"),
        ),
        Reason::InvoiceEntryRole {} => (
            "Only accounts payable and admins type in invoices.".into(),
            "只有应付账款人员和管理员可以录入发票。".into(),
        ),
        Reason::InvoiceDecideRole {} => (
            "Only accounts payable and buyers decide invoice exceptions.".into(),
            "只有应付账款人员和采购员可以处理发票异常。".into(),
        ),
        Reason::InvoiceOwnRequest {} => (
            "You requested goods on this order, so someone else decides its invoice.".into(),
            "您申请了此订单上的物品，因此须由他人处理其发票。".into(),
        ),
        Reason::InvoiceNotException {} => (
            "The invoice matches its order, or was decided already: there is nothing to decide.".into(),
            "该发票与订单相符或已处理，无需再作决定。".into(),
        ),
        Reason::InvoiceCommentRequired { max } => (
            format!("Say why, in 1 to {max} characters."),
            format!("请说明理由（1 至 {max} 个字符）。"),
        ),
        Reason::InvoiceStale { revision, base } => (
            format!("The invoice is at revision {revision} but the decision was based on {base}; reload it."),
            format!("该发票已是第 {revision} 版，而您的决定基于第 {base} 版，请重新加载。"),
        ),
        Reason::InvoiceUnknownSupplier {} => (
            "Choose the supplier who sent the invoice.".into(),
            "请选择开具发票的供应商。".into(),
        ),
        Reason::NotAnInvoice {} => (
            "The record is not an invoice.".into(),
            "该记录不是发票。".into(),
        ),
    };
    match lang {
        Lang::En => en,
        Lang::ZhCn => zh,
    }
}

/// A supplier performance measure's name (`on_time`, …), as a refusal names it.
fn performance_measure(lang: Lang, code: &str) -> String {
    let (en, zh) = match code {
        "on_time" => ("On-time delivery", "准时交货"),
        "quantity_accuracy" => ("Quantity accuracy", "数量准确"),
        "quality" => ("Quality", "质量"),
        "price_stability" => ("Price stability", "价格稳定"),
        "responsiveness" => ("Responsiveness", "响应速度"),
        "lead_time" => ("Lead-time reliability", "交期可靠"),
        "evaluations" => ("Evaluations", "人工评价"),
        other => (other, other),
    };
    match lang {
        Lang::En => en.to_owned(),
        Lang::ZhCn => zh.to_owned(),
    }
}

/// An assessment rating's name (`delivery_impact`, …), as a refusal names it.
fn assessment_field(lang: Lang, code: &str) -> String {
    let (en, zh) = match code {
        "delivery_impact" => ("Impact on delivery", "对交付的影响"),
        "quality_impact" => ("Impact on quality", "对质量的影响"),
        "quality_awareness" => ("Quality awareness", "质量意识"),
        "technical" => ("Technical capability", "技术能力"),
        "replication" => ("Capability to replicate", "复制能力"),
        "problem_solving" => ("Problem-solving", "解决问题能力"),
        other => (other, other),
    };
    match lang {
        Lang::En => en.to_owned(),
        Lang::ZhCn => zh.to_owned(),
    }
}

/// A return's status by its key (`requested`, …), as a refusal names it.
fn return_status(lang: Lang, key: &str) -> String {
    let (en, zh) = match key {
        "requested" => ("requested", "已申请"),
        "accepted" => ("accepted", "已接受"),
        "refused" => ("refused", "已拒绝"),
        "collected" => ("collected", "已取件"),
        "replaced" => ("replaced", "已换货"),
        "credited" => ("credited", "已退款"),
        "cancelled" => ("cancelled", "已取消"),
        other => (other, other),
    };
    match lang {
        Lang::En => en.to_owned(),
        Lang::ZhCn => zh.to_owned(),
    }
}
