//! Messages about a person's account, in their language: the link confirming a new email address, and the notice to
//! the old address that a change was asked for.

use tavolo_domain::{EMAIL_CHANGE_HOURS, Locale};

use crate::templates::{Rendered, escape};

/// The link that moves an account to `new_email`, sent to that address.
pub fn email_confirmation(locale: Locale, recipient: &str, new_email: &str, url: &str) -> Rendered {
    let (subject, body, action, footer) = match locale {
        Locale::It => (
            "Conferma il nuovo indirizzo email",
            format!(
                "hai chiesto di usare {new_email} per il tuo account Tavolo. Apri il collegamento entro {EMAIL_CHANGE_HOURS} ore per confermarlo."
            ),
            "Conferma l'indirizzo",
            "Se non sei stato tu, ignora questo messaggio: l'indirizzo non cambia.",
        ),
        Locale::En => (
            "Confirm your new email address",
            format!(
                "you asked to use {new_email} for your Tavolo account. Open the link within {EMAIL_CHANGE_HOURS} hours to confirm it."
            ),
            "Confirm the address",
            "If this was not you, ignore this message: the address does not change.",
        ),
    };
    message(
        locale,
        recipient,
        subject,
        &body,
        Some((action, url)),
        footer,
    )
}

/// The notice to the address in use that someone asked to move the account to `new_email`.
pub fn email_change_notice(locale: Locale, recipient: &str, new_email: &str) -> Rendered {
    let (subject, body, footer) = match locale {
        Locale::It => (
            "Richiesta di cambio dell'indirizzo email",
            format!(
                "è stato chiesto di spostare il tuo account Tavolo all'indirizzo {new_email}. Il cambio avviene solo se viene confermato da quell'indirizzo."
            ),
            "Se non sei stato tu, cambia subito la password e avvisa l'amministratore di Tavolo.",
        ),
        Locale::En => (
            "Request to change your email address",
            format!(
                "someone asked to move your Tavolo account to {new_email}. The change happens only once it is confirmed from that address."
            ),
            "If this was not you, change your password now and tell Tavolo's administrator.",
        ),
    };
    message(locale, recipient, subject, &body, None, footer)
}

fn message(
    locale: Locale,
    recipient: &str,
    subject: &str,
    body: &str,
    action: Option<(&str, &str)>,
    footer: &str,
) -> Rendered {
    let greeting = match locale {
        Locale::It => "Gentile",
        Locale::En => "Dear",
    };
    let mut text = format!("{greeting} {recipient},\n{body}\n\n");
    let mut html = format!(
        "<!doctype html><html lang=\"{}\"><body style=\"font-family:Arial,sans-serif\"><p>{greeting} {},<br>{}</p>",
        locale.as_str(),
        escape(recipient),
        escape(body)
    );
    if let Some((label, url)) = action {
        text.push_str(&format!("{label}: {url}\n\n"));
        html.push_str(&format!(
            "<p><a href=\"{}\">{}</a></p>",
            escape(url),
            escape(label)
        ));
    }
    text.push_str(footer);
    text.push('\n');
    html.push_str(&format!(
        "<p style=\"color:#555\">{}</p></body></html>",
        escape(footer)
    ));
    Rendered {
        subject: subject.to_owned(),
        text,
        html,
    }
}
