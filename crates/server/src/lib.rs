//! The `tavolo` server: configuration, the axum application (GraphQL, health, metrics, web UI) and the command line.

pub mod backup;
pub mod cli;
pub mod config;
pub mod http;

pub use config::Config;
pub use http::{AppState, router};
