//! The message asking people to answer a questionnaire that just opened: the table's members, or the people of the
//! organizations it names, each in their language, with the link to its page and its end date.

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter};
use tavolo_domain::{Locale, QuestionnaireAudience};
use tavolo_store::entity::{
    domain_event, membership, person, questionnaire, questionnaire_organization, table,
};
use tavolo_store::sea_orm;

use crate::outbox::{Outgoing, queue};
use crate::templates::Rendered;
use crate::{MailConfig, MailError};

/// Queues one message per person asked to answer.
pub(crate) async fn announce(
    txn: &DatabaseTransaction,
    config: &MailConfig,
    event: &domain_event::Model,
    title: &str,
    ends_at: Option<DateTime<Utc>>,
) -> Result<(), MailError> {
    let Some(questionnaire) = questionnaire::Entity::find_by_id(event.entity_id)
        .one(txn)
        .await?
    else {
        return Ok(());
    };
    let table_name = table::Entity::find_by_id(questionnaire.table_id)
        .one(txn)
        .await?
        .map(|t| t.name)
        .unwrap_or_default();
    let url = format!(
        "{}/questionnaires/{}",
        config.public_url.trim_end_matches('/'),
        questionnaire.id
    );
    for person in asked(txn, &questionnaire).await? {
        let rendered = message(
            person.locale,
            &person.name,
            title,
            &table_name,
            ends_at,
            &url,
        );
        let outgoing = Outgoing {
            kind: "notification",
            meeting_id: None,
            invitation_id: None,
            recipient_email: person.email.clone(),
            recipient_name: person.name.clone(),
            subject: rendered.subject,
            text: rendered.text,
            html: rendered.html,
            calendar: None,
        };
        queue(txn, outgoing).await?;
    }
    Ok(())
}

/// The active people a questionnaire asks: its table's members, or the people of its named organizations.
async fn asked(
    txn: &DatabaseTransaction,
    questionnaire: &questionnaire::Model,
) -> Result<Vec<person::Model>, MailError> {
    let active = person::Entity::find().filter(person::Column::Active.eq(true));
    let people = match questionnaire.audience {
        QuestionnaireAudience::Public => Vec::new(),
        QuestionnaireAudience::Members => {
            let members = membership::Entity::find()
                .filter(membership::Column::TableId.eq(questionnaire.table_id))
                .filter(membership::in_force(Utc::now()))
                .all(txn)
                .await?;
            active
                .filter(person::Column::Id.is_in(members.iter().map(|m| m.person_id)))
                .all(txn)
                .await?
        }
        QuestionnaireAudience::Organizations => {
            let named = questionnaire_organization::Entity::find()
                .filter(questionnaire_organization::Column::QuestionnaireId.eq(questionnaire.id))
                .all(txn)
                .await?;
            active
                .filter(
                    person::Column::OrganizationId.is_in(named.iter().map(|n| n.organization_id)),
                )
                .all(txn)
                .await?
        }
    };
    Ok(people)
}

fn message(
    locale: Locale,
    recipient: &str,
    title: &str,
    table: &str,
    ends_at: Option<DateTime<Utc>>,
    url: &str,
) -> Rendered {
    let until = ends_at.map(|end| end.format("%d/%m/%Y").to_string());
    let (subject, body, action, footer) = match locale {
        Locale::It => (
            format!("Un questionario da compilare: {title}"),
            format!(
                "il {table} ti chiede di rispondere al questionario «{title}»{}. Le risposte si possono modificare fino alla chiusura.",
                until.map(|d| format!(" entro il {d}")).unwrap_or_default()
            ),
            "Compila il questionario",
            "Ricevi questo messaggio perché il questionario è rivolto a te come membro del tavolo o operatore di un ente.",
        ),
        Locale::En => (
            format!("A questionnaire to answer: {title}"),
            format!(
                "the {table} asks you to answer the questionnaire “{title}”{}. Answers can be changed until it closes.",
                until.map(|d| format!(" by {d}")).unwrap_or_default()
            ),
            "Answer the questionnaire",
            "You receive this message because the questionnaire is addressed to you as a member of the table or an operator of an organization.",
        ),
    };
    crate::account::message(
        locale,
        recipient,
        &subject,
        &body,
        Some((action, url)),
        footer,
    )
}
