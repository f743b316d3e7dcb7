//! Results for whoever runs the table: per question how many answered, each option's count, a scale's or number's
//! mean and distribution, the texts given; the raw answers as CSV (one row per response, nothing about who gave
//! it); and one result recorded as a strategy indicator's measurement.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use tavolo_domain::{Actor, QuestionKind, QuestionStatistic};
use tavolo_store::entity::{
    questionnaire_answer, questionnaire_option, questionnaire_question, questionnaire_response,
    strategy_progress,
};
use tavolo_store::sea_orm;

use super::structure::structure_of;
use super::{QuestionnaireService, Structure, load};
use crate::{Reason, ServiceError, ServiceResult};

/// One question's results.
#[derive(Debug, Clone)]
pub struct QuestionResult {
    pub question: questionnaire_question::Model,
    /// Responses that answered it.
    pub answered: i64,
    /// Each option with how many chose it, in order.
    pub options: Vec<(questionnaire_option::Model, i64)>,
    pub mean: Option<f64>,
    /// Each value given (scales and numbers) with how many gave it, ascending.
    pub distribution: Vec<(f64, i64)>,
    /// The texts given, oldest first.
    pub texts: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Results {
    pub responses: i64,
    pub questions: Vec<QuestionResult>,
}

fn summarize(
    structure: &Structure,
    answers: &[questionnaire_answer::Model],
    responses: i64,
) -> Results {
    let questions = structure
        .questions
        .iter()
        .map(|question| {
            let own: Vec<&questionnaire_answer::Model> = answers
                .iter()
                .filter(|a| a.question_id == question.id)
                .collect();
            let mut respondents: Vec<i64> = own.iter().map(|a| a.response_id).collect();
            respondents.sort_unstable();
            respondents.dedup();
            let options = structure
                .options
                .iter()
                .filter(|o| o.question_id == question.id)
                .map(|o| {
                    (
                        o.clone(),
                        own.iter().filter(|a| a.option_id == Some(o.id)).count() as i64,
                    )
                })
                .collect();
            let numbers: Vec<f64> = own.iter().filter_map(|a| a.number_value).collect();
            let mean =
                (!numbers.is_empty()).then(|| numbers.iter().sum::<f64>() / numbers.len() as f64);
            let mut counts: BTreeMap<i64, (f64, i64)> = BTreeMap::new();
            for value in &numbers {
                // Keyed by the value in thousandths, so equal figures group and the order is numeric.
                let entry = counts
                    .entry((value * 1000.0).round() as i64)
                    .or_insert((*value, 0));
                entry.1 += 1;
            }
            QuestionResult {
                question: question.clone(),
                answered: respondents.len() as i64,
                options,
                mean,
                distribution: counts.into_values().collect(),
                texts: own.iter().filter_map(|a| a.text_value.clone()).collect(),
            }
        })
        .collect();
    Results {
        responses,
        questions,
    }
}

impl QuestionnaireService<'_> {
    /// Every response and answer, for whoever runs the table.
    async fn gathered(
        &self,
        actor: &Actor,
        id: i64,
    ) -> ServiceResult<(
        Structure,
        Vec<questionnaire_response::Model>,
        Vec<questionnaire_answer::Model>,
    )> {
        let context = load(self.db, actor, id).await?;
        context.require_manage(actor)?;
        let structure = structure_of(self.db, &[id]).await?;
        let responses = questionnaire_response::Entity::find()
            .filter(questionnaire_response::Column::QuestionnaireId.eq(id))
            .order_by_asc(questionnaire_response::Column::Id)
            .all(self.db)
            .await?;
        let answers = questionnaire_answer::Entity::find()
            .filter(questionnaire_answer::Column::ResponseId.is_in(responses.iter().map(|r| r.id)))
            .order_by_asc(questionnaire_answer::Column::Id)
            .all(self.db)
            .await?;
        Ok((structure, responses, answers))
    }

    pub async fn results(&self, actor: &Actor, id: i64) -> ServiceResult<Results> {
        let (structure, responses, answers) = self.gathered(actor, id).await?;
        Ok(summarize(&structure, &answers, responses.len() as i64))
    }

    /// The raw answers, one row per response numbered in order of arrival: no name, address or key. Choices are
    /// their labels joined by " | "; `italian` gives semicolons and decimal commas.
    pub async fn answers_csv(
        &self,
        actor: &Actor,
        id: i64,
        italian: bool,
    ) -> ServiceResult<String> {
        let (structure, responses, answers) = self.gathered(actor, id).await?;
        let separator = if italian { ";" } else { "," };
        let mut header = vec![crate::csv::cell(if italian {
            "Risposta"
        } else {
            "Response"
        })];
        header.push(crate::csv::cell(if italian { "Data" } else { "Date" }));
        header.extend(
            structure
                .questions
                .iter()
                .map(|q| crate::csv::cell(&q.text)),
        );
        let mut lines = vec![header.join(separator)];
        for (number, response) in responses.iter().enumerate() {
            let mut cells = vec![
                (number + 1).to_string(),
                response.submitted_at.date_naive().to_string(),
            ];
            for question in &structure.questions {
                let own: Vec<&questionnaire_answer::Model> = answers
                    .iter()
                    .filter(|a| a.response_id == response.id && a.question_id == question.id)
                    .collect();
                let value = match question.kind {
                    QuestionKind::SingleChoice | QuestionKind::MultipleChoice => own
                        .iter()
                        .filter_map(|a| {
                            structure.options.iter().find(|o| Some(o.id) == a.option_id)
                        })
                        .map(|o| o.label.clone())
                        .collect::<Vec<_>>()
                        .join(" | "),
                    QuestionKind::Scale | QuestionKind::Number => own
                        .iter()
                        .filter_map(|a| a.number_value)
                        .map(|v| number_text(v, italian))
                        .collect::<Vec<_>>()
                        .join(""),
                    QuestionKind::ShortText | QuestionKind::LongText => own
                        .iter()
                        .filter_map(|a| a.text_value.clone())
                        .collect::<Vec<_>>()
                        .join(""),
                };
                cells.push(crate::csv::cell(&value));
            }
            lines.push(cells.join(separator));
        }
        Ok(lines.join("\r\n") + "\r\n")
    }

    /// Records one figure of a question's results as a measurement of a strategy indicator of the same table.
    pub async fn record_result(
        &self,
        actor: &Actor,
        question_id: i64,
        indicator_id: i64,
        statistic: QuestionStatistic,
        option_id: Option<i64>,
        on: Option<NaiveDate>,
    ) -> ServiceResult<strategy_progress::Model> {
        let question = questionnaire_question::Entity::find_by_id(question_id)
            .one(self.db)
            .await?
            .ok_or_else(|| ServiceError::not_found("question"))?;
        let results = self.results(actor, question.questionnaire_id).await?;
        let result = results
            .questions
            .iter()
            .find(|r| r.question.id == question_id)
            .ok_or_else(|| ServiceError::not_found("question"))?;
        let value = figure(result, statistic, option_id)?;
        let questionnaire = self.questionnaire(actor, question.questionnaire_id).await?;
        let indicator_table = crate::strategy::indicator_table(self.db, indicator_id).await?;
        if indicator_table != Some(questionnaire.table_id) {
            return Err(ServiceError::validation(
                "indicatorId",
                Reason::UnknownReference,
                "no such indicator in this table's strategy",
            ));
        }
        let note = format!(
            "{} — «{}» ({} risposte)",
            questionnaire.title, question.text, result.answered
        );
        crate::strategy::StrategyService { db: self.db }
            .record_measurement(actor, indicator_id, value, on, Some(&note))
            .await
    }
}

/// The figure a statistic takes from a question's results; refused when the question has none of that kind.
fn figure(
    result: &QuestionResult,
    statistic: QuestionStatistic,
    option_id: Option<i64>,
) -> ServiceResult<f64> {
    match statistic {
        QuestionStatistic::Answered => Ok(result.answered as f64),
        QuestionStatistic::Mean => result.mean.ok_or_else(|| {
            ServiceError::validation(
                "statistic",
                Reason::WrongState,
                "the question has no numbers to average",
            )
        }),
        QuestionStatistic::OptionShare => {
            let option_id = option_id.ok_or_else(|| ServiceError::required("optionId"))?;
            let (_, count) = result
                .options
                .iter()
                .find(|(o, _)| o.id == option_id)
                .ok_or_else(|| {
                    ServiceError::validation(
                        "optionId",
                        Reason::UnknownReference,
                        "not an option of this question",
                    )
                })?;
            if result.answered == 0 {
                return Err(ServiceError::validation(
                    "statistic",
                    Reason::WrongState,
                    "nobody has answered the question yet",
                ));
            }
            Ok(*count as f64 * 100.0 / result.answered as f64)
        }
    }
}

fn number_text(value: f64, italian: bool) -> String {
    let text = if value.fract() == 0.0 {
        format!("{value:.0}")
    } else {
        value.to_string()
    };
    if italian {
        text.replace('.', ",")
    } else {
        text
    }
}
