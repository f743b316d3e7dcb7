//! Relay connections over the services' keyset pages: the cursor is the row id.

use async_graphql::connection::{Connection, Edge, EmptyFields};
use async_graphql::{OutputType, SimpleObject};
use tavolo_service::{Page, PageRequest, ServiceError};

use crate::{ApiError, ApiResult};
use tavolo_service::Reason;

/// Fields every connection adds beside edges and page info.
#[derive(SimpleObject)]
pub struct ConnectionTotals {
    /// How many rows the whole list has, across every page.
    pub total_count: u64,
}

pub type IdConnection<N> = Connection<String, N, ConnectionTotals, EmptyFields>;

/// Validates `first` and the `after` cursor into a page request.
pub fn page_request(first: Option<i32>, after: Option<String>) -> ApiResult<PageRequest> {
    let after = match after {
        None => None,
        Some(cursor) => Some(cursor.parse::<i64>().map_err(|_| {
            ApiError(ServiceError::validation(
                "after",
                Reason::InvalidId,
                "is not a cursor from this list",
            ))
        })?),
    };
    Ok(PageRequest::new(first, after)?)
}

/// Wraps each model of a page into its GraphQL node.
pub fn connection<M, N: OutputType>(
    page: Page<M>,
    had_cursor: bool,
    id: impl Fn(&M) -> i64,
    node: impl Fn(M) -> N,
) -> IdConnection<N> {
    let mut result = Connection::with_additional_fields(
        had_cursor,
        page.has_next,
        ConnectionTotals {
            total_count: page.total,
        },
    );
    result.edges.extend(
        page.items
            .into_iter()
            .map(|model| Edge::new(id(&model).to_string(), node(model))),
    );
    result
}
