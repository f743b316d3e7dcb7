//! A GraphQL-over-WebSocket client speaking graphql-ws (graphql-transport-ws), as urql's client does: a session
//! cookie from a real sign-in, `connection_init`, `subscribe`, and the messages that come back.

use std::time::Duration;

use anyhow::{Context, bail};
use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;

type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

pub struct LiveSocket {
    socket: Socket,
}

/// Signs in over HTTP and returns the `Cookie` header value of the new session.
pub async fn session_cookie(base_url: &str, email: &str) -> anyhow::Result<String> {
    let response = reqwest::Client::new()
        .post(format!("{base_url}/graphql"))
        .json(&json!({
            "query": "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { id } }",
            "variables": { "e": email, "p": crate::fixtures::PASSWORD },
        }))
        .send()
        .await?;
    let cookie = response
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(str::to_owned)
        .context("no session cookie")?;
    Ok(cookie)
}

/// Runs a GraphQL request over HTTP with a `Cookie` header.
pub async fn gql_as(
    base_url: &str,
    cookie: &str,
    query: &str,
    variables: Value,
) -> anyhow::Result<Value> {
    Ok(reqwest::Client::new()
        .post(format!("{base_url}/graphql"))
        .header("cookie", cookie)
        .json(&json!({ "query": query, "variables": variables }))
        .send()
        .await?
        .json()
        .await?)
}

impl LiveSocket {
    /// Opens `/graphql/ws` with the cookie (if any) and an Origin (if any), and completes the handshake.
    pub async fn connect(
        base_url: &str,
        cookie: Option<&str>,
        origin: Option<&str>,
    ) -> anyhow::Result<Self> {
        let url = format!("{}/graphql/ws", base_url.replacen("http", "ws", 1));
        let mut request = url.into_client_request()?;
        let headers = request.headers_mut();
        headers.insert(
            "sec-websocket-protocol",
            HeaderValue::from_static("graphql-transport-ws"),
        );
        if let Some(cookie) = cookie {
            headers.insert("cookie", HeaderValue::from_str(cookie)?);
        }
        if let Some(origin) = origin {
            headers.insert("origin", HeaderValue::from_str(origin)?);
        }
        let (socket, _) = tokio_tungstenite::connect_async(request).await?;
        let mut live = Self { socket };
        live.send(json!({ "type": "connection_init" })).await?;
        match live.next(Duration::from_secs(10)).await? {
            Some(ack) if ack["type"] == "connection_ack" => Ok(live),
            other => bail!("no connection_ack: {other:?}"),
        }
    }

    async fn send(&mut self, message: Value) -> anyhow::Result<()> {
        self.socket
            .send(Message::Text(message.to_string().into()))
            .await?;
        Ok(())
    }

    pub async fn subscribe(
        &mut self,
        id: &str,
        query: &str,
        variables: Value,
    ) -> anyhow::Result<()> {
        self.send(json!({ "id": id, "type": "subscribe", "payload": { "query": query, "variables": variables } }))
            .await
    }

    /// The next protocol message within `wait` (pings answered on the way); `None` when the wait ran out or the
    /// socket closed.
    pub async fn next(&mut self, wait: Duration) -> anyhow::Result<Option<Value>> {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            let Ok(message) = tokio::time::timeout_at(deadline, self.socket.next()).await else {
                return Ok(None);
            };
            match message {
                None | Some(Ok(Message::Close(_))) => return Ok(None),
                Some(Ok(Message::Text(text))) => {
                    let value: Value = serde_json::from_str(&text)?;
                    if value["type"] == "ping" {
                        self.send(json!({ "type": "pong" })).await?;
                        continue;
                    }
                    return Ok(Some(value));
                }
                Some(Ok(_)) => continue,
                Some(Err(err)) => return Err(err.into()),
            }
        }
    }

    /// The next message for subscription `id` within `wait`, skipping others.
    pub async fn next_for(&mut self, id: &str, wait: Duration) -> anyhow::Result<Option<Value>> {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            match self.next(left).await? {
                Some(message) if message["id"] == id => return Ok(Some(message)),
                Some(_) => continue,
                None => return Ok(None),
            }
        }
    }
}
