//! Tavolo's schema history: one change per file, forward-only once released; files name their own identifiers and never import entities.

pub use sea_orm_migration::prelude::*;

mod helpers;

mod m20261125_000001_directory;
mod m20261125_000002_accounts;
mod m20261125_000003_tables;
mod m20261125_000004_audit;
mod m20261125_000005_meetings;
mod m20261125_000006_minutes;
mod m20261125_000007_domain_events;
mod m20261125_000008_mail;
mod m20261125_000009_calendar_feeds;
mod m20261125_000010_notification_mutes;
mod m20261125_000011_action_item_due_notice;
mod m20261125_000012_good_practices;
mod m20261125_000013_practice_follows;
mod m20261125_000014_practice_attachments;
mod m20261125_000015_strategy;
mod m20261125_000016_search_cursor;
mod m20261125_000017_search_synonyms;
mod m20261125_000018_login_throttles;
mod m20261125_000019_job_leases;
mod m20261125_000020_lookup_indexes;
mod m20261129_000021_trust_boundary;
mod m20261129_000022_onboarding;
mod m20261129_000023_practice_record;
mod m20261129_000024_minutes_comment_handling;
mod m20261129_000025_meeting_files;
mod m20261129_000026_calendar_replies;
mod m20261129_000027_weekly_digest;
mod m20261129_000028_meeting_series;
mod m20261130_000029_practice_facets;
mod m20261130_000030_typed_domain_events;
mod m20261130_000031_courses;
mod m20261130_000032_protocols;
mod m20261130_000033_questionnaires;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261125_000001_directory::Migration),
            Box::new(m20261125_000002_accounts::Migration),
            Box::new(m20261125_000003_tables::Migration),
            Box::new(m20261125_000004_audit::Migration),
            Box::new(m20261125_000005_meetings::Migration),
            Box::new(m20261125_000006_minutes::Migration),
            Box::new(m20261125_000007_domain_events::Migration),
            Box::new(m20261125_000008_mail::Migration),
            Box::new(m20261125_000009_calendar_feeds::Migration),
            Box::new(m20261125_000010_notification_mutes::Migration),
            Box::new(m20261125_000011_action_item_due_notice::Migration),
            Box::new(m20261125_000012_good_practices::Migration),
            Box::new(m20261125_000013_practice_follows::Migration),
            Box::new(m20261125_000014_practice_attachments::Migration),
            Box::new(m20261125_000015_strategy::Migration),
            Box::new(m20261125_000016_search_cursor::Migration),
            Box::new(m20261125_000017_search_synonyms::Migration),
            Box::new(m20261125_000018_login_throttles::Migration),
            Box::new(m20261125_000019_job_leases::Migration),
            Box::new(m20261125_000020_lookup_indexes::Migration),
            Box::new(m20261129_000021_trust_boundary::Migration),
            Box::new(m20261129_000022_onboarding::Migration),
            Box::new(m20261129_000023_practice_record::Migration),
            Box::new(m20261129_000024_minutes_comment_handling::Migration),
            Box::new(m20261129_000025_meeting_files::Migration),
            Box::new(m20261129_000026_calendar_replies::Migration),
            Box::new(m20261129_000027_weekly_digest::Migration),
            Box::new(m20261129_000028_meeting_series::Migration),
            Box::new(m20261130_000029_practice_facets::Migration),
            Box::new(m20261130_000030_typed_domain_events::Migration),
            Box::new(m20261130_000031_courses::Migration),
            Box::new(m20261130_000032_protocols::Migration),
            Box::new(m20261130_000033_questionnaires::Migration),
        ]
    }
}
