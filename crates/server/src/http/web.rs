//! The built web UI (`web/dist`), embedded in release builds and read from disk in debug builds; unknown paths get
//! `index.html` so client routes work. Text assets go gzip-compressed to clients that accept it (compressed once per
//! file content and kept), hashed assets with a year's cache lifetime.

use std::collections::HashMap;
use std::io::Write;
use std::sync::{Mutex, OnceLock};

use axum::body::Bytes;
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use rust_embed::RustEmbed;

#[derive(RustEmbed)]
#[folder = "../../web/dist"]
#[allow_missing = true]
struct Assets;

const CSP: &str = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; font-src 'self' data:; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

/// Every answer of the UI's routes carries the page policy, whether a file was found or not.
pub async fn serve(uri: Uri, request: HeaderMap) -> Response {
    let gzip = accepts_gzip(&request);
    let mut response = find(&uri, gzip);
    response.headers_mut().insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    response
}

fn find(uri: &Uri, gzip: bool) -> Response {
    let path = uri.path().trim_start_matches('/');
    if let Some(response) = asset(path, gzip) {
        return response;
    }
    // API-looking paths get a real 404 rather than the UI.
    if path.starts_with("graphql/") || path.starts_with("api/") || path.contains('.') {
        return (StatusCode::NOT_FOUND, "not found").into_response();
    }
    asset("index.html", gzip).unwrap_or_else(|| {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            "The web UI is not built: run `npm --prefix web run build`.",
        )
            .into_response()
    })
}

fn asset(path: &str, gzip: bool) -> Option<Response> {
    let file = Assets::get(if path.is_empty() { "index.html" } else { path })?;
    let mime = file.metadata.mimetype().to_owned();
    let compressible = is_text(&mime);
    let compressed = if gzip && compressible {
        gzipped(file.metadata.sha256_hash(), &file.data)
    } else {
        None
    };
    let mut response = match &compressed {
        Some(bytes) => (StatusCode::OK, bytes.clone()).into_response(),
        None => (StatusCode::OK, file.data.into_owned()).into_response(),
    };
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&mime) {
        headers.insert(header::CONTENT_TYPE, value);
    }
    if compressed.is_some() {
        headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
    }
    if compressible {
        // Caches must keep the compressed and the plain answer apart.
        headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    // Vite puts a content hash in asset names: they never change, index.html always may.
    let cache = if path.starts_with("assets/") {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    Some(response)
}

fn is_text(mime: &str) -> bool {
    mime.starts_with("text/")
        || ["javascript", "json", "svg", "xml"]
            .iter()
            .any(|kind| mime.contains(kind))
}

/// Whether the request's `Accept-Encoding` takes gzip (named, or `*`, and not refused with `q=0`).
fn accepts_gzip(request: &HeaderMap) -> bool {
    request
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .any(|coding| {
            let mut parts = coding.split(';').map(str::trim);
            let name = parts.next().unwrap_or_default();
            let refused = parts.any(|p| {
                p.strip_prefix("q=")
                    .and_then(|q| q.parse::<f32>().ok())
                    .is_some_and(|q| q == 0.0)
            });
            (name.eq_ignore_ascii_case("gzip") || name == "*") && !refused
        })
}

/// The file compressed once per content (its SHA-256), so a rebuilt UI in a debug build is compressed afresh.
fn gzipped(hash: [u8; 32], data: &[u8]) -> Option<Bytes> {
    static CACHE: OnceLock<Mutex<HashMap<[u8; 32], Bytes>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    if let Some(found) = cache.lock().ok()?.get(&hash) {
        return Some(found.clone());
    }
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(data).ok()?;
    let bytes = Bytes::from(encoder.finish().ok()?);
    cache.lock().ok()?.insert(hash, bytes.clone());
    Some(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        if let Ok(value) = HeaderValue::from_str(value) {
            headers.insert(header::ACCEPT_ENCODING, value);
        }
        headers
    }

    #[test]
    fn gzip_is_sent_only_where_accepted() {
        assert!(accepts_gzip(&with("gzip, deflate, br")));
        assert!(accepts_gzip(&with("br;q=1.0, GZIP;q=0.5")));
        assert!(accepts_gzip(&with("*")));
        assert!(!accepts_gzip(&with("gzip;q=0, br")));
        assert!(!accepts_gzip(&with("identity")));
        assert!(!accepts_gzip(&HeaderMap::new()));
    }
}
