//! Practice attachments over plain HTTP: a multipart upload (`POST /practices/{id}/attachments`, one `file` field)
//! and downloads (`GET /attachments/{id}/{name}`), both under the practice service's rules. Errors have the shape
//! and codes of GraphQL errors.

use axum::extract::multipart::{Field, MultipartRejection};
use axum::extract::{Multipart, Path, State};
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
        Ok(attachment) => {
            let body = json!({ "attachment": {
                "id": attachment.id.to_string(),
                "fileName": attachment.file_name,
                "mediaType": attachment.media_type,
                "sizeBytes": attachment.size_bytes,
                "url": tavolo_service::attachments::download_path(&attachment),
            }});
            (StatusCode::CREATED, axum::Json(body)).into_response()
        }
        Err(err) => super::service_error(err),
    }
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
        return state
            .services
            .practices()
            .attach(&actor, practice_id, &name, &bytes)
            .await;
    }
    Err(ServiceError::validation(
        "file",
        Reason::Malformed,
        "the upload has no 'file' field",
    ))
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

pub async fn download(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((id, _name)): Path<(String, String)>,
) -> Response {
    let actor = match identify(&state.services, &headers).await {
        Ok(caller) => caller.actor,
        Err(err) => return super::service_error(err),
    };
    let Ok(id) = id.parse::<i64>() else {
        return super::service_error(ServiceError::not_found("attachment"));
    };
    let download = match state.services.practices().download(&actor, id).await {
        Ok(download) => download,
        Err(err) => return super::service_error(err),
    };
    let mut response = (StatusCode::OK, download.bytes).into_response();
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&download.attachment.media_type) {
        headers.insert(header::CONTENT_TYPE, value);
    }
    // Always a download, never rendered in our origin; the ASCII name is for old clients, `filename*` for the rest.
    let ascii: String = download
        .attachment
        .file_name
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
        tavolo_files::url_encoded(&download.attachment.file_name)
    );
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    let cache = if download.public {
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
