//! The columns kyodo understands: each field's key in `[columns]` and its Japanese name.

/// A column kyodo understands. The order is the order of the progress report's table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// 施策: the section heading.
    Section,
    /// ■ 目標: the goal.
    Goal,
    /// No: the item's number.
    No,
    /// 区分: the ★●◎ mark.
    Mark,
    /// 項目: the item's name.
    Name,
    /// 内容: what the item does.
    Content,
    /// 主体: who acts (citizens, groups).
    Actors,
    /// 関係部署: the departments concerned.
    Departments,
    /// 評価: the grade.
    Grade,
    /// 進捗状況: the progress in words.
    Status,
    /// 実績: the results.
    Results,
    /// 課題: the issues.
    Issues,
    /// 今後の方向性: the next steps.
    NextSteps,
    /// 所属長コメント: the head of the reporting department on its report.
    Comment,
    /// 委員会意見 (外部評価): what the committee said, written onto the sheet after it met.
    Opinion,
    /// 指標: the name of an indicator of the item (one a row: rows below the item add more).
    Indicator,
    /// 単位 of the indicator.
    Unit,
    /// 基準値 of the indicator.
    Baseline,
    /// 目標値 of the indicator.
    Target,
    /// 目標年度 of the indicator.
    TargetYear,
    /// 実績値 of the indicator this year.
    Actual,
}

impl Field {
    /// Every column, in report order.
    pub const ALL: [Field; 21] = [
        Field::Section,
        Field::Goal,
        Field::No,
        Field::Mark,
        Field::Name,
        Field::Content,
        Field::Actors,
        Field::Departments,
        Field::Grade,
        Field::Status,
        Field::Results,
        Field::Issues,
        Field::NextSteps,
        Field::Comment,
        Field::Opinion,
        Field::Indicator,
        Field::Unit,
        Field::Baseline,
        Field::Target,
        Field::TargetYear,
        Field::Actual,
    ];

    /// The key used in `[columns]` of the settings.
    pub fn config_key(self) -> &'static str {
        match self {
            Field::Section => "section",
            Field::Goal => "goal",
            Field::No => "no",
            Field::Mark => "mark",
            Field::Name => "name",
            Field::Content => "content",
            Field::Actors => "actors",
            Field::Departments => "departments",
            Field::Grade => "grade",
            Field::Status => "status",
            Field::Results => "results",
            Field::Issues => "issues",
            Field::NextSteps => "next_steps",
            Field::Comment => "comment",
            Field::Opinion => "opinion",
            Field::Indicator => "indicator",
            Field::Unit => "unit",
            Field::Baseline => "baseline",
            Field::Target => "target",
            Field::TargetYear => "target_year",
            Field::Actual => "actual",
        }
    }

    /// The Japanese name used in messages and headers.
    pub fn label(self) -> &'static str {
        match self {
            Field::Section => "施策",
            Field::Goal => "目標",
            Field::No => "No",
            Field::Mark => "区分",
            Field::Name => "項目",
            Field::Content => "内容",
            Field::Actors => "主体",
            Field::Departments => "関係部署",
            Field::Grade => "評価",
            Field::Status => "進捗状況",
            Field::Results => "実績",
            Field::Issues => "課題",
            Field::NextSteps => "今後の方向性",
            Field::Comment => "所属長コメント",
            Field::Opinion => "委員会意見",
            Field::Indicator => "指標",
            Field::Unit => "単位",
            Field::Baseline => "基準値",
            Field::Target => "目標値",
            Field::TargetYear => "目標年度",
            Field::Actual => "実績値",
        }
    }

    /// Columns that make a sheet a progress sheet (opinions alone do not: they are written
    /// onto progress sheets).
    pub fn is_progress(self) -> bool {
        matches!(self, Field::Grade | Field::Status | Field::Results | Field::Issues | Field::NextSteps)
    }

    /// Columns of an indicator: a row holding only these (and no 項目 of its own) adds an
    /// indicator to the item above.
    pub fn is_indicator(self) -> bool {
        matches!(
            self,
            Field::Indicator
                | Field::Unit
                | Field::Baseline
                | Field::Target
                | Field::TargetYear
                | Field::Actual
        )
    }
}
