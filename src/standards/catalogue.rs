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
    /// A multiple (3.2×).
    Ratio,
    /// A count per month (4.2 / month).
    PerMonth,
    /// A count per working day (3.8 / day).
    PerDay,
    /// A score from 0 to 100.
    Score,
    /// A plain number.
    Number,
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
pub const QUOTE_LINE_COVERAGE: &str = "quote_line_coverage";
pub const QUOTE_QUOTA_RATIO: &str = "quote_quota_ratio";
pub const LEAD_QUALIFICATION: &str = "lead_qualification";
pub const LEAD_CONVERSION: &str = "lead_conversion";
pub const LEAD_FOLLOW_UP: &str = "lead_follow_up";
pub const PIPELINE_COVERAGE: &str = "pipeline_coverage";
pub const WIN_RATE: &str = "win_rate";
pub const CRM_FRESHNESS: &str = "crm_freshness";
pub const CRM_ACTIVITY: &str = "crm_activity";
pub const CONTACT_COMPLETENESS: &str = "contact_completeness";
pub const CONTACT_GROWTH: &str = "contact_growth";
pub const PRODUCT_DEMOS: &str = "product_demos";
pub const PRODUCT_BREADTH: &str = "product_breadth";
pub const INFLUENCER_RELATIONSHIPS: &str = "influencer_relationships";
pub const MEETING_ATTENDANCE: &str = "meeting_attendance";
pub const CUSTOMER_SATISFACTION: &str = "customer_satisfaction";
pub const FORECAST_ACCURACY: &str = "forecast_accuracy";
pub const MANAGER_RATING: &str = "manager_rating";

/// The deal outcomes a built-in standard reads, so a finding about some
/// deals names only the standards those deals change (issue 15, item 10:
/// an open deal changes pipeline and freshness, never attainment). `None`
/// for a standard that reads no deals or reads every deal.
pub fn deal_outcomes_read(id: &str) -> Option<&'static [&'static str]> {
    match id {
        QUOTA_ATTAINMENT | PRODUCT_BREADTH | FORECAST_ACCURACY => Some(&["won"]),
        WIN_RATE => Some(&["lost", "won"]),
        PIPELINE_COVERAGE | CRM_FRESHNESS => Some(&["open"]),
        _ => None,
    }
}

/// The weighted score across standards, stored in the metric table under
/// this id so every page and export reads it from one place.
pub const OVERALL: &str = "overall";

/// The default catalogue (the README lists it), in the order pages list it.
pub const CATALOGUE: &[Builtin] = &[
    Builtin {
        id: QUOTA_ATTAINMENT,
        title_en: "Quota attainment",
        title_ru: "Выполнение плана",
        definition_en: "Sell the agreed amount in the territory. Measured as the amount of deals won (by close date) divided by the quota for the same months; a quota that spans several months is spread evenly over them, and a territory's own quota adds to its reps' quotas.",
        definition_ru: "Продать согласованный объём на своей территории. Считается как сумма выигранных сделок (по дате закрытия), делённая на план за те же месяцы; план на несколько месяцев распределяется по ним поровну, собственный план территории добавляется к планам её менеджеров.",
        target: 1.0,
        direction: Direction::Higher,
        weight: 3.0,
        unit: Unit::Percent,
        needs: &[Table::Deals, Table::Quotas],
    },
    Builtin {
        id: QUOTE_LINE_COVERAGE,
        title_en: "Quote line coverage",
        title_ru: "Охват линеек предложениями",
        definition_en: "Quote every product line every month. Measured as the share of (month, planned product line) pairs with at least one quote; the planned lines are those in the rep's quota for the month, or every product line when the quota names none.",
        definition_ru: "Делать предложения по каждой линейке каждый месяц. Считается как доля пар (месяц, плановая линейка), где есть хотя бы одно предложение; плановые линейки — те, что есть в плане менеджера на месяц, или все линейки, если план их не называет.",
        target: 0.95,
        direction: Direction::Higher,
        weight: 1.0,
        unit: Unit::Percent,
        needs: &[Table::Quotes],
    },
    Builtin {
        id: QUOTE_QUOTA_RATIO,
        title_en: "Quotes per quota unit",
        title_ru: "Предложения на единицу плана",
        definition_en: "Give the agreed multiple of quotes per unit of quota on every product line. Each line is measured as its quotes divided by its quota units; the whole value is the share of lines with quota units that reach the multiple.",
        definition_ru: "Давать оговорённое число предложений на единицу плана по каждой линейке. Каждая линейка — число предложений, делённое на единицы плана; общее значение — доля линеек с планом, достигших этого кратного.",
        target: 1.0,
        direction: Direction::Higher,
        weight: 1.0,
        unit: Unit::Percent,
        needs: &[Table::Quotes, Table::Quotas],
    },
    Builtin {
        id: LEAD_QUALIFICATION,
        title_en: "Lead qualification",
        title_ru: "Квалификация лидов",
        definition_en: "Qualify prospects. Measured as leads marked qualified divided by all leads, by creation month.",
        definition_ru: "Квалифицировать потенциальных клиентов. Считается как доля лидов с отметкой о квалификации, по месяцу создания.",
        target: 0.35,
        direction: Direction::Higher,
        weight: 1.0,
        unit: Unit::Percent,
        needs: &[Table::Leads],
    },
    Builtin {
        id: LEAD_CONVERSION,
        title_en: "Lead conversion",
        title_ru: "Конверсия лидов",
        definition_en: "Turn prospects into deals. Measured as leads with a conversion date divided by all leads, by creation month. Months that ended less than the conversion horizon (60 days, unless the organisation sets another) before the as-of date are marked ◔ as still maturing: their leads may yet convert.",
        definition_ru: "Превращать потенциальных клиентов в сделки. Считается как доля лидов с датой конверсии, по месяцу создания. Месяцы, закончившиеся менее чем за срок конверсии (60 дней, если организация не задала другой) до даты данных, отмечены ◔ как ещё созревающие: их лиды ещё могут конвертироваться.",
        target: 0.15,
        direction: Direction::Higher,
        weight: 1.0,
        unit: Unit::Percent,
        needs: &[Table::Leads],
    },
    Builtin {
        id: LEAD_FOLLOW_UP,
        title_en: "Lead follow-up",
        title_ru: "Обработка лидов",
        definition_en: "Follow up every company-generated lead promptly. Measured as the share of company-generated leads first contacted within the follow-up time after they were created, by creation month. A lead still inside that time and not yet contacted on the as-of date is not counted yet; a lead without the flag counts as company-generated.",
        definition_ru: "Быстро отрабатывать каждый лид, полученный от компании. Считается как доля таких лидов, с которыми связались в пределах срока реакции после создания, по месяцу создания. Лид, срок реакции которого на дату отчёта ещё не истёк, пока не учитывается; лид без отметки считается полученным от компании.",
        target: 0.9,
        direction: Direction::Higher,
        weight: 1.0,
        unit: Unit::Percent,
        needs: &[Table::Leads],
    },
    Builtin {
        id: PIPELINE_COVERAGE,
        title_en: "Pipeline coverage",
        title_ru: "Покрытие плана воронкой",
        definition_en: "Use every opportunity in the territory. Measured at each month end as the amount of deals still open with an expected close in the coming months (three, unless the organisation sets another span), divided by the quota of those months; where the quota file stops, the month's own quota is assumed to continue. The window shows its last month.",
        definition_ru: "Использовать все возможности на территории. Считается на конец каждого месяца как сумма открытых сделок с ожидаемым закрытием в ближайшие три месяца (если организация не задала другой срок), делённая на план этих месяцев; если план на них не задан, берётся план текущего месяца. За период показывается последний месяц.",
        target: 3.0,
        direction: Direction::Higher,
        weight: 1.0,
        unit: Unit::Ratio,
        needs: &[Table::Deals, Table::Quotas],
    },
    Builtin {
        id: WIN_RATE,
        title_en: "Win rate",
        title_ru: "Доля выигранных сделок",
        definition_en: "Sales and negotiation skill. Measured as deals won divided by deals closed (won or lost), by close date.",
        definition_ru: "Навыки продаж и переговоров. Считается как число выигранных сделок, делённое на число закрытых (выигранных и проигранных), по дате закрытия.",
        target: 0.25,
        direction: Direction::Higher,
        weight: 1.0,
        unit: Unit::Percent,
        needs: &[Table::Deals],
    },
    Builtin {
        id: CRM_FRESHNESS,
        title_en: "CRM freshness",
        title_ru: "Актуальность CRM",
        definition_en: "Keep deals current in the CRM. Measured on the as-of date as the share of open deals modified within the stale-days limit and not past their expected close date. Only the current state is known, so it shows in the as-of month and the window.",
        definition_ru: "Поддерживать сделки в CRM в актуальном состоянии. Считается на дату отчёта как доля открытых сделок, изменённых не позднее срока устаревания и не просроченных по ожидаемой дате закрытия. Известно только текущее состояние, поэтому показатель есть за месяц отчёта и за период.",
        target: 0.8,
        direction: Direction::Higher,
        weight: 1.0,
        unit: Unit::Percent,
        needs: &[Table::Deals],
    },
    Builtin {
        id: CRM_ACTIVITY,
        title_en: "CRM activity",
        title_ru: "Активность в CRM",
        definition_en: "Use the CRM in every sales process. Measured as activities logged per working day (Monday to Friday) while the rep is active.",
        definition_ru: "Вести в CRM каждый этап продаж. Считается как число действий в CRM на рабочий день (понедельник–пятница) за время работы менеджера.",
        target: 3.5,
        direction: Direction::Higher,
        weight: 1.0,
        unit: Unit::PerDay,
        needs: &[Table::Activities],
    },
    Builtin {
        id: CONTACT_COMPLETENESS,
        title_en: "Contact completeness",
        title_ru: "Полнота контактов",
        definition_en: "Grow the contact base with complete records. Measured as the share of contacts created with every required field filled (name, address, phone and email, unless the organisation requires others), by creation month.",
        definition_ru: "Пополнять базу полными записями. Считается как доля созданных контактов, у которых заполнены все обязательные поля (имя, адрес, телефон и почта, если организация не требует других), по месяцу создания.",
        target: 0.9,
        direction: Direction::Higher,
        weight: 1.0,
        unit: Unit::Percent,
        needs: &[Table::Contacts],
    },
    Builtin {
        id: CONTACT_GROWTH,
        title_en: "Contact growth",
        title_ru: "Рост базы контактов",
        definition_en: "Grow the contact base. Measured as new contacts per month while the rep is active.",
        definition_ru: "Пополнять базу контактов. Считается как число новых контактов в месяц за время работы менеджера.",
        target: 4.0,
        direction: Direction::Higher,
        weight: 1.0,
        unit: Unit::PerMonth,
        needs: &[Table::Contacts],
    },
    Builtin {
        id: PRODUCT_DEMOS,
        title_en: "Product demonstrations",
        title_ru: "Демонстрации продуктов",
        definition_en: "Present and demonstrate every product line. Each line is measured as its demo activities; a month's value is the share of product lines demonstrated at least once that month, and the window's the share of all its months' lines that were (the months' lines added up, so the window never says more than its months).",
        definition_ru: "Презентовать и демонстрировать каждую линейку. По каждой линейке — число демонстраций; значение месяца — доля линеек, показанных хотя бы раз за месяц, а периода — доля всех линеек всех его месяцев, которые были показаны (линейки месяцев складываются, поэтому период не говорит больше, чем его месяцы).",
        target: 1.0,
        direction: Direction::Higher,
        weight: 1.0,
        unit: Unit::Percent,
        needs: &[Table::Activities],
    },
    Builtin {
        id: PRODUCT_BREADTH,
        title_en: "Product breadth",
        title_ru: "Широта продаж",
        definition_en: "Know and sell every product line. Each line is measured as its won deals; a month's value is the share of product lines with at least one won deal that month, and the window's the share of all its months' lines that had one.",
        definition_ru: "Знать и продавать каждую линейку. По каждой линейке — число выигранных сделок; значение месяца — доля линеек, где за месяц выиграна хотя бы одна сделка, а периода — доля всех линеек всех его месяцев, где она была.",
        target: 1.0,
        direction: Direction::Higher,
        weight: 1.0,
        unit: Unit::Percent,
        needs: &[Table::Deals],
    },
    Builtin {
        id: INFLUENCER_RELATIONSHIPS,
        title_en: "Influencer relationships",
        title_ru: "Работа с лидерами мнений",
        definition_en: "Build relationships with industry influencers. Measured as activities with contacts marked as influencers, per month while the rep is active.",
        definition_ru: "Выстраивать отношения с лидерами мнений отрасли. Считается как число действий с контактами, отмеченными как лидеры мнений, в месяц за время работы менеджера.",
        target: 4.0,
        direction: Direction::Higher,
        weight: 1.0,
        unit: Unit::PerMonth,
        needs: &[Table::Activities, Table::Contacts],
    },
    Builtin {
        id: MEETING_ATTENDANCE,
        title_en: "Meeting attendance",
        title_ru: "Посещение собраний",
        definition_en: "Attend every sales meeting and event. Measured as meetings attended divided by meetings held, by meeting date.",
        definition_ru: "Посещать все собрания и мероприятия отдела продаж. Считается как доля посещённых собраний, по дате собрания.",
        target: 0.95,
        direction: Direction::Higher,
        weight: 1.0,
        unit: Unit::Percent,
        needs: &[Table::Meetings],
    },
    Builtin {
        id: CUSTOMER_SATISFACTION,
        title_en: "Customer satisfaction",
        title_ru: "Удовлетворённость клиентов",
        definition_en: "Keep every customer highly satisfied. Measured as the mean survey score on a 0–100 scale: a score s on a scale of n points becomes (s − 1) / (n − 1) × 100, so 5-point and 10-point surveys share one scale. A survey without a rep goes to the account's owner.",
        definition_ru: "Поддерживать высокую удовлетворённость каждого клиента. Считается как средняя оценка по шкале 0–100: оценка s по шкале из n баллов даёт (s − 1) / (n − 1) × 100, так что 5- и 10-балльные опросы сравнимы. Опрос без менеджера относится к владельцу клиента.",
        target: 80.0,
        direction: Direction::Higher,
        weight: 1.0,
        unit: Unit::Score,
        needs: &[Table::Surveys],
    },
    Builtin {
        id: FORECAST_ACCURACY,
        title_en: "Forecast accuracy",
        title_ru: "Точность прогноза",
        definition_en: "Forecast accurately. Each month with a forecast is measured on its own as 1 − |forecast − won| / won, floored at 0 (0 when nothing was won); the window, a territory and the company are the mean of those months weighted by the larger of forecast and won, so over- and under-forecasts never cancel. A forecast spanning several months is spread evenly over them.",
        definition_ru: "Точно прогнозировать. Каждый месяц с прогнозом считается отдельно: 1 − |прогноз − выиграно| / выиграно, но не меньше 0 (0, если ничего не выиграно); период, территория и компания — среднее этих месяцев, взвешенное по большей из сумм прогноза и выигрыша, поэтому завышения и занижения не компенсируют друг друга. Прогноз на несколько месяцев распределяется по ним поровну.",
        target: 0.85,
        direction: Direction::Higher,
        weight: 1.0,
        unit: Unit::Percent,
        needs: &[Table::Forecasts, Table::Deals],
    },
    Builtin {
        id: MANAGER_RATING,
        title_en: "Manager rating",
        title_ru: "Оценка руководителя",
        definition_en: "Professionalism, product knowledge and use of company resources, as the manager assesses them. Measured as the mean rating on a 0–100 scale, the same way as surveys, by the rating period's first month.",
        definition_ru: "Профессионализм, знание продуктов и использование ресурсов компании по оценке руководителя. Считается как средняя оценка по шкале 0–100, как и опросы, по первому месяцу периода оценки.",
        target: 75.0,
        direction: Direction::Higher,
        weight: 1.0,
        unit: Unit::Score,
        needs: &[Table::Ratings],
    },
];

pub fn builtin(id: &str) -> Option<&'static Builtin> {
    CATALOGUE.iter().find(|b| b.id == id)
}
