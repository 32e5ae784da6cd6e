//! The Stock screen's text, in English and Chinese.

crate::i18n::messages!(StockMsg {
    Title => "Stock and reorder", "库存与补货";
    Open => "Stock and reorder", "库存与补货";
    Intro => "Items the organisation keeps in stock: the level now (the last count, plus goods received, minus goods issued), and what to reorder by economic order quantity, safety stock and reorder point from the past year's use. Works offline.", "组织的库存物料：当前库存（最近盘点数加收货减领用），以及根据过去一年的用量按经济订货量、安全库存和再订货点给出的补货建议。离线也可使用。";
    Loading => "Waiting for the organisation's policy to sync…", "正在等待同步组织政策…";
    ReorderTitle => "Reorder", "补货";
    ReorderIntro => "At or below the reorder point. The quantity is the economic order quantity, or what restores the reorder point, at least the supplier's minimum, priced at its tier.", "库存已降至再订货点或以下。建议数量为经济订货量或恢复到再订货点所需的数量，不少于供应商的最小起订量，并按对应阶梯价计价。";
    NothingDue => "Nothing to reorder now.", "目前无需补货。";
    AddToCart => "Add selected to cart", "将所选加入购物车";
    Adding => "Adding…", "正在添加…";
    GoToCart => "Open the cart", "打开购物车";
    NoneSelected => "Select at least one item.", "请至少选择一项。";
    ItemsTitle => "Stocked items", "库存物料";
    NoItems => "No items are stocked yet. An admin marks catalog items as stocked below.", "还没有库存物料。管理员可在下方将目录商品设为库存物料。";
    ColItem => "Item", "物料";
    ColLocation => "Location", "库位";
    ColOnHand => "On hand", "现有库存";
    ColOnOrder => "On order", "在途";
    ColSafety => "Safety stock", "安全库存";
    ColReorderPoint => "Reorder point", "再订货点";
    ColEoq => "EOQ", "经济订货量";
    ColSuggested => "Order", "建议订购";
    ColUnitPrice => "Unit price", "单价";
    ColAmount => "Amount", "金额";
    ColSelect => "Select", "选择";
    ColStatus => "Status", "状态";
    Due => "Reorder", "需补货";
    Fine => "Enough", "充足";
    Short => "Below zero: recount", "低于零：请盘点";
    NotInCatalog => "No longer in the catalog", "已不在目录中";
    NotPlanned => "Figures could not be computed", "无法计算";
    Issue => "Issue goods", "领料";
    Details => "Details", "详情";
    HideDetails => "Hide details", "收起详情";
    Quantity => "Quantity", "数量";
    Note => "What for (optional)", "用途（可选）";
    RecordIssue => "Record issue", "记录领料";
    Cancel => "Cancel", "取消";
    Issued => "Issue recorded; it syncs when the network is there.", "领料已记录，联网后将同步。";
    BadQuantity => "Enter a whole number above 0.", "请输入大于 0 的整数。";
    BadCount => "Enter a whole number, 0 or more.", "请输入 0 或以上的整数。";
    ChartTitle => "Stock at the end of each week", "每周末库存";
    Level => "On hand", "现有库存";
    DemandLine => "Use per week", "每周用量";
    LeadLine => "Lead time", "交货期";
    Days => "days", "天";
    PerWeek => "per week", "每周";
    Counted => "Last counted", "最近盘点";
    EditTitle => "Stock an item", "设为库存物料";
    EditIntro => "Admins decide which catalog items are stocked where, count them, and may override the organisation's order cost, holding rate and service level.", "由管理员决定哪些目录商品在哪个库位备库、进行盘点，并可覆盖组织默认的订货成本、持有成本率和服务水平。";
    ItemField => "Catalog item (SKU or id)", "目录商品（SKU 或编号）";
    ItemUnknown => "No catalog item on this device has that SKU or id.", "本设备上没有该 SKU 或编号的目录商品。";
    LocationField => "Location", "库位";
    CountField => "Counted on hand", "盘点数量";
    OrderCostField => "Order cost (blank: the organisation's)", "订货成本（留空：使用组织默认）";
    HoldingField => "Holding rate per year (blank: the organisation's)", "年持有成本率（留空：使用组织默认）";
    ServiceField => "Service level % (blank: the organisation's)", "服务水平 %（留空：使用组织默认）";
    Save => "Save", "保存";
    Saved => "Saved; it syncs when the network is there.", "已保存，联网后将同步。";
    Recount => "Recount", "重新盘点";
    AdminsOnly => "Only admins change what is stocked.", "只有管理员可以更改库存物料。";
    BadNumber => "Enter a number.", "请输入数字。";
    Defaults => "Organisation's defaults", "组织默认值";
});

crate::i18n::texts!(StockMsg {
    /// A queued stock change in the changes tray.
    fn change_stock(item: &str, location: &str) en: "Stock {item} at {location}", zh: "库存物料 {item}（{location}）";
    /// A queued goods issue in the changes tray.
    fn change_issue(quantity: &str, item: &str) en: "Issue {quantity} × {item}", zh: "领用 {quantity} × {item}";
    fn added(count: usize) [count] one: "{count} item added to the cart.", en: "{count} items added to the cart.", zh: "已将 {count} 项加入购物车。";
    fn defaults(order_cost: &str, holding: &str, service: &str) en: "Order cost {order_cost}, holding {holding} a year, service level {service} %", zh: "订货成本 {order_cost}，年持有成本率 {holding}，服务水平 {service} %";
    fn summary(weeks: usize, reorder_point: &str) en: "On hand over {weeks} weeks; reorder point {reorder_point}.", zh: "过去 {weeks} 周的库存；再订货点 {reorder_point}。";
});
