//! The built-in standards: ids, default targets and weights, and the words
//! the site uses to explain each one.

use serde::{Deserialize, Serialize};

/// Whether a bigger value is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Higher,
    Lower,
}

/// How a value is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// A share or ratio shown as a percentage (0.93 → 93%).
    Percent,
}

/// A built-in standard and its defaults.
#[derive(Debug, Clone, Copy)]
pub struct Builtin {
    pub id: &'static str,
    pub title_en: &'static str,
    pub title_ru: &'static str,
    /// The expectation in the organisation's words, then how it is measured.
    pub definition_en: &'static str,
    pub definition_ru: &'static str,
    pub target: f64,
    pub direction: Direction,
    pub weight: f64,
    pub unit: Unit,
    /// Canonical tables the standard reads; without them it is `no_data`.
    pub needs: &'static [crate::model::Table],
}

use crate::model::Table;

pub const QUOTA_ATTAINMENT: &str = "quota_attainment";
pub const WIN_RATE: &str = "win_rate";
pub const LEAD_FOLLOW_UP: &str = "lead_follow_up";

/// The weighted score across standards, stored in the metric table under
/// this id so every page and export reads it from one place.
pub const OVERALL: &str = "overall";

pub const CATALOGUE: &[Builtin] = &[
    Builtin {
        id: QUOTA_ATTAINMENT,
        title_en: "Quota attainment",
        title_ru: "Выполнение плана",
        definition_en:
            "Sell the agreed amount in the territory. Measured as the amount of deals won \
            (by close date) divided by the quota for the same months; a quota that spans several \
            months is spread evenly over them.",
        definition_ru: "Продать согласованный объём на своей территории. Считается как сумма \
            выигранных сделок (по дате закрытия), делённая на план за те же месяцы; план на \
            несколько месяцев распределяется по ним поровну.",
        target: 1.0,
        direction: Direction::Higher,
        weight: 3.0,
        unit: Unit::Percent,
        needs: &[Table::Deals, Table::Quotas],
    },
    Builtin {
        id: WIN_RATE,
        title_en: "Win rate",
        title_ru: "Доля выигранных сделок",
        definition_en: "Sales and negotiation skill. Measured as deals won divided by deals \
            closed (won or lost), by close date.",
        definition_ru: "Навыки продаж и переговоров. Считается как число выигранных сделок, \
            делённое на число закрытых (выигранных и проигранных), по дате закрытия.",
        target: 0.25,
        direction: Direction::Higher,
        weight: 1.0,
        unit: Unit::Percent,
        needs: &[Table::Deals],
    },
    Builtin {
        id: LEAD_FOLLOW_UP,
        title_en: "Lead follow-up",
        title_ru: "Обработка лидов",
        definition_en: "Follow up every company-generated lead promptly. Measured as the share \
            of company-generated leads first contacted within the follow-up time after they \
            were created, by creation month. A lead still inside that time and not yet \
            contacted on the as-of date is not counted yet.",
        definition_ru: "Быстро отрабатывать каждый лид, полученный от компании. Считается как \
            доля таких лидов, с которыми связались в пределах срока реакции после создания, \
            по месяцу создания. Лид, срок реакции которого на дату отчёта ещё не истёк, пока \
            не учитывается.",
        target: 0.9,
        direction: Direction::Higher,
        weight: 1.0,
        unit: Unit::Percent,
        needs: &[Table::Leads],
    },
];

pub fn builtin(id: &str) -> Option<&'static Builtin> {
    CATALOGUE.iter().find(|b| b.id == id)
}
