//! The Spend screen's text, in English and Chinese.

crate::i18n::messages!(SpendMsg {
    Title => "Spend", "支出分析";
    Intro => "Where the organisation's money goes: approved requisitions and purchase orders on this device, in the organisation's currency at the policy's rates. Works offline.", "组织的资金去向：本设备上已批准的采购申请和采购订单，按政策汇率折算为组织币种。离线也可使用。";
    OpenSpend => "Spend analysis", "支出分析";
    BackToOrders => "Purchase orders", "采购订单";
    Loading => "Waiting for the organisation's policy to sync…", "正在等待同步组织政策…";
    Overflow => "The totals are too large to add up.", "金额过大，无法汇总。";
    Committed => "Committed", "已占用";
    CommittedHint => "approved + ordered", "已批准 + 已订购";
    Received => "Received", "已收货";
    Approved => "Approved, not ordered", "已批准未下单";
    Ordered => "Ordered", "已订购";
    Maverick => "Non-catalog share", "目录外支出占比";
    MaverickHint => "of committed spend is not from a catalog", "的已占用支出不在目录中";
    By => "Spend by", "支出维度";
    DimSupplier => "Supplier", "供应商";
    DimSegment => "Category segment", "品类大类";
    DimFamily => "Category family", "品类族";
    DimCostCentre => "Cost centre", "成本中心";
    DimAccount => "Account", "科目";
    DimRequester => "Requester", "申请人";
    DimMonth => "Month", "月份";
    DimQuarter => "Quarter", "季度";
    DimChannel => "Catalog or not", "目录内外";
    Catalog => "Catalog", "目录内";
    NonCatalog => "Non-catalog", "目录外";
    Unclassified => "No category", "未分类";
    Others => "Others", "其他";
    Share => "Share", "占比";
    TopChart => "Committed spend, largest first", "已占用支出（从大到小）";
    TapHint => "Tap a bar or a name to see the lines behind it.", "点按条形或名称可查看其明细。";
    NoSpend => "No spend on this device yet.", "本设备上还没有支出。";
    DrillTitle => "Lines behind", "明细：";
    ClearDrill => "Show all", "显示全部";
    ColOrder => "Order / requisition", "订单 / 申请";
    ColItem => "Item", "商品";
    ColLine => "Line", "行";
    ColSupplier => "Supplier", "供应商";
    ColMonth => "Month", "月份";
    MoreLines => "More lines are not listed; export them as CSV.", "更多明细未列出，可导出为 CSV。";
    Unconverted => "Lines not counted", "未计入的明细";
    UnconvertedNote => "These lines could not be converted into the organisation's currency, so they are in no figure above.", "这些明细无法折算为组织币种，因此未计入以上任何数字。";
    ColCurrency => "Currency", "币种";
    ColAmount => "Amount", "金额";
    ColProblem => "Problem", "问题";
    NoRate => "no exchange rate in the policy", "政策中没有汇率";
    OutOfBounds => "amount out of bounds", "金额超出范围";
    ExportCsv => "Export CSV", "导出 CSV";
    ExportFailed => "The file could not be offered for download.", "无法提供文件下载。";
    AbcTitle => "ABC classification", "ABC 分类";
    AbcIntro => "Ranked by committed spend: A are the few that make most of it, C the many that make little. An entry whose cumulative share before it is below the A cut-off is A, below the B cut-off B, otherwise C.", "按已占用支出排序：A 类为占大部分金额的少数，C 类为金额很小的多数。排在其前面的累计占比低于 A 类界限者为 A 类，低于 B 类界限者为 B 类，其余为 C 类。";
    AbcBy => "Classify", "分类对象";
    ACut => "A cut-off (%)", "A 类界限（%）";
    BCut => "B cut-off (%)", "B 类界限（%）";
    Pareto => "Pareto chart", "帕累托图";
    Cumulative => "Cumulative", "累计";
    Class => "Class", "类别";
    ClassCounts => "Entries per class", "各类数量";
    BudgetTitle => "Budget against actual", "预算执行情况";
    BudgetIntro => "This quarter, by need-by date as the approval counts it. Forecast: committed at the quarter's end if it goes on at the rate so far.", "本季度，按审批所用的需求日期计。预测：按目前速度到季度末的占用额。";
    ColCostCentre => "Cost centre", "成本中心";
    ColBudget => "Budget", "预算";
    ColRemaining => "Remaining", "剩余";
    ColForecast => "Forecast", "预测";
    NoBudget => "no budget", "无预算";
    Over => "over budget", "已超预算";
    HeadingOver => "heading over", "预计超支";
    NoBudgetLines => "No budget and no spend this quarter.", "本季度没有预算，也没有支出。";
    BudgetChart => "Committed and forecast against budget", "已占用与预测对比预算";
    VarianceTitle => "Missed savings", "错失的节约";
    VarianceIntro => "Each catalog order line against the cheapest offer of the same product for the same quantity and unit. This device knows today's catalog prices only, so older lines are compared with today's offers.", "每条目录订单明细与同一商品在相同数量和单位下的最低报价比较。本设备只有当前目录价格，因此较早的明细也按当前报价比较。";
    Paid => "Paid", "实付";
    BestOffer => "Best offer", "最低报价";
    BestSupplier => "Best offer from", "最低报价供应商";
    MissedSaving => "Missed saving", "错失的节约";
    NotCompared => "Lines not compared", "未比较的明细";
    BurnHeading => "Budget burn-down", "预算消耗";
    BurnIntro => "Committed by the end of each month (this month: so far), and where the rate so far takes it by the quarter's end, against the budget.", "每月月底的已占用额（本月为截至目前），以及按目前速度到季度末的预测，与预算对比。";
});

crate::i18n::texts!(SpendMsg {
    /// The monthly chart's title; its axis counts thousands of `currency`.
    fn by_month(currency: &str) en: "Committed and received by month (thousand {currency})", zh: "按月已占用与已收货（千 {currency}）";
    /// The stacked monthly chart's title; its axis counts thousands of `currency`.
    fn by_month_category(currency: &str) en: "Committed spend by month and category (thousand {currency})", zh: "按月、按品类的已占用支出（千 {currency}）";
    /// The burn-down chart's title; its axis counts thousands of `currency`.
    fn burn_title(cost_centre: &str, quarter: &str, currency: &str) en: "{cost_centre}, {quarter} (thousand {currency})", zh: "{cost_centre}，{quarter}（千 {currency}）";
    fn burn_summary(committed: &str, budget: &str, forecast: &str) en: "Committed {committed} of a budget of {budget}; forecast to the quarter's end: {forecast}.", zh: "预算 {budget}，已占用 {committed}；到季度末预测：{forecast}。";
    fn stacked_summary(first: &str, last: &str, largest: &str) en: "{first} – {last}, stacked by the five largest category segments and the others; the largest: {largest}.", zh: "{first} – {last}，按五个最大的品类大类及其他堆叠；最大：{largest}。";
    /// The title of an item's ABC badge.
    fn abc_badge(class: &str) en: "ABC class {class} by the last twelve months' spend", zh: "按近十二个月支出的 ABC 分类：{class} 类";
});
