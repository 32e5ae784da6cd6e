//! The Contracts screens' text, and the contract mark's, in English and Chinese.

crate::i18n::messages!(ContractMsg {
    Title => "Contracts", "合同";
    Intro => "Framework agreements with suppliers: agreed prices for items or categories, a ceiling on what may be ordered, and warnings before they expire or run out. While a contract is in force its prices replace the catalog's. Works offline.", "与供应商的框架协议：物料或品类的协议价、可订购金额上限，以及到期或用尽前的提醒。合同生效期间，其价格取代目录价。离线也可使用。";
    NewContract => "New contract", "新建合同";
    Empty => "No contracts yet.", "还没有合同。";
    EmptyFiltered => "No contract is in force. Show all to see the others.", "没有生效中的合同。选择“全部”查看其他合同。";
    Loading => "Loading…", "正在加载…";
    ShowInForce => "In force", "生效中";
    ShowAll => "All", "全部";
    Show => "Show", "显示";
    ColNumber => "Number", "编号";
    ColTitle => "Title", "名称";
    ColSupplier => "Supplier", "供应商";
    ColValidity => "Valid", "有效期";
    ColState => "State", "状态";
    ColCommitted => "Committed", "已承诺";
    ColAlerts => "Alerts", "提醒";
    NoCeiling => "no ceiling", "无上限";
    StateUpcoming => "Upcoming", "未生效";
    StateInForce => "In force", "生效中";
    StateExpired => "Expired", "已到期";
    StateEnded => "Ended", "已终止";
    WaitingToSync => "Waiting to sync", "等待同步";
    FormNew => "New contract", "新建合同";
    FormEdit => "Contract", "合同";
    BackToList => "Back to contracts", "返回合同列表";
    NotFound => "No such contract on this device.", "本设备上没有该合同。";
    Supplier => "Supplier", "供应商";
    ChooseSupplier => "Choose a supplier", "请选择供应商";
    SupplierFixed => "The supplier and the currency cannot change once the contract is recorded.", "合同记录后，供应商和币种不可更改。";
    Currency => "Currency", "币种";
    Number => "Contract number", "合同编号";
    TitleField => "Title", "名称";
    ValidFrom => "Valid from", "生效日期";
    ValidTo => "Valid to (last day)", "截止日期（含当日）";
    Prices => "Agreed prices", "协议价";
    PricesHint => "An agreed net unit price for one of the supplier's items, or a discount off the catalog price for a UNSPSC category (2, 4, 6 or 8 digits; the longest prefix wins).", "供应商某个物料的协议净单价，或某 UNSPSC 品类（2、4、6 或 8 位；最长前缀优先）在目录价上的折扣。";
    KindItem => "Item", "物料";
    KindCategory => "Category", "品类";
    Kind => "Kind", "类型";
    FindItem => "Find an item by name or SKU", "按名称或货号查找物料";
    ChooseItem => "Choose an item", "请选择物料";
    NoItems => "No item of this supplier matches.", "该供应商没有匹配的物料。";
    AgreedPrice => "Agreed unit price", "协议单价";
    Unspsc => "UNSPSC prefix", "UNSPSC 前缀";
    Discount => "Discount %", "折扣 %";
    AddItemPrice => "Add an item price", "添加物料价格";
    AddCategory => "Add a category discount", "添加品类折扣";
    Remove => "Remove", "删除";
    NoPrices => "No agreed prices yet.", "还没有协议价。";
    Ceiling => "Ceiling (net, optional)", "金额上限（净额，可选）";
    AlertDays => "Warn days before expiry", "到期前提醒天数";
    AlertPercent => "Warn at % of the ceiling", "达到上限百分比时提醒";
    Note => "Note (optional)", "备注（可选）";
    Save => "Save contract", "保存合同";
    Saving => "Saving…", "正在保存…";
    Saved => "Saved; it goes to the hub when this device syncs.", "已保存，设备同步时发送到服务器。";
    EndContract => "End contract", "终止合同";
    EndTitle => "End this contract", "终止此合同";
    EndIntro => "From today its prices no longer apply. An ended contract cannot be changed again.", "自今日起其价格不再适用。已终止的合同不能再修改。";
    EndReason => "Reason (required)", "原因（必填）";
    EndConfirm => "End contract", "确认终止";
    Cancel => "Cancel", "取消";
    EndedReadOnly => "This contract has ended and can no longer be changed.", "此合同已终止，不能再修改。";
    ReadOnly => "Only buyers and admins change contracts.", "只有采购员和管理员可以修改合同。";
    History => "History", "历史记录";
    Created => "Created", "已创建";
    Changed => "Changed", "已修改";
    Ended => "Ended", "已终止";
    NotANumber => "Enter a number.", "请输入数字。";
    BadDate => "Enter both dates.", "请填写两个日期。";
    Standing => "Standing", "执行情况";
    Remaining => "Remaining", "剩余";
    ChangeEnd => "End a contract", "终止合同";
    CatalogWas => "Catalog", "目录价";
});

crate::i18n::texts!(ContractMsg {
    /// The mark beside a price a contract sets.
    fn price_mark(number: &str) en: "Contract price · {number}", zh: "合同价 · {number}";
    /// The mark on a requisition or order line priced by a contract.
    fn line_mark(number: &str) en: "Contract {number}", zh: "合同 {number}";
    /// An item's catalog price in the contract form.
    fn catalog_price(price: &str) en: "Catalog price: {price}", zh: "目录价：{price}";
    /// Alert: the last day is `days` away.
    fn expires_in(days: i64) [days] one: "Expires in {days} day", en: "Expires in {days} days", zh: "{days} 天后到期";
    /// Alert: the last day is today.
    fn expires_today() en: "Expires today", zh: "今天到期";
    /// Alert: share of the ceiling committed.
    fn ceiling_near(percent: &str) en: "{percent} % of the ceiling used", zh: "已用上限的 {percent}%";
    /// Alert: the ceiling is committed, `over` past it.
    fn ceiling_reached(over: &str) en: "Ceiling reached, over by {over}", zh: "已达上限，超出 {over}";
    /// Alert: the ceiling is committed exactly.
    fn ceiling_reached_exactly() en: "Ceiling reached", zh: "已达上限";
    /// Committed against the ceiling, and what remains.
    fn committed_of(used: &str, ceiling: &str, remaining: &str) en: "{used} of {ceiling} · {remaining} left", zh: "{used} / {ceiling} · 剩余 {remaining}";
    /// One validity span.
    fn validity(from: &str, to: &str) en: "{from} – {to}", zh: "{from} 至 {to}";
    /// A row's field that is not a number.
    fn bad_entry(entry: usize) en: "Agreed price {entry}: enter a number.", zh: "第 {entry} 条协议价：请输入数字。";
    /// A row without an item chosen.
    fn no_item(entry: usize) en: "Agreed price {entry}: choose an item.", zh: "第 {entry} 条协议价：请选择物料。";
    /// One history entry.
    fn history_entry(what: &str, by: &str, at: &str) en: "{what} by {by}, {at}", zh: "{by} 于 {at} {what}";
    /// Why it ended.
    fn ended_because(reason: &str) en: "Ended: {reason}", zh: "终止原因：{reason}";
    /// A queued save in the changes tray.
    fn change_save(number: &str) en: "Contract {number}", zh: "合同 {number}";
});
