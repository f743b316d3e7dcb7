//! The words of every message, in Italian and English: subject, plain text and HTML (escaped), built from the same facts.

use tavolo_domain::Locale;

/// What a message is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    Invitation,
    Update,
    Cancellation { reason: Option<String> },
    Reminder { note: Option<String> },
    MinutesInReview,
    MinutesApproved,
    ActionItemAssigned { title: String, due: Option<String> },
    ActionItemDueSoon { title: String, due: String },
}

/// The facts of a meeting a message repeats, already formatted for the recipient.
#[derive(Debug, Clone, Default)]
pub struct MeetingFacts {
    pub table: String,
    pub title: String,
    /// e.g. "16/12/2026 10:00–12:00 (Europe/Rome)"
    pub when: String,
    pub place: Option<String>,
    pub online_url: Option<String>,
    pub agenda: Vec<String>,
    pub url: String,
    /// accept, tentative, decline, send someone else
    pub answer_links: Option<[String; 4]>,
}

/// A finished message body.
pub struct Rendered {
    pub subject: String,
    pub text: String,
    pub html: String,
}

struct Words {
    invitation: &'static str,
    update: &'static str,
    cancellation: &'static str,
    reminder: &'static str,
    in_review: &'static str,
    approved: &'static str,
    assigned: &'static str,
    due_soon: &'static str,
    due_sentence: &'static str,
    greeting: &'static str,
    invited: &'static str,
    updated: &'static str,
    cancelled: &'static str,
    reminded: &'static str,
    review: &'static str,
    approval: &'static str,
    action: &'static str,
    when: &'static str,
    place: &'static str,
    online: &'static str,
    agenda: &'static str,
    reason: &'static str,
    note: &'static str,
    due: &'static str,
    answer: &'static str,
    accept: &'static str,
    tentative: &'static str,
    decline: &'static str,
    delegate: &'static str,
    open: &'static str,
    footer: &'static str,
}

const IT: Words = Words {
    invitation: "Convocazione",
    update: "Aggiornamento",
    cancellation: "Annullata",
    reminder: "Promemoria",
    in_review: "Verbale in revisione",
    approved: "Verbale approvato",
    assigned: "Nuova azione assegnata",
    due_soon: "Azione in scadenza",
    due_sentence: "sta per scadere un'azione di follow-up assegnata a te",
    greeting: "Gentile",
    invited: "è convocata la seguente riunione.",
    updated: "la riunione è stata modificata: data, luogo o collegamento sono cambiati.",
    cancelled: "la riunione è stata annullata.",
    reminded: "ricordiamo la riunione in programma.",
    review: "il verbale della riunione è in revisione: puoi leggerlo e inviare osservazioni.",
    approval: "il verbale della riunione è stato approvato.",
    action: "ti è stata assegnata un'azione di follow-up",
    when: "Quando",
    place: "Dove",
    online: "Collegamento",
    agenda: "Ordine del giorno",
    reason: "Motivo",
    note: "Nota",
    due: "Scadenza",
    answer: "Rispondi",
    accept: "Partecipo",
    tentative: "Forse",
    decline: "Non partecipo",
    delegate: "Mando un'altra persona",
    open: "Apri in Tavolo",
    footer: "Messaggio inviato da Tavolo per conto della segreteria del tavolo.",
};

const EN: Words = Words {
    invitation: "Invitation",
    update: "Updated",
    cancellation: "Cancelled",
    reminder: "Reminder",
    in_review: "Minutes in review",
    approved: "Minutes approved",
    assigned: "New action item",
    due_soon: "Action item due soon",
    due_sentence: "an action item assigned to you is due soon",
    greeting: "Dear",
    invited: "you are invited to the following meeting.",
    updated: "the meeting has changed: its time, place or link is different.",
    cancelled: "the meeting has been cancelled.",
    reminded: "a reminder of the upcoming meeting.",
    review: "the minutes of the meeting are in review: you can read them and send comments.",
    approval: "the minutes of the meeting have been approved.",
    action: "an action item has been assigned to you",
    when: "When",
    place: "Where",
    online: "Online",
    agenda: "Agenda",
    reason: "Reason",
    note: "Note",
    due: "Due",
    answer: "Answer",
    accept: "Accept",
    tentative: "Maybe",
    decline: "Decline",
    delegate: "I send someone else",
    open: "Open in Tavolo",
    footer: "Sent by Tavolo on behalf of the table's secretariat.",
};

pub fn render(
    locale: Locale,
    subject: &Subject,
    recipient: &str,
    facts: &MeetingFacts,
) -> Rendered {
    let w = match locale {
        Locale::It => &IT,
        Locale::En => &EN,
    };
    let (label, sentence) = match subject {
        Subject::Invitation => (w.invitation, w.invited.to_owned()),
        Subject::Update => (w.update, w.updated.to_owned()),
        Subject::Cancellation { .. } => (w.cancellation, w.cancelled.to_owned()),
        Subject::Reminder { .. } => (w.reminder, w.reminded.to_owned()),
        Subject::MinutesInReview => (w.in_review, w.review.to_owned()),
        Subject::MinutesApproved => (w.approved, w.approval.to_owned()),
        Subject::ActionItemAssigned { title, .. } => {
            (w.assigned, format!("{}: «{title}».", w.action))
        }
        Subject::ActionItemDueSoon { title, .. } => {
            (w.due_soon, format!("{}: «{title}».", w.due_sentence))
        }
    };
    let subject_line = format!("{label}: {} — {}", facts.title, facts.when);
    let mut lines: Vec<(String, String)> = vec![(w.when.to_owned(), facts.when.clone())];
    if let Some(place) = &facts.place {
        lines.push((w.place.to_owned(), place.clone()));
    }
    if let Some(url) = &facts.online_url {
        lines.push((w.online.to_owned(), url.clone()));
    }
    match subject {
        Subject::Cancellation {
            reason: Some(reason),
        } => lines.push((w.reason.to_owned(), reason.clone())),
        Subject::Reminder { note: Some(note) } => lines.push((w.note.to_owned(), note.clone())),
        Subject::ActionItemAssigned { due: Some(due), .. }
        | Subject::ActionItemDueSoon { due, .. } => lines.push((w.due.to_owned(), due.clone())),
        _ => {}
    }

    let mut text = format!(
        "{} {recipient},\n{sentence}\n\n{} — {}\n",
        w.greeting, facts.table, facts.title
    );
    for (key, value) in &lines {
        text.push_str(&format!("{key}: {value}\n"));
    }
    if !facts.agenda.is_empty() {
        text.push_str(&format!("\n{}:\n", w.agenda));
        for (index, item) in facts.agenda.iter().enumerate() {
            text.push_str(&format!("{}. {item}\n", index + 1));
        }
    }
    if let Some([accept, tentative, decline, delegate]) = &facts.answer_links {
        text.push_str(&format!(
            "\n{}:\n{}: {accept}\n{}: {tentative}\n{}: {decline}\n{}: {delegate}\n",
            w.answer, w.accept, w.tentative, w.decline, w.delegate
        ));
    }
    text.push_str(&format!("\n{}: {}\n\n{}\n", w.open, facts.url, w.footer));

    let mut html = format!(
        "<!doctype html><html lang=\"{}\"><body style=\"font-family:Arial,sans-serif\"><p>{} {},<br>{}</p><h2>{} — {}</h2><table>",
        locale.as_str(),
        w.greeting,
        escape(recipient),
        escape(&sentence),
        escape(&facts.table),
        escape(&facts.title)
    );
    for (key, value) in &lines {
        html.push_str(&format!(
            "<tr><th align=\"left\">{}</th><td>{}</td></tr>",
            escape(key),
            escape(value)
        ));
    }
    html.push_str("</table>");
    if !facts.agenda.is_empty() {
        html.push_str(&format!("<h3>{}</h3><ol>", w.agenda));
        for item in &facts.agenda {
            html.push_str(&format!("<li>{}</li>", escape(item)));
        }
        html.push_str("</ol>");
    }
    if let Some([accept, tentative, decline, delegate]) = &facts.answer_links {
        html.push_str(&format!(
            "<p><strong>{}:</strong> <a href=\"{}\">{}</a> · <a href=\"{}\">{}</a> · <a href=\"{}\">{}</a> · <a href=\"{}\">{}</a></p>",
            w.answer,
            escape(accept),
            w.accept,
            escape(tentative),
            w.tentative,
            escape(decline),
            w.decline,
            escape(delegate),
            w.delegate
        ));
    }
    html.push_str(&format!(
        "<p><a href=\"{}\">{}</a></p><p style=\"color:#555\">{}</p></body></html>",
        escape(&facts.url),
        w.open,
        w.footer
    ));
    Rendered {
        subject: subject_line,
        text,
        html,
    }
}

pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}
