//! One sea-orm entity per table; enums are stored as their stable snake_case text.

pub mod action_item;
pub mod agenda_item;
pub mod api_token;
pub mod attendance;
pub mod audit_event;
pub mod calendar_feed;
pub mod decision;
pub mod domain_event;
pub mod good_practice;
pub mod invitation;
pub mod mail_outbox;
pub mod meeting;
pub mod membership;
pub mod minutes;
pub mod minutes_comment;
pub mod minutes_note;
pub mod minutes_revision;
pub mod notification_mute;
pub mod organization;
pub mod person;
pub mod practice_adoption;
pub mod practice_comment;
pub mod practice_revision;
pub mod seat;
pub mod session;
pub mod table;
