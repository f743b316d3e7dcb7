//! The field-level permission walk: for each kind of reader, every query root field is asked with every field of
//! every object type reachable from it (to a fixed depth, no type twice on one path), over a dataset whose records a
//! reader may not read carry a unique marker. A marker in the answer is a field that shows more than its root does.
//! The walk is generated from the schema, so a new field is walked as soon as it exists; a new type must be reached.

use std::collections::{BTreeMap, BTreeSet};

use async_graphql::parser::types::{BaseType, Type, TypeKind, TypeSystemDefinition};
use tavolo_domain::{
    Actor, ApprovalMethod, DelegateKind, InstanceRole, PracticeStatus, PracticeVisibility,
    StrategyLevel, Visibility,
};
use tavolo_graphql::RequestContext;
use tavolo_service::minutes::ActionItemInput;
use tavolo_service::strategy::ElementInput;
use tavolo_tests::fixtures::{self, Role};
use tavolo_tests::{Backend, TestApp};

/// The readers the review tried: a visitor, a signed-in outsider, an observer of a table, a delegate of another
/// table, and the assignee of an action item at a table they do not sit at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Reader {
    Visitor,
    Outsider,
    Observer,
    OtherDelegate,
    Assignee,
}

use Reader::*;

const SIGNED_IN: &[Reader] = &[Outsider, Observer, OtherDelegate, Assignee];

/// A marker and the readers allowed to see it; everyone else must never get it, from any field.
struct Marker {
    text: &'static str,
    allowed: &'static [Reader],
}

const MARKERS: &[Marker] = &[
    // A members-only table nobody walking sits at, and its meeting's draft minutes.
    Marker {
        text: "CANARY_HIDDEN_TABLE",
        allowed: &[],
    },
    Marker {
        text: "CANARY_HIDDEN_NOTES",
        allowed: &[],
    },
    // A course of that table, for its members and its organizations' operators.
    Marker {
        text: "CANARY_HIDDEN_COURSE",
        allowed: &[],
    },
    // Its action item and that meeting's title are the assignee's to know.
    Marker {
        text: "CANARY_ASSIGNED_ITEM",
        allowed: &[Assignee],
    },
    Marker {
        text: "CANARY_HIDDEN_MEETING",
        allowed: &[Assignee],
    },
    // A draft meeting of the observer's members-only table.
    Marker {
        text: "CANARY_DRAFT_MEETING",
        allowed: &[Observer],
    },
    // Minutes in review there: delegates and runners only.
    Marker {
        text: "CANARY_REVIEW_NOTE",
        allowed: &[],
    },
    Marker {
        text: "CANARY_REVIEW_COMMENT",
        allowed: &[],
    },
    // Approved minutes of a public table: the drafts before approval and the review thread stay private.
    Marker {
        text: "CANARY_EARLY_DRAFT",
        allowed: &[],
    },
    Marker {
        text: "CANARY_PUBLIC_REVIEW",
        allowed: &[],
    },
    // Protocols: an adopted one of the hidden table; a draft of the observer's table; the open revision of a public
    // table's adopted protocol and a member's comment on it (the observer sits at that table too).
    Marker {
        text: "CANARY_HIDDEN_PROTOCOL",
        allowed: &[],
    },
    Marker {
        text: "CANARY_PROTOCOL_DRAFT",
        allowed: &[Observer],
    },
    Marker {
        text: "CANARY_PUBLIC_PROTOCOL_DRAFT",
        allowed: &[Observer],
    },
    Marker {
        text: "CANARY_PROTOCOL_COMMENT",
        allowed: &[Observer],
    },
    // Questionnaires: a draft of the observer's table and an open one of the hidden table are their runners'; the
    // answers to the observer's table's open one are read by its runners only, through results.
    Marker {
        text: "CANARY_QUESTIONNAIRE_DRAFT",
        allowed: &[],
    },
    Marker {
        text: "CANARY_HIDDEN_QUESTIONNAIRE",
        allowed: &[],
    },
    Marker {
        text: "CANARY_ANSWER_TEXT",
        allowed: &[],
    },
    // A strategy draft of the observer's table.
    Marker {
        text: "CANARY_STRATEGY_DRAFT",
        allowed: &[Observer],
    },
    // Practices: network (signed-in users), draft (its author and moderators).
    Marker {
        text: "CANARY_NETWORK_PRACTICE",
        allowed: SIGNED_IN,
    },
    Marker {
        text: "CANARY_DRAFT_PRACTICE",
        allowed: &[],
    },
    // About people: addresses and instance roles are never a visitor's.
    Marker {
        text: "@test.example",
        allowed: SIGNED_IN,
    },
    Marker {
        text: "\"instanceRole\":\"",
        allowed: SIGNED_IN,
    },
];

/// Ids the root fields are asked with, by the argument's name (and, for `id`, the root field's).
#[derive(Default)]
struct Ids {
    by_kind: BTreeMap<&'static str, Vec<i64>>,
}

impl Ids {
    fn add(&mut self, kind: &'static str, id: i64) {
        self.by_kind.entry(kind).or_default().push(id);
    }

    fn for_argument(&self, root: &str, argument: &str) -> Vec<i64> {
        let kind = match argument {
            "tableId" => "table",
            "meetingId" => "meeting",
            "practiceId" => "practice",
            "courseId" => "course",
            "protocolId" => "protocol",
            "organizationId" => "organization",
            "fromId" | "toId" => "strategyVersion",
            "id" => match root {
                "table" => "table",
                "meeting" => "meeting",
                "course" => "course",
                "protocol" => "protocol",
                "questionnaire" => "questionnaire",
                "practice" => "practice",
                "person" => "person",
                "organization" => "organization",
                "strategyVersion" => "strategyVersion",
                _ => return Vec::new(),
            },
            _ => return Vec::new(),
        };
        self.by_kind.get(kind).cloned().unwrap_or_default()
    }
}

/// A protocol adopted by the administrator at `table_id`, with `text` in its one section and `organization_id` to
/// sign it; the observer's `comment` on the draft, when given, stays on the adopted version.
async fn adopted_protocol(
    services: &tavolo_service::Services,
    world: &fixtures::World,
    table_id: i64,
    text: &str,
    organization_id: i64,
    comment: Option<&str>,
) -> anyhow::Result<i64> {
    let admin = Actor::Person {
        id: world.person(Role::Admin).id,
        role: InstanceRole::Admin,
        by_token: false,
    };
    let protocols = services.protocols();
    let (protocol, draft) = protocols.create(&admin, table_id, text).await?;
    let input = tavolo_service::protocols::DraftInput {
        sections: Some(vec![tavolo_service::protocols::SectionInput {
            key: None,
            heading: text.into(),
            body: text.into(),
        }]),
        signatory_ids: Some(vec![organization_id]),
        ..Default::default()
    };
    protocols.save_draft(&admin, draft.id, input).await?;
    if let Some(comment) = comment {
        let key = protocols.sections(&admin, &[draft.id]).await?[0]
            .key
            .clone();
        protocols
            .comment(&observer(world), draft.id, &key, comment)
            .await?;
    }
    let decision = fixtures::decision(
        services,
        world,
        table_id,
        tavolo_domain::DecisionOutcome::Approved,
    )
    .await?;
    let today = chrono::Utc::now().date_naive();
    protocols.adopt(&admin, draft.id, decision, today).await?;
    Ok(protocol.id)
}

/// The questionnaires the walk must not leak (see the markers).
async fn questionnaires(
    services: &tavolo_service::Services,
    world: &fixtures::World,
    hidden_table: i64,
    ids: &mut Ids,
) -> anyhow::Result<()> {
    use tavolo_domain::{QuestionKind, QuestionnaireAudience};
    use tavolo_service::questionnaires::{
        AnswerInput, QuestionInput, QuestionnaireInput, SectionInput,
    };
    let admin = Actor::Person {
        id: world.person(Role::Admin).id,
        role: InstanceRole::Admin,
        by_token: false,
    };
    let questionnaires = services.questionnaires();
    let section = |title: &str| SectionInput {
        title: title.into(),
        description: None,
        questions: vec![QuestionInput {
            kind: QuestionKind::ShortText,
            text: title.into(),
            help: None,
            required: false,
            options: Vec::new(),
            scale_min: None,
            scale_max: None,
            number_min: None,
            number_max: None,
        }],
    };
    let mut created = Vec::new();
    for (table, title, open) in [
        (world.table.id, "CANARY_QUESTIONNAIRE_DRAFT", false),
        (hidden_table, "CANARY_HIDDEN_QUESTIONNAIRE", true),
        (world.table.id, "Questionario aperto", true),
    ] {
        let input = QuestionnaireInput {
            title: Some(title.into()),
            audience: Some(QuestionnaireAudience::Members),
            ..Default::default()
        };
        let questionnaire = questionnaires.create(&admin, table, input).await?;
        questionnaires
            .save_structure(&admin, questionnaire.id, vec![section(title)])
            .await?;
        if open {
            questionnaires.open(&admin, questionnaire.id).await?;
        }
        ids.add("questionnaire", questionnaire.id);
        created.push(questionnaire.id);
    }
    let open = created[2];
    let question = questionnaires.structures(&admin, &[open]).await?.questions[0].id;
    let answer = AnswerInput {
        question_id: question,
        text: Some("CANARY_ANSWER_TEXT".into()),
        ..Default::default()
    };
    let delegate = Actor::Person {
        id: world.person(Role::Delegate).id,
        role: InstanceRole::User,
        by_token: false,
    };
    questionnaires.answer(&delegate, open, vec![answer]).await?;
    Ok(())
}

fn observer(world: &fixtures::World) -> Actor {
    Actor::Person {
        id: world.person(Role::Observer).id,
        role: InstanceRole::User,
        by_token: false,
    }
}

/// The protocols the walk must not leak (see the markers).
async fn protocols(
    services: &tavolo_service::Services,
    world: &fixtures::World,
    hidden_table: i64,
    ids: &mut Ids,
) -> anyhow::Result<()> {
    let hidden_org = fixtures::organization(services, "Ente del tavolo nascosto").await?;
    services
        .tables()
        .add_seat(&Actor::System, hidden_table, hidden_org.id)
        .await?;
    let hidden = adopted_protocol(
        services,
        world,
        hidden_table,
        "CANARY_HIDDEN_PROTOCOL",
        hidden_org.id,
        None,
    )
    .await?;
    ids.add("protocol", hidden);
    let public = adopted_protocol(
        services,
        world,
        world.public_table.id,
        "Protocollo pubblico",
        world.organization.id,
        Some("CANARY_PROTOCOL_COMMENT"),
    )
    .await?;
    ids.add("protocol", public);
    let admin = Actor::Person {
        id: world.person(Role::Admin).id,
        role: InstanceRole::Admin,
        by_token: false,
    };
    let protocols = services.protocols();
    let revision = protocols.start_revision(&admin, public).await?;
    let sections = protocols.sections(&admin, &[revision.id]).await?;
    let key = sections.first().map(|s| s.key.clone());
    let input = tavolo_service::protocols::DraftInput {
        sections: Some(vec![tavolo_service::protocols::SectionInput {
            key: key.clone(),
            heading: "Protocollo pubblico".into(),
            body: "CANARY_PUBLIC_PROTOCOL_DRAFT".into(),
        }]),
        ..Default::default()
    };
    protocols.save_draft(&admin, revision.id, input).await?;
    let (draft, _) = protocols
        .create(&admin, world.table.id, "CANARY_PROTOCOL_DRAFT")
        .await?;
    ids.add("protocol", draft.id);
    Ok(())
}

async fn dataset(app: &TestApp) -> anyhow::Result<(BTreeMap<Reader, Actor>, Ids)> {
    let services = &app.services;
    let system = Actor::System;
    let world = fixtures::world(services).await?;
    fixtures::give_roles(services, &world, world.public_table.id).await?;
    let mut ids = Ids::default();
    for table in [&world.table, &world.public_table, &world.network_table] {
        ids.add("table", table.id);
    }
    ids.add("organization", world.organization.id);

    let other_delegate = fixtures::person(
        services,
        "Altro Delegato",
        "altro.delegato@test.example",
        InstanceRole::User,
        None,
    )
    .await?;
    let other_org = fixtures::organization(services, "Ente di rete").await?;
    let seat = services
        .tables()
        .add_seat(&system, world.network_table.id, other_org.id)
        .await?;
    services
        .tables()
        .appoint_delegate(&system, seat.id, other_delegate.id, DelegateKind::Titular)
        .await?;
    let assignee = fixtures::person(
        services,
        "Persona Incaricata",
        "incaricata@test.example",
        InstanceRole::User,
        None,
    )
    .await?;

    // The hidden table, its held meeting with draft notes, and the assignee's action item.
    let hidden =
        fixtures::table(services, "CANARY_HIDDEN_TABLE", Visibility::Members, None).await?;
    ids.add("table", hidden.id);
    let hidden_meeting =
        fixtures::held_meeting_at(services, &world, hidden.id, "CANARY_HIDDEN_MEETING").await?;
    ids.add("meeting", hidden_meeting.id);
    let item = services
        .meetings()
        .agendas(&system, &[hidden_meeting.id])
        .await?[0]
        .id;
    services
        .minutes()
        .save(
            &system,
            hidden_meeting.id,
            vec![(item, "CANARY_HIDDEN_NOTES".into())],
            1,
        )
        .await?;
    services
        .minutes()
        .add_action_item(
            &system,
            hidden_meeting.id,
            ActionItemInput {
                title: "CANARY_ASSIGNED_ITEM".into(),
                assignee_person_id: Some(assignee.id),
                ..Default::default()
            },
        )
        .await?;

    let hidden_course = services
        .courses()
        .create_course(
            &system,
            hidden.id,
            tavolo_service::courses::CourseInput {
                title: Some("CANARY_HIDDEN_COURSE".into()),
                ..Default::default()
            },
        )
        .await?;
    ids.add("course", hidden_course.id);
    services
        .courses()
        .enrol(
            &system,
            hidden_course.id,
            Some(world.person(Role::Delegate).id),
        )
        .await?;
    // A network course of the observer's table, with a session.
    let network_course = services
        .courses()
        .create_course(
            &system,
            world.table.id,
            tavolo_service::courses::CourseInput {
                title: Some("Corso di rete".into()),
                audience: Some(tavolo_domain::CourseAudience::Network),
                ..Default::default()
            },
        )
        .await?;
    ids.add("course", network_course.id);
    services
        .courses()
        .enrol(
            &system,
            network_course.id,
            Some(world.person(Role::Delegate).id),
        )
        .await?;

    protocols(services, &world, hidden.id, &mut ids).await?;
    questionnaires(services, &world, hidden.id, &mut ids).await?;

    // The observer's table: a draft meeting, minutes in review with a comment, a strategy draft.
    let draft = fixtures::meeting(services, world.table.id, "CANARY_DRAFT_MEETING", 7).await?;
    ids.add("meeting", draft.id);
    let in_review = fixtures::held_meeting(services, &world, "Seduta in revisione").await?;
    ids.add("meeting", in_review.id);
    let item = services
        .meetings()
        .agendas(&system, &[in_review.id])
        .await?[0]
        .id;
    let minutes = services.minutes();
    let reviewer = Actor::Person {
        id: world.person(Role::Delegate).id,
        role: InstanceRole::User,
        by_token: false,
    };
    minutes
        .save(
            &system,
            in_review.id,
            vec![(item, "CANARY_REVIEW_NOTE".into())],
            1,
        )
        .await?;
    minutes.send_for_review(&system, in_review.id, 2).await?;
    minutes
        .comment(&reviewer, in_review.id, None, None, "CANARY_REVIEW_COMMENT")
        .await?;
    let strategy = services.strategy();
    let version = strategy.start_draft(&system, world.table.id, None).await?;
    ids.add("strategyVersion", version.id);
    strategy
        .add_element(
            &system,
            version.id,
            StrategyLevel::Objective,
            None,
            ElementInput {
                title: Some("CANARY_STRATEGY_DRAFT".into()),
                ..Default::default()
            },
        )
        .await?;

    // The public table: minutes approved after an earlier draft and a review comment.
    let public =
        fixtures::held_meeting_at(services, &world, world.public_table.id, "Seduta pubblica")
            .await?;
    ids.add("meeting", public.id);
    let item = services.meetings().agendas(&system, &[public.id]).await?[0].id;
    minutes
        .save(
            &system,
            public.id,
            vec![(item, "CANARY_EARLY_DRAFT".into())],
            1,
        )
        .await?;
    minutes
        .save(
            &system,
            public.id,
            vec![(item, "Testo approvato".into())],
            2,
        )
        .await?;
    minutes.send_for_review(&system, public.id, 3).await?;
    minutes
        .comment(&reviewer, public.id, None, None, "CANARY_PUBLIC_REVIEW")
        .await?;
    minutes
        .approve(
            &system,
            public.id,
            ApprovalMethod::WrittenProcedure,
            None,
            4,
        )
        .await?;

    // Practices.
    let network = fixtures::practice(
        services,
        world.person(Role::User),
        "CANARY_NETWORK_PRACTICE",
        PracticeStatus::Published,
        PracticeVisibility::Network,
    )
    .await?;
    let draft_practice = fixtures::practice(
        services,
        world.person(Role::Chair),
        "CANARY_DRAFT_PRACTICE",
        PracticeStatus::Draft,
        PracticeVisibility::Public,
    )
    .await?;
    ids.add("practice", network.id);
    ids.add("practice", draft_practice.id);
    for person in [
        world.person(Role::Admin),
        world.person(Role::Chair),
        &assignee,
    ] {
        ids.add("person", person.id);
    }
    services.search().catch_up(10_000).await?;

    let person = |id: i64| Actor::Person {
        id,
        role: InstanceRole::User,
        by_token: false,
    };
    let readers = BTreeMap::from([
        (Visitor, Actor::Anonymous),
        (Outsider, person(world.person(Role::User).id)),
        (Observer, person(world.person(Role::Observer).id)),
        (OtherDelegate, person(other_delegate.id)),
        (Assignee, person(assignee.id)),
    ]);
    Ok((readers, ids))
}

/// The schema's object and union types, by name.
struct Types {
    objects: BTreeMap<String, Vec<FieldDef>>,
    unions: BTreeMap<String, Vec<String>>,
}

struct FieldDef {
    name: String,
    type_name: String,
    /// Arguments without a default that are non-null: the walk cannot invent them.
    required: Vec<(String, String)>,
}

fn named(ty: &Type) -> String {
    match &ty.base {
        BaseType::Named(name) => name.to_string(),
        BaseType::List(inner) => named(inner),
    }
}

fn types() -> anyhow::Result<Types> {
    let document = async_graphql::parser::parse_schema(tavolo_graphql::export_sdl())?;
    let mut objects = BTreeMap::new();
    let mut unions = BTreeMap::new();
    for definition in document.definitions {
        let TypeSystemDefinition::Type(ty) = definition else {
            continue;
        };
        let name = ty.node.name.node.to_string();
        match ty.node.kind {
            TypeKind::Object(object) => {
                let fields = object
                    .fields
                    .into_iter()
                    .map(|f| {
                        let f = f.node;
                        FieldDef {
                            name: f.name.node.to_string(),
                            type_name: named(&f.ty.node),
                            required: f
                                .arguments
                                .iter()
                                .filter(|a| {
                                    !a.node.ty.node.nullable && a.node.default_value.is_none()
                                })
                                .map(|a| (a.node.name.node.to_string(), named(&a.node.ty.node)))
                                .collect(),
                        }
                    })
                    .collect();
                objects.insert(name, fields);
            }
            TypeKind::Union(union) => {
                unions.insert(
                    name,
                    union.members.iter().map(|m| m.node.to_string()).collect(),
                );
            }
            _ => {}
        }
    }
    Ok(Types { objects, unions })
}

const DEPTH: usize = 5;

/// Every field of `type_name` without required arguments, nested objects to `depth`, no type twice on one path.
fn selection(
    types: &Types,
    type_name: &str,
    path: &mut Vec<String>,
    depth: usize,
    reached: &mut BTreeSet<String>,
) -> String {
    reached.insert(type_name.to_owned());
    if let Some(members) = types.unions.get(type_name) {
        let mut out = String::from("__typename");
        for member in members {
            let inner = selection(types, member, path, depth, reached);
            out.push_str(&format!(" ... on {member} {{ {inner} }}"));
        }
        return out;
    }
    let Some(fields) = types.objects.get(type_name) else {
        return String::new();
    };
    path.push(type_name.to_owned());
    let mut parts = Vec::new();
    for field in fields.iter().filter(|f| f.required.is_empty()) {
        let nested = types.objects.contains_key(&field.type_name)
            || types.unions.contains_key(&field.type_name);
        if !nested {
            parts.push(field.name.clone());
            continue;
        }
        if depth == 0 || path.contains(&field.type_name) {
            continue;
        }
        let inner = selection(types, &field.type_name, path, depth - 1, reached);
        if !inner.is_empty() {
            parts.push(format!("{} {{ {inner} }}", field.name));
        }
    }
    path.pop();
    parts.join(" ")
}

/// Every root query the walk can ask, with the ids of the dataset for its arguments.
fn root_queries(types: &Types, ids: &Ids, reached: &mut BTreeSet<String>) -> Vec<String> {
    let mut queries = Vec::new();
    let Some(roots) = types.objects.get("Query") else {
        return queries;
    };
    for root in roots {
        let inner = selection(types, &root.type_name, &mut Vec::new(), DEPTH, reached);
        let body = if inner.is_empty() {
            String::new()
        } else {
            format!(" {{ {inner} }}")
        };
        let mut argument_sets: Vec<Vec<String>> = vec![Vec::new()];
        for (argument, ty) in &root.required {
            let values: Vec<String> = match ty.as_str() {
                "ID" => ids
                    .for_argument(&root.name, argument)
                    .iter()
                    .map(|id| format!("{argument}: \"{id}\""))
                    .collect(),
                "Int" => vec![format!("{argument}: 1"), format!("{argument}: 2")],
                "String" => vec![format!("{argument}: \"CANARY\"")],
                "NaiveDate" => vec![format!(
                    "{argument}: \"{}\"",
                    if argument == "from" {
                        "2020-01-01"
                    } else {
                        "2030-12-31"
                    }
                )],
                _ => Vec::new(),
            };
            argument_sets = argument_sets
                .iter()
                .flat_map(|set| {
                    values.iter().map(move |value| {
                        let mut next = set.clone();
                        next.push(value.clone());
                        next
                    })
                })
                .collect();
        }
        for arguments in argument_sets {
            let call = if arguments.is_empty() {
                root.name.clone()
            } else {
                format!("{}({})", root.name, arguments.join(", "))
            };
            queries.push(format!("{{ {call}{body} }}"));
        }
    }
    queries
}

async fn walk(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::start(backend).await?;
    let (readers, ids) = dataset(&app).await?;
    let types = types()?;
    let mut reached = BTreeSet::new();
    let queries = root_queries(&types, &ids, &mut reached);
    // A type the walk never reaches is a type whose fields nobody checks: reach it (give its root an id above).
    let unreached: Vec<&String> = types
        .objects
        .keys()
        .filter(|t| !reached.contains(*t) && !["Query", "Mutation"].contains(&t.as_str()))
        .filter(|t| !WRITE_ONLY.contains(&t.as_str()))
        .filter(|t| !SUBSCRIBED_ONLY.contains(&t.as_str()))
        .collect();
    assert!(
        unreached.is_empty(),
        "types the walk does not reach: {unreached:?}"
    );
    let schema = tavolo_graphql::build_schema_with_limits(app.services.clone(), 64, usize::MAX);
    let mut leaks = Vec::new();
    let mut answered = 0;
    for (reader, actor) in &readers {
        for query in &queries {
            let response = ask(&schema, &app, actor, query).await;
            if response.data != async_graphql::Value::Null {
                answered += 1;
            }
            let text = serde_json::to_string(&response)?;
            for marker in MARKERS {
                if text.contains(marker.text) && !marker.allowed.contains(reader) {
                    let root = query.split(['(', ' ', '{']).find(|p| !p.is_empty());
                    leaks.push(format!("{reader:?} got {} through {root:?}", marker.text));
                }
            }
            assert!(
                !text.contains("\"INTERNAL\""),
                "{reader:?}: an internal error for {query}: {text}"
            );
        }
    }
    leaks.sort();
    leaks.dedup();
    assert!(
        leaks.is_empty(),
        "fields showing what the reader may not read:\n{}",
        leaks.join("\n")
    );
    // The walk must have read something, or it proves nothing.
    assert!(
        answered > queries.len(),
        "only {answered} answers to {} queries",
        queries.len()
    );
    for (reader, marker) in [
        (Observer, "CANARY_DRAFT_MEETING"),
        (Assignee, "CANARY_ASSIGNED_ITEM"),
        (Outsider, "CANARY_NETWORK_PRACTICE"),
    ] {
        assert!(
            reads(&schema, &app, &readers[&reader], &queries, marker).await?,
            "{reader:?} never got {marker}: the walk does not reach it"
        );
    }
    Ok(())
}
on_both_databases!(no_field_shows_more_than_its_root, walk);

/// Types reached only as mutation results (a token just created): no query returns them.
const WRITE_ONLY: &[&str] = &[
    "CreatedApiToken",
    "ImportReport",
    "ImportRejection",
    "PublicResponse",
    "Session",
];

/// The subscription root and what only it returns, over WebSocket: `live.rs` checks each is refused like the query
/// that reads the same record, and carries ids and action names only, never a record's content.
const SUBSCRIBED_ONLY: &[&str] = &[
    "LiveSubscription",
    "MeetingLiveChange",
    "StrategyVersionChange",
    "WaitingCounts",
];

async fn reads(
    schema: &tavolo_graphql::TavoloSchema,
    app: &TestApp,
    actor: &Actor,
    queries: &[String],
    marker: &str,
) -> anyhow::Result<bool> {
    for query in queries {
        if serde_json::to_string(&ask(schema, app, actor, query).await)?.contains(marker) {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Runs `query` as `actor` on the unbounded schema, with the request data the HTTP edge would attach.
async fn ask(
    schema: &tavolo_graphql::TavoloSchema,
    app: &TestApp,
    actor: &Actor,
    query: &str,
) -> async_graphql::Response {
    let context = RequestContext {
        actor: *actor,
        session_secret: None,
        secure_cookies: false,
        loader_window: std::time::Duration::from_millis(1),
        user_agent: None,
        client_address: None,
        instance: Default::default(),
    };
    let request =
        tavolo_graphql::request_data(async_graphql::Request::new(query), &app.services, context);
    schema.execute(request).await
}
