//! End-to-end tests: the application over HTTP on SQLite and on a throwaway PostgreSQL; one module per area.

#[macro_use]
extern crate tavolo_tests;

mod accounts;
mod administration;
mod attachments;
mod backup;
mod calendar_replies;
mod courses;
mod digest;
mod directory;
mod field_walk;
mod hostile;
mod http;
mod live;
mod mail;
mod meetings;
mod onboarding;
mod permissions;
mod practices;
mod protocols;
mod query_count;
mod questionnaires;
mod schema;
mod search;
mod security;
mod series;
mod strategy;
mod tables;
mod trust;
mod upgrade;
mod waiting;
