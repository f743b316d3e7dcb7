//! Files over plain HTTP: multipart uploads (one `file` field) of practice attachments
//! (`POST /practices/{id}/attachments`), meeting files (`POST /meetings/{id}/files?target=…&targetId=…`) and protocol
//! files (`POST /protocols/{id}/files`), and their downloads (`GET /attachments/{id}/{name}`,
//! `GET /meeting-files/{id}/{name}`, `GET /protocol-files/{id}/{name}`), each under its service's rules. Errors
//! have the shape and codes of GraphQL errors.

use axum::extract::multipart::{Field, MultipartRejection};
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;
use tavolo_domain::Actor;
use tavolo_service::ServiceError;

use super::AppState;
use super::auth::{check_same_origin_form, identify};
use tavolo_service::Reason;

/// Room for the multipart framing around the largest accepted file.
pub const MULTIPART_OVERHEAD: usize = 64 * 1024;

pub async fn upload(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(practice_id): Path<String>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    match store_upload(&state, &headers, &practice_id, multipart).await {
        Ok(attachment) => created(
            "attachment",
            StoredFile {
                id: attachment.id,
                file_name: &attachment.file_name,
                media_type: &attachment.media_type,
                size_bytes: attachment.size_bytes,
                url: tavolo_service::attachments::download_path(&attachment),
            },
        ),
        Err(err) => super::service_error(err),
    }
}

/// What an upload's answer says of the stored file.
struct StoredFile<'a> {
    id: i64,
    file_name: &'a str,
    media_type: &'a str,
    size_bytes: i64,
    url: String,
}

/// `201 Created` with the stored file under `key`.
fn created(key: &str, file: StoredFile<'_>) -> Response {
    let body = json!({ key: {
        "id": file.id.to_string(),
        "fileName": file.file_name,
        "mediaType": file.media_type,
        "sizeBytes": file.size_bytes,
        "url": file.url,
    }});
    (StatusCode::CREATED, axum::Json(body)).into_response()
}

async fn store_upload(
    state: &AppState,
    headers: &HeaderMap,
    practice_id: &str,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<tavolo_store::entity::practice_attachment::Model, ServiceError> {
    // A cross-site form can post multipart without a preflight, so the origin is checked here as for answer forms.
    check_same_origin_form(headers, &state.config.public_url).map_err(ServiceError::forbidden)?;
    let actor = signed_in(state, headers).await?;
    let practice_id = practice_id.parse::<i64>().map_err(|_| {
        ServiceError::validation("practiceId", Reason::InvalidId, "is not a valid id")
    })?;
    let (name, bytes) = file_field(state, multipart).await?;
    state
        .services
        .practices()
        .attach(&actor, practice_id, &name, &bytes)
        .await
}

/// The upload's `file` field: its name and bytes, read up to the configured limit.
async fn file_field(
    state: &AppState,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<(String, Vec<u8>), ServiceError> {
    let mut multipart = multipart.map_err(|rejection| {
        ServiceError::validation(
            "file",
            Reason::Malformed,
            format!("not a multipart upload: {rejection}"),
        )
    })?;
    let limit = state.services.files.policy.max_bytes;
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|e| too_large_or(e.status(), limit))?
    {
        if field.name() != Some("file") {
            continue;
        }
        let name = field.file_name().unwrap_or_default().to_owned();
        let bytes = read_limited(field, limit).await?;
        return Ok((name, bytes));
    }
    Err(ServiceError::validation(
        "file",
        Reason::Malformed,
        "the upload has no 'file' field",
    ))
}

/// `POST /meetings/{id}/files`'s query: what of the meeting the file belongs to.
#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MeetingFileQuery {
    target: Option<String>,
    target_id: Option<String>,
}

pub async fn upload_meeting_file(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(meeting_id): Path<String>,
    Query(query): Query<MeetingFileQuery>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    match store_meeting_file(&state, &headers, &meeting_id, query, multipart).await {
        Ok(file) => created(
            "file",
            StoredFile {
                id: file.id,
                file_name: &file.file_name,
                media_type: &file.media_type,
                size_bytes: file.size_bytes,
                url: tavolo_service::meeting_files::download_path(&file),
            },
        ),
        Err(err) => super::service_error(err),
    }
}

async fn store_meeting_file(
    state: &AppState,
    headers: &HeaderMap,
    meeting_id: &str,
    query: MeetingFileQuery,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<tavolo_store::entity::meeting_file::Model, ServiceError> {
    check_same_origin_form(headers, &state.config.public_url).map_err(ServiceError::forbidden)?;
    let actor = signed_in(state, headers).await?;
    let id = |text: &str, field: &str| {
        text.parse::<i64>()
            .ok()
            .filter(|n| *n > 0)
            .ok_or_else(|| ServiceError::validation(field, Reason::InvalidId, "is not a valid id"))
    };
    let meeting_id = id(meeting_id, "meetingId")?;
    let target = query
        .target
        .as_deref()
        .unwrap_or_default()
        .parse::<tavolo_domain::MeetingFileTarget>()
        .map_err(|_| {
            ServiceError::validation(
                "target",
                Reason::UnknownValue,
                "is agenda_item, minutes or decision",
            )
        })?;
    let target_id = match query.target_id.as_deref() {
        Some(text) => id(text, "targetId")?,
        None => meeting_id,
    };
    let (name, bytes) = file_field(state, multipart).await?;
    state
        .services
        .meeting_files()
        .add(&actor, meeting_id, target, target_id, &name, &bytes)
        .await
}

pub async fn upload_protocol_file(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(protocol_id): Path<String>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    match store_protocol_file(&state, &headers, &protocol_id, multipart).await {
        Ok(file) => created(
            "file",
            StoredFile {
                id: file.id,
                file_name: &file.file_name,
                media_type: &file.media_type,
                size_bytes: file.size_bytes,
                url: tavolo_service::protocols::download_path(&file),
            },
        ),
        Err(err) => super::service_error(err),
    }
}

async fn store_protocol_file(
    state: &AppState,
    headers: &HeaderMap,
    protocol_id: &str,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<tavolo_store::entity::protocol_file::Model, ServiceError> {
    check_same_origin_form(headers, &state.config.public_url).map_err(ServiceError::forbidden)?;
    let actor = signed_in(state, headers).await?;
    let protocol_id = protocol_id
        .parse::<i64>()
        .ok()
        .filter(|n| *n > 0)
        .ok_or_else(|| {
            ServiceError::validation("protocolId", Reason::InvalidId, "is not a valid id")
        })?;
    let (name, bytes) = file_field(state, multipart).await?;
    state
        .services
        .protocols()
        .add_file(&actor, protocol_id, &name, &bytes)
        .await
}

async fn signed_in(state: &AppState, headers: &HeaderMap) -> Result<Actor, ServiceError> {
    let caller = identify(&state.services, headers).await?;
    if !caller.actor.is_signed_in() {
        return Err(ServiceError::Unauthenticated(
            "sign in to attach files".into(),
        ));
    }
    Ok(caller.actor)
}

/// Reads a field, keeping nothing past the limit.
async fn read_limited(mut field: Field<'_>, limit: u64) -> Result<Vec<u8>, ServiceError> {
    let mut bytes = Vec::new();
    while let Some(chunk) = field
        .chunk()
        .await
        .map_err(|e| too_large_or(e.status(), limit))?
    {
        if (bytes.len() + chunk.len()) as u64 > limit {
            // The rest of the field (within the body limit) is read and dropped, so the client finishes sending
            // and reads the answer instead of finding the connection closed under it.
            while let Ok(Some(_)) = field.chunk().await {}
            return Err(too_large(limit));
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(bytes)
}

fn too_large(limit: u64) -> ServiceError {
    tavolo_files::FileRefusal::TooLarge { limit_bytes: limit }.into()
}

/// The body limit surfaces as a multipart error with status 413; anything else is a malformed upload.
fn too_large_or(status: StatusCode, limit: u64) -> ServiceError {
    if status == StatusCode::PAYLOAD_TOO_LARGE {
        return too_large(limit);
    }
    ServiceError::validation(
        "file",
        Reason::Malformed,
        "the upload is not a well-formed multipart body",
    )
}

/// What a download answers with: the bytes, their media type and name, and whether anyone may read them.
struct Served {
    bytes: Vec<u8>,
    media_type: String,
    file_name: String,
    public: bool,
}

/// The caller and the file's id from the path, then `fetch` under the service's rules; an id that is not a
/// number is as unknown as a file the caller may not read.
async fn serve<F, Fut>(
    state: AppState,
    headers: HeaderMap,
    id: &str,
    what: &str,
    fetch: F,
) -> Response
where
    F: FnOnce(AppState, Actor, i64) -> Fut,
    Fut: std::future::Future<Output = Result<Served, ServiceError>>,
{
    let actor = match identify(&state.services, &headers).await {
        Ok(caller) => caller.actor,
        Err(err) => return super::service_error(err),
    };
    let Ok(id) = id.parse::<i64>() else {
        return super::service_error(ServiceError::not_found(what));
    };
    match fetch(state, actor, id).await {
        Ok(served) => file_response(
            served.bytes,
            &served.media_type,
            &served.file_name,
            served.public,
        ),
        Err(err) => super::service_error(err),
    }
}

pub async fn download(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((id, _name)): Path<(String, String)>,
) -> Response {
    serve(
        state,
        headers,
        &id,
        "attachment",
        |state, actor, id| async move {
            let download = state.services.practices().download(&actor, id).await?;
            Ok(Served {
                bytes: download.bytes,
                media_type: download.attachment.media_type,
                file_name: download.attachment.file_name,
                public: download.public,
            })
        },
    )
    .await
}

pub async fn download_meeting_file(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((id, _name)): Path<(String, String)>,
) -> Response {
    serve(state, headers, &id, "file", |state, actor, id| async move {
        let download = state.services.meeting_files().download(&actor, id).await?;
        // Never cached by others: who may read them changes with the minutes' state.
        Ok(Served {
            bytes: download.bytes,
            media_type: download.file.media_type,
            file_name: download.file.file_name,
            public: false,
        })
    })
    .await
}

pub async fn download_protocol_file(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((id, _name)): Path<(String, String)>,
) -> Response {
    serve(state, headers, &id, "file", |state, actor, id| async move {
        let download = state.services.protocols().download(&actor, id).await?;
        // Never cached by others: a draft-only protocol's files are its members'.
        Ok(Served {
            bytes: download.bytes,
            media_type: download.file.media_type,
            file_name: download.file.file_name,
            public: false,
        })
    })
    .await
}

/// A stored file as a download: never rendered in our origin, cacheable only when anyone may read it.
fn file_response(bytes: Vec<u8>, media_type: &str, file_name: &str, public: bool) -> Response {
    let mut response = (StatusCode::OK, bytes).into_response();
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(media_type) {
        headers.insert(header::CONTENT_TYPE, value);
    }
    // The ASCII name is for old clients, `filename*` for the rest.
    let ascii: String = file_name
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let disposition = format!(
        "attachment; filename=\"{}\"; filename*=UTF-8''{}",
        ascii.replace(['"', '\\'], "_"),
        tavolo_files::url_encoded(file_name)
    );
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    let cache = if public {
        "public, max-age=300"
    } else {
        "private, no-cache"
    };
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("sandbox; default-src 'none'"),
    );
    response
}
