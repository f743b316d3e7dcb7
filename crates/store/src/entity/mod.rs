//! One sea-orm entity per table; enums are stored as their stable snake_case text.

pub mod api_token;
pub mod audit_event;
pub mod membership;
pub mod organization;
pub mod person;
pub mod seat;
pub mod session;
pub mod table;
