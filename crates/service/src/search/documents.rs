//! The search documents of each scope, built from the database with the access tokens of who may read them.
//! Tokens: `public`, `signed_in`, `moderators`, `person:{id}`, `table:{id}:members` (anyone with a role there) and
//! `table:{id}:minutes` (those who read minutes before approval: delegates and whoever runs the table).

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use tavolo_domain::{
    CourseAudience, MeetingStatus, MembershipRole, MinutesStatus, PracticeStatus,
    PracticeVisibility, ProtocolStatus, QuestionnaireAudience, QuestionnaireStatus, StrategyStatus,
    Visibility,
};
use tavolo_search::{DocumentKind, SearchDocument};
use tavolo_store::entity::{
    action_item, agenda_item, course, course_enrolment, decision, good_practice, invitation,
    meeting, membership, minutes, minutes_comment, minutes_note, person, practice_attachment,
    practice_comment, protocol, protocol_section, protocol_version, questionnaire,
    questionnaire_organization, questionnaire_question, strategy_comment, strategy_element,
    strategy_version, table,
};
use tavolo_store::sea_orm;

use crate::ServiceResult;

/// A record whose change rebuilds a group of documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Scope {
    /// A practice with its comments.
    Practice(i64),
    /// A meeting with its agenda, minutes items, decisions, action items and minutes comments.
    Meeting(i64),
    /// A table's strategy: its newest approved and its open version, with comments.
    Strategy(i64),
    /// A training course.
    Course(i64),
    /// An operational protocol: its newest adopted version and its open draft.
    Protocol(i64),
    /// A needs questionnaire: its title, description and questions.
    Questionnaire(i64),
}

impl Scope {
    pub fn key(self) -> String {
        match self {
            Self::Practice(id) => format!("practice:{id}"),
            Self::Meeting(id) => format!("meeting:{id}"),
            Self::Strategy(id) => format!("strategy:{id}"),
            Self::Course(id) => format!("course:{id}"),
            Self::Protocol(id) => format!("protocol:{id}"),
            Self::Questionnaire(id) => format!("questionnaire:{id}"),
        }
    }
}

pub(crate) fn table_members(table_id: i64) -> String {
    format!("table:{table_id}:members")
}

pub(crate) fn minutes_readers(table_id: i64) -> String {
    format!("table:{table_id}:minutes")
}

/// Who reads what a table shows by its visibility (meetings, agenda, approved minutes and strategy).
fn table_readers(table: &table::Model) -> Vec<String> {
    match table.visibility {
        Visibility::Public => vec!["public".into()],
        Visibility::Network => vec!["signed_in".into()],
        Visibility::Members => vec![table_members(table.id)],
    }
}

fn joined(parts: &[Option<&str>]) -> String {
    parts
        .iter()
        .flatten()
        .copied()
        .collect::<Vec<_>>()
        .join("\n")
}

pub(crate) async fn documents(
    conn: &impl ConnectionTrait,
    scope: Scope,
) -> ServiceResult<Vec<SearchDocument>> {
    match scope {
        Scope::Practice(id) => practice(conn, id).await,
        Scope::Meeting(id) => meeting_documents(conn, id).await,
        Scope::Strategy(table_id) => strategy(conn, table_id).await,
        Scope::Course(id) => course_documents(conn, id).await,
        Scope::Protocol(id) => protocol_documents(conn, id).await,
        Scope::Questionnaire(id) => questionnaire_documents(conn, id).await,
    }
}

/// A course is read by who reads its table, by everyone signed in when it is for the network, and by the people
/// enrolled in it.
async fn course_documents(
    conn: &impl ConnectionTrait,
    id: i64,
) -> ServiceResult<Vec<SearchDocument>> {
    let Some(course) = course::Entity::find_by_id(id).one(conn).await? else {
        return Ok(Vec::new());
    };
    let Some(table) = table::Entity::find_by_id(course.table_id).one(conn).await? else {
        return Ok(Vec::new());
    };
    let mut readers = table_readers(&table);
    if course.audience == CourseAudience::Network && !readers.iter().any(|r| r == "public") {
        readers.push("signed_in".into());
    }
    readers.extend(
        course_enrolment::Entity::find()
            .filter(course_enrolment::Column::CourseId.eq(id))
            .all(conn)
            .await?
            .into_iter()
            .map(|e| format!("person:{}", e.person_id)),
    );
    Ok(vec![SearchDocument {
        id: format!("course:{id}"),
        scope: Scope::Course(id).key(),
        kind: DocumentKind::Course,
        title: course.title,
        body: course.description.unwrap_or_default(),
        url: format!("/courses/{id}"),
        table_id: Some(table.id),
        date: course.created_at,
        themes: Vec::new(),
        target_groups: Vec::new(),
        territory: table.territory.clone(),
        readers,
    }])
}

/// A protocol's newest adopted version is read by who reads its table, its open draft by the table's members.
async fn protocol_documents(
    conn: &impl ConnectionTrait,
    id: i64,
) -> ServiceResult<Vec<SearchDocument>> {
    let Some(protocol) = protocol::Entity::find_by_id(id).one(conn).await? else {
        return Ok(Vec::new());
    };
    let Some(table) = table::Entity::find_by_id(protocol.table_id)
        .one(conn)
        .await?
    else {
        return Ok(Vec::new());
    };
    let versions = protocol_version::Entity::find()
        .filter(protocol_version::Column::ProtocolId.eq(id))
        .order_by_desc(protocol_version::Column::Number)
        .all(conn)
        .await?;
    let adopted = versions
        .iter()
        .find(|v| v.status == ProtocolStatus::Adopted);
    let draft = versions.iter().find(|v| v.status == ProtocolStatus::Draft);
    let mut documents = Vec::new();
    for (version, readers, suffix) in [
        (adopted, table_readers(&table), "adopted"),
        (draft, vec![table_members(table.id)], "draft"),
    ] {
        let Some(version) = version else { continue };
        let sections = protocol_section::Entity::find()
            .filter(protocol_section::Column::VersionId.eq(version.id))
            .order_by_asc(protocol_section::Column::Position)
            .all(conn)
            .await?;
        documents.push(SearchDocument {
            id: format!("protocol:{id}:{suffix}"),
            scope: Scope::Protocol(id).key(),
            kind: DocumentKind::Protocol,
            title: protocol.title.clone(),
            body: crate::markdown::to_plain_text(&crate::protocols::document(&sections)),
            url: format!("/protocols/{id}"),
            table_id: Some(table.id),
            date: version.updated_at,
            themes: Vec::new(),
            target_groups: Vec::new(),
            territory: table.territory.clone(),
            readers,
        });
    }
    Ok(documents)
}

/// A questionnaire is found by who runs its table and, once open, by who is asked to answer it: the table's members,
/// or the people of the organizations it names. A public one is reached through its link only.
async fn questionnaire_documents(
    conn: &impl ConnectionTrait,
    id: i64,
) -> ServiceResult<Vec<SearchDocument>> {
    let Some(questionnaire) = questionnaire::Entity::find_by_id(id).one(conn).await? else {
        return Ok(Vec::new());
    };
    let Some(table) = table::Entity::find_by_id(questionnaire.table_id)
        .one(conn)
        .await?
    else {
        return Ok(Vec::new());
    };
    let runners = membership::Entity::find()
        .filter(membership::Column::TableId.eq(table.id))
        .filter(membership::in_force(chrono::Utc::now()))
        .filter(membership::Column::Role.is_in([
            MembershipRole::Chair.as_str(),
            MembershipRole::Secretariat.as_str(),
        ]))
        .all(conn)
        .await?;
    let mut readers: Vec<String> = runners
        .iter()
        .map(|m| format!("person:{}", m.person_id))
        .collect();
    if questionnaire.status != QuestionnaireStatus::Draft {
        match questionnaire.audience {
            QuestionnaireAudience::Members => readers.push(table_members(table.id)),
            QuestionnaireAudience::Organizations => {
                let named = questionnaire_organization::Entity::find()
                    .filter(questionnaire_organization::Column::QuestionnaireId.eq(id))
                    .all(conn)
                    .await?;
                let people = person::Entity::find()
                    .filter(
                        person::Column::OrganizationId
                            .is_in(named.iter().map(|n| n.organization_id)),
                    )
                    .all(conn)
                    .await?;
                readers.extend(people.iter().map(|p| format!("person:{}", p.id)));
            }
            QuestionnaireAudience::Public => {}
        }
    }
    let questions = questionnaire_question::Entity::find()
        .filter(questionnaire_question::Column::QuestionnaireId.eq(id))
        .order_by_asc(questionnaire_question::Column::Position)
        .all(conn)
        .await?;
    let body = std::iter::once(questionnaire.description.clone().unwrap_or_default())
        .chain(questions.into_iter().map(|q| q.text))
        .collect::<Vec<_>>()
        .join("\n");
    Ok(vec![SearchDocument {
        id: format!("questionnaire:{id}"),
        scope: Scope::Questionnaire(id).key(),
        kind: DocumentKind::Questionnaire,
        title: questionnaire.title,
        body,
        url: format!("/questionnaires/{id}"),
        table_id: Some(table.id),
        date: questionnaire.created_at,
        themes: Vec::new(),
        target_groups: Vec::new(),
        territory: table.territory.clone(),
        readers,
    }])
}

async fn practice(conn: &impl ConnectionTrait, id: i64) -> ServiceResult<Vec<SearchDocument>> {
    let Some(practice) = good_practice::Entity::find_by_id(id).one(conn).await? else {
        return Ok(Vec::new());
    };
    let readers = if practice.status == PracticeStatus::Published {
        if practice.visibility == PracticeVisibility::Public {
            vec!["public".to_owned()]
        } else {
            vec!["signed_in".to_owned()]
        }
    } else {
        vec![
            format!("person:{}", practice.author_id),
            "moderators".to_owned(),
        ]
    };
    let attachments: Vec<String> = practice_attachment::Entity::find()
        .filter(practice_attachment::Column::PracticeId.eq(id))
        .all(conn)
        .await?
        .into_iter()
        .map(|a| a.file_name)
        .collect();
    let facets = crate::practices::facets_of(conn, &[id])
        .await?
        .remove(&id)
        .unwrap_or_default();
    let scope = Scope::Practice(id).key();
    let url = format!("/practices/{id}");
    let base = SearchDocument {
        id: format!("practice:{id}"),
        scope: scope.clone(),
        kind: DocumentKind::Practice,
        title: practice.title.clone(),
        body: joined(&[
            Some(&practice.summary),
            Some(&crate::markdown::to_plain_text(&practice.body)),
            practice.results.as_deref(),
            practice.transferability.as_deref(),
            Some(&practice.funding),
            practice.project_code.as_deref(),
            Some(&attachments.join("\n")),
        ]),
        url: url.clone(),
        table_id: None,
        date: practice.published_at.unwrap_or(practice.updated_at),
        themes: facets
            .themes
            .iter()
            .map(|t| t.as_str().to_owned())
            .collect(),
        target_groups: facets
            .target_groups
            .iter()
            .map(|g| g.as_str().to_owned())
            .collect(),
        territory: practice
            .territory
            .clone()
            .or_else(|| practice.region.clone()),
        readers: readers.clone(),
    };
    let comments = practice_comment::Entity::find()
        .filter(practice_comment::Column::PracticeId.eq(id))
        .filter(practice_comment::Column::Deleted.eq(false))
        .all(conn)
        .await?;
    let mut documents = vec![base.clone()];
    documents.extend(comments.into_iter().map(|c| SearchDocument {
        id: format!("practice_comment:{}", c.id),
        kind: DocumentKind::Comment,
        title: practice.title.clone(),
        body: c.body,
        date: c.created_at,
        ..base.clone()
    }));
    Ok(documents)
}

async fn meeting_documents(
    conn: &impl ConnectionTrait,
    id: i64,
) -> ServiceResult<Vec<SearchDocument>> {
    let Some(meeting) = meeting::Entity::find_by_id(id).one(conn).await? else {
        return Ok(Vec::new());
    };
    let Some(table) = table::Entity::find_by_id(meeting.table_id)
        .one(conn)
        .await?
    else {
        return Ok(Vec::new());
    };
    // The same rule as `policy::meeting_scope`: a draft is for the table's members; once scheduled it follows the
    // table's visibility, and its invitees read it too.
    let visible = if meeting.status == MeetingStatus::Draft {
        vec![table_members(table.id)]
    } else {
        let mut readers = table_readers(&table);
        let invitees = invitation::Entity::find()
            .filter(invitation::Column::MeetingId.eq(id))
            .all(conn)
            .await?;
        readers.extend(
            invitees
                .iter()
                .filter_map(|i| i.person_id)
                .map(|p| format!("person:{p}")),
        );
        readers
    };
    let scope = Scope::Meeting(id).key();
    let url = format!("/meetings/{id}");
    let base = SearchDocument {
        id: format!("meeting:{id}"),
        scope,
        kind: DocumentKind::Meeting,
        title: meeting.title.clone(),
        body: joined(&[meeting.description.as_deref(), meeting.place.as_deref()]),
        url,
        table_id: Some(table.id),
        date: meeting.starts_at,
        themes: Vec::new(),
        target_groups: Vec::new(),
        territory: table.territory.clone(),
        readers: visible.clone(),
    };
    let agenda = agenda_item::Entity::find()
        .filter(agenda_item::Column::MeetingId.eq(id))
        .order_by_asc(agenda_item::Column::Position)
        .all(conn)
        .await?;
    let mut documents = vec![base.clone()];
    let item_title = |item_id: i64| {
        agenda.iter().find(|a| a.id == item_id).map_or_else(
            || meeting.title.clone(),
            |a| format!("{} — {}", meeting.title, a.title),
        )
    };
    documents.extend(agenda.iter().map(|item| SearchDocument {
        id: format!("agenda_item:{}", item.id),
        kind: DocumentKind::AgendaItem,
        title: item.title.clone(),
        body: joined(&[item.description.as_deref(), item.presenter.as_deref()]),
        ..base.clone()
    }));
    let Some(record) = minutes::Entity::find()
        .filter(minutes::Column::MeetingId.eq(id))
        .one(conn)
        .await?
    else {
        return Ok(documents);
    };
    // Approved minutes follow the table's visibility; until then they are for delegates and the table's runners.
    let minutes_visible = if record.status == MinutesStatus::Approved {
        visible.clone()
    } else {
        vec![minutes_readers(table.id)]
    };
    let notes = minutes_note::Entity::find()
        .filter(minutes_note::Column::MinutesId.eq(record.id))
        .all(conn)
        .await?;
    documents.extend(
        notes
            .into_iter()
            .filter(|n| !n.body.trim().is_empty())
            .map(|note| SearchDocument {
                id: format!("minutes_item:{}", note.id),
                kind: DocumentKind::MinutesItem,
                title: item_title(note.agenda_item_id),
                body: crate::markdown::to_plain_text(&note.body),
                readers: minutes_visible.clone(),
                ..base.clone()
            }),
    );
    let decisions = decision::Entity::find()
        .filter(decision::Column::MeetingId.eq(id))
        .all(conn)
        .await?;
    documents.extend(decisions.into_iter().map(|d| SearchDocument {
        id: format!("decision:{}", d.id),
        kind: DocumentKind::Decision,
        title: item_title(d.agenda_item_id),
        body: d.text,
        readers: minutes_visible.clone(),
        ..base.clone()
    }));
    let actions = action_item::Entity::find()
        .filter(action_item::Column::MeetingId.eq(id))
        .all(conn)
        .await?;
    documents.extend(actions.into_iter().map(|a| {
        let mut readers = vec![minutes_readers(table.id)];
        readers.extend(a.assignee_person_id.map(|p| format!("person:{p}")));
        SearchDocument {
            id: format!("action_item:{}", a.id),
            kind: DocumentKind::ActionItem,
            title: a.title,
            body: String::new(),
            date: a.created_at,
            readers,
            ..base.clone()
        }
    }));
    let comments = minutes_comment::Entity::find()
        .filter(minutes_comment::Column::MinutesId.eq(record.id))
        .all(conn)
        .await?;
    documents.extend(comments.into_iter().map(|c| SearchDocument {
        id: format!("minutes_comment:{}", c.id),
        kind: DocumentKind::Comment,
        title: meeting.title.clone(),
        body: c.body,
        date: c.created_at,
        readers: vec![minutes_readers(table.id)],
        ..base.clone()
    }));
    Ok(documents)
}

async fn strategy(
    conn: &impl ConnectionTrait,
    table_id: i64,
) -> ServiceResult<Vec<SearchDocument>> {
    let Some(table) = table::Entity::find_by_id(table_id).one(conn).await? else {
        return Ok(Vec::new());
    };
    let versions = strategy_version::Entity::find()
        .filter(strategy_version::Column::TableId.eq(table_id))
        .order_by_desc(strategy_version::Column::Number)
        .all(conn)
        .await?;
    let approved = versions
        .iter()
        .find(|v| v.status == StrategyStatus::Approved);
    let open = versions
        .iter()
        .find(|v| v.status != StrategyStatus::Approved);
    let mut documents = Vec::new();
    for (version, readers) in [
        (approved, table_readers(&table)),
        (open, vec![table_members(table_id)]),
    ] {
        let Some(version) = version else { continue };
        let elements = strategy_element::Entity::find()
            .filter(strategy_element::Column::VersionId.eq(version.id))
            .all(conn)
            .await?;
        let url = format!("/tables/{table_id}/strategy");
        let base = |id: String, kind, title: String, body: String, date| SearchDocument {
            id,
            scope: Scope::Strategy(table_id).key(),
            kind,
            title,
            body,
            url: url.clone(),
            table_id: Some(table_id),
            date,
            themes: Vec::new(),
            target_groups: Vec::new(),
            territory: table.territory.clone(),
            readers: readers.clone(),
        };
        for element in &elements {
            documents.push(base(
                format!("strategy_element:{}", element.id),
                DocumentKind::StrategyElement,
                format!("{} {}", element.code, element.title),
                element.description.clone().unwrap_or_default(),
                version.approved_at.unwrap_or(element.updated_at),
            ));
        }
        let comments = strategy_comment::Entity::find()
            .filter(strategy_comment::Column::VersionId.eq(version.id))
            .all(conn)
            .await?;
        for comment in comments {
            let title = elements
                .iter()
                .find(|e| e.id == comment.element_id)
                .map(|e| format!("{} {}", e.code, e.title))
                .unwrap_or_default();
            let mut document = base(
                format!("strategy_comment:{}", comment.id),
                DocumentKind::Comment,
                title,
                comment.body,
                comment.created_at,
            );
            document.readers = vec![table_members(table_id)];
            documents.push(document);
        }
    }
    Ok(documents)
}
