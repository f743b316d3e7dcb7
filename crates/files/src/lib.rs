//! Uploaded files: where their bytes live (a `BlobStore`, on disk by default), which kinds are accepted, and the
//! checks every upload passes before it is stored (size, declared kind against content, a safe display name).

mod blob;
mod kind;
mod policy;

pub use blob::{BlobError, BlobStore, FsBlobStore};
pub use kind::FileKind;
pub use policy::{FilePolicy, FileRefusal, display_name, url_encoded};
