//! The GraphQL API: types wrapping store models, per-area queries and mutations, per-request DataLoaders, the one error mapping and SDL export; knows nothing of HTTP.

mod accounts;
mod audit;
mod calendar_replies;
mod connection;
mod courses;
mod digest;
mod directory;
mod error;
mod limits;
mod live;
mod loaders;
mod meeting_files;
mod meetings;
mod minutes;
mod onboarding;
mod operations;
mod practices;
mod protocols;
mod questionnaires;
mod search;
mod series;
mod strategy;
mod tables;
mod waiting;

use async_graphql::dataloader::DataLoader;
use async_graphql::{MergedObject, SDLExportOptions, Schema};
use tavolo_domain::Actor;
use tavolo_service::Services;

pub use accounts::{SESSION_COOKIE, session_cookie};
pub use error::{ApiError, ApiResult, server_error};
pub use limits::{MAX_ALIASES, check_aliases, check_strings};
pub use loaders::TavoloLoader;

/// The root query, merged from one object per area.
#[derive(MergedObject, Default)]
pub struct Query(
    accounts::AccountQuery,
    digest::DigestQuery,
    onboarding::OnboardingQuery,
    directory::DirectoryQuery,
    tables::TableQuery,
    audit::AuditQuery,
    operations::OperationsQuery,
    meetings::MeetingQuery,
    courses::CourseQuery,
    protocols::ProtocolQuery,
    questionnaires::QuestionnaireQuery,
    series::SeriesQuery,
    calendar_replies::CalendarReplyQuery,
    minutes::MinutesQuery,
    practices::PracticeQuery,
    strategy::StrategyQuery,
    search::SearchQuery,
    waiting::WaitingQuery,
);

/// The root mutation, merged from one object per area.
#[derive(MergedObject, Default)]
pub struct Mutation(
    accounts::AccountMutation,
    digest::DigestMutation,
    onboarding::OnboardingMutation,
    directory::DirectoryMutation,
    tables::TableMutation,
    meetings::MeetingMutation,
    courses::CourseMutation,
    protocols::ProtocolMutation,
    questionnaires::QuestionnaireMutation,
    series::SeriesMutation,
    meeting_files::MeetingFileMutation,
    calendar_replies::CalendarReplyMutation,
    live::LiveMutation,
    minutes::MinutesMutation,
    practices::PracticeMutation,
    strategy::StrategyMutation,
    search::SearchMutation,
    operations::OperationsMutation,
);

pub type TavoloSchema = Schema<Query, Mutation, live::LiveSubscription>;
pub use live::{ConnectionSlots, MAX_PER_CONNECTION};

/// Nesting and cost bounds: a page of tables with seats, organizations and delegates fits; abuse does not.
pub const MAX_DEPTH: usize = 12;
pub const MAX_COMPLEXITY: usize = 5_000;

/// Builds the schema over `services`; the server adds per-request data with `request_data`.
pub fn build_schema(services: Services) -> TavoloSchema {
    build_schema_with_limits(services, MAX_DEPTH, MAX_COMPLEXITY)
}

/// The same schema with other bounds: the field-level permission walk reads every field at once, far past what a
/// client may ask, to check what each reader gets.
pub fn build_schema_with_limits(
    services: Services,
    max_depth: usize,
    max_complexity: usize,
) -> TavoloSchema {
    builder()
        .data(services)
        .limit_depth(max_depth)
        .limit_complexity(max_complexity)
        .finish()
}

/// The schema with the error vocabulary that no field returns but every client reads from `extensions`.
fn builder() -> async_graphql::SchemaBuilder<Query, Mutation, live::LiveSubscription> {
    Schema::build(
        Query::default(),
        Mutation::default(),
        live::LiveSubscription,
    )
    .register_output_type::<error::ErrorCode>()
    .register_output_type::<tavolo_service::Reason>()
}

/// What the HTTP edge knows about one request.
#[derive(Debug, Clone)]
pub struct RequestContext {
    pub actor: Actor,
    /// The secret in the session cookie, when the request came with one (for logout and password change).
    pub session_secret: Option<String>,
    /// Whether cookies must carry `Secure` (the public URL is HTTPS).
    pub secure_cookies: bool,
    /// How long a loader waits for sibling keys before querying (see `Config::loader_window`).
    pub loader_window: std::time::Duration,
    /// The browser's `User-Agent`, kept with a session opened by this request.
    pub user_agent: Option<String>,
    /// The address the request came from (the last hop a trusted proxy reports, or the socket's peer): counts a
    /// public questionnaire's responses per address.
    pub client_address: Option<String>,
    /// What the installation says of itself, the same for every request.
    pub instance: std::sync::Arc<InstanceInfo>,
}

/// What the installation says of itself: how people sign in, and who is responsible for the data.
#[derive(Debug, Clone, Default)]
pub struct InstanceInfo {
    /// The label of the single sign-on button, when the installation has an OpenID provider (empty: the UI's own).
    pub single_sign_on: Option<String>,
    /// The data controller (the body running the installation) named in the privacy notice and the accessibility
    /// statement.
    pub controller_name: Option<String>,
    pub controller_email: Option<String>,
    /// The data protection officer's address.
    pub dpo_email: Option<String>,
}

/// Attaches the caller and fresh DataLoaders to a request.
pub fn request_data(
    request: async_graphql::Request,
    services: &Services,
    context: RequestContext,
) -> async_graphql::Request {
    let loader = DataLoader::new(
        TavoloLoader::new(services.clone(), context.actor),
        tokio::spawn,
    )
    .delay(context.loader_window);
    request.data(context.actor).data(context).data(loader)
}

/// What one WebSocket connection's subscriptions run with: the caller as the upgrade request identified them, a
/// loader of their own, and the connection's subscription count.
pub fn connection_data(services: &Services, context: RequestContext) -> async_graphql::Data {
    let loader = DataLoader::new(
        TavoloLoader::new(services.clone(), context.actor),
        tokio::spawn,
    )
    .delay(context.loader_window);
    let mut data = async_graphql::Data::default();
    data.insert(context.actor);
    data.insert(context);
    data.insert(loader);
    data.insert(ConnectionSlots::default());
    data
}

/// The schema as SDL, sorted so that the checked-in file changes only when the API does.
pub fn export_sdl() -> String {
    let schema = builder().finish();
    schema.sdl_with_options(
        SDLExportOptions::new()
            .sorted_fields()
            .sorted_arguments()
            .sorted_enum_items(),
    )
}

/// The services and the caller of the current request.
pub(crate) fn parts<'a>(ctx: &async_graphql::Context<'a>) -> ApiResult<(&'a Services, &'a Actor)> {
    let services = ctx
        .data::<Services>()
        .map_err(|_| ApiError::internal("services missing from the schema"))?;
    let actor = ctx
        .data::<Actor>()
        .map_err(|_| ApiError::internal("actor missing from the request"))?;
    Ok((services, actor))
}

pub(crate) fn loader<'a>(
    ctx: &async_graphql::Context<'a>,
) -> ApiResult<&'a DataLoader<TavoloLoader>> {
    ctx.data::<DataLoader<TavoloLoader>>()
        .map_err(|_| ApiError::internal("loader missing from the request"))
}
