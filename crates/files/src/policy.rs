//! What an upload must be to be kept: within the size limit, of an allowed kind whose content fits its name,
//! and with a name that is safe to show and to offer back as a download.

use crate::FileKind;

/// Why an upload was refused; each is the uploader's to fix.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FileRefusal {
    #[error("the file is empty")]
    Empty,
    #[error("the file is larger than the limit of {limit_bytes} bytes")]
    TooLarge { limit_bytes: u64 },
    #[error("files of type '{extension}' are not accepted; accepted: {accepted}")]
    KindNotAllowed { extension: String, accepted: String },
    #[error("the content is not a {extension} file")]
    ContentMismatch { extension: &'static str },
    #[error("the file needs a name with an extension, e.g. report.pdf")]
    BadName,
}

/// The configured limits for attachments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilePolicy {
    pub max_bytes: u64,
    pub kinds: Vec<FileKind>,
}

impl Default for FilePolicy {
    fn default() -> Self {
        Self {
            max_bytes: 10 * 1024 * 1024,
            kinds: FileKind::ALL.to_vec(),
        }
    }
}

const NAME_MAX_CHARS: usize = 150;

/// The name shown for an upload: its last path component, without control characters, at most 150 characters
/// (keeping the extension). Storage never uses it, so it only has to be safe to display and to send back.
pub fn display_name(raw: &str) -> Result<String, FileRefusal> {
    let last = raw.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = last
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '"' | '<' | '>' | ':' | '|' | '?' | '*'))
        .collect();
    let cleaned = cleaned.trim().trim_start_matches('.').trim();
    let (stem, extension) = cleaned.rsplit_once('.').ok_or(FileRefusal::BadName)?;
    let stem = stem.trim();
    if stem.is_empty() || extension.is_empty() {
        return Err(FileRefusal::BadName);
    }
    let room = NAME_MAX_CHARS.saturating_sub(extension.chars().count() + 1);
    let stem: String = stem.chars().take(room).collect();
    Ok(format!("{}.{extension}", stem.trim_end()))
}

/// A name percent-encoded for URLs and RFC 5987 `filename*` parameters: only unreserved ASCII stays as it is.
pub fn url_encoded(name: &str) -> String {
    name.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

impl FilePolicy {
    /// A policy from configured extensions, e.g. `["pdf", "docx"]`; an unknown one is a configuration error.
    pub fn new(max_bytes: u64, extensions: &[String]) -> Result<Self, String> {
        let mut kinds = Vec::new();
        for extension in extensions {
            let kind = FileKind::from_extension(extension.trim().trim_start_matches('.'))
                .ok_or_else(|| format!("unknown attachment type '{extension}'"))?;
            if !kinds.contains(&kind) {
                kinds.push(kind);
            }
        }
        if kinds.is_empty() {
            return Err("at least one attachment type must be allowed".into());
        }
        Ok(Self { max_bytes, kinds })
    }

    /// The accepted extensions, for messages and the upload form.
    pub fn accepted(&self) -> Vec<&'static str> {
        self.kinds
            .iter()
            .flat_map(|kind| kind.extensions().iter().copied())
            .collect()
    }

    /// Checks an upload's name and content; on success, its safe name and kind.
    pub fn check(&self, raw_name: &str, bytes: &[u8]) -> Result<(String, FileKind), FileRefusal> {
        let name = display_name(raw_name)?;
        if bytes.is_empty() {
            return Err(FileRefusal::Empty);
        }
        if bytes.len() as u64 > self.max_bytes {
            return Err(FileRefusal::TooLarge {
                limit_bytes: self.max_bytes,
            });
        }
        let extension = name.rsplit_once('.').map(|(_, e)| e).unwrap_or_default();
        let kind = FileKind::from_extension(extension)
            .filter(|kind| self.kinds.contains(kind))
            .ok_or_else(|| FileRefusal::KindNotAllowed {
                extension: extension.to_lowercase(),
                accepted: self.accepted().join(", "),
            })?;
        if !kind.matches(bytes) {
            return Err(FileRefusal::ContentMismatch {
                extension: kind.extensions()[0],
            });
        }
        Ok((name, kind))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_encoded_for_urls() {
        assert_eq!(
            url_encoded("Relazione finale è.pdf"),
            "Relazione%20finale%20%C3%A8.pdf"
        );
        assert_eq!(url_encoded("../a.pdf"), "..%2Fa.pdf");
    }

    #[test]
    fn names_lose_their_folders_and_controls() {
        assert_eq!(
            display_name("../../etc/passwd.txt"),
            Ok("passwd.txt".into())
        );
        assert_eq!(
            display_name("C:\\Users\\ana\\Relazione finale.pdf"),
            Ok("Relazione finale.pdf".into())
        );
        assert_eq!(display_name("a\u{0}b\r\n.pdf"), Ok("ab.pdf".into()));
        assert_eq!(display_name("..pdf"), Err(FileRefusal::BadName));
        assert_eq!(display_name("senza-estensione"), Err(FileRefusal::BadName));
        assert_eq!(display_name("../"), Err(FileRefusal::BadName));
        let long = format!("{}.pdf", "x".repeat(400));
        let name = display_name(&long).unwrap_or_default();
        assert_eq!(name.chars().count(), NAME_MAX_CHARS);
        assert!(name.ends_with(".pdf"));
    }

    #[test]
    fn uploads_are_checked_for_size_kind_and_content() {
        let policy = FilePolicy::new(10, &["pdf".into(), "csv".into()]).unwrap_or_default();
        assert_eq!(
            policy.check("a.pdf", b"%PDF-1.4"),
            Ok(("a.pdf".into(), FileKind::Pdf))
        );
        assert_eq!(policy.check("a.pdf", b""), Err(FileRefusal::Empty));
        assert_eq!(
            policy.check("a.pdf", b"%PDF-1.4 and more"),
            Err(FileRefusal::TooLarge { limit_bytes: 10 })
        );
        assert!(matches!(
            policy.check("a.exe", b"MZ"),
            Err(FileRefusal::KindNotAllowed { .. })
        ));
        assert!(matches!(
            policy.check("a.png", b"\x89PNG\r\n\x1a\n"),
            Err(FileRefusal::KindNotAllowed { .. })
        ));
        assert_eq!(
            policy.check("a.pdf", b"<script>"),
            Err(FileRefusal::ContentMismatch { extension: "pdf" })
        );
    }

    #[test]
    fn configured_kinds_must_exist() {
        assert!(FilePolicy::new(1, &["pdf".into(), "exe".into()]).is_err());
        assert!(FilePolicy::new(1, &[]).is_err());
    }
}
