//! Tavolo's vocabulary with no I/O: enums of the domain, validated values, the acting user and the permission policy as pure functions.

pub mod actor;
pub mod events;
pub mod kinds;
pub mod policy;
pub mod reason;
pub mod values;

pub use actor::{Actor, TableRoles};
pub use events::{DomainEvent, MeetingSnapshot, UnreadableEvent};
pub use kinds::*;
pub use reason::{Bounds, Problem, Reason};
pub use values::{Email, InvalidValue, Name, OptionalText, Password, TimeZoneName};
