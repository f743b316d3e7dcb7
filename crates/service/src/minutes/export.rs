//! The minutes as a document: Markdown and a printable page, with attendance, notes, decisions and action items.

#[allow(unused_imports)]
use super::*;

impl MinutesService<'_> {
    /// The minutes as Markdown: table, date, place, attendance, items with notes, decisions and action items.
    pub async fn markdown(&self, actor: &Actor, meeting_id: i64) -> ServiceResult<String> {
        let record = self.record(actor, meeting_id).await?;
        Ok(render_markdown(&record))
    }

    /// The minutes as a printable HTML page.
    pub async fn printable_html(&self, actor: &Actor, meeting_id: i64) -> ServiceResult<String> {
        let record = self.record(actor, meeting_id).await?;
        Ok(crate::markdown::printable_page(
            &format!("Verbale — {}", record.context.meeting.title),
            &render_markdown(&record),
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
    people: Vec<person::Model>,
    organizations: Vec<organization::Model>,
}

pub(super) fn meeting_zone(meeting: &meeting::Model) -> chrono_tz::Tz {
    meeting.time_zone.parse().unwrap_or(chrono_tz::Europe::Rome)
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
            .filter(|a| a.status == status.as_str())
            .map(|a| name_of(a.person_id))
            .collect();
        names.sort();
        names
    };
    let present = by_status(AttendanceStatus::Present);
    let mut absent = by_status(AttendanceStatus::Absent);
    absent.extend(
        by_status(AttendanceStatus::Excused)
            .into_iter()
            .map(|n| format!("{n} (giustificato)")),
    );
    Ok(Record {
        context,
        minutes,
        agenda,
        notes,
        decisions,
        actions,
        present,
        absent,
        people,
        organizations,
    })
}

fn outcome_label(outcome: &str) -> &'static str {
    match outcome.parse::<DecisionOutcome>() {
        Ok(DecisionOutcome::Approved) => "approvata",
        Ok(DecisionOutcome::Rejected) => "respinta",
        Ok(DecisionOutcome::Deferred) => "rinviata",
        Err(_) => "",
    }
}

/// The minutes as one Markdown document, in Italian (the language of the record); revisions store exactly this.
pub(super) fn render_markdown(record: &Record) -> String {
    let meeting = &record.context.meeting;
    let zone = meeting_zone(meeting);
    let start = meeting.starts_at.with_timezone(&zone);
    let end = meeting.ends_at.with_timezone(&zone);
    let mut out = format!("# Verbale — {}\n\n", meeting.title);
    out.push_str(&format!("**Tavolo:** {}  \n", record.context.table.name));
    out.push_str(&format!(
        "**Data:** {} dalle {} alle {} ({})  \n",
        start.format("%d/%m/%Y"),
        start.format("%H:%M"),
        end.format("%H:%M"),
        zone.name()
    ));
    if let Some(place) = &meeting.place {
        out.push_str(&format!("**Luogo:** {place}  \n"));
    }
    if let Some(url) = &meeting.online_url {
        out.push_str(&format!("**Collegamento:** {url}  \n"));
    }
    out.push_str(&format!(
        "**Stato del verbale:** {}\n\n",
        match record.minutes.status.as_str() {
            "approved" => "approvato",
            "in_review" => "in revisione",
            _ => "bozza",
        }
    ));
    out.push_str("## Presenze\n\n");
    out.push_str(&format!(
        "Presenti: {}\n\n",
        if record.present.is_empty() {
            "—".to_owned()
        } else {
            record.present.join(", ")
        }
    ));
    if !record.absent.is_empty() {
        out.push_str(&format!("Assenti: {}\n\n", record.absent.join(", ")));
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
                "**Decisione ({}):** {}",
                outcome_label(&decision.outcome),
                decision.text.trim()
            ));
            if let (Some(yes), Some(no), Some(abstained)) = (
                decision.votes_for,
                decision.votes_against,
                decision.votes_abstained,
            ) {
                out.push_str(&format!(
                    " — favorevoli {yes}, contrari {no}, astenuti {abstained}"
                ));
            }
            out.push_str("\n\n");
        }
    }
    if !record.actions.is_empty() {
        out.push_str(
            "## Azioni di follow-up\n\n| Azione | Assegnata a | Scadenza |\n|---|---|---|\n",
        );
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
                .map(|d| d.format("%d/%m/%Y").to_string())
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
