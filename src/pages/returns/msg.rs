//! The Returns screens' text, in English and Chinese.

crate::i18n::messages!(ReturnMsg {
    Title => "Returns and claims", "退货与索赔";
    Intro => "Goods sent back to suppliers from a receipt, and claims for goods refused at the door as damaged: replaced or refunded by a credit note. The supplier accepts, collects, then replaces or credits. Works offline.", "从收货发起的退货，以及对收货时因损坏拒收货物的索赔：由供应商换货或开具红字发票退款。供应商接受、取件，然后换货或退款。离线也可使用。";
    Empty => "No returns yet. Open one from an order's receipt: “Return goods” on the order.", "还没有退货。可在订单页面点击“退货”，从收货记录发起。";
    ReturnGoods => "Return goods", "退货";
    ClaimDamaged => "Claim damaged goods", "索赔损坏货物";
    FormTitle => "Return goods", "退货";
    FormIntro => "Choose what goes back: goods taken into stock that turned out wrong or faulty, or goods refused at the door as damaged (a claim). Goods taken into stock and sent back are no longer payable.", "选择要退回的货物：已入库但有问题的货物，或收货时因损坏拒收的货物（索赔）。已入库后退回的货物不再需要付款。";
    ClaimPrefilled => "The receipt recorded damaged goods: the claim is filled in with them. Change it as needed.", "收货记录中有损坏货物，已据此预填索赔，可按需修改。";
    NothingToReturn => "Nothing of this order can be returned: nothing was received, or all of it is on returns already.", "此订单没有可退的货物：尚未收货，或已全部在退货中。";
    ColItem => "Item", "物料";
    ColAccepted => "Returnable (accepted)", "可退（已入库）";
    ColDamaged => "Claimable (refused)", "可索赔（已拒收）";
    ReturnQty => "Return", "退回";
    ClaimQty => "Claim", "索赔";
    Reason => "Reason", "原因";
    ReasonHint => "What is wrong, for the supplier", "给供应商的问题说明";
    Remedy => "What the supplier does", "处理方式";
    Replace => "Replace", "换货";
    Refund => "Refund (credit note)", "退款（红字发票）";
    Note => "Note (optional)", "备注（可选）";
    Submit => "Send return", "提交退货";
    Sending => "Sending…", "正在提交…";
    Cancel => "Cancel", "取消";
    BackToOrder => "Back to the order", "返回订单";
    NotFound => "No such order on this device.", "本设备上没有该订单。";
    Loading => "Loading…", "正在加载…";
    BuyersOnly => "Only buyers and admins return goods.", "只有采购员和管理员可以退货。";
    NothingChosen => "Enter a quantity to return or claim on at least one line.", "请至少在一行填写退回或索赔数量。";
    ColNumber => "Return", "退货单";
    ColOrder => "Order", "订单";
    ColSupplier => "Supplier", "供应商";
    ColLines => "Lines", "行";
    ColRemedy => "Remedy", "处理方式";
    ColStatus => "Status", "状态";
    ColOpened => "Opened", "发起时间";
    OnOrder => "Returns on this order", "此订单的退货";
    StatusRequested => "Requested", "已申请";
    StatusAccepted => "Accepted by the supplier", "供应商已接受";
    StatusRefused => "Refused by the supplier", "供应商已拒绝";
    StatusCollected => "Collected", "已取件";
    StatusReplaced => "Replaced", "已换货";
    StatusCredited => "Credited", "已退款";
    StatusCancelled => "Cancelled", "已取消";
    WaitingToSync => "Waiting to sync", "等待同步";
    CancelReturn => "Cancel return", "取消退货";
    FromAccepted => "returned", "退回";
    FromRefused => "claimed", "索赔";
    Photo => "Photo (optional)", "照片（可选）";
    PhotoHint => "A picture of the goods or the carton; it is made smaller on this device before it is sent.", "货物或包装的照片；发送前会在本设备上压缩。";
    PhotoAlt => "Photo of the returned goods", "退货照片";
    ChoosePhoto => "Choose or take a photo", "选择或拍摄照片";
    RemovePhoto => "Remove photo", "删除照片";
    PhotoWorking => "Preparing the photo…", "正在处理照片…";
    PhotoNotImage => "This file is not an image this device can read. Choose a photo.", "此文件不是本设备能读取的图片，请选择照片。";
    PhotoTooBig => "This photo cannot be made small enough to send. Choose another one.", "无法将此照片压缩到可发送的大小，请换一张。";
    Opened => "Return recorded; the supplier receives it when it syncs.", "退货已记录，同步后供应商即可收到。";
});

crate::i18n::texts!(ReturnMsg {
    /// A quantity that is not a number of 0 or more on line `line`.
    fn bad_quantity(line: u32) en: "Line {line}: enter a number, 0 or more.", zh: "第 {line} 行：请输入 0 或以上的数字。";
    /// A queued return in the changes tray.
    fn change_open(order: &str, lines: usize) [lines] one: "Return on {order} ({lines} line)", en: "Return on {order} ({lines} lines)", zh: "{order} 退货（{lines} 行）";
    /// A queued cancel in the changes tray.
    fn change_cancel(id: &str) en: "Cancel return {id}", zh: "取消退货 {id}";
    /// One line of a return: quantity, how it goes back, the order line.
    fn line(quantity: &str, how: &str, line: u32) en: "{quantity} {how} (line {line})", zh: "{how} {quantity}（第 {line} 行）";
});
