//! Answering: a person asked to answer saves their one response, and a public link's visitor theirs (kept by a
//! secret key their browser holds), both editable until the end date. Every answer is checked against its question
//! and a required question left empty refuses the whole response: nothing is half-written.

use std::collections::HashMap;

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, Set,
};
use sha2::{Digest, Sha256};
use tavolo_domain::{
    Actor, OptionalText, QuestionKind, QuestionnaireAudience, QuestionnaireStatus,
};
use tavolo_store::entity::{
    questionnaire, questionnaire_answer, questionnaire_option, questionnaire_question,
    questionnaire_response,
};
use tavolo_store::sea_orm;

use super::structure::structure_of;
use super::{QuestionnaireService, asked, taking_answers};
use crate::error::FieldContext;
use crate::{Reason, ServiceError, ServiceResult};

const SHORT_TEXT_MAX: usize = 500;
const LONG_TEXT_MAX: usize = 10_000;

/// What a respondent gives for one question: chosen options, a number (or a scale's value), or text.
#[derive(Debug, Clone, Default)]
pub struct AnswerInput {
    pub question_id: i64,
    pub option_ids: Vec<i64>,
    pub number: Option<f64>,
    pub text: Option<String>,
}

/// A public response as saved: the key that lets its browser change it until the end.
pub struct PublicAnswer {
    pub response: questionnaire_response::Model,
    pub response_key: String,
}

fn sha256(text: &str) -> String {
    hex::encode(Sha256::digest(text.as_bytes()))
}

impl QuestionnaireService<'_> {
    /// The actor's response to a questionnaire they are asked to answer, new or changed.
    pub async fn answer(
        &self,
        actor: &Actor,
        id: i64,
        answers: Vec<AnswerInput>,
    ) -> ServiceResult<questionnaire_response::Model> {
        let person_id = actor
            .person_id()
            .ok_or_else(|| ServiceError::Unauthenticated("sign in first".into()))?;
        let questionnaire = questionnaire::Entity::find_by_id(id)
            .filter(asked(actor))
            .one(self.db)
            .await?
            .ok_or_else(|| ServiceError::not_found("questionnaire"))?;
        taking_answers(&questionnaire, "id")?;
        let rows = self.checked_answers(questionnaire.id, answers).await?;
        let txn = tavolo_store::begin_write(self.db).await?;
        let existing = questionnaire_response::Entity::find()
            .filter(questionnaire_response::Column::QuestionnaireId.eq(id))
            .filter(questionnaire_response::Column::PersonId.eq(person_id))
            .one(&txn)
            .await?;
        let response = match existing {
            Some(response) => touch(&txn, response).await?,
            None => new_response(&txn, id, Some(person_id), None, None).await?,
        };
        replace_answers(&txn, response.id, rows).await?;
        txn.commit().await?;
        Ok(response)
    }

    /// The actor's own response, with its answers, to fill the form again.
    pub async fn my_answers(
        &self,
        actor: &Actor,
        id: i64,
    ) -> ServiceResult<Vec<questionnaire_answer::Model>> {
        let Some(person_id) = actor.person_id() else {
            return Ok(Vec::new());
        };
        let response = questionnaire_response::Entity::find()
            .filter(questionnaire_response::Column::QuestionnaireId.eq(id))
            .filter(questionnaire_response::Column::PersonId.eq(person_id))
            .one(self.db)
            .await?;
        let Some(response) = response else {
            return Ok(Vec::new());
        };
        answers_of(self.db, response.id).await
    }

    /// A public questionnaire by its link: open, or closed (to say so).
    pub async fn by_token(&self, token: &str) -> ServiceResult<questionnaire::Model> {
        questionnaire::Entity::find()
            .filter(questionnaire::Column::PublicToken.eq(token))
            .filter(questionnaire::Column::Audience.eq(QuestionnaireAudience::Public))
            .filter(questionnaire::Column::Status.ne(QuestionnaireStatus::Draft))
            .one(self.db)
            .await?
            .ok_or_else(|| ServiceError::not_found("questionnaire"))
    }

    /// The questions of a public questionnaire, for whoever holds its link.
    pub async fn public_structure(&self, token: &str) -> ServiceResult<super::Structure> {
        let questionnaire = self.by_token(token).await?;
        structure_of(self.db, &[questionnaire.id]).await
    }

    /// The answers of a public response, for the browser holding its key.
    pub async fn public_answers(
        &self,
        token: &str,
        response_key: &str,
    ) -> ServiceResult<Vec<questionnaire_answer::Model>> {
        let questionnaire = self.by_token(token).await?;
        match self.keyed_response(questionnaire.id, response_key).await? {
            Some(response) => answers_of(self.db, response.id).await,
            None => Ok(Vec::new()),
        }
    }

    async fn keyed_response(
        &self,
        questionnaire_id: i64,
        key: &str,
    ) -> ServiceResult<Option<questionnaire_response::Model>> {
        Ok(questionnaire_response::Entity::find()
            .filter(questionnaire_response::Column::QuestionnaireId.eq(questionnaire_id))
            .filter(questionnaire_response::Column::ResponseKey.eq(sha256(key)))
            .one(self.db)
            .await?)
    }

    /// A response through the public link: a new one (at most the questionnaire's bound per sending address), or
    /// the one `response_key` names, changed.
    pub async fn answer_public(
        &self,
        token: &str,
        response_key: Option<&str>,
        address: Option<&str>,
        answers: Vec<AnswerInput>,
    ) -> ServiceResult<PublicAnswer> {
        let questionnaire = self.by_token(token).await?;
        taking_answers(&questionnaire, "token")?;
        let rows = self.checked_answers(questionnaire.id, answers).await?;
        if let Some(key) = response_key
            && let Some(response) = self.keyed_response(questionnaire.id, key).await?
        {
            let txn = tavolo_store::begin_write(self.db).await?;
            let response = touch(&txn, response).await?;
            replace_answers(&txn, response.id, rows).await?;
            txn.commit().await?;
            return Ok(PublicAnswer {
                response,
                response_key: key.to_owned(),
            });
        }
        let address_hash = sha256(&format!("{token}|{}", address.unwrap_or("unknown")));
        let key = hex::encode(rand::random::<[u8; 24]>());
        let txn = tavolo_store::begin_write(self.db).await?;
        let from_address = questionnaire_response::Entity::find()
            .filter(questionnaire_response::Column::QuestionnaireId.eq(questionnaire.id))
            .filter(questionnaire_response::Column::AddressHash.eq(address_hash.as_str()))
            .count(&txn)
            .await?;
        if from_address >= questionnaire.per_address_limit as u64 {
            return Err(ServiceError::too_many(
                "token",
                questionnaire.per_address_limit as u64,
                "responses from one address",
            ));
        }
        let response = new_response(
            &txn,
            questionnaire.id,
            None,
            Some(sha256(&key)),
            Some(address_hash),
        )
        .await?;
        replace_answers(&txn, response.id, rows).await?;
        txn.commit().await?;
        Ok(PublicAnswer {
            response,
            response_key: key,
        })
    }

    /// The answers checked against the questionnaire's questions, as rows to insert.
    async fn checked_answers(
        &self,
        questionnaire_id: i64,
        answers: Vec<AnswerInput>,
    ) -> ServiceResult<Vec<questionnaire_answer::ActiveModel>> {
        let structure = structure_of(self.db, &[questionnaire_id]).await?;
        let mut given: HashMap<i64, AnswerInput> = HashMap::new();
        for answer in answers {
            if !structure
                .questions
                .iter()
                .any(|q| q.id == answer.question_id)
            {
                return Err(ServiceError::validation(
                    "answers",
                    Reason::UnknownReference,
                    format!(
                        "question {} is not in this questionnaire",
                        answer.question_id
                    ),
                ));
            }
            if given.insert(answer.question_id, answer).is_some() {
                return Err(ServiceError::validation(
                    "answers",
                    Reason::SameRecord,
                    "a question is answered twice",
                ));
            }
        }
        let mut rows = Vec::new();
        for question in &structure.questions {
            let options: Vec<&questionnaire_option::Model> = structure
                .options
                .iter()
                .filter(|o| o.question_id == question.id)
                .collect();
            let answer = given.remove(&question.id);
            rows.extend(checked_answer(question, &options, answer)?);
        }
        Ok(rows)
    }
}

/// One question's answer as rows (none when skipped), refused on `answers.{questionId}`.
fn checked_answer(
    question: &questionnaire_question::Model,
    options: &[&questionnaire_option::Model],
    answer: Option<AnswerInput>,
) -> ServiceResult<Vec<questionnaire_answer::ActiveModel>> {
    let field = format!("answers.{}", question.id);
    let row = |option_id: Option<i64>, number: Option<f64>, text: Option<String>| {
        questionnaire_answer::ActiveModel {
            question_id: Set(question.id),
            option_id: Set(option_id),
            number_value: Set(number),
            text_value: Set(text),
            ..Default::default()
        }
    };
    let rows = match (question.kind, answer) {
        (_, None) => Vec::new(),
        (QuestionKind::SingleChoice | QuestionKind::MultipleChoice, Some(answer)) => {
            if question.kind == QuestionKind::SingleChoice && answer.option_ids.len() > 1 {
                return Err(ServiceError::too_many(&field, 1, "option"));
            }
            let mut chosen = answer.option_ids.clone();
            chosen.sort_unstable();
            chosen.dedup();
            if chosen.iter().any(|id| !options.iter().any(|o| o.id == *id)) {
                return Err(ServiceError::validation(
                    &field,
                    Reason::UnknownReference,
                    "not an option of this question",
                ));
            }
            chosen
                .into_iter()
                .map(|id| row(Some(id), None, None))
                .collect()
        }
        (QuestionKind::Scale | QuestionKind::Number, Some(answer)) => match answer.number {
            None => Vec::new(),
            Some(value) => {
                check_number(question, value, &field)?;
                vec![row(None, Some(value), None)]
            }
        },
        (QuestionKind::ShortText | QuestionKind::LongText, Some(answer)) => {
            let max = if question.kind == QuestionKind::ShortText {
                SHORT_TEXT_MAX
            } else {
                LONG_TEXT_MAX
            };
            OptionalText::parse(answer.text.as_deref(), max)
                .field(&field)?
                .map(|text| vec![row(None, None, Some(text))])
                .unwrap_or_default()
        }
    };
    if rows.is_empty() && question.required {
        return Err(ServiceError::required(&field));
    }
    Ok(rows)
}

fn check_number(
    question: &questionnaire_question::Model,
    value: f64,
    field: &str,
) -> ServiceResult<()> {
    if !value.is_finite() {
        return Err(ServiceError::validation(
            field,
            Reason::NotANumber,
            "must be a finite number",
        ));
    }
    if question.kind == QuestionKind::Scale {
        let (min, max) = (
            question.scale_min.unwrap_or(1),
            question.scale_max.unwrap_or(5),
        );
        if value.fract() != 0.0 || value < f64::from(min) || value > f64::from(max) {
            return Err(ServiceError::out_of_range(field, min, max));
        }
        return Ok(());
    }
    let below = question.number_min.is_some_and(|min| value < min);
    let above = question.number_max.is_some_and(|max| value > max);
    if below || above {
        return Err(ServiceError::validation(
            field,
            Reason::OutOfRange,
            "outside the question's bounds",
        ));
    }
    Ok(())
}

async fn new_response(
    conn: &impl ConnectionTrait,
    questionnaire_id: i64,
    person_id: Option<i64>,
    response_key: Option<String>,
    address_hash: Option<String>,
) -> ServiceResult<questionnaire_response::Model> {
    let now = Utc::now();
    Ok(questionnaire_response::ActiveModel {
        questionnaire_id: Set(questionnaire_id),
        person_id: Set(person_id),
        response_key: Set(response_key),
        address_hash: Set(address_hash),
        submitted_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(conn)
    .await?)
}

async fn touch(
    conn: &impl ConnectionTrait,
    response: questionnaire_response::Model,
) -> ServiceResult<questionnaire_response::Model> {
    let mut row: questionnaire_response::ActiveModel = response.into();
    row.updated_at = Set(Utc::now());
    Ok(row.update(conn).await?)
}

async fn replace_answers(
    conn: &impl ConnectionTrait,
    response_id: i64,
    rows: Vec<questionnaire_answer::ActiveModel>,
) -> ServiceResult<()> {
    questionnaire_answer::Entity::delete_many()
        .filter(questionnaire_answer::Column::ResponseId.eq(response_id))
        .exec(conn)
        .await?;
    for mut row in rows {
        row.response_id = Set(response_id);
        row.insert(conn).await?;
    }
    Ok(())
}

async fn answers_of(
    conn: &impl ConnectionTrait,
    response_id: i64,
) -> ServiceResult<Vec<questionnaire_answer::Model>> {
    Ok(questionnaire_answer::Entity::find()
        .filter(questionnaire_answer::Column::ResponseId.eq(response_id))
        .all(conn)
        .await?)
}
