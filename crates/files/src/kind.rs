//! The kinds of file Tavolo knows: their extensions, media type, and how their content is recognised.

/// A kind of document or image an attachment may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Pdf,
    Png,
    Jpeg,
    Odt,
    Ods,
    Odp,
    Docx,
    Xlsx,
    Pptx,
    Txt,
    Csv,
}

const ZIP: &[u8] = b"PK\x03\x04";

impl FileKind {
    pub const ALL: [FileKind; 11] = [
        Self::Pdf,
        Self::Png,
        Self::Jpeg,
        Self::Odt,
        Self::Ods,
        Self::Odp,
        Self::Docx,
        Self::Xlsx,
        Self::Pptx,
        Self::Txt,
        Self::Csv,
    ];

    /// The file-name extensions of this kind, the first one canonical.
    pub fn extensions(self) -> &'static [&'static str] {
        match self {
            Self::Pdf => &["pdf"],
            Self::Png => &["png"],
            Self::Jpeg => &["jpg", "jpeg"],
            Self::Odt => &["odt"],
            Self::Ods => &["ods"],
            Self::Odp => &["odp"],
            Self::Docx => &["docx"],
            Self::Xlsx => &["xlsx"],
            Self::Pptx => &["pptx"],
            Self::Txt => &["txt"],
            Self::Csv => &["csv"],
        }
    }

    pub fn media_type(self) -> &'static str {
        match self {
            Self::Pdf => "application/pdf",
            Self::Png => "image/png",
            Self::Jpeg => "image/jpeg",
            Self::Odt => "application/vnd.oasis.opendocument.text",
            Self::Ods => "application/vnd.oasis.opendocument.spreadsheet",
            Self::Odp => "application/vnd.oasis.opendocument.presentation",
            Self::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            Self::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Self::Pptx => {
                "application/vnd.openxmlformats-officedocument.presentationml.presentation"
            }
            Self::Txt => "text/plain; charset=utf-8",
            Self::Csv => "text/csv; charset=utf-8",
        }
    }

    /// The kind a file name's extension names, case-insensitively.
    pub fn from_extension(extension: &str) -> Option<Self> {
        let extension = extension.to_ascii_lowercase();
        Self::ALL
            .into_iter()
            .find(|kind| kind.extensions().contains(&extension.as_str()))
    }

    /// Whether the bytes look like this kind, so a page renamed `.pdf` is not served as a document.
    pub fn matches(self, bytes: &[u8]) -> bool {
        match self {
            Self::Pdf => bytes.starts_with(b"%PDF-"),
            Self::Png => bytes.starts_with(b"\x89PNG\r\n\x1a\n"),
            Self::Jpeg => bytes.starts_with(&[0xFF, 0xD8, 0xFF]),
            Self::Odt | Self::Ods | Self::Odp | Self::Docx | Self::Xlsx | Self::Pptx => {
                bytes.starts_with(ZIP)
            }
            Self::Txt | Self::Csv => !bytes.contains(&0) && std::str::from_utf8(bytes).is_ok(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_extension_names_one_kind() {
        for kind in FileKind::ALL {
            for extension in kind.extensions() {
                assert_eq!(FileKind::from_extension(extension), Some(kind));
                assert_eq!(
                    FileKind::from_extension(&extension.to_uppercase()),
                    Some(kind)
                );
            }
        }
        assert_eq!(FileKind::from_extension("html"), None);
    }

    #[test]
    fn content_must_fit_the_kind() {
        assert!(FileKind::Pdf.matches(b"%PDF-1.7\n..."));
        assert!(!FileKind::Pdf.matches(b"<html><script>alert(1)</script>"));
        assert!(FileKind::Docx.matches(b"PK\x03\x04rest"));
        assert!(FileKind::Csv.matches("nome;città\n".as_bytes()));
        assert!(!FileKind::Txt.matches(b"MZ\x90\x00\x03"));
    }
}
