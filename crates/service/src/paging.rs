//! Keyset pagination by id: stable under inserts, one bounded query per page plus one count.

use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Select,
};
use tavolo_store::sea_orm;

use crate::{Bounds, Problem, Reason};
use crate::{ServiceError, ServiceResult};

/// A validated page request: at most `PageRequest::MAX` rows after the row with id `after`.
#[derive(Debug, Clone, Copy)]
pub struct PageRequest {
    pub first: u64,
    pub after: Option<i64>,
}

impl PageRequest {
    pub const DEFAULT: u64 = 20;
    pub const MAX: u64 = 100;

    pub fn new(first: Option<i32>, after: Option<i64>) -> ServiceResult<Self> {
        let first = match first {
            None => Self::DEFAULT,
            Some(n) if n < 0 => {
                return Err(ServiceError::validation(
                    "first",
                    Reason::Negative,
                    "must not be negative",
                ));
            }
            Some(n) if n as u64 > Self::MAX => {
                return Err(ServiceError::out_of_range("first", 0, Self::MAX as i64));
            }
            Some(n) => n as u64,
        };
        Ok(Self { first, after })
    }
}

/// A validated offset page request, for lists ordered by something other than id (rankings, relevance).
#[derive(Debug, Clone, Copy)]
pub struct OffsetRequest {
    pub first: u64,
    pub offset: u64,
}

impl OffsetRequest {
    /// The deepest row a list may be paged to: ranked lists cost `offset + first` rows to answer.
    pub const MAX_WINDOW: u64 = tavolo_search::SearchRequest::MAX_WINDOW as u64;

    pub fn new(first: i32, offset: i32) -> ServiceResult<Self> {
        let first = u64::try_from(first)
            .ok()
            .filter(|n| *n <= PageRequest::MAX)
            .ok_or_else(|| ServiceError::out_of_range("first", 0, PageRequest::MAX as i64))?;
        let offset = u64::try_from(offset).map_err(|_| {
            ServiceError::validation("offset", Reason::Negative, "must not be negative")
        })?;
        if offset + first > Self::MAX_WINDOW {
            return Err(ServiceError::invalid(
                "offset",
                Problem::new(
                    Reason::OutOfRange,
                    format!(
                        "offset and first together must be at most {}",
                        Self::MAX_WINDOW
                    ),
                )
                .with_bounds(Bounds::range(0, Self::MAX_WINDOW.saturating_sub(first))),
            ));
        }
        Ok(Self { first, offset })
    }
}

/// One page of rows, whether more follow, and how many rows the whole list has.
#[derive(Debug, Clone)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub has_next: bool,
    pub total: u64,
}

impl<T> Page<T> {
    /// Builds a page from a query that fetched `first + 1` rows to learn whether more follow.
    pub fn from_overfetch(mut items: Vec<T>, request: PageRequest, total: u64) -> Self {
        let has_next = items.len() as u64 > request.first;
        items.truncate(request.first as usize);
        Self {
            items,
            has_next,
            total,
        }
    }
}

/// One page of `query` by ascending id, with the total of the whole list.
pub(crate) async fn paginate<E, C>(
    db: &DatabaseConnection,
    query: Select<E>,
    id: C,
    page: PageRequest,
) -> ServiceResult<Page<E::Model>>
where
    E: EntityTrait,
    C: ColumnTrait,
    E::Model: Send + Sync,
{
    let total = query.clone().count(db).await?;
    let mut query = query;
    if let Some(after) = page.after {
        query = query.filter(id.gt(after));
    }
    let items = query.order_by_asc(id).limit(page.first + 1).all(db).await?;
    Ok(Page::from_overfetch(items, page, total))
}
