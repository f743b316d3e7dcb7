//! The minutes as a document: Markdown and a printable page, with attendance, notes, decisions and action items, in
//! the reader's language (revisions store the Italian record).

#[allow(unused_imports)]
use super::*;

impl MinutesService<'_> {
    /// The minutes as Markdown: table, date, place, attendance, items with notes, decisions and action items.
    pub async fn markdown(
        &self,
        actor: &Actor,
        meeting_id: i64,
        locale: Locale,
    ) -> ServiceResult<String> {
        let record = self.record(actor, meeting_id).await?;
        Ok(render_markdown(&record, locale))
    }

    /// The minutes as a printable HTML page.
    pub async fn printable_html(
        &self,
        actor: &Actor,
        meeting_id: i64,
        locale: Locale,
    ) -> ServiceResult<String> {
        let record = self.record(actor, meeting_id).await?;
        Ok(crate::markdown::printable_page(
            &format!(
                "{} — {}",
                Labels::of(locale).minutes,
                record.context.meeting.title
            ),
            &render_markdown(&record, locale),
        ))
    }

    /// Renders one note as sanitized HTML.
    pub fn note_html(&self, body: &str) -> String {
        to_safe_html(body)
    }

    async fn record(&self, actor: &Actor, meeting_id: i64) -> ServiceResult<Record> {
        let (context, minutes) = self.readable_minutes(actor, meeting_id).await?;
        gather(self.db, context, minutes).await
    }
}

/// Everything the minutes say, gathered for rendering.
pub(super) struct Record {
    context: MeetingContext,
    minutes: minutes::Model,
    agenda: Vec<agenda_item::Model>,
    notes: Vec<minutes_note::Model>,
    decisions: Vec<decision::Model>,
    actions: Vec<action_item::Model>,
    present: Vec<String>,
    absent: Vec<String>,
    excused: Vec<String>,
    people: Vec<person::Model>,
    organizations: Vec<organization::Model>,
}

pub(super) async fn gather(
    conn: &impl ConnectionTrait,
    context: MeetingContext,
    minutes: minutes::Model,
) -> ServiceResult<Record> {
    let meeting_id = context.meeting.id;
    let agenda = agenda_item::Entity::find()
        .filter(agenda_item::Column::MeetingId.eq(meeting_id))
        .order_by_asc(agenda_item::Column::Position)
        .all(conn)
        .await?;
    let notes = minutes_note::Entity::find()
        .filter(minutes_note::Column::MinutesId.eq(minutes.id))
        .all(conn)
        .await?;
    let decisions = decision::Entity::find()
        .filter(decision::Column::MeetingId.eq(meeting_id))
        .order_by_asc(decision::Column::Id)
        .all(conn)
        .await?;
    let actions = action_item::Entity::find()
        .filter(action_item::Column::MeetingId.eq(meeting_id))
        .order_by_asc(action_item::Column::Id)
        .all(conn)
        .await?;
    let attendances = attendance::Entity::find()
        .filter(attendance::Column::MeetingId.eq(meeting_id))
        .all(conn)
        .await?;
    let mut person_ids: Vec<i64> = attendances.iter().map(|a| a.person_id).collect();
    person_ids.extend(actions.iter().filter_map(|a| a.assignee_person_id));
    let people = person::Entity::find()
        .filter(person::Column::Id.is_in(person_ids))
        .order_by_asc(person::Column::Name)
        .all(conn)
        .await?;
    let organizations = organization::Entity::find()
        .filter(
            organization::Column::Id
                .is_in(actions.iter().filter_map(|a| a.assignee_organization_id)),
        )
        .all(conn)
        .await?;
    let name_of = |id: i64| {
        people
            .iter()
            .find(|p| p.id == id)
            .map(|p| p.name.clone())
            .unwrap_or_default()
    };
    let by_status = |status: AttendanceStatus| {
        let mut names: Vec<String> = attendances
            .iter()
            .filter(|a| a.status == status)
            .map(|a| name_of(a.person_id))
            .collect();
        names.sort();
        names
    };
    let present = by_status(AttendanceStatus::Present);
    let absent = by_status(AttendanceStatus::Absent);
    let excused = by_status(AttendanceStatus::Excused);
    Ok(Record {
        context,
        minutes,
        agenda,
        notes,
        decisions,
        actions,
        present,
        absent,
        excused,
        people,
        organizations,
    })
}

/// The words of the document, in one language.
struct Labels {
    minutes: &'static str,
    table: &'static str,
    date: &'static str,
    from: &'static str,
    to: &'static str,
    place: &'static str,
    link: &'static str,
    status: &'static str,
    approved: &'static str,
    in_review: &'static str,
    draft: &'static str,
    attendance: &'static str,
    present: &'static str,
    absent: &'static str,
    excused: &'static str,
    decision: &'static str,
    outcomes: [&'static str; 3],
    votes: [&'static str; 3],
    actions: &'static str,
    action: &'static str,
    assignee: &'static str,
    due: &'static str,
    date_format: &'static str,
}

const ITALIAN: Labels = Labels {
    minutes: "Verbale",
    table: "Tavolo",
    date: "Data",
    from: "dalle",
    to: "alle",
    place: "Luogo",
    link: "Collegamento",
    status: "Stato del verbale",
    approved: "approvato",
    in_review: "in revisione",
    draft: "bozza",
    attendance: "Presenze",
    present: "Presenti",
    absent: "Assenti",
    excused: "giustificato",
    decision: "Decisione",
    outcomes: ["approvata", "respinta", "rinviata"],
    votes: ["favorevoli", "contrari", "astenuti"],
    actions: "Azioni di follow-up",
    action: "Azione",
    assignee: "Assegnata a",
    due: "Scadenza",
    date_format: "%d/%m/%Y",
};

const ENGLISH: Labels = Labels {
    minutes: "Minutes",
    table: "Table",
    date: "Date",
    from: "from",
    to: "to",
    place: "Place",
    link: "Link",
    status: "Status of the minutes",
    approved: "approved",
    in_review: "in review",
    draft: "draft",
    attendance: "Attendance",
    present: "Present",
    absent: "Absent",
    excused: "excused",
    decision: "Decision",
    outcomes: ["approved", "rejected", "deferred"],
    votes: ["for", "against", "abstaining"],
    actions: "Follow-up actions",
    action: "Action",
    assignee: "Assigned to",
    due: "Due",
    date_format: "%d/%m/%Y",
};

impl Labels {
    fn of(locale: Locale) -> &'static Labels {
        match locale {
            Locale::It => &ITALIAN,
            Locale::En => &ENGLISH,
        }
    }

    fn outcome(&self, outcome: DecisionOutcome) -> &'static str {
        match outcome {
            DecisionOutcome::Approved => self.outcomes[0],
            DecisionOutcome::Rejected => self.outcomes[1],
            DecisionOutcome::Deferred => self.outcomes[2],
        }
    }
}

/// The minutes as one Markdown document in `locale`; revisions store exactly this, in Italian (the record's language).
pub(super) fn render_markdown(record: &Record, locale: Locale) -> String {
    let words = Labels::of(locale);
    let meeting = &record.context.meeting;
    let zone = meeting.time_zone.tz();
    let start = meeting.starts_at.with_timezone(&zone);
    let end = meeting.ends_at.with_timezone(&zone);
    let mut out = format!("# {} — {}\n\n", words.minutes, meeting.title);
    out.push_str(&format!(
        "**{}:** {}  \n",
        words.table, record.context.table.name
    ));
    out.push_str(&format!(
        "**{}:** {} {} {} {} {} ({})  \n",
        words.date,
        start.format(words.date_format),
        words.from,
        start.format("%H:%M"),
        words.to,
        end.format("%H:%M"),
        zone.name()
    ));
    if let Some(place) = &meeting.place {
        out.push_str(&format!("**{}:** {place}  \n", words.place));
    }
    if let Some(url) = &meeting.online_url {
        out.push_str(&format!("**{}:** {url}  \n", words.link));
    }
    out.push_str(&format!(
        "**{}:** {}\n\n",
        words.status,
        match record.minutes.status.as_str() {
            "approved" => words.approved,
            "in_review" => words.in_review,
            _ => words.draft,
        }
    ));
    out.push_str(&format!("## {}\n\n", words.attendance));
    out.push_str(&format!(
        "{}: {}\n\n",
        words.present,
        if record.present.is_empty() {
            "—".to_owned()
        } else {
            record.present.join(", ")
        }
    ));
    let mut absent = record.absent.clone();
    absent.extend(
        record
            .excused
            .iter()
            .map(|name| format!("{name} ({})", words.excused)),
    );
    if !absent.is_empty() {
        out.push_str(&format!("{}: {}\n\n", words.absent, absent.join(", ")));
    }
    for (index, item) in record.agenda.iter().enumerate() {
        out.push_str(&format!("## {}. {}\n\n", index + 1, item.title));
        if let Some(note) = record
            .notes
            .iter()
            .find(|n| n.agenda_item_id == item.id)
            .filter(|n| !n.body.trim().is_empty())
        {
            out.push_str(note.body.trim());
            out.push_str("\n\n");
        }
        for decision in record
            .decisions
            .iter()
            .filter(|d| d.agenda_item_id == item.id)
        {
            out.push_str(&format!(
                "**{} ({}):** {}",
                words.decision,
                words.outcome(decision.outcome),
                decision.text.trim()
            ));
            if let (Some(yes), Some(no), Some(abstained)) = (
                decision.votes_for,
                decision.votes_against,
                decision.votes_abstained,
            ) {
                let [for_, against, abstaining] = words.votes;
                out.push_str(&format!(
                    " — {for_} {yes}, {against} {no}, {abstaining} {abstained}"
                ));
            }
            out.push_str("\n\n");
        }
    }
    if !record.actions.is_empty() {
        out.push_str(&format!(
            "## {}\n\n| {} | {} | {} |\n|---|---|---|\n",
            words.actions, words.action, words.assignee, words.due
        ));
        for action in &record.actions {
            let assignee = action
                .assignee_person_id
                .and_then(|id| {
                    record
                        .people
                        .iter()
                        .find(|p| p.id == id)
                        .map(|p| p.name.clone())
                })
                .or_else(|| {
                    action.assignee_organization_id.and_then(|id| {
                        record
                            .organizations
                            .iter()
                            .find(|o| o.id == id)
                            .map(|o| o.name.clone())
                    })
                })
                .unwrap_or_else(|| "—".to_owned());
            let due = action
                .due_date
                .map(|d| d.format(words.date_format).to_string())
                .unwrap_or_else(|| "—".to_owned());
            out.push_str(&format!(
                "| {} | {assignee} | {due} |\n",
                action.title.replace('|', "\\|")
            ));
        }
        out.push('\n');
    }
    out
}
