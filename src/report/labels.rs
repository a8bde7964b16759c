//! Every fixed word on the site, in English and Russian. Templates read
//! them as `t.<key>`; a missing key is a template error, not a blank.

use std::collections::BTreeMap;

use crate::config::Language;

const LABELS: &[(&str, &str, &str)] = &[
    ("company", "Company", "Компания"),
    ("territory", "Territory", "Территория"),
    ("territories", "Territories", "Территории"),
    ("rep", "Rep", "Менеджер"),
    ("reps", "Reps", "Менеджеры"),
    ("manager", "Manager", "Руководитель"),
    ("window", "Report window", "Период отчёта"),
    ("as_of", "Data as of", "Данные на"),
    ("overall", "Overall score", "Общая оценка"),
    ("rank", "Rank", "Место"),
    ("rank_company", "in the company", "в компании"),
    ("rank_territory", "in the territory", "на территории"),
    ("standards", "Standards", "Стандарты"),
    ("standard", "Standard", "Стандарт"),
    ("value", "Value", "Значение"),
    ("target", "Target", "Цель"),
    ("status", "Status", "Статус"),
    ("attainment", "Attainment", "Выполнение"),
    ("basis", "From", "Из чего"),
    ("met", "met", "выполнен"),
    ("near", "near", "близко"),
    ("missed", "missed", "не выполнен"),
    ("no_data", "no data", "нет данных"),
    ("by_month", "Month by month", "По месяцам"),
    ("won_vs_quota", "Won amount against quota", "Выигранная сумма и план"),
    ("won", "Won", "Выиграно"),
    ("quota", "Quota", "План"),
    ("month", "Month", "Месяц"),
    ("chart_data", "Chart data", "Данные графика"),
    ("leaderboard", "Leaderboard", "Рейтинг менеджеров"),
    ("findings", "Data-quality findings", "Замечания к данным"),
    ("no_findings", "No findings.", "Замечаний нет."),
    ("data_quality", "Data quality", "Качество данных"),
    ("methodology", "How each standard is measured", "Как измеряется каждый стандарт"),
    ("weight", "Weight", "Вес"),
    ("higher", "higher is better", "чем больше, тем лучше"),
    ("lower", "lower is better", "чем меньше, тем лучше"),
    ("home", "Company scorecard", "Показатели компании"),
    ("table", "Table", "Таблица"),
    ("files", "Files", "Файлы"),
    ("rows_read", "Rows read", "Прочитано строк"),
    ("rows_rejected", "Rows rejected", "Отклонено строк"),
    ("rows_duplicate", "Duplicates dropped", "Удалено дубликатов"),
    ("date_range", "Dates", "Даты"),
    ("severity", "Severity", "Важность"),
    ("where", "Where", "Где"),
    ("what", "What", "Что"),
    ("error", "error", "ошибка"),
    ("warning", "warning", "предупреждение"),
    ("info", "info", "сведения"),
    ("scored_on", "Score: weighted mean of capped attainment over the standards with data.",
        "Оценка: взвешенное среднее выполнения (с ограничением) по стандартам, для которых есть данные."),
    ("won_of_quota", "won of", "выиграно из плана"),
    ("won_of_closed", "won of", "выиграно из"),
    ("closed", "closed", "закрытых"),
    ("in_time_of_due", "in time of", "вовремя из"),
    ("leads_due", "leads due", "лидов к обработке"),
    ("skip", "Skip to content", "К содержанию"),
    ("per_month", "/mo", "/мес"),
    ("per_day", "/day", "/день"),
    ("open_of_quota_ahead", "open against a quota ahead of", "в работе при плане на ближайшие месяцы"),
    ("forecast_vs_won", "forecast against", "прогноз против выигранных"),
    ("of", "of", "из"),
    ("in", "in", "за"),
    ("lines", "lines", "линеек"),
    ("months", "months", "мес."),
    ("working_days", "working days", "рабочих дней"),
    ("mean_of", "mean of", "в среднем по"),
    ("responses", "responses", "ответам"),
    ("ratings", "ratings", "оценкам"),
    ("by_line", "By product line", "По продуктовым линейкам"),
    ("product_line", "Product line", "Линейка"),
    ("pace_needs", "Needs", "Нужно"),
    ("pace_a_month", "a month in the", "в месяц в оставшиеся"),
    ("pace_months_left", "months left of the window to reach its quota.", "мес. периода, чтобы выполнить план."),
    ("pace_reached", "The window's quota is already reached:", "План периода уже выполнен:"),
];

pub fn labels(language: Language) -> BTreeMap<&'static str, &'static str> {
    LABELS
        .iter()
        .map(|(key, en, ru)| {
            (
                *key,
                match language {
                    Language::En => *en,
                    Language::Ru => *ru,
                },
            )
        })
        .collect()
}
