//! The attendance report over a period: sessions, people and organizations reached, hours, and its CSV.

#[allow(unused_imports)]
use super::*;
use crate::Reason;

/// A date for reports: the first instant of `date` in UTC.
pub fn start_of(date: NaiveDate) -> DateTime<Utc> {
    date.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc()
}

/// One held meeting in an attendance report.
#[derive(Debug, Clone)]
pub struct AttendanceRow {
    pub meeting: meeting::Model,
    pub hours: f64,
    pub people_present: u32,
    pub organizations_present: u32,
}

/// Attendance over a period, for project reporting.
#[derive(Debug, Clone)]
pub struct AttendanceReport {
    pub rows: Vec<AttendanceRow>,
    pub sessions: u32,
    /// Distinct people present at least once.
    pub people_reached: u32,
    /// Distinct organizations present (through a delegate) at least once.
    pub organizations_reached: u32,
    pub hours: f64,
}

impl AttendanceReport {
    /// The report as CSV (RFC 4180 quoting), one row per session and a totals row. Without a reader's language it
    /// is the documented machine format (commas, decimal point, English headers); for an Italian reader it is what
    /// Italian spreadsheets open as columns (semicolons, decimal comma, Italian headers).
    pub fn to_csv(&self, reader: Option<tavolo_domain::Locale>) -> String {
        let italian = reader == Some(tavolo_domain::Locale::It);
        let (separator, header, total, sessions) = if italian {
            (
                ";",
                "data;titolo;ore;persone_presenti;enti_presenti",
                "totale",
                "sedute",
            )
        } else {
            (
                ",",
                "date,title,hours,people_present,organizations_present",
                "total",
                "sessions",
            )
        };
        let hours = |h: f64| crate::csv::decimal(h, italian);
        let mut out = format!("{header}\r\n");
        for row in &self.rows {
            let zone = row.meeting.time_zone.tz();
            let date = row
                .meeting
                .starts_at
                .with_timezone(&zone)
                .format("%Y-%m-%d");
            let cells = [
                date.to_string(),
                crate::csv::cell(&row.meeting.title),
                hours(row.hours),
                row.people_present.to_string(),
                row.organizations_present.to_string(),
            ];
            out.push_str(&cells.join(separator));
            out.push_str("\r\n");
        }
        let totals = [
            total.to_owned(),
            crate::csv::cell(&format!("{} {sessions}", self.sessions)),
            hours(self.hours),
            self.people_reached.to_string(),
            self.organizations_reached.to_string(),
        ];
        out.push_str(&totals.join(separator));
        out.push_str("\r\n");
        out
    }
}

impl MeetingService<'_> {
    /// Sessions held in `[from, to]` (dates in the meetings' zone), with people and organizations reached and hours.
    pub async fn attendance_report(
        &self,
        actor: &Actor,
        table_id: i64,
        from: NaiveDate,
        to: NaiveDate,
    ) -> ServiceResult<AttendanceReport> {
        let table = visible_table(self.db, actor, table_id).await?;
        require_manage(actor, &roles_at(self.db, actor, table.id).await?)?;
        if to < from {
            return Err(ServiceError::validation(
                "to",
                Reason::EndBeforeStart,
                "must not be before from",
            ));
        }
        let held = meeting::Entity::find()
            .filter(meeting::Column::TableId.eq(table.id))
            .filter(meeting::Column::Status.eq(MeetingStatus::Held))
            .filter(meeting::Column::StartsAt.gte(start_of(from) - Duration::days(1)))
            .filter(meeting::Column::StartsAt.lt(start_of(to) + Duration::days(2)))
            .order_by_asc(meeting::Column::StartsAt)
            .all(self.db)
            .await?;
        let held: Vec<meeting::Model> = held
            .into_iter()
            .filter(|m| {
                let zone = m.time_zone.tz();
                let day = m.starts_at.with_timezone(&zone).date_naive();
                day >= from && day <= to
            })
            .collect();
        let ids: Vec<i64> = held.iter().map(|m| m.id).collect();
        let present: Vec<attendance::Model> = self
            .attendance_rows(&ids)
            .await?
            .into_iter()
            .filter(|a| a.status == AttendanceStatus::Present)
            .collect();
        let seat_ids: Vec<i64> = present.iter().filter_map(|a| a.seat_id).collect();
        let seats = seat::Entity::find()
            .filter(seat::Column::Id.is_in(seat_ids))
            .all(self.db)
            .await?;
        let organization_of = |seat_id: Option<i64>| {
            seat_id
                .and_then(|id| seats.iter().find(|s| s.id == id))
                .map(|s| s.organization_id)
        };
        let mut rows = Vec::new();
        for meeting in held {
            let here: Vec<&attendance::Model> = present
                .iter()
                .filter(|a| a.meeting_id == meeting.id)
                .collect();
            let organizations: BTreeSet<i64> = here
                .iter()
                .filter_map(|a| organization_of(a.seat_id))
                .collect();
            let hours = (meeting.ends_at - meeting.starts_at).num_minutes() as f64 / 60.0;
            rows.push(AttendanceRow {
                meeting,
                hours,
                people_present: here.len() as u32,
                organizations_present: organizations.len() as u32,
            });
        }
        let people: BTreeSet<i64> = present.iter().map(|a| a.person_id).collect();
        let organizations: BTreeSet<i64> = present
            .iter()
            .filter_map(|a| organization_of(a.seat_id))
            .collect();
        Ok(AttendanceReport {
            sessions: rows.len() as u32,
            hours: rows.iter().map(|r| r.hours).sum(),
            people_reached: people.len() as u32,
            organizations_reached: organizations.len() as u32,
            rows,
        })
    }
}
