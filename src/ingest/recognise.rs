//! What the lexicon cannot say about a CRM: header signatures for layouts
//! that need more than one name per column — a value from the first
//! filled of several columns (Dynamics 365's actual or estimated revenue,
//! Pipedrive's won, lost or expected close time), a closed flag beside a
//! stage (Bitrix24's `CLOSED=Y`), a name split in two with no file name to
//! say it lists users (Zoho, Bitrix24), a table known only by its
//! signature (Zoho calls, Maven's sales teams) — and yardstick's own
//! canonical names. Everything else is read by the lexicon
//! ([`super::lexicon`]). The best match gives the table, and its column
//! map turns the file into the canonical columns, all still text.
//! Won/lost/open comes from the CRM's own flags where it has them, else
//! from its stage through the stage map.

use std::collections::BTreeMap;

use crate::model::{ColumnSpec, Table};

/// Where a canonical column's text comes from.
#[derive(Debug, Clone, Copy)]
pub enum Source {
    /// The first of these headers the file has.
    Header(&'static [&'static str]),
    /// Per row, the first non-empty cell among these headers.
    Coalesce(&'static [&'static str]),
    /// These headers joined with a space (first and last name).
    Concat(&'static [&'static str]),
    /// The same text on every row.
    Const(&'static str),
    /// The header spelled exactly like the canonical column.
    Named(&'static str),
    /// won/lost/open from flags: won if the first is true, lost if only
    /// the second (closed) is.
    Flags(&'static [&'static str], &'static [&'static str]),
    /// won/lost/open from a status or stage text, through the stage map.
    Stage(&'static [&'static str]),
    /// As `Stage`, with a closed flag beside it (Bitrix24's `CLOSED=Y`): a
    /// closed deal at a stage known as neither won nor lost is `closed`.
    StageClosed(&'static [&'static str], &'static [&'static str]),
}

/// How one CRM's export of one table looks.
pub struct Profile {
    pub crm: &'static str,
    pub table: Table,
    /// Normalised headers that must all be present.
    pub signature: &'static [&'static str],
    pub columns: &'static [(&'static str, Source)],
}

use Source::*;

pub const PROFILES: &[Profile] = &[
    // Maven Analytics "CRM Sales Opportunities".
    Profile {
        crm: "Maven CRM Sales Opportunities",
        table: Table::Deals,
        signature: &["opportunity_id", "sales_agent", "deal_stage"],
        columns: &[
            ("deal_id", Header(&["opportunity_id"])),
            ("rep", Header(&["sales_agent"])),
            ("product", Header(&["product"])),
            ("account", Header(&["account"])),
            ("stage", Header(&["deal_stage"])),
            ("outcome", Stage(&["deal_stage"])),
            ("created_on", Header(&["engage_date"])),
            ("close_date", Header(&["close_date"])),
            ("amount", Header(&["close_value"])),
        ],
    },
    Profile {
        crm: "Maven CRM Sales Opportunities",
        table: Table::Reps,
        signature: &["sales_agent", "regional_office"],
        columns: &[
            ("rep", Header(&["sales_agent"])),
            ("manager", Header(&["manager"])),
            ("territory", Header(&["regional_office"])),
        ],
    },
    Profile {
        crm: "Maven CRM Sales Opportunities",
        table: Table::Products,
        signature: &["product", "series", "sales_price"],
        columns: &[
            ("product", Header(&["product"])),
            ("product_line", Header(&["series"])),
            ("list_price", Header(&["sales_price"])),
        ],
    },
    Profile {
        crm: "Maven CRM Sales Opportunities",
        table: Table::Accounts,
        signature: &["account", "sector", "office_location"],
        columns: &[("account", Header(&["account"]))],
    },
    // Dynamics 365 "Export to Excel" (hidden "(Do Not Modify)" columns are
    // matched without that prefix).
    Profile {
        crm: "Dynamics 365",
        table: Table::Deals,
        signature: &["topic", "potential customer", "est. close date"],
        columns: &[
            ("deal_id", Header(&["opportunity"])),
            ("rep", Header(&["owner"])),
            ("account", Header(&["potential customer"])),
            ("stage", Header(&["sales stage", "pipeline phase"])),
            ("outcome", Stage(&["status"])),
            ("created_on", Header(&["created on"])),
            (
                "close_date",
                Coalesce(&["actual close date", "est. close date"]),
            ),
            ("amount", Coalesce(&["actual revenue", "est. revenue"])),
            ("currency", Header(&["currency"])),
            ("last_modified", Header(&["modified on"])),
            ("forecast_category", Header(&["forecast category"])),
        ],
    },
    Profile {
        crm: "Dynamics 365",
        table: Table::Accounts,
        signature: &["account name", "territory", "owner"],
        columns: &[
            ("account", Header(&["account name"])),
            ("territory", Header(&["territory"])),
            ("owner", Header(&["owner"])),
        ],
    },
    Profile {
        crm: "Dynamics 365",
        table: Table::Reps,
        signature: &["first name", "last name", "primary email", "manager"],
        columns: &[
            ("rep", Concat(&["first name", "last name"])),
            ("manager", Header(&["manager"])),
        ],
    },
    Profile {
        crm: "Dynamics 365",
        table: Table::Activities,
        signature: &["subject", "regarding", "start time", "owner"],
        columns: &[
            ("rep", Header(&["owner"])),
            ("kind", Const("meeting")),
            ("at", Coalesce(&["actual start", "start time"])),
            ("account", Header(&["regarding"])),
        ],
    },
    // Salesforce Data Loader / Bulk API (API field names).
    Profile {
        crm: "Salesforce",
        table: Table::Deals,
        signature: &["stagename", "closedate", "iswon"],
        columns: &[
            ("deal_id", Header(&["id"])),
            ("rep", Header(&["ownerid", "owner.name"])),
            ("account", Header(&["accountid", "account.name"])),
            ("product_line", Header(&["product__c"])),
            ("stage", Header(&["stagename"])),
            ("outcome", Flags(&["iswon"], &["isclosed"])),
            ("created_on", Header(&["createddate"])),
            ("close_date", Header(&["closedate"])),
            ("amount", Header(&["amount"])),
            ("currency", Header(&["currencyisocode"])),
            ("last_modified", Header(&["lastmodifieddate"])),
            (
                "forecast_category",
                Header(&["forecastcategoryname", "forecastcategory"]),
            ),
        ],
    },
    Profile {
        crm: "Salesforce",
        table: Table::Activities,
        signature: &["whoid", "whatid", "activitydate", "subject"],
        columns: &[
            ("activity_id", Header(&["id"])),
            ("rep", Header(&["ownerid", "owner.name"])),
            ("kind", Coalesce(&["tasksubtype", "type", "calltype"])),
            (
                "at",
                Coalesce(&["completeddatetime", "activitydate", "createddate"]),
            ),
            ("contact_id", Header(&["whoid"])),
            ("account", Header(&["accountid"])),
        ],
    },
    Profile {
        crm: "Salesforce",
        table: Table::Contacts,
        signature: &["accountid", "lastname", "firstname", "email"],
        columns: &[
            ("contact_id", Header(&["id"])),
            ("rep", Header(&["ownerid", "owner.name"])),
            ("created_on", Header(&["createddate"])),
            ("name", Coalesce(&["name", "lastname"])),
            ("address", Header(&["mailingstreet"])),
            ("phone", Coalesce(&["phone", "mobilephone"])),
            ("email", Header(&["email"])),
        ],
    },
    Profile {
        crm: "Salesforce",
        table: Table::Accounts,
        signature: &["id", "name", "billingcity", "industry"],
        columns: &[
            ("account", Header(&["id"])),
            ("territory", Header(&["territory__c", "sales_region__c"])),
            ("owner", Header(&["ownerid", "owner.name"])),
            ("name", Header(&["name"])),
        ],
    },
    Profile {
        crm: "Salesforce",
        table: Table::Reps,
        signature: &["id", "username", "isactive"],
        columns: &[
            ("user_id", Header(&["id"])),
            ("rep", Coalesce(&["name"])),
            ("active", Header(&["isactive"])),
        ],
    },
    // Bitrix24 REST API (`crm.deal.list` field names).
    Profile {
        crm: "Bitrix24 (API)",
        table: Table::Deals,
        signature: &["stage_id", "assigned_by_id"],
        columns: &[
            ("deal_id", Header(&["id"])),
            ("rep", Header(&["assigned_by_id"])),
            ("account", Header(&["company_id"])),
            ("stage", Header(&["stage_id"])),
            ("outcome", StageClosed(&["stage_id"], &["closed"])),
            ("created_on", Header(&["date_create"])),
            ("close_date", Header(&["closedate"])),
            ("amount", Header(&["opportunity"])),
            ("currency", Header(&["currency_id"])),
            ("last_modified", Header(&["date_modify"])),
        ],
    },
    Profile {
        crm: "Bitrix24 (API)",
        table: Table::Reps,
        signature: &["id", "name", "last_name", "active"],
        columns: &[
            ("user_id", Header(&["id"])),
            ("rep", Concat(&["name", "last_name"])),
            ("active", Header(&["active"])),
        ],
    },
    // Pipedrive ("Deal - Title" style headers).
    Profile {
        crm: "Pipedrive",
        table: Table::Deals,
        signature: &["deal - title", "deal - status"],
        columns: &[
            ("deal_id", Header(&["deal - id"])),
            ("rep", Header(&["deal - owner"])),
            ("account", Header(&["deal - organization"])),
            ("product_line", Header(&["deal - product name"])),
            ("stage", Header(&["deal - stage"])),
            ("outcome", Stage(&["deal - status"])),
            ("created_on", Header(&["deal - deal created"])),
            (
                "close_date",
                Coalesce(&[
                    "deal - won time",
                    "deal - lost time",
                    "deal - expected close date",
                ]),
            ),
            ("amount", Header(&["deal - value"])),
            ("currency", Header(&["deal - currency"])),
            ("last_modified", Header(&["deal - update time"])),
        ],
    },
    Profile {
        crm: "Pipedrive",
        table: Table::Activities,
        signature: &["activity - type", "activity - due date"],
        columns: &[
            ("activity_id", Header(&["activity - id"])),
            (
                "rep",
                Header(&["activity - assigned to user", "activity - owner"]),
            ),
            ("kind", Header(&["activity - type"])),
            (
                "at",
                Header(&["activity - marked as done time", "activity - due date"]),
            ),
            ("account", Header(&["activity - organization"])),
        ],
    },
    // Zoho CRM users and calls, known without a file name.
    Profile {
        crm: "Zoho CRM",
        table: Table::Reps,
        signature: &["user_id", "first name", "last name"],
        columns: &[
            ("user_id", Header(&["user_id"])),
            ("rep", Concat(&["first name", "last name"])),
            ("manager", Header(&["reporting to", "manager"])),
            ("active", Header(&["active", "status"])),
        ],
    },
    Profile {
        crm: "Zoho CRM",
        table: Table::Activities,
        signature: &["call owner", "call start time"],
        columns: &[
            ("activity_id", Header(&["record id", "call id", "id"])),
            ("rep", Header(&["call owner"])),
            ("kind", Const("call")),
            ("at", Header(&["call start time"])),
            ("account", Header(&["what id", "related to"])),
        ],
    },
];

/// Headers compared without case, surrounding spaces, D365's
/// "(Do Not Modify)" prefix, a currency in parentheses or at the end
/// ("Amount (USD)", "Бюджет ₽"), or a BOM.
pub fn normalise(header: &str) -> String {
    let mut h = header.trim().trim_start_matches('\u{feff}').to_lowercase();
    if let Some(rest) = h.strip_prefix("(do not modify)") {
        h = rest.trim().to_string();
    }
    if let Some(open) = h.rfind(" (") {
        if h.ends_with(')') && crate::ingest::values::currency_of(&h[open..]).is_some() {
            h.truncate(open);
        }
    }
    let trimmed = h.trim_end_matches(['$', '€', '£', '₽', ' ', '.']);
    let trimmed = trimmed
        .strip_suffix(" руб")
        .or_else(|| trimmed.strip_suffix(" rub"))
        .unwrap_or(trimmed);
    trimmed.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What a file was understood as.
#[derive(Debug, Clone)]
pub struct Match {
    pub crm: &'static str,
    pub table: Table,
    /// Canonical column → where it comes from, in the table's column order.
    pub columns: Vec<(&'static str, Source)>,
    /// How it was chosen, for `check`, when a score chose it.
    pub why: Option<String>,
}

/// The best profile for these headers, if any: the one with the longest
/// matched signature, then the most mapped columns. The canonical layout
/// is tried last, as a profile of its own.
pub fn recognise(headers: &[String], only: Option<Table>) -> Option<Match> {
    let have: Vec<String> = headers.iter().map(|h| normalise(h)).collect();
    recognise_crm(headers, only).or_else(|| canonical(&have, only))
}

/// The best CRM profile for these headers, leaving out the canonical layout.
pub fn recognise_crm(headers: &[String], only: Option<Table>) -> Option<Match> {
    let have: Vec<String> = headers.iter().map(|h| normalise(h)).collect();
    let has = |h: &str| have.iter().any(|x| x == h);
    let mut best: Option<(usize, usize, Match)> = None;
    for p in PROFILES
        .iter()
        .filter(|p| only.is_none_or(|t| t == p.table))
    {
        if !p.signature.iter().all(|s| has(s)) {
            continue;
        }
        let mapped = p
            .columns
            .iter()
            .filter(|(_, s)| source_present(s, &has))
            .count();
        let candidate = (p.signature.len(), mapped);
        if best.as_ref().is_none_or(|b| candidate > (b.0, b.1)) {
            best = Some((
                candidate.0,
                candidate.1,
                Match {
                    crm: p.crm,
                    table: p.table,
                    columns: p.columns.to_vec(),
                    why: None,
                },
            ));
        }
    }
    best.map(|b| b.2)
}

/// yardstick's own layout: headers named like the canonical columns.
fn canonical(have: &[String], only: Option<Table>) -> Option<Match> {
    let tables: Vec<Table> = match only {
        Some(t) => vec![t],
        None => Table::ALL.to_vec(),
    };
    // Without a name to go by, two or more canonical headers are needed.
    let least = if only.is_some() { 1 } else { 2 };
    let matched = |t: &Table| {
        t.columns()
            .iter()
            .filter(|c| have.iter().any(|h| h == c.name))
            .count()
    };
    tables
        .into_iter()
        .filter(|t| {
            t.columns()
                .iter()
                .filter(|c| c.required)
                .all(|c| have.iter().any(|h| h == c.name))
        })
        .filter(|t| matched(t) >= least)
        .max_by_key(matched)
        .map(|table| Match {
            crm: "canonical",
            table,
            columns: table
                .columns()
                .iter()
                .map(|c: &ColumnSpec| (c.name, Named(c.name)))
                .collect(),
            why: None,
        })
}

pub fn source_present(source: &Source, has: &dyn Fn(&str) -> bool) -> bool {
    match source {
        Header(h) | Coalesce(h) | Stage(h) | StageClosed(h, _) => h.iter().any(|x| has(x)),
        Concat(h) => h.iter().all(|x| has(x)),
        Flags(won, _) => won.iter().any(|x| has(x)),
        Const(_) => true,
        Named(n) => has(n),
    }
}

/// Words that say a deal was won or lost, in the CRMs' own vocabularies
/// (English and Russian, amoCRM's status ids, Bitrix24's stage codes).
/// Anything else is open unless the stage map says otherwise.
pub fn outcome_of_stage(stage: &str, map: &BTreeMap<String, String>) -> (&'static str, bool) {
    let s = stage.trim().to_lowercase();
    if let Some((_, v)) = map.iter().find(|(k, _)| k.trim().to_lowercase() == s) {
        return (
            match v.as_str() {
                "won" => "won",
                "lost" => "lost",
                _ => "open",
            },
            true,
        );
    }
    const WON: &[&str] = &[
        "won",
        "closed won",
        "closedwon",
        "closed - won",
        "win",
        "success",
        "успешно реализовано",
        "сделка успешна",
        "успешна",
        "выиграна",
        "выиграно",
        "142",
        "won_stage",
        "c:won",
        // German and Dutch, French, Spanish, Portuguese, Italian.
        "gewonnen",
        "gagné",
        "gagnée",
        "ganado",
        "ganada",
        "ganho",
        "ganha",
        "vinto",
        "vinta",
    ];
    const LOST: &[&str] = &[
        "lost",
        "closed lost",
        "closedlost",
        "closed - lost",
        "lose",
        "fail",
        "закрыто и не реализовано",
        "сделка провалена",
        "провалена",
        "проиграна",
        "проиграно",
        "143",
        "c:lose",
        "analyze failure",
        // Bitrix24's "analyse the failure" stage closes a deal as lost.
        "apology",
        "verloren",
        "perdu",
        "perdue",
        "perdido",
        "perdida",
        "perso",
        "persa",
    ];
    const OPEN: &[&str] = &[
        "open",
        "in progress",
        "в работе",
        "new",
        "новая",
        "active",
        // Salesforce's and HubSpot's default open stages.
        "prospecting",
        "qualification",
        "needs analysis",
        "value proposition",
        "id. decision makers",
        "perception analysis",
        "proposal/price quote",
        "negotiation/review",
        "appointmentscheduled",
        "qualifiedtobuy",
        "presentationscheduled",
        "decisionmakerboughtin",
        "contractsent",
    ];
    // Closed, but neither won nor lost: the export does not say which.
    const CLOSED: &[&str] = &[
        "closed",
        "закрыта",
        "закрыто",
        "geschlossen",
        "fermé",
        "fermée",
        "cerrado",
        "cerrada",
        "fechado",
        "chiuso",
        "gesloten",
    ];
    let code = s.rsplit(':').next().unwrap_or(&s);
    if WON.contains(&s.as_str()) || code == "won" {
        ("won", true)
    } else if LOST.contains(&s.as_str()) || code == "lose" || code == "apology" {
        ("lost", true)
    } else if CLOSED.contains(&s.as_str()) {
        ("closed", false)
    } else {
        ("open", OPEN.contains(&s.as_str()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(h: &str) -> Vec<String> {
        h.split(',').map(str::to_string).collect()
    }

    fn found(h: &str) -> (&'static str, Table) {
        let m = recognise(&headers(h), None).unwrap_or_else(|| panic!("nothing for {h}"));
        (m.crm, m.table)
    }

    #[test]
    fn every_crm_is_recognised_by_its_headers() {
        assert_eq!(found("opportunity_id,sales_agent,product,account,deal_stage,engage_date,close_date,close_value"), ("Maven CRM Sales Opportunities", Table::Deals));
        assert_eq!(
            found("sales_agent,manager,regional_office"),
            ("Maven CRM Sales Opportunities", Table::Reps)
        );
        assert_eq!(found("\u{feff}Created On,Topic,Owner,Potential Customer,Status,Est. revenue,Est. close date"), ("Dynamics 365", Table::Deals));
        assert_eq!(
            found("Id,StageName,Amount,CloseDate,IsClosed,IsWon,OwnerId"),
            ("Salesforce", Table::Deals)
        );
        assert_eq!(
            found("ID,TITLE,STAGE_ID,OPPORTUNITY,CURRENCY_ID,ASSIGNED_BY_ID,CLOSEDATE,CLOSED"),
            ("Bitrix24 (API)", Table::Deals)
        );
        assert_eq!(
            found("ID,ACTIVE,NAME,LAST_NAME,EMAIL,WORK_POSITION"),
            ("Bitrix24 (API)", Table::Reps)
        );
        assert_eq!(
            found("USER_ID,First Name,Last Name,Email,Role"),
            ("Zoho CRM", Table::Reps)
        );
        assert_eq!(
            found("Call Owner,Subject,Call Type,Call Start Time,Call Duration"),
            ("Zoho CRM", Table::Activities)
        );
        assert_eq!(found("Deal - ID,Deal - Title,Deal - Owner,Deal - Value,Deal - Currency,Deal - Status,Deal - Stage"), ("Pipedrive", Table::Deals));
        assert_eq!(
            found("deal_id,rep,outcome,close_date,amount"),
            ("canonical", Table::Deals)
        );
        assert!(recognise(&headers("colour,size"), None).is_none());
    }

    /// The layouts whose profiles went: the lexicon reads each the way
    /// its profile did, column for column, from the headers alone.
    #[test]
    fn the_lexicon_reads_what_the_retired_profiles_read() {
        use crate::ingest::lexicon::recognise_by_names;
        let read = |h: &str| {
            let m = recognise_by_names(&headers(h), &[], "", None, &Default::default())
                .unwrap_or_else(|| panic!("nothing for {h}"));
            let columns: Vec<String> = m
                .columns
                .iter()
                .map(|(c, s)| match s {
                    Header(h) | Stage(h) => format!("{c}={}", h[0]),
                    Flags(w, c2) => format!("{c}={}/{}", w[0], c2[0]),
                    Concat(h) => format!("{c}={}", h.join("+")),
                    _ => format!("{c}=?"),
                })
                .collect();
            (m.table, columns.join(" "))
        };
        let cases: &[(&str, Table, &str)] = &[
            (
                "(Do Not Modify) Goal,Name,Goal Owner,Target,Parent Goal,From,To",
                Table::Quotas,
                "rep=goal owner period_start=from period_end=to amount=target name=name parent=parent goal",
            ),
            (
                "Id,OwnerId,LeadSource,Status,CreatedDate,IsConverted,ConvertedDate",
                Table::Leads,
                "lead_id=id rep=ownerid source=leadsource created_at=createddate status=status converted_at=converteddate",
            ),
            (
                "Opportunity Owner,Account Name,Opportunity Name,Opportunity ID,Stage,Amount,Amount (converted),Close Date,Created Date,Won,Closed,Product Family",
                Table::Deals,
                "deal_id=opportunity id rep=opportunity owner account=account name product_line=product family stage=stage outcome=won/closed created_on=created date close_date=close date amount=amount (converted)",
            ),
            (
                "Lead Owner,Lead ID,Lead Source,Lead Status,Create Date,Converted Date",
                Table::Leads,
                "lead_id=lead id rep=lead owner source=lead source created_at=create date status=lead status converted_at=converted date",
            ),
            (
                "Record ID,Deal Name,Deal Stage,Close Date,Amount,Deal owner,Create Date,Associated Company",
                Table::Deals,
                "deal_id=record id rep=deal owner account=associated company stage=deal stage outcome=deal stage created_on=create date close_date=close date amount=amount",
            ),
            (
                "Record ID,First Name,Last Name,Email,Phone Number,Contact owner,Create Date,Street Address",
                Table::Contacts,
                "contact_id=record id rep=contact owner created_on=create date name=first name+last name address=street address phone=phone number email=email",
            ),
            (
                "ID,ARCHIVED,AMOUNT,AMOUNT_IN_HOME_CURRENCY,CLOSEDATE,CREATEDATE,DEALNAME,DEALSTAGE,HS_OBJECT_ID,HUBSPOT_OWNER_ID,HS_MANUAL_FORECAST_CATEGORY",
                Table::Deals,
                "deal_id=hs_object_id rep=hubspot_owner_id stage=dealstage outcome=dealstage created_on=createdate close_date=closedate amount=amount_in_home_currency forecast_category=hs_manual_forecast_category",
            ),
            (
                "Record Id,Deal Name,Deal Owner,Amount,Stage,Closing Date,Created Time,Modified Time",
                Table::Deals,
                "deal_id=record id rep=deal owner stage=stage outcome=stage created_on=created time close_date=closing date amount=amount last_modified=modified time",
            ),
            (
                "Potential Id,Potential Name,Potential Owner,Amount,Stage,Closing Date",
                Table::Deals,
                "deal_id=potential id rep=potential owner stage=stage outcome=stage close_date=closing date amount=amount",
            ),
            (
                "Record Id,Lead Owner,Lead Source,Lead Status,Created Time",
                Table::Leads,
                "lead_id=record id rep=lead owner source=lead source created_at=created time status=lead status",
            ),
            (
                "ID,Название,Стадия сделки,Сумма,Валюта,Ответственный,Дата создания,Дата закрытия",
                Table::Deals,
                "deal_id=id rep=ответственный stage=стадия сделки outcome=стадия сделки created_on=дата создания close_date=дата закрытия amount=сумма currency=валюта",
            ),
            (
                "ID,Название сделки,Бюджет ₽,Ответственный,Этап сделки,Основной контакт,Дата создания,Дата закрытия",
                Table::Deals,
                "deal_id=id rep=ответственный account=основной контакт stage=этап сделки outcome=этап сделки created_on=дата создания close_date=дата закрытия amount=бюджет",
            ),
        ];
        for (h, table, columns) in cases {
            assert_eq!(read(h), (*table, columns.to_string()), "{h}");
        }
    }

    #[test]
    fn headers_are_normalised() {
        assert_eq!(normalise("(Do Not Modify) Modified On"), "modified on");
        assert_eq!(normalise(" Бюджет ₽"), "бюджет");
        assert_eq!(normalise("Amount (USD)"), "amount");
        assert_eq!(normalise("Est. close date"), "est. close date");
    }

    #[test]
    fn stages_become_outcomes() {
        let map = BTreeMap::from([("Verbal yes".to_string(), "won".to_string())]);
        assert_eq!(outcome_of_stage("Closed Won", &map), ("won", true));
        assert_eq!(
            outcome_of_stage("Закрыто и не реализовано", &map),
            ("lost", true)
        );
        assert_eq!(outcome_of_stage("C3:WON", &map), ("won", true));
        assert_eq!(outcome_of_stage("C6:LOSE", &map), ("lost", true));
        assert_eq!(outcome_of_stage("C2:APOLOGY", &map), ("lost", true));
        for (word, outcome) in [
            ("Gewonnen", "won"),
            ("Verloren", "lost"),
            ("Gagné", "won"),
            ("Perdu", "lost"),
            ("Ganado", "won"),
            ("Perdido", "lost"),
            ("Сделка успешна", "won"),
            ("Сделка провалена", "lost"),
        ] {
            assert_eq!(outcome_of_stage(word, &map), (outcome, true), "{word}");
        }
        assert_eq!(outcome_of_stage("verbal yes", &map), ("won", true));
        assert_eq!(outcome_of_stage("Engaging", &map), ("open", false));
        assert_eq!(outcome_of_stage("Open", &map), ("open", true));
        assert_eq!(outcome_of_stage("Negotiation/Review", &map), ("open", true));
        assert_eq!(
            outcome_of_stage("appointmentscheduled", &map),
            ("open", true)
        );
        // Closed, neither won nor lost: not known, so it is listed.
        assert_eq!(outcome_of_stage("Geschlossen", &map), ("closed", false));
    }
}
