//! Requisitions: the buyer's list, the form that turns a cart (or a returned requisition) into
//! one, and the detail with its route, history and audit check. Submitting and withdrawing
//! queue a change (it works offline); the core's rules show the result at once, and the hub
//! decides.

mod detail;
mod form;
mod parts;

pub use detail::RequisitionDetailPage;
pub use form::NewRequisitionPage;

use crate::i18n::{use_i18n, Lang};
use crate::state::{use_app, AppState};
use crate::ui::format::money;
use leptos::prelude::*;
use leptos_router::components::A;
use procura_procurement::approval::{Requisition, Status};
use procura_sync::sync::RecordKey;

crate::i18n::messages!(ReqMsg {
    Title => "Requisitions", "采购申请";
    Intro => "Your requisitions and where each one stands on its approval route.", "您的采购申请及其审批进度。";
    NewFromCart => "New requisition from a cart", "从购物车新建采购申请";
    None => "You have no requisitions yet. Fill a cart, then create a requisition from it.", "您还没有采购申请。请先添加商品到购物车，再从购物车创建采购申请。";
    ColTitle => "Title", "标题";
    ColTotal => "Net total", "不含税总额";
    ColStatus => "Status", "状态";
    ColStep => "Waiting for", "当前步骤";
    ColUpdated => "Updated", "更新时间";
    WaitingToSync => "waiting to sync", "待同步";
    StatusPending => "Pending approval", "待审批";
    StatusReturned => "Returned for changes", "已退回修改";
    StatusApproved => "Approved", "已批准";
    StatusRejected => "Rejected", "已拒绝";
    StatusWithdrawn => "Withdrawn", "已撤回";
    Untitled => "(untitled)", "（无标题）";
    NewTitle => "New requisition", "新建采购申请";
    EditTitle => "Edit and resubmit", "修改并重新提交";
    FieldTitle => "Title", "标题";
    FieldCostCentre => "Cost centre", "成本中心";
    FieldAccount => "Account", "会计科目";
    FieldNeedBy => "Needed by", "需求日期";
    FieldAddress => "Delivery address", "收货地址";
    FieldJustification => "Justification", "申请理由";
    JustificationHint => "Why is this needed, and why now?", "为什么需要，为什么是现在？";
    Lines => "Lines", "明细";
    ColItem => "Item", "商品";
    ColSupplier => "Supplier", "供应商";
    ColQty => "Quantity", "数量";
    ColUnitPrice => "Unit price", "单价";
    ColLineNet => "Net", "不含税金额";
    ColNote => "Note", "备注";
    CheaperTitle => "Comparison", "比价提示";
    CheaperNone => "No cheaper offer of these products in the catalog on this device.", "本设备目录中没有这些商品更便宜的报价。";
    Catalog => "Catalog", "目录商品";
    NonCatalog => "Non-catalog", "目录外";
    SuggestedSupplier => "suggested", "建议";
    Totals => "Totals", "合计";
    Net => "Net", "不含税金额";
    Tax => "Tax", "税额";
    Gross => "Gross", "含税总额";
    Route => "Approval route", "审批流程";
    RouteNone => "No rule applies: the requisition is approved on submission (within budget).", "没有适用的规则：提交后即获批准（预算内）。";
    RouteIs => "Who will approve, in order", "审批人（按顺序）";
    RouteNeedsCoding => "Choose a cost centre to see the route.", "请选择成本中心以查看审批流程。";
    RouteNeedsTotals => "The route shows once the totals can be worked out.", "可计算总额后将显示审批流程。";
    AllOf => "all of them", "全部审批";
    AnyOf => "any one of them", "任一人审批";
    StepDone => "done", "已完成";
    StepCurrent => "waiting for approval", "待审批";
    StepWaiting => "not yet", "尚未开始";
    ApprovedBy => "Approved by", "审批人";
    Escalated => "escalated", "已升级";
    Budget => "Budget", "预算";
    BudgetWithin => "Within budget", "预算内";
    BudgetStop => "Over budget: this budget stops overruns, so the final approval will be refused.", "超出预算：该预算禁止超支，最终审批将被拒绝。";
    BudgetWarn => "Over budget: this budget allows overruns with a warning; the overrun is recorded in the history.", "超出预算：该预算允许超支但会警告，超支将记录在历史中。";
    ModeStop => "stop", "禁止超支";
    ModeWarn => "warn", "超支警告";
    CheckFirst => "Before submitting:", "提交前请处理：";
    ReadyToSubmit => "Ready to submit.", "可以提交。";
    Submit => "Submit for approval", "提交审批";
    Resubmit => "Resubmit for approval", "重新提交审批";
    Submitting => "Submitting…", "正在提交…";
    NoPolicy => "The approval policy has not reached this device yet. Sync once while online, then submit.", "审批规则尚未同步到本设备。请联网同步一次后再提交。";
    CartNotFound => "This cart is not on the device (it may have been submitted or deleted).", "本设备上找不到此购物车（可能已提交或删除）。";
    BackToCart => "Back to the cart", "返回购物车";
    EditInCart => "Change lines in the cart", "在购物车中修改明细";
    NotFound => "This requisition is not on the device.", "本设备上没有此采购申请。";
    NotYetShown => "Your change is queued and waits to sync; the hub decides it.", "您的更改已排队等待同步，由服务器决定是否接受。";
    NotEditable => "Only a returned requisition of yours can be edited.", "只能修改您本人被退回的采购申请。";
    Requester => "Requester", "申请人";
    Coding => "Coding", "成本归属";
    Submitted => "Submitted", "提交时间";
    Revision => "Revision", "版本";
    Withdraw => "Withdraw", "撤回";
    ConfirmWithdraw => "Withdraw this requisition? Approvers will no longer see it.", "确定撤回此采购申请？审批人将不再看到它。";
    EditResubmit => "Edit and resubmit", "修改并重新提交";
    History => "History", "历史记录";
    ColWhen => "When", "时间";
    ColWho => "Who", "操作人";
    ColWhat => "What", "操作";
    ColComment => "Comment", "意见";
    ChangesReset => "Approvals given before were dropped: the route started again.", "之前的审批已作废，审批流程重新开始。";
    ChangesKept => "Lines, cost centre, account and address are unchanged and the total did not grow: earlier approvals stand.", "行项目、成本中心、科目和地址均未变更，总额未增加：之前的审批仍然有效。";
    ChangeAdded => "Line added", "新增行";
    ChangeRemoved => "Line removed", "删除行";
    ChangeLine => "Line changed", "行变更";
    ChangeCostCentre => "Cost centre", "成本中心";
    ChangeAccount => "Account", "会计科目";
    ChangeAddress => "Delivery address", "收货地址";
    ChangeTotal => "Net total", "不含税总额";
    ActSubmitted => "Submitted", "提交";
    ActResubmitted => "Resubmitted", "重新提交";
    ActApproved => "Approved", "批准";
    ActRejected => "Rejected", "拒绝";
    ActReturned => "Returned for changes", "退回修改";
    ActWithdrawn => "Withdrawn", "撤回";
    StepLabel => "step", "步骤";
    AuditOkOne => "Audit trail verified: one entry, its hash intact.", "审计记录已验证：共 1 条，哈希完整。";
    AuditBroken => "Audit trail check failed:", "审计记录校验失败：";
    Remove => "Remove", "删除";
    NotANumber => "Enter a quantity above zero", "请输入大于零的数量";
    BackToList => "All requisitions", "全部采购申请";
    Loading => "Loading…", "加载中…";
});

crate::i18n::texts!(ReqMsg {
    fn from_cart(name: impl std::fmt::Display) en: "From the cart “{name}”", zh: "来自购物车“{name}”";
    fn edit_intro(n: impl std::fmt::Display) en: "Revision {n} was returned. Change what was asked for and submit it again; approvals are kept unless the total rises past a threshold.", zh: "第 {n} 版已被退回。请按要求修改后重新提交；除非总额超过某一阈值，已有的审批将保留。";
    fn line_count(n: usize) [n] one: "{n} line", en: "{n} lines", zh: "{n} 行";
    fn cheaper_line(n: impl std::fmt::Display, supplier: impl std::fmt::Display, price: impl std::fmt::Display, unit: impl std::fmt::Display, mine: impl std::fmt::Display, saving: impl std::fmt::Display) en: "Line {n}: {supplier} offers the same product for {price} per {unit} (this line: {mine}); about {saving} less for this quantity.", zh: "第 {n} 行：{supplier} 同款商品每{unit} {price}（本行：{mine}），此数量约可节省 {saving}。";
    fn for_principal(by: impl std::fmt::Display, principal: impl std::fmt::Display) en: "{by} for {principal}", zh: "{by} 代 {principal}";
    fn kept_from_revision(n: impl std::fmt::Display) en: "kept from revision {n}", zh: "保留自第 {n} 版";
    fn budget_none(cc: impl std::fmt::Display, period: impl std::fmt::Display) en: "No budget is set for {cc} in {period}.", zh: "{cc} 在 {period} 未设置预算。";
    fn budget_line(committed: impl std::fmt::Display, this: impl std::fmt::Display, after: impl std::fmt::Display, budget: impl std::fmt::Display) en: "{committed} committed + {this} this = {after} of {budget}", zh: "已承诺 {committed} + 本申请 {this} = {after}（预算 {budget}）";
    fn budget_period(cc: impl std::fmt::Display, period: impl std::fmt::Display) en: "{cc} · {period}", zh: "{cc} · {period}";
    fn on_behalf_of(name: impl std::fmt::Display) en: "for {name}", zh: "代 {name}";
    fn changes_title(n: impl std::fmt::Display) en: "Changes since revision {n}", zh: "自第 {n} 版以来的变更";
    fn changes_none(n: impl std::fmt::Display) en: "Nothing approvers decide on changed since revision {n}.", zh: "自第 {n} 版以来，审批相关内容没有变更。";
    fn audit_ok(n: usize) en: "Audit trail verified: {n} entries, every link of the hash chain intact.", zh: "审计记录已验证：共 {n} 条，哈希链完整。";
    fn returned_by(name: impl std::fmt::Display) en: "Returned by {name}:", zh: "{name} 退回了此申请：";
    fn below_minimum(n: impl std::fmt::Display) en: "Below the minimum order quantity ({n})", zh: "低于最小起订量（{n}）";
});

/// `pending`, `returned`, … as the record says it (for `data-status`).
pub fn status_key(status: Status) -> &'static str {
    match status {
        Status::Pending => "pending",
        Status::Returned => "returned",
        Status::Approved => "approved",
        Status::Rejected => "rejected",
        Status::Withdrawn => "withdrawn",
    }
}

pub fn status_msg(status: Status) -> ReqMsg {
    match status {
        Status::Pending => ReqMsg::StatusPending,
        Status::Returned => ReqMsg::StatusReturned,
        Status::Approved => ReqMsg::StatusApproved,
        Status::Rejected => ReqMsg::StatusRejected,
        Status::Withdrawn => ReqMsg::StatusWithdrawn,
    }
}

/// Who returned the requisition and what they asked for (the last return in its history).
pub fn return_note(r: &Requisition) -> Option<(String, String)> {
    if r.status != Status::Returned {
        return None;
    }
    r.audit
        .iter()
        .rev()
        .find(|e| e.action == procura_procurement::approval::audit::AuditAction::Returned)
        .map(|e| (e.actor_name.clone(), e.comment.clone()))
}

/// A returned requisition's reason, as a notice.
pub fn return_notice(r: &Requisition, lang: Lang) -> Option<impl IntoView> {
    let (name, comment) = return_note(r)?;
    Some(view! {
        <div class="notice warn return-note" data-testid="return-note">
            <strong>{ReqMsg::returned_by(lang, &name)}</strong>
            " " <span class="pre">{comment}</span>
        </div>
    })
}

/// Whether this user has a queued change to requisition `id` (reactive).
pub fn has_pending(app: AppState, id: &str) -> bool {
    let key = RecordKey::requisition(id);
    app.work
        .with(|w| w.pending.iter().any(|m| m.op.key() == key))
}

/// The requisitions the logged-in user asked for, newest change first (reactive).
fn mine(app: AppState) -> Vec<Requisition> {
    let Some(me) = crate::org::me(app) else {
        return Vec::new();
    };
    procura_procurement::approval::requested_by(crate::org::requisitions(app), me.id.as_str())
}

#[component]
pub fn RequisitionsPage() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let list = Memo::new(move |_| mine(app));
    view! {
        <section class="page requisitions">
            <div class="page-head">
                <h1>{move || i18n.t(ReqMsg::Title)}</h1>
                <A href="/cart" attr:class="button primary" attr:data-testid="new-requisition">{move || i18n.t(ReqMsg::NewFromCart)}</A>
            </div>
            <p class="muted">{move || i18n.t(ReqMsg::Intro)}</p>
            <Show when=move || list.with(|l| !l.is_empty())
                fallback=move || view! { <p class="empty" data-testid="no-requisitions">{move || i18n.t(ReqMsg::None)}</p> }>
                <div class="table-scroll">
                    <table class="data requisition-list" data-testid="requisition-list">
                        <thead><tr>
                            <th>{move || i18n.t(ReqMsg::ColTitle)}</th>
                            <th class="num">{move || i18n.t(ReqMsg::ColTotal)}</th>
                            <th>{move || i18n.t(ReqMsg::ColStatus)}</th>
                            <th>{move || i18n.t(ReqMsg::ColStep)}</th>
                            <th>{move || i18n.t(ReqMsg::ColUpdated)}</th>
                        </tr></thead>
                        <tbody>
                            {move || {
                                let lang = i18n.lang();
                                list.get().into_iter().map(|r| requisition_row(app, r, lang)).collect_view()
                            }}
                        </tbody>
                    </table>
                </div>
            </Show>
        </section>
    }
}

fn requisition_row(app: AppState, r: Requisition, lang: Lang) -> impl IntoView {
    let t = move |m: ReqMsg| m.text(lang);
    let pending = has_pending(app, r.id.as_str());
    let href = format!("/requisitions/{}", r.id);
    let title = if r.title.is_empty() {
        t(ReqMsg::Untitled).to_owned()
    } else {
        r.title.clone()
    };
    let step = r.current_step().map(|s| {
        let names = crate::org::policy(app).map_or_else(
            || s.approvers.join(", "),
            |p| {
                s.approvers
                    .iter()
                    .map(|a| p.name_of(a.as_str()).to_owned())
                    .collect::<Vec<_>>()
                    .join(", ")
            },
        );
        format!("{} · {names}", crate::ui::names::step_name(s, lang))
    });
    view! {
        <tr data-testid="requisition-row" data-status=status_key(r.status) data-id=r.id.to_string() data-pending=pending.to_string()>
            <td>
                <A href=href.clone() attr:class="row-link">{title}</A>
                {pending.then(move || view! { <small class="badge pending" data-testid="pending-sync">{t(ReqMsg::WaitingToSync)}</small> })}
                <div class="muted small">{ReqMsg::line_count(lang, r.lines.len())}</div>
            </td>
            <td class="num">{money(lang, r.totals.net, &r.currency)}</td>
            <td><span class=format!("req-state {}", status_key(r.status))>{t(status_msg(r.status))}</span></td>
            <td>{step.unwrap_or_default()}</td>
            <td class="muted">{crate::ui::format::date_time(lang, r.updated_at_ms)}</td>
        </tr>
    }
}
