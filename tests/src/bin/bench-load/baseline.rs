//! The ceiling: a minimal axum + async-graphql endpoint answering the tables page from memory, with no database,
//! sessions, permissions or loaders — what this machine and stack can do at most for a response of that shape.

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

struct Query {
    tables: Vec<Table>,
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
}

fn data() -> Vec<Table> {
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
    let schema = Schema::build(Query { tables: data() }, EmptyMutation, EmptySubscription).finish();
    let app = Router::new()
        .route("/graphql", post(graphql).get(|| async { "ok" }))
        .with_state(schema);
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
    axum::serve(listener, app).await?;
    Ok(())
}
