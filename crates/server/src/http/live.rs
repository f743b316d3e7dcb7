//! GET `/graphql/ws`: subscriptions over WebSocket (graphql-ws, the protocol urql's client speaks, and the older
//! subscriptions-transport-ws), as the caller the upgrade request's cookie or token names, from this site only.

use async_graphql::http::ALL_WEBSOCKET_PROTOCOLS;
use async_graphql_axum::{GraphQLProtocol, GraphQLWebSocket};
use axum::extract::State;
use axum::extract::ws::WebSocketUpgrade;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

use super::AppState;
use super::auth::{check_same_origin_form, identify};

pub async fn subscribe(
    State(state): State<AppState>,
    headers: HeaderMap,
    protocol: GraphQLProtocol,
    upgrade: WebSocketUpgrade,
) -> Response {
    // A page of another site must not open a socket with the visitor's cookie (cross-site WebSocket hijacking).
    if let Err(reason) = check_same_origin_form(&headers, &state.config.public_url) {
        return (StatusCode::FORBIDDEN, reason).into_response();
    }
    let caller = match identify(&state.services, &headers).await {
        Ok(caller) => caller,
        Err(err) => return super::service_error(err),
    };
    let context = super::graphql::request_context(&state, &headers, caller);
    let data = tavolo_graphql::connection_data(&state.services, context);
    let schema = state.schema.clone();
    upgrade
        .protocols(ALL_WEBSOCKET_PROTOCOLS)
        .on_upgrade(move |socket| async move {
            GraphQLWebSocket::new(socket, schema, protocol)
                .with_data(data)
                .serve()
                .await;
        })
}
