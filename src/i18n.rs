//! Every string the UI shows, in English and Simplified Chinese.
//!
//! Strings are an enum, not keys looked up at run time: a message missing a translation does not
//! compile. Text that comes with data (product names, supplier names) is translated by the data.

use leptos::prelude::*;
pub use procura_catalog::catalog::Lang;

pub mod import_issues;
pub mod invoices;
pub mod plural;
pub mod reasons;

/// A set of UI messages in both languages. Screens with many strings keep their own set next
/// to them (`messages!(RequisitionMsg { … })`); `I18n::t` speaks any of them.
pub trait Text: Copy {
    fn text(self, lang: Lang) -> &'static str;
}

macro_rules! messages {
    ($name:ident { $($key:ident => $en:expr, $zh:expr;)* }) => {
        /// UI messages.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum $name { $($key),* }

        impl $name {
            pub fn text(self, lang: $crate::i18n::Lang) -> &'static str {
                match (self, lang) {
                    $(($name::$key, $crate::i18n::Lang::En) => $en, ($name::$key, $crate::i18n::Lang::ZhCn) => $zh,)*
                }
            }
        }

        impl $crate::i18n::Text for $name {
            fn text(self, lang: $crate::i18n::Lang) -> &'static str {
                $name::text(self, lang)
            }
        }
    };
}
#[allow(unused_imports)] // used by the screens that keep their own message sets
pub(crate) use messages;

/// Messages with arguments, as functions on a message set: `format!` with typed arguments,
/// and for a count the form the language uses ([`plural::form`]), never "(s)":
///
/// ```ignore
/// texts!(OrderMsg {
///     /// How many orders were made.
///     fn created(n: usize) [n] one: "{n} order created", en: "{n} orders created", zh: "已生成 {n} 张订单";
///     fn retrying(reason: &str, s: u64) en: "Failed ({reason}); again in {s} s", zh: "失败（{reason}），{s} 秒后重试";
/// });
/// ```
///
/// makes `OrderMsg::created(lang, 1)` → "1 order created". English has a singular (`one:`);
/// Chinese has one form.
macro_rules! texts {
    ($name:ident { $( $(#[$meta:meta])* fn $f:ident ( $($arg:ident : $ty:ty),* $(,)? ) $([$count:ident] one: $one:literal,)? en: $en:literal, zh: $zh:literal; )* }) => {
        impl $name {
            $(
                $(#[$meta])*
                pub fn $f(lang: $crate::i18n::Lang, $($arg: $ty),*) -> String {
                    $(
                        if lang == $crate::i18n::Lang::En
                            && $crate::i18n::plural::form(lang, u64::try_from($count).unwrap_or(u64::MAX))
                                == $crate::i18n::plural::Form::One
                        {
                            return format!($one);
                        }
                    )?
                    match lang {
                        $crate::i18n::Lang::En => format!($en),
                        $crate::i18n::Lang::ZhCn => format!($zh),
                    }
                }
            )*
        }
    };
}
#[allow(unused_imports)]
pub(crate) use texts;

messages!(Msg {
    AppTagline => "Procurement that works offline", "离线可用的采购平台";
    ShowAsTable => "Show as table", "以表格显示";
    ChartItem => "Item", "项目";
    ChartPeriod => "Period", "期间";
    NavCatalog => "Catalog", "商品目录";
    NavCart => "Cart", "购物车";
    NavRequisitions => "Requisitions", "采购申请";
    NavApprovals => "Approvals", "审批";
    NavOrders => "Orders", "订单";
    NavStock => "Stock", "库存";
    NavInvoices => "Invoices", "发票";
    NavReturns => "Returns", "退货";
    NavContracts => "Contracts", "合同";
    NavSuppliers => "Suppliers", "供应商";
    NavSettings => "Settings", "设置";
    NavPolicy => "Policy", "审批规则";
    Online => "Online", "在线";
    Offline => "Offline", "离线";
    EndpointUnreachable => "Endpoint unreachable: working offline", "无法连接服务器：离线工作中";
    LogIn => "Log in", "登录";
    LogOut => "Log out", "退出登录";
    Username => "Username", "用户名";
    Password => "Password", "密码";
    LoggingIn => "Logging in…", "正在登录…";
    LoginFailed => "Login failed", "登录失败";
    LoginNeedsNetwork => "Logging in needs the endpoint; once logged in, Procura works offline.", "登录需要连接服务器；登录后即可离线使用。";
    DemoLogins => "Demo logins:", "演示账号：";
    DemoPassword => "password:", "密码：";
    MainNav => "Main", "主导航";
    Language => "Language", "语言";
    SyncNow => "Sync catalog", "同步目录";
    LastSynced => "Last synced", "上次同步";
    ChangeApprove => "Approve", "批准";
    ChangeReject => "Reject", "拒绝";
    ChangeReturn => "Return", "退回";
    ChangePolicy => "Approval policy", "审批规则";
    Syncing => "Syncing catalog…", "正在同步目录…";
    SyncDone => "Catalog up to date", "目录已是最新";
    SyncFailed => "Sync failed", "同步失败";
    NeverSynced => "Not synced yet", "尚未同步";
    Search => "Search name, brand, MPN, GTIN…", "搜索名称、品牌、型号、GTIN…";
    AllSuppliers => "All suppliers", "全部供应商";
    AllCategories => "All categories", "全部类别";
    InStockOnly => "In stock only", "仅显示有货";
    Previous => "Previous", "上一页";
    Next => "Next", "下一页";
    NoItems => "No items match.", "没有符合条件的商品。";
    CatalogEmpty => "The catalog on this device is empty. Sync it while online.", "本设备上的目录为空，请在联网时同步。";
    Supplier => "Supplier", "供应商";
    Product => "Product", "商品";
    Price => "Price", "价格";
    From => "from", "起";
    LeadTime => "Lead time", "交货期";
    Days => "days", "天";
    Stock => "Stock", "库存";
    InStock => "in stock", "有货";
    OutOfStock => "Out of stock", "缺货";
    StockUnknown => "Stock unknown", "库存未知";
    Manufacturer => "Manufacturer", "制造商";
    Mpn => "MPN", "型号";
    Gtin => "GTIN", "GTIN";
    Category => "Category", "类别";
    Pack => "Pack", "包装";
    PriceTiers => "Price tiers", "阶梯价格";
    PriceOnRequest => "Price on request", "价格面议";
    PriceOnRequestTitle => "The supplier quotes this price on request: in a cart it needs your estimate, and the requisition asks for a quote.", "供应商按询价报价：加入购物车后需填写估计价格，请购单将按需询价处理。";
    NotBuiltYet => "Not built yet", "尚未实现";
    NotBuiltYetBody => "This part of Procura is planned but not built yet. The catalog works today.", "Procura 的这一部分已在计划中，但尚未实现。商品目录现已可用。";
    SuppliersIntro => "Suppliers whose catalogs are on this device.", "目录已保存在本设备上的供应商。";
    Currency => "Currency", "币种";
    ItemsOnDevice => "Items on this device", "本设备上的商品";
    ManagedBy => "Content managed by", "目录维护方";
    ManagedBySupplier => "The supplier (its own feed)", "供应商（自有数据源）";
    ManagedByBuyer => "You (file import)", "采购方（文件导入）";
    ManagedByMarketplace => "Marketplace", "第三方商城";
    SignedInAs => "Signed in as", "当前用户";
    LocalData => "Local data", "本地数据";
    StorageUnavailable => "Local storage (IndexedDB) is not available in this browser; Procura cannot work offline here.", "此浏览器无法使用本地存储（IndexedDB），Procura 无法在此离线工作。";
    SessionExpired => "Your session has ended: log in again to sync.", "会话已失效：请重新登录以同步。";
    StorageBlocked => "Another Procura tab is open with an older version: close it so this one can update its data.", "另一个标签页中打开着旧版 Procura：请关闭它，以便本页更新数据。";
    StorageOutdated => "Procura was updated in another tab. Reload this tab to continue.", "Procura 已在另一个标签页中更新，请重新加载本页以继续。";
    NewVersion => "A new version of Procura is available.", "Procura 有新版本可用。";
    Reload => "Reload", "重新加载";
    Unknown => "Unknown", "未知";
    RoleBuyer => "buyer", "采购员";
    RoleApprover => "approver", "审批人";
    RoleAdmin => "administrator", "管理员";
    RoleAccountsPayable => "accounts payable", "应付账款";
    StorageUsage => "Storage used / available", "已用存储 / 可用额度";
    StorageProtection => "Data protection", "数据保护";
    StoragePersistent => "Kept: the browser will not evict Procura's data", "已持久保存：浏览器不会清除 Procura 的数据";
    StorageBestEffort => "Best effort: the browser may evict data when space runs low. Sync often.", "尽力保存：空间不足时浏览器可能清除数据，请经常同步。";
    Loading => "Loading…", "加载中…";
    CheckingFile => "Checking the whole file…", "正在检查整个文件…";
    CompareTitle => "Compare offers", "比较报价";
    Close => "Close", "关闭";
    QuantityNeeded => "Quantity needed", "需求数量";
    PricesIn => "Compared in", "比较币种";
    EnterQuantity => "Enter a quantity above zero.", "请输入大于零的数量。";
    OrderQty => "To order", "订购数量";
    TierPrice => "Price per order unit (tier)", "订购单位单价（阶梯）";
    Total => "Total", "合计";
    PerUnit => "Per", "每";
    NotComparable => "Not comparable", "无法比较";
    NotEnoughStock => "not enough", "库存不足";
    Cheapest => "Cheapest", "最便宜";
    Fastest => "Fastest", "最快";
    Remove => "Remove", "删除";
    AddRate => "Add rate", "添加汇率";
    Rate => "Rate", "汇率";
    ExchangeRates => "Exchange rates", "汇率";
    OrgRates => "The organisation's rates", "组织汇率";
    OrgRatesNote => "Set by an administrator in the policy. Comparisons, price sorting, carts and requisitions use these on every device; the supplier's own price is always shown too.", "由管理员在规则中设置。所有设备上的比价、价格排序、购物车和请购都使用这些汇率；同时始终显示供应商的原始价格。";
    OrgRatesPending => "The organisation's rates arrive with its policy when this device syncs.", "组织汇率将在本设备同步时随规则一起下载。";
    DeviceRates => "This device's own rates", "本设备的汇率";
    DeviceRatesNote => "Only for a currency the organisation has no rate for, and only to show a price converted, marked “this device's rate”. Never used to compare, sort or request.", "仅适用于组织没有汇率的币种，且仅用于显示换算后的价格（标注“本设备的汇率”）。不会用于比价、排序或请购。";
    NoDeviceRates => "None.", "无。";
    RateNotPositive => "The rate must be above zero.", "汇率必须大于零。";
    BackToCatalog => "Back to the catalog", "返回目录";
    ProductPage => "Product details", "商品详情";
    ImportIntro => "Import a supplier's catalog you received as a file: CSV, BMEcat 1.2 / 2005, Peppol BIS 3 Catalogue or Procura JSON. The whole file is checked first. When some items have errors you choose: import the valid ones and skip the others, or import nothing. What is imported is written all at once.", "导入您以文件形式收到的供应商目录：CSV、BMEcat 1.2 / 2005、Peppol BIS 3 目录或 Procura JSON。系统先检查整个文件。如果部分商品有错误，您可以选择只导入有效商品并跳过其余商品，或全部不导入。导入的内容一次性写入。";
    ImportNeedsRole => "Importing catalogs needs the buyer or administrator role.", "导入目录需要采购员或管理员角色。";
    ChooseSupplierFirst => "Choose the supplier, or name the new one, before checking the file.", "检查文件前，请先选择供应商或填写新供应商名称。";
    ImportInto => "Import into", "导入到";
    NewSupplier => "A new supplier…", "新供应商…";
    ImportedSuppliers => "Catalogs imported from files", "从文件导入的目录";
    FeedSuppliers => "Updated by their own feed", "由供应商目录源更新";
    FeedSuppliersNote => "A supplier that publishes its catalog to the hub is updated by that feed on every device: a file imported here would differ from the other devices and be overwritten by the next sync. Ask the supplier to publish the change, or import the file as a new supplier.", "向服务器发布目录的供应商由其目录源在所有设备上更新：在此导入的文件会与其他设备不一致，并在下次同步时被覆盖。请让供应商发布更改，或将文件作为新供应商导入。";
    WithdrawTitle => "Withdraw this supplier's catalog?", "撤回该供应商的目录？";
    WithdrawConfirm => "Withdraw the catalog", "撤回目录";
    KeepCatalog => "Keep the catalog", "保留目录";
    SupplierName => "Supplier name", "供应商名称";
    DropFile => "Drop a catalog file here, or choose one", "将目录文件拖放到此处，或点击选择";
    Formats => "CSV · BMEcat (.xml) · Peppol (.xml) · JSON — up to 64 MB", "CSV · BMEcat（XML）· Peppol（XML）· JSON — 最大 64 MB";
    NotImported => "not imported", "未导入";
    ImportNow => "Import", "导入";
    DownloadReport => "Download report (CSV)", "下载报告（CSV）";
    ChooseAnotherFile => "Choose another file", "选择其他文件";
    EditMapping => "Change the column mapping", "修改列映射";
    Line => "Line", "行";
    Where => "Where", "位置";
    Article => "Article", "货号";
    Problem => "Problem", "问题";
    Importing => "Importing…", "正在导入…";
    Cancel => "Cancel", "取消";
    ImportCancelled => "Import cancelled: nothing was changed.", "已取消导入：未做任何更改。";
    StorageCorrupt => "The catalog stored on this device is damaged and cannot be read. Sync again, or restore a backup.", "本设备上存储的目录已损坏，无法读取。请重新同步或恢复备份。";
    CheckCancelled => "Check cancelled: nothing was imported.", "已取消检查：未导入任何内容。";
    CheckerStopped => "The file could not be checked: the checker stopped unexpectedly. Try again; if it happens again, reload the app.", "无法检查该文件：检查程序意外停止。请重试；如仍出现，请重新加载应用。";
    CheckerUnavailable => "The file checker could not be started on this device. Reload the app while online once, then try again.", "无法在本设备上启动文件检查程序。请在联网时重新加载一次应用，然后重试。";
    ImportAnother => "Import another file", "导入其他文件";
    ImportNothing => "Import nothing", "全部不导入";
    DownloadSkippedRows => "Download the skipped rows (CSV)", "下载跳过的行（CSV）";
    SkippedRowsHint => "Fix those rows and import that file into the same supplier as an update, with the same columns: the other items stay as they are.", "修改这些行后，将该文件按相同的列以“更新”方式导入同一供应商：其他商品保持不变。";
    MapColumns => "Which column holds what?", "各列分别对应什么？";
    Encoding => "Encoding", "编码";
    DecimalSeparator => "Decimals", "小数格式";
    FileIs => "The file is", "文件内容为";
    ActionReplace => "the whole catalog (items not in it are withdrawn)", "完整目录（文件中没有的商品将下架）";
    ActionUpdate => "an update (only the items in it change)", "更新（仅更改文件中的商品）";
    FileCurrency => "Currency of the whole file", "整个文件的币种";
    Field => "Field", "字段";
    Column => "Column", "列";
    FirstRow => "First row", "首行数据";
    TierColumns => "Price tier columns", "阶梯价格列";
    Preview => "Preview", "预览";
    CheckFile => "Check the file", "检查文件";
    FieldSku => "Article number (SKU)", "货号（SKU）";
    FieldNameEn => "Name (English)", "名称（英文）";
    FieldNameZh => "Name (Chinese)", "名称（中文）";
    FieldDescriptionEn => "Description (English)", "描述（英文）";
    FieldDescriptionZh => "Description (Chinese)", "描述（中文）";
    FieldUnspsc => "UNSPSC code", "UNSPSC 编码";
    FieldCategoryPath => "Category path (A > B > C)", "分类路径（A > B > C）";
    FieldImageUrl => "Picture addresses (https://…)", "图片地址（网址）";
    SupplierCategoriesTop => "All", "全部";
    ManufacturerNotStated => "Not stated", "未注明";
    CategoryTrail => "Where you are in the supplier's categories", "在供应商分类中的位置";
    FieldTiers => "Price tiers (1:24.00;10:21.60)", "阶梯价格（1:24.00;10:21.60）";
    FieldMinQty => "Minimum order quantity", "最小起订量";
    FieldOrderUnit => "Order unit", "订购单位";
    FieldContentUnit => "Content unit", "内含单位";
    FieldContentPerOrderUnit => "Content per order unit", "每订购单位内含数量";
    GtinInvalid => "invalid GTIN", "GTIN 无效";
    ImportFile => "Import a catalog file", "导入目录文件";
    SortBy => "Sort", "排序";
    SortRelevance => "Best match", "最相关";
    SortPriceAsc => "Unit price: low to high", "单价从低到高";
    SortPriceDesc => "Unit price: high to low", "单价从高到低";
    Refine => "Refine", "筛选";
    ClearFilters => "Clear filters", "清除筛选";
    ShowAll => "Show all", "显示全部";
    ShowFewer => "Show fewer", "收起";
    // Search: closest matches, and prices without an exchange rate.
    SearchPartial => "No item matches every word; showing the closest matches.", "没有商品匹配所有关键词；以下为最接近的结果。";
    DeviceRateMark => "this device's rate", "本设备的汇率";
    SyncAllSent => "All changes synced", "所有更改已同步";
    SyncStopped => "Sync stopped", "同步已停止";
    SyncWaitingOffline => "Offline: changes are kept and sent when the network is back", "离线：更改已保存，联网后自动发送";
    RetryNow => "Retry now", "立即重试";
    SyncRecordsNow => "Sync now", "立即同步";
    SyncSection => "Sync", "同步";
    DeviceId => "Device id", "设备标识";
    LeaderTab => "This tab syncs for every open Procura tab.", "本标签页为所有已打开的 Procura 标签页执行同步。";
    FollowerTab => "Another open tab syncs; this one shows its results.", "由另一个已打开的标签页执行同步，本页显示其结果。";
    RefusedChanges => "Changes the hub refused", "服务器拒绝的更改";
    Dismiss => "Dismiss", "忽略";
    BackupTitle => "Backup of local data", "本地数据备份";
    BackupNote => "One file with everything on this device that may exist nowhere else: changes not yet synced, catalogs imported from files, and the records pulled. Restore it after the browser cleared Procura's data, or to move to another tablet.", "一个文件，包含本设备上可能没有其他副本的全部数据：尚未同步的更改、从文件导入的目录以及已拉取的记录。浏览器清除 Procura 数据后或更换平板时，可用它恢复。";
    ExportData => "Export local data", "导出本地数据";
    ImportData => "Restore from a file", "从文件恢复";
    RestoreFailed => "Nothing was restored", "未恢复任何数据";
    Scorecard => "Scorecard", "评分卡";
    Evaluate => "Evaluate", "评价";
    EvaluateNeedsHub => "Imported on this device only: not evaluated by the organisation", "仅导入到本设备：不参与组织评价";
    NotEvaluated => "Not evaluated yet", "尚无评价";
    Period => "Period", "期间";
    CriterionQuality => "Quality", "质量";
    CriterionDelivery => "Delivery", "交付";
    CriterionPrice => "Price", "价格";
    CriterionService => "Service", "服务";
    Comment => "Comment", "备注";
    Save => "Save", "保存";
    Edit => "Edit", "编辑";
    Delete => "Delete", "删除";
    Overall => "Overall", "综合";
    ScoreScale => "1 = poor … 5 = excellent. Overall = quality 35 %, delivery 30 %, price 20 %, service 15 %.", "1 = 差 … 5 = 优。综合 = 质量 35%、交付 30%、价格 20%、服务 15%。";
    WaitingToSync => "waiting to sync", "待同步";
    EvaluationsOf => "Evaluations", "评价";
    By => "By", "评价人";
});

texts!(Msg {
    fn no_org_rates(cur: impl std::fmt::Display) en: "The organisation has no rates for other currencies: only prices in {cur} can be compared and requested.", zh: "组织没有其他币种的汇率：只有以 {cur} 计价的价格可以比较和请购。";
    fn device_rate_shadowed(cur: impl std::fmt::Display) en: "not used: the organisation has a rate for {cur}", zh: "未使用：组织已有 {cur} 的汇率";
    fn device_rates_other_currency(cur: impl std::fmt::Display, org: impl std::fmt::Display) en: "These convert into {cur}, not the organisation's {org}: they are not used.", zh: "这些汇率换算为 {cur}，而非组织的 {org}：不会使用。";
    fn rate_unknown_currency(v: impl std::fmt::Display) en: "“{v}” is not an ISO 4217 currency in use (write three capital letters, e.g. EUR)", zh: "“{v}”不是现行的 ISO 4217 币种（请输入三个大写字母，例如 EUR）";
    fn rate_not_a_number(v: impl std::fmt::Display) en: "“{v}” is not a number (write a rate like 7.85)", zh: "“{v}”不是数字（请输入汇率，例如 7.85）";
    fn rate_buyer_currency(v: impl std::fmt::Display) en: "{v} is the organisation's currency: its rate is always 1.", zh: "{v} 是组织币种：其汇率始终为 1。";
    fn rate_organisation_has(v: impl std::fmt::Display) en: "The organisation has a rate for {v}: that one is used.", zh: "组织已有 {v} 的汇率：将使用组织汇率。";
    fn rate_other_currency(v: impl std::fmt::Display) en: "Remove this device's rates into {v} first.", zh: "请先删除本设备换算为 {v} 的汇率。";
    fn compare_offers(n: usize) [n] one: "Compare {n} offer", en: "Compare {n} offers", zh: "比较 {n} 个报价";
    fn price_band(cur: impl std::fmt::Display) en: "List price ({cur})", zh: "标价（{cur}）";
    fn supplier_categories(supplier: impl std::fmt::Display) en: "Categories of {supplier}", zh: "{supplier} 的分类";
    fn no_rate(cur: impl std::fmt::Display) en: "no exchange rate for {cur}: ask your administrator", zh: "没有 {cur} 的汇率：请联系管理员";
    fn no_rate_title(cur: impl std::fmt::Display) en: "The organisation has no exchange rate for {cur}: this price is not compared, sorts after the others and cannot go on a requisition. An administrator adds rates in the policy.", zh: "组织没有 {cur} 的汇率：此价格不参与比较，排在其他价格之后，也不能用于请购。管理员可在规则中添加汇率。";
    fn checking_bytes(size: &str) en: "Checking the whole file ({size})…", zh: "正在检查整个文件（{size}）…";
    fn checked_items(n: u64, errors: u64) [n] one: "{n} item read, {errors} errors found; preparing the result…", en: "{n} items read, {errors} errors found; preparing the result…", zh: "已读取 {n} 件商品，发现 {errors} 个错误；正在准备结果…";
    fn import_supplier_currency(cur: impl std::fmt::Display) en: "Prices without a currency of their own are in {cur}, the supplier's currency.", zh: "未注明币种的价格按该供应商的币种 {cur} 计。";
    fn withdraw_question(supplier: impl std::fmt::Display, n: u64) [n] one: "The file withdraws the whole catalog of {supplier}: its {n} item is deleted from the catalog on this device. The supplier stays in the list.", en: "The file withdraws the whole catalog of {supplier}: its {n} items are deleted from the catalog on this device. The supplier stays in the list.", zh: "该文件撤回 {supplier} 的全部目录：本设备目录中该供应商的 {n} 件商品将被删除。供应商仍保留在列表中。";
    fn import_no_rate(cur: impl std::fmt::Display, n: usize) [n] one: "No exchange rate for {cur}: ask your administrator. The {n} item in {cur} cannot be compared or requested until the organisation has a rate for it.", en: "No exchange rate for {cur}: ask your administrator. The {n} items in {cur} cannot be compared or requested until the organisation has a rate for it.", zh: "没有 {cur} 的汇率：请联系管理员。在组织设置该汇率之前，本文件中以 {cur} 计价的 {n} 件商品无法比较或请购。";
    fn sync_pending(n: usize) [n] one: "{n} change waiting to sync", en: "{n} changes waiting to sync", zh: "{n} 项更改待同步";
    fn sync_receiving(n: &str, m: &str) en: "Receiving changes: {n} of {m}", zh: "正在接收更改：{n}/{m}";
    fn sync_retrying(reason: &str, s: u64) [s] one: "Sync failed ({reason}); retrying in {s} second", en: "Sync failed ({reason}); retrying in {s} seconds", zh: "同步失败（{reason}），{s} 秒后重试";
    fn log_out_with_pending(n: usize) [n] one: "{n} of your changes has not reached the endpoint yet. It stays on this device and is sent when you log in again here. Log out?", en: "{n} of your changes have not reached the endpoint yet. They stay on this device and are sent when you log in again here. Log out?", zh: "您有 {n} 项更改尚未同步到服务器。它们会保留在本设备上，您下次在此登录时自动发送。确定退出登录？";
    fn others_pending(n: usize) [n] one: "{n} change by another user of this device waits until they log in here again.", en: "{n} changes by other users of this device wait until they log in here again.", zh: "本设备上其他用户的 {n} 项更改将在其再次登录时发送。";
    fn restored(changes: &str, records: &str, items: &str) en: "Restored: {changes}, {records}, {items}.", zh: "已恢复：{changes}、{records}、{items}。";
    fn queued_changes(n: u64) [n] one: "{n} queued change", en: "{n} queued changes", zh: "{n} 项待同步更改";
    fn records_count(n: u64) [n] one: "{n} record", en: "{n} records", zh: "{n} 条记录";
    fn imported_items(n: u64) [n] one: "{n} imported catalog item", en: "{n} imported catalog items", zh: "{n} 件导入的目录商品";
    fn evaluations_count(n: u32) [n] one: "{n} evaluation", en: "{n} evaluations", zh: "{n} 条评价";
    fn last_synced(when: &str) en: "Last synced {when}", zh: "上次同步：{when}";
    fn changes_stored(n: u64) [n] one: "{n} change stored", en: "{n} changes stored", zh: "{n} 条变更已保存";
    fn synced_at(time: &str) en: "synced at {time}", zh: "同步于 {time}";
    fn showing(first: &str, end: &str, total: &str, n: usize) [n] one: "Showing {first}–{end} of {total} item", en: "Showing {first}–{end} of {total} items", zh: "第 {first}–{end} 件，共 {total} 件商品";
    fn items_count(n: &str, count: usize) [count] one: "{n} item", en: "{n} items", zh: "{n} 件商品";
    fn manager_level(level: u32) en: "Manager level {level}", zh: "第 {level} 级上级";
    // What a queued or refused change does (Settings → Sync).
    fn change_lines(n: usize) [n] one: "{n} line", en: "{n} lines", zh: "{n} 行";
    fn change_decision(verdict: &str, id: &str, revision: u32) en: "{verdict} {id} rev. {revision}", zh: "{verdict} {id}（第 {revision} 版）";
    fn change_withdraw(id: &str) en: "Withdraw {id}", zh: "撤回 {id}";
    fn change_receipt(order: &str, lines: &str) en: "Receipt for {order} ({lines})", zh: "{order} 收货（{lines}）";
    fn change_order_change(order: &str) en: "Change {order}", zh: "变更 {order}";
    fn change_order_cancel(order: &str) en: "Cancel {order}", zh: "取消 {order}";
});

// Sessions and the account: log in errors, log out, password change (kept together).
messages!(AccountMsg {
    WrongCredentials => "Unknown user name or wrong password.", "用户名或密码错误。";
    TooManyAttemptsLater => "Too many attempts; wait a while, then try again.", "尝试次数过多，请稍候再试。";
    TryAgainNow => "You can try again now.", "现在可以重试。";
    ServerBusy => "The server is busy; try again in a moment.", "服务器繁忙，请稍后再试。";
    LogoutWaitingOne => "An earlier log out on this device has not reached the server yet; it is sent as soon as the server can be reached.", "本设备上先前的一次退出登录尚未送达服务器，连接恢复后将自动发送。";
    Account => "Account", "账户";
    ChangePassword => "Change password", "修改密码";
    CurrentPassword => "Current password", "当前密码";
    NewPassword => "New password", "新密码";
    RepeatPassword => "Repeat the new password", "再次输入新密码";
    PasswordRules => "At least 10 characters, and not your user name.", "至少 10 个字符，且不能与用户名相同。";
    PasswordTooShort => "The new password needs at least 10 characters.", "新密码至少需要 10 个字符。";
    PasswordTooLong => "The new password is too long (at most 256 bytes).", "新密码过长（最多 256 字节）。";
    PasswordIsUsername => "The new password must not be your user name.", "新密码不能与用户名相同。";
    PasswordsDiffer => "The repeated password differs from the new one.", "两次输入的新密码不一致。";
    WrongCurrentPassword => "The current password is wrong.", "当前密码不正确。";
    WeakPassword => "The server refused the new password: at least 10 characters, at most 256 bytes, not your user name.", "服务器拒绝了新密码：至少 10 个字符、最多 256 字节，且不能与用户名相同。";
    PasswordNotChanged => "The password was not changed", "密码未修改";
    PasswordChanged => "Password changed. Your sessions on other devices have ended.", "密码已修改，您在其他设备上的会话已结束。";
    Saving => "Saving…", "正在保存…";
    NeedsServer => "This needs a connection to the server.", "此操作需要连接服务器。";
    MustChangeTitle => "Choose a new password", "请设置新密码";
    MustChangeBody => "An administrator set your password. Choose your own before you continue.", "您的密码由管理员设置，请先设置自己的密码再继续。";
    LogOutEverywhere => "Log out everywhere", "在所有设备上退出登录";
    LogOutEverywhereNote => "Ends your sessions on every device and browser, this one included.", "结束您在所有设备和浏览器上的会话，包括本设备。";
    LogOutEverywhereConfirm => "Log out on every device, this one included? Changes not yet synced stay on their devices and are sent when you log in there again.", "确定在所有设备（包括本设备）上退出登录？尚未同步的更改会保留在各自设备上，您再次在该设备登录时发送。";
    LogOutEverywhereFailed => "Not logged out everywhere", "未能在所有设备上退出登录";
    LoggingOut => "Logging out…", "正在退出登录…";
});

texts!(AccountMsg {
    fn too_many_attempts(n: u64) [n] one: "Too many attempts; try again in {n} second.", en: "Too many attempts; try again in {n} seconds.", zh: "尝试次数过多，请 {n} 秒后再试。";
    fn logout_waiting(n: impl std::fmt::Display) en: "{n} earlier log outs on this device have not reached the server yet; they are sent as soon as the server can be reached.", zh: "本设备上先前的 {n} 次退出登录尚未送达服务器，连接恢复后将自动发送。";
});

/// The language the UI speaks now; provided at the root.
#[derive(Clone, Copy)]
pub struct I18n(pub RwSignal<Lang>);

impl I18n {
    /// A message in the current language; reactive when read inside a view or effect.
    pub fn t(self, msg: impl Text) -> &'static str {
        msg.text(self.0.get())
    }

    pub fn lang(self) -> Lang {
        self.0.get()
    }

    /// The language now, outside a reactive scope (event handlers).
    pub fn lang_untracked(self) -> Lang {
        self.0.get_untracked()
    }
}

impl Msg {
    pub fn role(role: procura_sync::api::Role) -> Msg {
        use procura_sync::api::Role;
        match role {
            Role::Buyer => Msg::RoleBuyer,
            Role::Approver => Msg::RoleApprover,
            Role::Admin => Msg::RoleAdmin,
            Role::AccountsPayable => Msg::RoleAccountsPayable,
        }
    }
}

pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}
