//! Needs questionnaires: the questionnaire and its questions, the caller's answers, results and CSV for whoever runs
//! the table, the public link's view; building, opening, answering and recording a result on the strategy.

use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object, SimpleObject};
use chrono::{DateTime, NaiveDate, Utc};
use tavolo_domain::{
    Locale, QuestionKind, QuestionStatistic, QuestionnaireAudience, QuestionnaireStatus,
};
use tavolo_service::questionnaires::{
    AnswerInput, QuestionInput, QuestionResult as ServiceResultRow, QuestionnaireInput, Results,
    SectionInput, Structure,
};
use tavolo_store::entity::{
    questionnaire, questionnaire_answer, questionnaire_option, questionnaire_question,
    questionnaire_section,
};

use crate::accounts::request_context;
use crate::courses::maybe;
use crate::directory::Organization;
use crate::error::parse_id;
use crate::loaders::{OrganizationsOfQuestionnaire, StructureOfQuestionnaire, TableKey};
use crate::tables::Table;
use crate::{ApiResult, loader, parts};

fn id(value: i64) -> ID {
    ID(value.to_string())
}

/// The sections of one questionnaire's structure, each with its questions and their options.
fn sections_of(structure: &Structure, questionnaire_id: i64) -> Vec<QuestionnaireSection> {
    structure
        .sections
        .iter()
        .filter(|s| s.questionnaire_id == questionnaire_id)
        .map(|section| QuestionnaireSection {
            section: section.clone(),
            questions: structure
                .questions
                .iter()
                .filter(|q| q.section_id == section.id)
                .map(|q| Question {
                    question: q.clone(),
                    options: structure
                        .options
                        .iter()
                        .filter(|o| o.question_id == q.id)
                        .cloned()
                        .collect(),
                })
                .collect(),
        })
        .collect()
}

/// A questionnaire of a table: built by whoever runs it, answered by its audience until the end date.
pub struct Questionnaire(pub questionnaire::Model);

#[Object]
impl Questionnaire {
    async fn id(&self) -> ID {
        id(self.0.id)
    }
    async fn title(&self) -> &str {
        &self.0.title
    }
    async fn description(&self) -> Option<&str> {
        self.0.description.as_deref()
    }
    async fn audience(&self) -> QuestionnaireAudience {
        self.0.audience
    }
    async fn status(&self) -> QuestionnaireStatus {
        self.0.status
    }
    /// Answers are taken and changed until then.
    async fn ends_at(&self) -> Option<DateTime<Utc>> {
        self.0.ends_at
    }
    /// The most responses a public link takes from one address.
    async fn per_address_limit(&self) -> i32 {
        self.0.per_address_limit
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    async fn table(&self, ctx: &Context<'_>) -> ApiResult<Option<Table>> {
        Ok(loader(ctx)?
            .load_one(TableKey(self.0.table_id))
            .await?
            .map(Table))
    }
    /// The organizations whose operators answer, for that audience.
    #[graphql(complexity = "crate::limits::LIST_COST * child_complexity")]
    async fn organizations(&self, ctx: &Context<'_>) -> ApiResult<Vec<Organization>> {
        Ok(loader(ctx)?
            .load_one(OrganizationsOfQuestionnaire(self.0.id))
            .await?
            .unwrap_or_default()
            .into_iter()
            .map(Organization)
            .collect())
    }
    #[graphql(complexity = "crate::limits::LIST_COST * child_complexity")]
    async fn sections(&self, ctx: &Context<'_>) -> ApiResult<Vec<QuestionnaireSection>> {
        let structure = loader(ctx)?
            .load_one(StructureOfQuestionnaire(self.0.id))
            .await?
            .unwrap_or_default();
        Ok(sections_of(&structure, self.0.id))
    }
    /// The public link's path (`/q/…`), for whoever runs the questionnaire once it is open.
    async fn public_path(&self, ctx: &Context<'_>) -> ApiResult<Option<String>> {
        let (services, actor) = parts(ctx)?;
        let Some(token) = &self.0.public_token else {
            return Ok(None);
        };
        let manages = services
            .questionnaires()
            .can_manage(actor, self.0.id)
            .await?;
        Ok(manages.then(|| format!("/q/{token}")))
    }
    /// Whether the caller builds and opens it and reads its results.
    async fn can_manage(&self, ctx: &Context<'_>) -> ApiResult<bool> {
        let (services, actor) = parts(ctx)?;
        Ok(services
            .questionnaires()
            .can_manage(actor, self.0.id)
            .await?)
    }
    /// Whether the caller is asked to answer and answers are taken now.
    async fn can_answer(&self, ctx: &Context<'_>) -> ApiResult<bool> {
        let (services, actor) = parts(ctx)?;
        Ok(services
            .questionnaires()
            .may_answer(actor, self.0.id)
            .await?)
    }
    /// The caller's saved answers, to change them.
    async fn my_answers(&self, ctx: &Context<'_>) -> ApiResult<Vec<QuestionnaireAnswer>> {
        let (services, actor) = parts(ctx)?;
        Ok(services
            .questionnaires()
            .my_answers(actor, self.0.id)
            .await?
            .into_iter()
            .map(QuestionnaireAnswer)
            .collect())
    }
    /// Results per question, for whoever runs the table.
    async fn results(&self, ctx: &Context<'_>) -> ApiResult<QuestionnaireResults> {
        let (services, actor) = parts(ctx)?;
        Ok(QuestionnaireResults(
            services.questionnaires().results(actor, self.0.id).await?,
        ))
    }
    /// Every response as a row (numbered, dated, one column per question), with nothing about who gave it. With
    /// `locale: IT`, semicolons and decimal commas.
    async fn answers_csv(&self, ctx: &Context<'_>, locale: Option<Locale>) -> ApiResult<String> {
        let (services, actor) = parts(ctx)?;
        Ok(services
            .questionnaires()
            .answers_csv(actor, self.0.id, locale == Some(Locale::It))
            .await?)
    }
}

/// A public questionnaire as its link shows it to anyone.
pub struct PublicQuestionnaire {
    questionnaire: questionnaire::Model,
    token: String,
}

#[Object]
impl PublicQuestionnaire {
    async fn title(&self) -> &str {
        &self.questionnaire.title
    }
    async fn description(&self) -> Option<&str> {
        self.questionnaire.description.as_deref()
    }
    async fn ends_at(&self) -> Option<DateTime<Utc>> {
        self.questionnaire.ends_at
    }
    /// Whether answers are taken now (open and before the end date).
    async fn open(&self) -> bool {
        self.questionnaire.status == QuestionnaireStatus::Open
            && self
                .questionnaire
                .ends_at
                .is_none_or(|end| end > Utc::now())
    }
    async fn sections(&self, ctx: &Context<'_>) -> ApiResult<Vec<QuestionnaireSection>> {
        let (services, _) = parts(ctx)?;
        let structure = services
            .questionnaires()
            .public_structure(&self.token)
            .await?;
        Ok(sections_of(&structure, self.questionnaire.id))
    }
    /// The answers saved under `responseKey` (kept by the browser that sent them).
    async fn answers(
        &self,
        ctx: &Context<'_>,
        response_key: String,
    ) -> ApiResult<Vec<QuestionnaireAnswer>> {
        let (services, _) = parts(ctx)?;
        Ok(services
            .questionnaires()
            .public_answers(&self.token, &response_key)
            .await?
            .into_iter()
            .map(QuestionnaireAnswer)
            .collect())
    }
}

pub struct QuestionnaireSection {
    section: questionnaire_section::Model,
    questions: Vec<Question>,
}

#[Object]
impl QuestionnaireSection {
    async fn id(&self) -> ID {
        id(self.section.id)
    }
    async fn title(&self) -> &str {
        &self.section.title
    }
    async fn description(&self) -> Option<&str> {
        self.section.description.as_deref()
    }
    async fn questions(&self) -> &[Question] {
        &self.questions
    }
}

pub struct Question {
    question: questionnaire_question::Model,
    options: Vec<questionnaire_option::Model>,
}

#[Object]
impl Question {
    async fn id(&self) -> ID {
        id(self.question.id)
    }
    async fn kind(&self) -> QuestionKind {
        self.question.kind
    }
    async fn text(&self) -> &str {
        &self.question.text
    }
    async fn help(&self) -> Option<&str> {
        self.question.help.as_deref()
    }
    async fn required(&self) -> bool {
        self.question.required
    }
    async fn scale_min(&self) -> Option<i32> {
        self.question.scale_min
    }
    async fn scale_max(&self) -> Option<i32> {
        self.question.scale_max
    }
    async fn number_min(&self) -> Option<f64> {
        self.question.number_min
    }
    async fn number_max(&self) -> Option<f64> {
        self.question.number_max
    }
    async fn options(&self) -> Vec<QuestionOption> {
        self.options
            .iter()
            .map(|o| QuestionOption {
                id: id(o.id),
                label: o.label.clone(),
            })
            .collect()
    }
}

#[derive(SimpleObject)]
pub struct QuestionOption {
    id: ID,
    label: String,
}

/// One saved answer: an option chosen (one per option for multiple choice), a number or text.
pub struct QuestionnaireAnswer(questionnaire_answer::Model);

#[Object]
impl QuestionnaireAnswer {
    async fn question_id(&self) -> ID {
        id(self.0.question_id)
    }
    async fn option_id(&self) -> Option<ID> {
        self.0.option_id.map(id)
    }
    async fn number(&self) -> Option<f64> {
        self.0.number_value
    }
    async fn text(&self) -> Option<&str> {
        self.0.text_value.as_deref()
    }
}

pub struct QuestionnaireResults(Results);

#[Object]
impl QuestionnaireResults {
    async fn responses(&self) -> i64 {
        self.0.responses
    }
    async fn questions(&self) -> Vec<QuestionResult> {
        self.0
            .questions
            .iter()
            .cloned()
            .map(QuestionResult)
            .collect()
    }
}

pub struct QuestionResult(ServiceResultRow);

#[derive(SimpleObject)]
pub struct OptionCount {
    option_id: ID,
    label: String,
    count: i64,
}

#[derive(SimpleObject)]
pub struct ValueCount {
    value: f64,
    count: i64,
}

#[Object]
impl QuestionResult {
    async fn question_id(&self) -> ID {
        id(self.0.question.id)
    }
    async fn text(&self) -> &str {
        &self.0.question.text
    }
    async fn kind(&self) -> QuestionKind {
        self.0.question.kind
    }
    /// Responses that answered it.
    async fn answered(&self) -> i64 {
        self.0.answered
    }
    async fn options(&self) -> Vec<OptionCount> {
        self.0
            .options
            .iter()
            .map(|(o, count)| OptionCount {
                option_id: id(o.id),
                label: o.label.clone(),
                count: *count,
            })
            .collect()
    }
    async fn mean(&self) -> Option<f64> {
        self.0.mean
    }
    async fn distribution(&self) -> Vec<ValueCount> {
        self.0
            .distribution
            .iter()
            .map(|(value, count)| ValueCount {
                value: *value,
                count: *count,
            })
            .collect()
    }
    async fn texts(&self) -> &[String] {
        &self.0.texts
    }
}

/// A questionnaire's settings; those left out stay as they are.
#[derive(InputObject)]
pub struct QuestionnaireFields {
    title: Option<String>,
    description: Option<String>,
    audience: Option<QuestionnaireAudience>,
    /// Null removes the end date (a public questionnaire needs one to open).
    ends_at: MaybeUndefined<DateTime<Utc>>,
    organization_ids: Option<Vec<ID>>,
    /// 1–1000, default 5.
    per_address_limit: Option<i32>,
}

impl QuestionnaireFields {
    fn into_input(self) -> ApiResult<QuestionnaireInput> {
        let organization_ids = self
            .organization_ids
            .map(|ids| {
                ids.iter()
                    .map(|id| parse_id(id, "organizationIds"))
                    .collect::<ApiResult<Vec<_>>>()
            })
            .transpose()?;
        Ok(QuestionnaireInput {
            title: self.title,
            description: self.description,
            audience: self.audience,
            ends_at: maybe(self.ends_at),
            organization_ids,
            per_address_limit: self.per_address_limit,
        })
    }
}

#[derive(InputObject)]
pub struct QuestionFields {
    kind: QuestionKind,
    text: String,
    help: Option<String>,
    #[graphql(default)]
    required: bool,
    /// For choice questions, at least two.
    #[graphql(default)]
    options: Vec<String>,
    /// A scale's bounds (0–10; 1 to 5 when left out).
    scale_min: Option<i32>,
    scale_max: Option<i32>,
    number_min: Option<f64>,
    number_max: Option<f64>,
}

#[derive(InputObject)]
pub struct QuestionnaireSectionFields {
    title: String,
    description: Option<String>,
    #[graphql(default)]
    questions: Vec<QuestionFields>,
}

impl From<QuestionnaireSectionFields> for SectionInput {
    fn from(section: QuestionnaireSectionFields) -> Self {
        Self {
            title: section.title,
            description: section.description,
            questions: section
                .questions
                .into_iter()
                .map(|q| QuestionInput {
                    kind: q.kind,
                    text: q.text,
                    help: q.help,
                    required: q.required,
                    options: q.options,
                    scale_min: q.scale_min,
                    scale_max: q.scale_max,
                    number_min: q.number_min,
                    number_max: q.number_max,
                })
                .collect(),
        }
    }
}

/// An answer to one question: `optionIds` for choices, `number` for scales and numbers, `text` for text.
#[derive(InputObject)]
pub struct AnswerFields {
    question_id: ID,
    #[graphql(default)]
    option_ids: Vec<ID>,
    number: Option<f64>,
    text: Option<String>,
}

fn answers_input(answers: Vec<AnswerFields>) -> ApiResult<Vec<AnswerInput>> {
    answers
        .into_iter()
        .map(|a| {
            Ok(AnswerInput {
                question_id: parse_id(&a.question_id, "answers")?,
                option_ids: a
                    .option_ids
                    .iter()
                    .map(|o| parse_id(o, "answers"))
                    .collect::<ApiResult<_>>()?,
                number: a.number,
                text: a.text,
            })
        })
        .collect()
}

/// A public response as saved: keep `responseKey` to change it until the end.
#[derive(SimpleObject)]
pub struct PublicResponse {
    response_key: String,
    submitted_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

#[derive(Default)]
pub struct QuestionnaireQuery;

#[Object]
impl QuestionnaireQuery {
    async fn questionnaire(&self, ctx: &Context<'_>, id: ID) -> ApiResult<Questionnaire> {
        let (services, actor) = parts(ctx)?;
        Ok(Questionnaire(
            services
                .questionnaires()
                .questionnaire(actor, parse_id(&id, "id")?)
                .await?,
        ))
    }

    /// The questionnaires the caller runs or is asked to answer, of one table or everywhere, newest first.
    #[graphql(complexity = "crate::limits::LIST_COST * child_complexity")]
    async fn questionnaires(
        &self,
        ctx: &Context<'_>,
        table_id: Option<ID>,
    ) -> ApiResult<Vec<Questionnaire>> {
        let (services, actor) = parts(ctx)?;
        let table_id = table_id.map(|id| parse_id(&id, "tableId")).transpose()?;
        Ok(services
            .questionnaires()
            .questionnaires(actor, table_id)
            .await?
            .into_iter()
            .map(Questionnaire)
            .collect())
    }

    /// A public questionnaire by its link's token, for anyone.
    async fn public_questionnaire(
        &self,
        ctx: &Context<'_>,
        token: String,
    ) -> ApiResult<PublicQuestionnaire> {
        let (services, _) = parts(ctx)?;
        let questionnaire = services.questionnaires().by_token(&token).await?;
        Ok(PublicQuestionnaire {
            questionnaire,
            token,
        })
    }
}

#[derive(Default)]
pub struct QuestionnaireMutation;

#[Object]
impl QuestionnaireMutation {
    /// A new questionnaire of a table, in draft, by whoever runs the table.
    async fn create_questionnaire(
        &self,
        ctx: &Context<'_>,
        table_id: ID,
        input: QuestionnaireFields,
    ) -> ApiResult<Questionnaire> {
        let (services, actor) = parts(ctx)?;
        Ok(Questionnaire(
            services
                .questionnaires()
                .create(actor, parse_id(&table_id, "tableId")?, input.into_input()?)
                .await?,
        ))
    }

    async fn update_questionnaire(
        &self,
        ctx: &Context<'_>,
        id: ID,
        input: QuestionnaireFields,
    ) -> ApiResult<Questionnaire> {
        let (services, actor) = parts(ctx)?;
        Ok(Questionnaire(
            services
                .questionnaires()
                .update(actor, parse_id(&id, "id")?, input.into_input()?)
                .await?,
        ))
    }

    /// Replaces a draft's sections and questions.
    async fn save_questionnaire_questions(
        &self,
        ctx: &Context<'_>,
        id: ID,
        sections: Vec<QuestionnaireSectionFields>,
    ) -> ApiResult<Questionnaire> {
        let (services, actor) = parts(ctx)?;
        let sections = sections.into_iter().map(SectionInput::from).collect();
        Ok(Questionnaire(
            services
                .questionnaires()
                .save_structure(actor, parse_id(&id, "id")?, sections)
                .await?,
        ))
    }

    async fn open_questionnaire(&self, ctx: &Context<'_>, id: ID) -> ApiResult<Questionnaire> {
        let (services, actor) = parts(ctx)?;
        Ok(Questionnaire(
            services
                .questionnaires()
                .open(actor, parse_id(&id, "id")?)
                .await?,
        ))
    }

    async fn close_questionnaire(&self, ctx: &Context<'_>, id: ID) -> ApiResult<Questionnaire> {
        let (services, actor) = parts(ctx)?;
        Ok(Questionnaire(
            services
                .questionnaires()
                .close(actor, parse_id(&id, "id")?)
                .await?,
        ))
    }

    /// The caller's response (new or changed) to a questionnaire they are asked to answer.
    async fn answer_questionnaire(
        &self,
        ctx: &Context<'_>,
        id: ID,
        answers: Vec<AnswerFields>,
    ) -> ApiResult<Questionnaire> {
        let (services, actor) = parts(ctx)?;
        let id = parse_id(&id, "id")?;
        let questionnaires = services.questionnaires();
        questionnaires
            .answer(actor, id, answers_input(answers)?)
            .await?;
        Ok(Questionnaire(
            questionnaires.questionnaire(actor, id).await?,
        ))
    }

    /// A response through a public link: new, or the one `responseKey` names, changed.
    async fn answer_public_questionnaire(
        &self,
        ctx: &Context<'_>,
        token: String,
        response_key: Option<String>,
        answers: Vec<AnswerFields>,
    ) -> ApiResult<PublicResponse> {
        let (services, _) = parts(ctx)?;
        let address = request_context(ctx)?.client_address.clone();
        let saved = services
            .questionnaires()
            .answer_public(
                &token,
                response_key.as_deref(),
                address.as_deref(),
                answers_input(answers)?,
            )
            .await?;
        Ok(PublicResponse {
            response_key: saved.response_key,
            submitted_at: saved.response.submitted_at,
            updated_at: saved.response.updated_at,
        })
    }

    /// Records a figure of a question's results as a measurement of one of the table's strategy indicators.
    async fn record_questionnaire_result(
        &self,
        ctx: &Context<'_>,
        question_id: ID,
        indicator_id: ID,
        statistic: QuestionStatistic,
        option_id: Option<ID>,
        on: Option<NaiveDate>,
    ) -> ApiResult<bool> {
        let (services, actor) = parts(ctx)?;
        let option_id = option_id.map(|id| parse_id(&id, "optionId")).transpose()?;
        services
            .questionnaires()
            .record_result(
                actor,
                parse_id(&question_id, "questionId")?,
                parse_id(&indicator_id, "indicatorId")?,
                statistic,
                option_id,
                on,
            )
            .await?;
        Ok(true)
    }
}
