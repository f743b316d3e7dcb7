//! A questionnaire's sections, questions and options: replaced as a whole while it is a draft, read by whoever may
//! see it (in one query per kind of row, for DataLoaders).

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use tavolo_domain::{Actor, Name, OptionalText, QuestionKind, QuestionnaireStatus};
use tavolo_store::entity::{
    questionnaire, questionnaire_option, questionnaire_question, questionnaire_section,
};
use tavolo_store::sea_orm;

use super::{QuestionnaireService, load, questionnaire_change};
use crate::audit;
use crate::error::FieldContext;
use crate::{Reason, ServiceError, ServiceResult};

const SECTIONS_MAX: usize = 30;
const QUESTIONS_MAX: usize = 200;
const OPTIONS_MAX: usize = 50;
const HELP_MAX: usize = 2_000;
const QUESTION_MAX: usize = 500;
/// A scale runs between these bounds.
const SCALE_BOUNDS: (i32, i32) = (0, 10);
const NUMBER_LIMIT: f64 = 1e12;

#[derive(Debug, Clone)]
pub struct QuestionInput {
    pub kind: QuestionKind,
    pub text: String,
    pub help: Option<String>,
    pub required: bool,
    /// Choice questions' options, in order.
    pub options: Vec<String>,
    pub scale_min: Option<i32>,
    pub scale_max: Option<i32>,
    pub number_min: Option<f64>,
    pub number_max: Option<f64>,
}

#[derive(Debug, Clone, Default)]
pub struct SectionInput {
    pub title: String,
    pub description: Option<String>,
    pub questions: Vec<QuestionInput>,
}

/// A questionnaire's rows, each kind in order.
#[derive(Debug, Clone, Default)]
pub struct Structure {
    pub sections: Vec<questionnaire_section::Model>,
    pub questions: Vec<questionnaire_question::Model>,
    pub options: Vec<questionnaire_option::Model>,
}

impl QuestionnaireService<'_> {
    /// Replaces a draft's sections and questions, each refused on its own field (`sections.1.questions.0.text`).
    pub async fn save_structure(
        &self,
        actor: &Actor,
        id: i64,
        sections: Vec<SectionInput>,
    ) -> ServiceResult<questionnaire::Model> {
        let context = load(self.db, actor, id).await?;
        context.require_manage(actor)?;
        if context.questionnaire.status != QuestionnaireStatus::Draft {
            return Err(ServiceError::validation(
                "id",
                Reason::WrongState,
                "the questions are settled once the questionnaire is open",
            ));
        }
        let sections = checked(sections)?;
        let txn = tavolo_store::begin_write(self.db).await?;
        // Questions and options go with their sections (the foreign keys cascade).
        questionnaire_section::Entity::delete_many()
            .filter(questionnaire_section::Column::QuestionnaireId.eq(id))
            .exec(&txn)
            .await?;
        for (position, section) in sections.into_iter().enumerate() {
            insert_section(&txn, id, position as i32, section).await?;
        }
        let mut row: questionnaire::ActiveModel = context.questionnaire.into();
        row.updated_at = Set(Utc::now());
        let saved = row.update(&txn).await?;
        let summary = format!("changed the questions of '{}'", saved.title);
        audit::record(&txn, actor, questionnaire_change("edit", &saved, summary)).await?;
        txn.commit().await?;
        Ok(saved)
    }

    /// The sections, questions and options of the questionnaires among `ids` the actor may see.
    pub async fn structures(&self, actor: &Actor, ids: &[i64]) -> ServiceResult<Structure> {
        let visible: Vec<i64> = self
            .by_ids(actor, ids)
            .await?
            .into_iter()
            .map(|q| q.id)
            .collect();
        structure_of(self.db, &visible).await
    }
}

/// The rows of these questionnaires, unchecked: for callers that have checked who reads them.
pub(crate) async fn structure_of(
    conn: &impl ConnectionTrait,
    ids: &[i64],
) -> ServiceResult<Structure> {
    let sections = questionnaire_section::Entity::find()
        .filter(questionnaire_section::Column::QuestionnaireId.is_in(ids.iter().copied()))
        .order_by_asc(questionnaire_section::Column::Position)
        .all(conn)
        .await?;
    let questions = questionnaire_question::Entity::find()
        .filter(questionnaire_question::Column::QuestionnaireId.is_in(ids.iter().copied()))
        .order_by_asc(questionnaire_question::Column::Position)
        .all(conn)
        .await?;
    let options = questionnaire_option::Entity::find()
        .filter(questionnaire_option::Column::QuestionId.is_in(questions.iter().map(|q| q.id)))
        .order_by_asc(questionnaire_option::Column::Position)
        .all(conn)
        .await?;
    Ok(Structure {
        sections,
        questions,
        options,
    })
}

async fn insert_section(
    conn: &impl ConnectionTrait,
    questionnaire_id: i64,
    position: i32,
    section: SectionInput,
) -> ServiceResult<()> {
    let saved = questionnaire_section::ActiveModel {
        questionnaire_id: Set(questionnaire_id),
        position: Set(position),
        title: Set(section.title),
        description: Set(section.description),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    for (index, question) in section.questions.into_iter().enumerate() {
        let row = questionnaire_question::ActiveModel {
            questionnaire_id: Set(questionnaire_id),
            section_id: Set(saved.id),
            position: Set(position * 1_000 + index as i32),
            kind: Set(question.kind),
            text: Set(question.text),
            help: Set(question.help),
            required: Set(question.required),
            scale_min: Set(question.scale_min),
            scale_max: Set(question.scale_max),
            number_min: Set(question.number_min),
            number_max: Set(question.number_max),
            ..Default::default()
        }
        .insert(conn)
        .await?;
        for (place, label) in question.options.into_iter().enumerate() {
            questionnaire_option::ActiveModel {
                question_id: Set(row.id),
                position: Set(place as i32),
                label: Set(label),
                ..Default::default()
            }
            .insert(conn)
            .await?;
        }
    }
    Ok(())
}

/// Every section and question checked, trimmed and completed (a scale's default bounds).
fn checked(sections: Vec<SectionInput>) -> ServiceResult<Vec<SectionInput>> {
    if sections.len() > SECTIONS_MAX {
        return Err(ServiceError::too_many(
            "sections",
            SECTIONS_MAX as u64,
            "sections",
        ));
    }
    let total: usize = sections.iter().map(|s| s.questions.len()).sum();
    if total > QUESTIONS_MAX {
        return Err(ServiceError::too_many(
            "sections",
            QUESTIONS_MAX as u64,
            "questions",
        ));
    }
    sections
        .into_iter()
        .enumerate()
        .map(|(index, section)| {
            let field = |name: &str| format!("sections.{index}.{name}");
            Ok(SectionInput {
                title: Name::parse(&section.title)
                    .field(&field("title"))?
                    .into_inner(),
                description: OptionalText::parse(section.description.as_deref(), HELP_MAX)
                    .field(&field("description"))?,
                questions: section
                    .questions
                    .into_iter()
                    .enumerate()
                    .map(|(n, q)| checked_question(q, &field(&format!("questions.{n}"))))
                    .collect::<ServiceResult<_>>()?,
            })
        })
        .collect()
}

fn checked_question(question: QuestionInput, field: &str) -> ServiceResult<QuestionInput> {
    let at = |name: &str| format!("{field}.{name}");
    let text = OptionalText::parse(Some(&question.text), QUESTION_MAX)
        .field(&at("text"))?
        .ok_or_else(|| ServiceError::required(&at("text")))?;
    let help = OptionalText::parse(question.help.as_deref(), HELP_MAX).field(&at("help"))?;
    let choice = matches!(
        question.kind,
        QuestionKind::SingleChoice | QuestionKind::MultipleChoice
    );
    let options: Vec<String> = if choice {
        question
            .options
            .iter()
            .map(|o| Name::parse(o).field(&at("options")).map(Name::into_inner))
            .collect::<ServiceResult<_>>()?
    } else {
        Vec::new()
    };
    if choice && options.len() < 2 {
        return Err(ServiceError::validation(
            &at("options"),
            Reason::TooFew,
            "a choice needs at least two options",
        ));
    }
    if options.len() > OPTIONS_MAX {
        return Err(ServiceError::too_many(
            &at("options"),
            OPTIONS_MAX as u64,
            "options",
        ));
    }
    let (scale_min, scale_max) = match question.kind {
        QuestionKind::Scale => {
            let min = question.scale_min.unwrap_or(1);
            let max = question.scale_max.unwrap_or(5);
            for (value, name) in [(min, "scaleMin"), (max, "scaleMax")] {
                if !(SCALE_BOUNDS.0..=SCALE_BOUNDS.1).contains(&value) {
                    return Err(ServiceError::out_of_range(
                        &at(name),
                        SCALE_BOUNDS.0,
                        SCALE_BOUNDS.1,
                    ));
                }
            }
            if max <= min {
                return Err(ServiceError::validation(
                    &at("scaleMax"),
                    Reason::EndBeforeStart,
                    "the scale ends above its start",
                ));
            }
            (Some(min), Some(max))
        }
        _ => (None, None),
    };
    let (number_min, number_max) = match question.kind {
        QuestionKind::Number => {
            for (value, name) in [
                (question.number_min, "numberMin"),
                (question.number_max, "numberMax"),
            ] {
                if value.is_some_and(|v| !v.is_finite() || v.abs() > NUMBER_LIMIT) {
                    return Err(ServiceError::validation(
                        &at(name),
                        Reason::NotANumber,
                        "must be a finite number",
                    ));
                }
            }
            if let (Some(min), Some(max)) = (question.number_min, question.number_max)
                && max < min
            {
                return Err(ServiceError::validation(
                    &at("numberMax"),
                    Reason::EndBeforeStart,
                    "the maximum is below the minimum",
                ));
            }
            (question.number_min, question.number_max)
        }
        _ => (None, None),
    };
    Ok(QuestionInput {
        kind: question.kind,
        text,
        help,
        required: question.required,
        options,
        scale_min,
        scale_max,
        number_min,
        number_max,
    })
}
