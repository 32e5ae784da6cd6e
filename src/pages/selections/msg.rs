//! What the supplier-selection screens say, in both languages.

use crate::i18n::{messages, texts, Lang};

messages!(SelMsg {
    Title => "Supplier selections", "供应商选择";
    Intro => "Compare candidate suppliers by the analytic hierarchy process: weigh the criteria against each other, then the suppliers under each criterion. Priorities are computed by the sum-product method (和积法) and checked for consistency.", "用层次分析法比较候选供应商：先两两比较各项准则的重要性，再在每项准则下两两比较供应商。权重用和积法计算，并做一致性检验。";
    New => "New selection", "新建选择";
    None => "No selections yet.", "尚无供应商选择。";
    Back => "All selections", "全部选择";
    NameLabel => "Selection", "选择名称";
    NamePlaceholder => "e.g. Copy paper supplier 2027", "例如：2027 年复印纸供应商";
    Criteria => "Criteria", "准则";
    Candidates => "Candidate suppliers", "候选供应商";
    AddCriterion => "Add criterion", "添加准则";
    CustomCriterion => "Another criterion", "其他准则";
    CompareCriteria => "Which criterion matters more?", "哪项准则更重要？";
    CompareCandidates => "Which supplier is better on this criterion?", "在此准则下哪家供应商更好？";
    Weights => "Criterion weights", "准则权重";
    Ranking => "Ranking", "排序结果";
    Score => "Priority", "优先级";
    Consistent => "Consistent enough (CR < 0.10)", "一致性可接受（CR < 0.10）";
    Inconsistent => "Too inconsistent (CR ≥ 0.10): revise the judgements below", "一致性不可接受（CR ≥ 0.10）：请修改下面的判断";
    MostInconsistent => "Most inconsistent judgements", "最不一致的判断";
    Apply => "Apply", "采用";
    PrefillFromData => "Pre-fill from scorecards", "按绩效评分预填";
    Derived => "derived from measured data", "由实测数据推算";
    NoDataToDerive => "No measured scores for these suppliers on this criterion.", "这些供应商在此准则下没有实测评分。";
    Save => "Save selection", "保存选择";
    Saved => "Saved. It syncs when the hub is reachable.", "已保存，连接服务器后同步。";
    ReadOnly => "Shared with the organisation; only its author or an admin can change it.", "已与组织共享；只有创建人或管理员可以修改。";
    ChainOk => "History intact (chain verified)", "历史完整（链校验通过）";
    ChainBroken => "History altered: this selection failed its chain check", "历史被篡改：链校验未通过";
    NeedTwo => "Choose at least two criteria and two suppliers.", "请至少选择两项准则和两家供应商。";
    NotFound => "No such selection on this device.", "本设备上没有此选择。";
    OverallCr => "Overall consistency ratio", "总体一致性比率";
    Equal => "Equally important", "同样重要";
    Author => "Author", "创建人";
    Updated => "Updated", "更新时间";
    Leader => "Leader", "排名第一";
    Revision => "Revision", "版本";
    CritPrice => "Price", "价格";
    CritQuality => "Quality", "质量";
    CritDelivery => "Delivery", "交货";
    CritService => "Service", "服务";
    CritTechnical => "Technical capability", "技术能力";
    CritRisk => "Risk", "风险";
});

texts!(SelMsg {
    /// How strongly the left item is preferred, on Saaty's scale (the value 2…9).
    fn stronger(name: &str, k: u8, degree: &str) en: "{name} · {k} · {degree}", zh: "{name} · {k} · {degree}";
    /// The consistency ratio as shown.
    fn cr(cr: &str) en: "CR = {cr}", zh: "一致性比率 CR = {cr}";
    fn lambda(l: &str, ci: &str) en: "λmax = {l}, CI = {ci}", zh: "λmax = {l}，CI = {ci}";
    /// A judgement the others contradict, and the value that fits them.
    fn suggestion(entered: &str, suggested: &str, cr: &str)
        en: "entered {entered}; the value that agrees best with the other judgements is {suggested} (CR would be {cr}).",
        zh: "填写为 {entered}；与其他判断最一致的取值为 {suggested}（CR 将为 {cr}）。";
    fn versus(left: &str, right: &str) en: "{left} versus {right}", zh: "{left} 对比 {right}";
    fn count_candidates(n: usize) [n] one: "{n} supplier", en: "{n} suppliers", zh: "{n} 家供应商";
});

/// Saaty's verbal scale for 1…9.
pub fn verbal(lang: Lang, k: u8) -> &'static str {
    match (lang, k) {
        (Lang::En, 1) => "equal",
        (Lang::En, 3) => "moderately more important",
        (Lang::En, 5) => "strongly more important",
        (Lang::En, 7) => "very strongly more important",
        (Lang::En, 9) => "extremely more important",
        (Lang::En, _) => "between the neighbouring degrees",
        (Lang::ZhCn, 1) => "同样重要",
        (Lang::ZhCn, 3) => "稍微重要",
        (Lang::ZhCn, 5) => "明显重要",
        (Lang::ZhCn, 7) => "强烈重要",
        (Lang::ZhCn, 9) => "极端重要",
        (Lang::ZhCn, _) => "介于相邻两级之间",
    }
}
