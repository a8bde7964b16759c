//! Every fixed word on the site, in English and Russian. Templates read
//! them as `t.<key>` (a missing key is a template error, not a blank); Rust
//! code names them as [`Label`] variants, so a typo does not compile.

use std::collections::BTreeMap;

use crate::config::Language;

/// Declares [`Label`] and its table of keys and texts at once.
macro_rules! labels {
    ($($label:ident = ($key:literal, $en:expr, $ru:expr),)*) => {
        /// A fixed word or phrase of the site.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Label {
            $($label,)*
        }

        /// (label, template key, English, Russian), in declaration order.
        const LABELS: &[(Label, &str, &str, &str)] = &[
            $((Label::$label, $key, $en, $ru),)*
        ];
    };
}

labels! {
    Company = ("company", "Company", "Компания"),
    Territory = ("territory", "Territory", "Территория"),
    Territories = ("territories", "Territories", "Территории"),
    Rep = ("rep", "Rep", "Менеджер"),
    Reps = ("reps", "Reps", "Менеджеры"),
    Manager = ("manager", "Manager", "Руководитель"),
    Window = ("window", "Report window", "Период отчёта"),
    AsOf = ("as_of", "Data as of", "Данные на"),
    Overall = ("overall", "Overall score", "Общая оценка"),
    Rank = ("rank", "Rank", "Место"),
    RankCompany = ("rank_company", "in the company", "в компании"),
    RankTerritory = ("rank_territory", "in the territory", "на территории"),
    Standards = ("standards", "Standards", "Стандарты"),
    Standard = ("standard", "Standard", "Стандарт"),
    Value = ("value", "Value", "Значение"),
    Target = ("target", "Target", "Цель"),
    Status = ("status", "Status", "Статус"),
    Attainment = ("attainment", "Attainment", "Выполнение"),
    Basis = ("basis", "From", "Из чего"),
    Met = ("met", "met", "цель достигнута"),
    Near = ("near", "near", "близко к цели"),
    Missed = ("missed", "missed", "цель не достигнута"),
    NoData = ("no_data", "no data", "нет данных"),
    ByMonth = ("by_month", "Month by month", "По месяцам"),
    WonVsQuota = ("won_vs_quota", "Won amount against quota", "Выигранная сумма и план"),
    Won = ("won", "Won", "Выиграно"),
    Quota = ("quota", "Quota", "План"),
    Month = ("month", "Month", "Месяц"),
    ChartData = ("chart_data", "Chart data", "Данные графика"),
    Leaderboard = ("leaderboard", "Leaderboard", "Рейтинг менеджеров"),
    Findings = ("findings", "Data-quality findings", "Замечания к данным"),
    NoFindings = ("no_findings", "No findings.", "Замечаний нет."),
    Ramping = ("ramping", "ramping", "новичок"),
    RampingNote = ("ramping_note", "Ramping: in their first months, so not ranked with the others; active since", "Новичок: первые месяцы работы, поэтому без места в рейтинге; работает с"),
    InAll = ("in_all", "in all", "всего"),
    Maturing = ("maturing", "still maturing", "ещё созревает"),
    MaturingNote = ("maturing_note", "◔ still maturing: leads created this recently may yet convert", "◔ ещё созревает: лиды, созданные так недавно, ещё могут конвертироваться"),
    ByRep = ("by_rep", "By rep", "По менеджерам"),
    LineNo = ("line_no", "line", "строка"),
    Column = ("column", "column", "столбец"),
    FindingBadValue = ("finding_bad_value", "A value that does not read as its column's kind: the row is left out", "Значение не читается как данные своего столбца: строка не учтена"),
    FindingRaggedRow = ("finding_ragged_row", "A row with more cells than the header: left out", "В строке больше ячеек, чем в заголовке: строка не учтена"),
    FindingDuplicateId = ("finding_duplicate_id", "Rows repeating an id seen before: the first is kept", "Строки с уже встречавшимся ID: учтена первая"),
    FindingUndatedClosedDeal = ("finding_undated_closed_deal", "Won or lost deals without a close date: left out", "Выигранные или проигранные сделки без даты закрытия: не учтены"),
    FindingNegativeAmount = ("finding_negative_amount", "Deals with a negative amount: counted as they are", "Сделки с отрицательной суммой: учтены как есть"),
    FindingClosedBeforeCreated = ("finding_closed_before_created", "Deals that close before they were created: counted by their close date", "Сделки с датой закрытия раньше даты создания: учтены по дате закрытия"),
    FindingAbsurdAmount = ("finding_absurd_amount", "Deals of a trillion or more: left out", "Сделки на триллион и больше: не учтены"),
    FindingUnknownProductLine = ("finding_unknown_product_line", "Product lines the products table does not list", "Продуктовые линейки, которых нет в таблице продуктов"),
    FindingUnknownRep = ("finding_unknown_rep", "A rep in the data but not in the reps table", "Менеджер есть в данных, но не в таблице менеджеров"),
    FindingNoRepsTable = ("finding_no_reps_table", "No reps table: the reps are taken from the data", "Нет таблицы менеджеров: менеджеры взяты из данных"),
    FindingOwnerIds = ("finding_owner_ids", "Owner ids read through the users file", "ID владельцев сопоставлены через файл пользователей"),
    FindingTeamGoal = ("finding_team_goal", "Team goals left out of the personal quotas", "Командные цели не включены в личные планы"),
    FindingIgnoredFile = ("finding_ignored_file", "A file not read", "Файл не прочитан"),
    FindingUnusableFile = ("finding_unusable_file", "A file that cannot be the table it looks like: skipped", "Файл не может быть таблицей, на которую похож: пропущен"),
    FindingIgnoredColumns = ("finding_ignored_columns", "Columns yardstick does not read", "Столбцы, которые yardstick не читает"),
    FindingDerivedColumn = ("finding_derived_column", "A column worked out from others", "Столбец выведен из других столбцов"),
    FindingUnmappedStage = ("finding_unmapped_stage", "Stages known as neither won nor lost: counted as open", "Этапы, не отмеченные как выигрыш или проигрыш: считаются открытыми"),
    FindingDuplicateHeader = ("finding_duplicate_header", "Headers that differ only in case: the first with values is read", "Заголовки, различающиеся только регистром: прочитан первый заполненный"),
    FindingClosedStage = ("finding_closed_stage", "Deals closed at a stage known as neither won nor lost: left out of win rate and attainment", "Сделки закрыты на этапе, не отмеченном как выигрыш или проигрыш: не учтены в доле выигрышей и выполнении плана"),
    FindingNoOwnerColumn = ("finding_no_owner_column", "No owner column: every row is under one placeholder rep", "Нет столбца владельца: все строки отнесены к одному условному менеджеру"),
    FindingFarDate = ("finding_far_date", "Dates far beyond the rest of the data: kept, but not taken for today", "Даты далеко за пределами остальных данных: учтены, но не приняты за текущую дату"),
    FindingEmptyWindow = ("finding_empty_window", "The report window holds no data", "В периоде отчёта нет данных"),
    FindingNormalisedText = ("finding_normalised_text", "Text normalised: names that looked alike now match", "Текст нормализован: одинаковые на вид имена теперь совпадают"),
    FindingUnknownTerritory = ("finding_unknown_territory", "A quota's territory unlike the reps' territories", "Территория плана не совпадает с территориями менеджеров"),
    InEnglish = ("in_english", "Details", "Подробности (на английском)"),
    TheirRecords = ("their_records", "This rep's", "Этого менеджера"),
    DataQuality = ("data_quality", "Data quality", "Качество данных"),
    Methodology = ("methodology", "How each standard is measured", "Как измеряется каждый стандарт"),
    Weight = ("weight", "Weight", "Вес"),
    Higher = ("higher", "higher is better", "чем больше, тем лучше"),
    Lower = ("lower", "lower is better", "чем меньше, тем лучше"),
    Home = ("home", "Company scorecard", "Показатели компании"),
    Table = ("table", "Table", "Таблица"),
    Files = ("files", "Files", "Файлы"),
    RowsRead = ("rows_read", "Rows read", "Прочитано строк"),
    RowsRejected = ("rows_rejected", "Rows rejected", "Отклонено строк"),
    RowsDuplicate = ("rows_duplicate", "Duplicates dropped", "Удалено дубликатов"),
    DateRange = ("date_range", "Dates", "Даты"),
    Severity = ("severity", "Severity", "Важность"),
    Where = ("where", "Where", "Где"),
    What = ("what", "What", "Что"),
    Error = ("error", "error", "ошибка"),
    Warning = ("warning", "warning", "предупреждение"),
    Info = ("info", "info", "сведения"),
    ChangeOn = ("change_on", "Last 3 months: each standard over the last three months of the window up to the as-of date, from their summed parts (the trailing_3m of metrics.csv), and its change on the three months before, in the standard's unit (pp for percentages).", "3 последних месяца: каждый стандарт за три последних месяца окна до даты данных, по их суммам (trailing_3m в metrics.csv), и его изменение к трём предыдущим месяцам, в единицах стандарта (п.п. для процентов)."),
    ScoredOn = ("scored_on", "Score: weighted mean of capped attainment over the standards with data.", "Оценка: взвешенное среднее выполнения (с ограничением) по стандартам, для которых есть данные."),
    WonOfQuota = ("won_of_quota", "won of", "выиграно из плана"),
    WonOfClosed = ("won_of_closed", "won of", "выиграно из"),
    Closed = ("closed", "closed", "закрытых"),
    InTimeOfDue = ("in_time_of_due", "in time of", "вовремя из"),
    LeadsDue = ("leads_due", "leads due", "лидов к обработке"),
    Skip = ("skip", "Skip to content", "К содержанию"),
    PerMonth = ("per_month", "/mo", "/мес"),
    PerDay = ("per_day", "/day", "/день"),
    OpenOfQuotaAhead = ("open_of_quota_ahead", "open against a quota ahead of", "в работе при плане на ближайшие месяцы"),
    ForecastWeighted = ("forecast_weighted", "each month's accuracy, weighted by the larger of forecast and won:", "точность каждого месяца, с весом по большей из сумм прогноза и выигрыша:"),
    Of = ("of", "of", "из"),
    In = ("in", "in", "за"),
    Lines = ("lines", "lines", "линеек"),
    Months = ("months", "months", "мес."),
    RepMonths = ("rep_months", "rep-months", "менеджеро-мес."),
    RepWorkingDays = ("rep_working_days", "rep working days", "рабочих дней менеджеров"),
    LeadsQualified = ("leads_qualified", "leads qualified", "лидов квалифицировано"),
    LeadsConverted = ("leads_converted", "leads converted", "лидов конвертировано"),
    OpenDealsFresh = ("open_deals_fresh", "open deals up to date", "открытых сделок актуальны"),
    ContactsComplete = ("contacts_complete", "contacts complete", "контактов заполнены"),
    MeetingsAttended = ("meetings_attended", "meetings attended", "встреч посещено"),
    WorkingDays = ("working_days", "working days", "рабочих дней"),
    MeanOf = ("mean_of", "mean of", "в среднем по"),
    Responses = ("responses", "responses", "ответам"),
    Ratings = ("ratings", "ratings", "оценкам"),
    QuotesVsUnits = ("quotes_vs_units", "Quotes against quota units by product line", "Предложения и единицы плана по линейкам"),
    QuotesExpected = ("quotes_expected", "Expected", "Ожидается"),
    Funnel = ("funnel", "What became of the window's leads", "Что стало с лидами периода"),
    FunnelQualified = ("funnel_qualified", "Qualified", "Квалифицированы"),
    FunnelConverted = ("funnel_converted", "Converted", "Конвертированы"),
    FunnelWon = ("funnel_won", "Won (their deal)", "Выиграны (их сделка)"),
    OfTheLeads = ("of_the_leads", "of the leads", "от числа лидов"),
    FunnelCohort = ("funnel_cohort", "One cohort: the leads created {from} – {to}, and how many of them were qualified, converted and won by {as_of}; each bar is part of the one before. Leads of the last {days} days may still convert.", "Одна когорта: лиды, созданные {from} – {to}, и сколько из них квалифицировано, конвертировано и выиграно к {as_of}; каждый столбец — часть предыдущего. Лиды последних {days} дней ещё могут конвертироваться."),
    FunnelNoWon = ("funnel_no_won", "Won is not shown: the leads export does not name the deal each converted lead became (a deal id column).", "Выигранные не показаны: в выгрузке лидов нет сделки, в которую конвертирован лид (столбца с ID сделки)."),
    Count = ("count", "Count", "Количество"),
    Leads = ("leads", "Leads", "Лиды"),
    Quotes = ("quotes", "Quotes", "Предложения"),
    WonDeals = ("won_deals", "Won deals", "Выигранные сделки"),
    ResponseTimes = ("response_times", "Time to first contact, company leads", "Время до первого контакта, лиды компании"),
    UnderAnHour = ("lt_1h", "< 1 h", "< 1 ч"),
    Hours1To4 = ("h1_4", "1–4 h", "1–4 ч"),
    Hours4To24 = ("h4_24", "4–24 h", "4–24 ч"),
    Days1To2 = ("d1_2", "1–2 days", "1–2 дн."),
    Days2To7 = ("d2_7", "2–7 days", "2–7 дн."),
    OverAWeek = ("gt_7d", "> 7 days", "> 7 дн."),
    Never = ("never", "never", "нет"),
    Trend = ("trend", "Trend", "Динамика"),
    Affects = ("affects", "Affects", "Влияет на"),
    AffectsTerritory = ("affects_territory", "Territory figures (the rep is scored under Unassigned)", "Показатели территорий (менеджер учтён в «Unassigned»)"),
    Change = ("change", "Last 3 months, vs the 3 before", "3 последних месяца, к 3 предыдущим"),
    Pp = ("pp", "pp", "п.п."),
    ByLine = ("by_line", "By product line", "По продуктовым линейкам"),
    ProductLine = ("product_line", "Product line", "Линейка"),
    PaceNeeds = ("pace_needs", "Needs", "Нужно"),
    PaceAMonth = ("pace_a_month", "a month in the", "в месяц в оставшиеся"),
    PaceMonthsLeft = ("pace_months_left", "months left of the window to reach its quota.", "мес. периода, чтобы выполнить план."),
    NoOwnerNotice = ("no_owner_notice", "The deals export has no owner column: every deal is scored under one rep, “(no owner)”, so reps cannot be told apart.", "В выгрузке сделок нет ответственного: все сделки учтены за одним менеджером «(no owner)», поэтому менеджеров не различить."),
    TableReps = ("table_reps", "Reps", "Менеджеры"),
    TableDeals = ("table_deals", "Deals", "Сделки"),
    TableQuotes = ("table_quotes", "Quotes", "Коммерческие предложения"),
    TableLeads = ("table_leads", "Leads", "Лиды"),
    TableActivities = ("table_activities", "Activities (calls, meetings, emails)", "Активности (звонки, встречи, письма)"),
    TableContacts = ("table_contacts", "Contacts", "Контакты"),
    TableQuotas = ("table_quotas", "Quotas", "Планы"),
    TableSurveys = ("table_surveys", "Customer surveys", "Опросы клиентов"),
    TableMeetings = ("table_meetings", "Meeting attendance", "Посещение встреч"),
    TableForecasts = ("table_forecasts", "Forecasts", "Прогнозы"),
    TableRatings = ("table_ratings", "Ratings", "Оценки"),
    TableAccounts = ("table_accounts", "Accounts", "Клиенты"),
    TableProducts = ("table_products", "Products", "Продукты"),
    PaceReached = ("pace_reached", "The window's quota is already reached:", "План периода уже выполнен:"),
}

impl Label {
    /// A table's name in words, for a manager ("Deals", not `deals`).
    pub fn of_table(table: crate::model::Table) -> Label {
        use crate::model::Table;
        match table {
            Table::Reps => Label::TableReps,
            Table::Deals => Label::TableDeals,
            Table::Quotes => Label::TableQuotes,
            Table::Leads => Label::TableLeads,
            Table::Activities => Label::TableActivities,
            Table::Contacts => Label::TableContacts,
            Table::Quotas => Label::TableQuotas,
            Table::Surveys => Label::TableSurveys,
            Table::Meetings => Label::TableMeetings,
            Table::Forecasts => Label::TableForecasts,
            Table::Ratings => Label::TableRatings,
            Table::Accounts => Label::TableAccounts,
            Table::Products => Label::TableProducts,
        }
    }

    /// A finding's kind in a few words, for pages in a language other
    /// than the one `check` writes its messages in.
    pub fn of_finding(kind: crate::model::FindingKind) -> Label {
        use crate::model::FindingKind as K;
        match kind {
            K::BadValue => Label::FindingBadValue,
            K::RaggedRow => Label::FindingRaggedRow,
            K::DuplicateId => Label::FindingDuplicateId,
            K::UndatedClosedDeal => Label::FindingUndatedClosedDeal,
            K::NegativeAmount => Label::FindingNegativeAmount,
            K::ClosedBeforeCreated => Label::FindingClosedBeforeCreated,
            K::AbsurdAmount => Label::FindingAbsurdAmount,
            K::UnknownProductLine => Label::FindingUnknownProductLine,
            K::UnknownRep => Label::FindingUnknownRep,
            K::NoRepsTable => Label::FindingNoRepsTable,
            K::OwnerIds => Label::FindingOwnerIds,
            K::TeamGoal => Label::FindingTeamGoal,
            K::IgnoredFile => Label::FindingIgnoredFile,
            K::UnusableFile => Label::FindingUnusableFile,
            K::IgnoredColumns => Label::FindingIgnoredColumns,
            K::DerivedColumn => Label::FindingDerivedColumn,
            K::UnmappedStage => Label::FindingUnmappedStage,
            K::DuplicateHeader => Label::FindingDuplicateHeader,
            K::ClosedStage => Label::FindingClosedStage,
            K::NoOwnerColumn => Label::FindingNoOwnerColumn,
            K::FarDate => Label::FindingFarDate,
            K::EmptyWindow => Label::FindingEmptyWindow,
            K::NormalisedText => Label::FindingNormalisedText,
            K::UnknownTerritory => Label::FindingUnknownTerritory,
        }
    }

    /// The word for a status.
    pub fn of_status(status: crate::model::Status) -> Label {
        use crate::model::Status;
        match status {
            Status::Met => Label::Met,
            Status::Near => Label::Near,
            Status::Missed => Label::Missed,
            Status::NoData => Label::NoData,
        }
    }
}

/// The labels in one language: by [`Label`] for Rust code, by key for
/// templates.
#[derive(Debug, Clone)]
pub struct Labels {
    language: Language,
}

impl Labels {
    pub fn new(language: Language) -> Labels {
        Labels { language }
    }

    /// The text of a label; cannot fail.
    pub fn get(&self, label: Label) -> &'static str {
        let (_, _, en, ru) = LABELS[label as usize];
        match self.language {
            Language::En => en,
            Language::Ru => ru,
        }
    }

    /// Key → text, as templates read them (`t.<key>`).
    pub fn by_key(&self) -> BTreeMap<&'static str, &'static str> {
        LABELS
            .iter()
            .map(|(label, key, _, _)| (*key, self.get(*label)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_declared_in_order_with_unique_keys() {
        let mut keys = std::collections::BTreeSet::new();
        for (i, (label, key, en, ru)) in LABELS.iter().enumerate() {
            assert_eq!(*label as usize, i, "{key}");
            assert!(keys.insert(*key), "{key} twice");
            assert!(!en.is_empty() && !ru.is_empty(), "{key}");
        }
        let ru = Labels::new(Language::Ru);
        for (status, key) in [
            (crate::model::Status::Met, "met"),
            (crate::model::Status::Near, "near"),
            (crate::model::Status::Missed, "missed"),
            (crate::model::Status::NoData, "no_data"),
        ] {
            assert_eq!(ru.get(Label::of_status(status)), ru.by_key()[key]);
        }
        assert_eq!(ru.get(Label::Company), "Компания");
        assert_eq!(ru.by_key()["company"], "Компания");
    }
}
