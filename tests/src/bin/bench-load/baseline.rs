//! The ceiling: a minimal axum + async-graphql endpoint answering the tables page and the meeting page from memory,
//! with no database, sessions, permissions or loaders — what this machine and stack can do at most for responses of
//! those shapes.

use async_graphql::{EmptyMutation, EmptySubscription, Object, Schema, SimpleObject};
use axum::Router;
use axum::extract::State;
use axum::routing::post;

#[derive(SimpleObject, Clone)]
struct Named {
    name: String,
}

#[derive(SimpleObject, Clone)]
struct Delegate {
    person: Named,
}

#[derive(SimpleObject, Clone)]
struct Seat {
    organization: Named,
    delegates: Vec<Delegate>,
}

#[derive(SimpleObject, Clone)]
struct Table {
    id: async_graphql::ID,
    name: String,
    seats: Vec<Seat>,
}

#[derive(SimpleObject, Clone)]
struct Edge {
    node: Table,
}

#[derive(SimpleObject, Clone)]
struct Connection {
    edges: Vec<Edge>,
}

#[derive(SimpleObject, Clone)]
struct Titled {
    title: String,
}

#[derive(SimpleObject, Clone)]
struct Invitation {
    name: String,
    rsvp: String,
}

#[derive(SimpleObject, Clone)]
struct Attendance {
    status: String,
    person: Named,
}

#[derive(SimpleObject, Clone)]
struct Note {
    body: String,
}

#[derive(SimpleObject, Clone)]
struct Decision {
    text: String,
}

#[derive(SimpleObject, Clone)]
struct Minutes {
    status: String,
    notes: Vec<Note>,
    decisions: Vec<Decision>,
}

#[derive(SimpleObject, Clone)]
struct Meeting {
    title: String,
    starts_at: String,
    agenda: Vec<Titled>,
    invitations: Vec<Invitation>,
    attendance: Vec<Attendance>,
    minutes: Option<Minutes>,
}

struct Query {
    tables: Vec<Table>,
    meeting: Meeting,
}

#[Object]
impl Query {
    async fn tables(&self, first: Option<i32>) -> Connection {
        let first = first.unwrap_or(20).clamp(0, 100) as usize;
        Connection {
            edges: self
                .tables
                .iter()
                .take(first)
                .cloned()
                .map(|node| Edge { node })
                .collect(),
        }
    }

    /// Every id answers the same held meeting, of the size bench-load seeds (3 items, 11 invitees).
    async fn meeting(&self, id: async_graphql::ID) -> Meeting {
        let mut meeting = self.meeting.clone();
        meeting.title = format!("Seduta {}", id.as_str());
        meeting
    }
}

fn meeting() -> Meeting {
    let people = (1..=11).map(|p| format!("Persona {p}"));
    Meeting {
        title: String::new(),
        starts_at: "2026-11-30T09:00:00+00:00".into(),
        agenda: (1..=3)
            .map(|i| Titled {
                title: format!("Punto {i}: accoglienza"),
            })
            .collect(),
        invitations: people
            .clone()
            .map(|name| Invitation {
                name,
                rsvp: "ACCEPTED".into(),
            })
            .collect(),
        attendance: people
            .map(|name| Attendance {
                status: "PRESENT".into(),
                person: Named { name },
            })
            .collect(),
        minutes: Some(Minutes {
            status: "APPROVED".into(),
            notes: (1..=3)
                .map(|_| Note {
                    body: "Il tavolo discute il punto e concorda le **azioni** da svolgere entro il mese."
                        .into(),
                })
                .collect(),
            decisions: vec![Decision {
                text: "Il tavolo approva la proposta della segreteria.".into(),
            }],
        }),
    }
}

fn tables() -> Vec<Table> {
    (1..=50)
        .map(|t| Table {
            id: async_graphql::ID(t.to_string()),
            name: format!("Tavolo interistituzionale {t}"),
            seats: (1..=10)
                .map(|s| Seat {
                    organization: Named {
                        name: format!("Ente {}", (t - 1) * 10 + s),
                    },
                    delegates: vec![Delegate {
                        person: Named {
                            name: format!("Persona {}", (t - 1) * 10 + s),
                        },
                    }],
                })
                .collect(),
        })
        .collect()
}

type BaselineSchema = Schema<Query, EmptyMutation, EmptySubscription>;

async fn graphql(
    State(schema): State<BaselineSchema>,
    body: axum::body::Bytes,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    match serde_json::from_slice::<async_graphql::Request>(&body) {
        Ok(request) => axum::Json(schema.execute(request).await).into_response(),
        Err(err) => (axum::http::StatusCode::BAD_REQUEST, err.to_string()).into_response(),
    }
}

pub async fn serve(port: u16) -> anyhow::Result<()> {
    let schema = Schema::build(
        Query {
            tables: tables(),
            meeting: meeting(),
        },
        EmptyMutation,
        EmptySubscription,
    )
    .finish();
    let app = Router::new()
        .route("/graphql", post(graphql).get(|| async { "ok" }))
        .with_state(schema);
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
    axum::serve(listener, app).await?;
    Ok(())
}
