//! The `tavolo` server: configuration, the axum application (GraphQL, health, metrics, web UI) and the command line.
// The merged root query (one object per area) nests deeper than the default limit when its futures are laid out.
#![recursion_limit = "256"]

pub mod backup;
pub mod cli;
pub mod config;
pub mod http;

pub use config::Config;
pub use http::{AppState, router};
