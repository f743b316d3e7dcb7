//! Keyset pagination by id: stable under inserts, one bounded query per page plus one count.

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
                return Err(ServiceError::validation("first", "must not be negative"));
            }
            Some(n) if n as u64 > Self::MAX => {
                return Err(ServiceError::validation(
                    "first",
                    format!("must be at most {}", Self::MAX),
                ));
            }
            Some(n) => n as u64,
        };
        Ok(Self { first, after })
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
