//! Messages about a person's account, in their language: the invitation to activate it, the password-reset link, the
//! notice that the password changed, the link confirming a new email address and the notice to the old address that a
//! change was asked for.

use tavolo_domain::{ACTIVATION_DAYS, EMAIL_CHANGE_HOURS, Locale, PASSWORD_RESET_MINUTES};

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

/// The invitation to activate an account: set a password and accept the terms of use.
pub fn invitation(
    locale: Locale,
    recipient: &str,
    invited_by: Option<&str>,
    url: &str,
) -> Rendered {
    let (subject, body, action, footer) = match locale {
        Locale::It => (
            "Il tuo account Tavolo".to_owned(),
            format!(
                "{} un account su Tavolo, lo spazio di lavoro del tavolo interistituzionale. Apri il collegamento entro {ACTIVATION_DAYS} giorni per scegliere la password e attivarlo.",
                match invited_by {
                    Some(name) => format!("{name} ti ha creato"),
                    None => "ti è stato creato".to_owned(),
                }
            ),
            "Attiva l'account",
            "Se non ti aspettavi questo messaggio, ignoralo: senza attivazione l'account resta inutilizzabile.",
        ),
        Locale::En => (
            "Your Tavolo account".to_owned(),
            format!(
                "{} an account on Tavolo, the interinstitutional table's workspace. Open the link within {ACTIVATION_DAYS} days to choose your password and activate it.",
                match invited_by {
                    Some(name) => format!("{name} created"),
                    None => "you have been given".to_owned(),
                }
            ),
            "Activate the account",
            "If you did not expect this message, ignore it: without activation the account cannot be used.",
        ),
    };
    message(
        locale,
        recipient,
        &subject,
        &body,
        Some((action, url)),
        footer,
    )
}

/// The link to choose a new password.
pub fn password_reset(locale: Locale, recipient: &str, url: &str) -> Rendered {
    let (subject, body, action, footer) = match locale {
        Locale::It => (
            "Reimposta la password di Tavolo",
            format!(
                "è stato chiesto di reimpostare la password del tuo account Tavolo. Apri il collegamento entro {PASSWORD_RESET_MINUTES} minuti per sceglierne una nuova; funziona una sola volta."
            ),
            "Scegli una nuova password",
            "Se non sei stato tu, ignora questo messaggio: la password non cambia.",
        ),
        Locale::En => (
            "Reset your Tavolo password",
            format!(
                "someone asked to reset the password of your Tavolo account. Open the link within {PASSWORD_RESET_MINUTES} minutes to choose a new one; it works once."
            ),
            "Choose a new password",
            "If this was not you, ignore this message: the password does not change.",
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

/// The notice that the account's password changed; every session and API token has ended.
pub fn password_changed(locale: Locale, recipient: &str) -> Rendered {
    let (subject, body, footer) = match locale {
        Locale::It => (
            "La password di Tavolo è cambiata",
            "la password del tuo account Tavolo è appena cambiata: le altre sessioni e i token API sono stati chiusi.",
            "Se non sei stato tu, reimposta subito la password dalla pagina di accesso e avvisa l'amministratore di Tavolo.",
        ),
        Locale::En => (
            "Your Tavolo password changed",
            "the password of your Tavolo account has just changed: your other sessions and API tokens have been ended.",
            "If this was not you, reset your password now from the sign-in page and tell Tavolo's administrator.",
        ),
    };
    message(locale, recipient, subject, body, None, footer)
}

pub(crate) fn message(
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
