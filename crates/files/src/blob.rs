//! The storage interface for file contents and its file-system implementation under the data directory.

use std::io::ErrorKind;
use std::path::PathBuf;

use async_trait::async_trait;

#[derive(Debug, thiserror::Error)]
pub enum BlobError {
    #[error("no stored file has key '{0}'")]
    Missing(String),
    #[error("'{0}' is not a key this store made")]
    BadKey(String),
    #[error("the storage is full")]
    Full,
    #[error("storage failed: {0}")]
    Io(std::io::Error),
}

impl From<std::io::Error> for BlobError {
    fn from(err: std::io::Error) -> Self {
        match err.kind() {
            ErrorKind::StorageFull | ErrorKind::QuotaExceeded => Self::Full,
            _ => Self::Io(err),
        }
    }
}

/// Where file contents live. Keys are chosen by the store, never by users, so an object store can implement it
/// with the same guarantees: `put` returns only once the bytes are durable.
#[async_trait]
pub trait BlobStore: Send + Sync + std::fmt::Debug {
    /// Stores `bytes` under a new key and returns it.
    async fn put(&self, bytes: &[u8]) -> Result<String, BlobError>;
    async fn get(&self, key: &str) -> Result<Vec<u8>, BlobError>;
    /// Removing a key that is already gone is not an error: deletes are retried after crashes.
    async fn delete(&self, key: &str) -> Result<(), BlobError>;
}

/// Files in one directory, named by 32 random hex digits, in two-level fan-out folders (`ab/abcdef…`).
#[derive(Debug, Clone)]
pub struct FsBlobStore {
    root: PathBuf,
}

impl FsBlobStore {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }

    /// The path of a key; refuses anything that is not a key this store made, so no key can leave the root.
    fn path(&self, key: &str) -> Result<PathBuf, BlobError> {
        let well_formed = key.len() == 32 && key.bytes().all(|b| b.is_ascii_hexdigit());
        if !well_formed {
            return Err(BlobError::BadKey(key.to_owned()));
        }
        Ok(self.root.join(&key[..2]).join(key))
    }
}

/// Writes and fsyncs on a blocking thread with std's file: tokio's `File` buffers writes and reports a failed one
/// (a full disk) only on a later flush, which `sync_all` does not surface, so a short file could pass as stored.
async fn write_durably(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    let path = path.to_owned();
    let bytes = bytes.to_vec();
    tokio::task::spawn_blocking(move || {
        let mut file = std::fs::File::create(path)?;
        std::io::Write::write_all(&mut file, &bytes)?;
        file.sync_all()
    })
    .await
    .map_err(std::io::Error::other)?
}

#[async_trait]
impl BlobStore for FsBlobStore {
    async fn put(&self, bytes: &[u8]) -> Result<String, BlobError> {
        let key = hex::encode(rand::random::<[u8; 16]>());
        let path = self.path(&key)?;
        let folder = path.parent().map(PathBuf::from).unwrap_or_default();
        tokio::fs::create_dir_all(&folder).await?;
        // Written under a temporary name and renamed, so a crash never leaves a truncated file under a real key.
        let partial = folder.join(format!("{key}.partial"));
        if let Err(err) = write_durably(&partial, bytes).await {
            // A full disk must not keep the half-written file that filled it.
            let _ = tokio::fs::remove_file(&partial).await;
            return Err(err.into());
        }
        tokio::fs::rename(&partial, &path).await?;
        Ok(key)
    }

    async fn get(&self, key: &str) -> Result<Vec<u8>, BlobError> {
        match tokio::fs::read(self.path(key)?).await {
            Ok(bytes) => Ok(bytes),
            Err(err) if err.kind() == ErrorKind::NotFound => {
                Err(BlobError::Missing(key.to_owned()))
            }
            Err(err) => Err(err.into()),
        }
    }

    async fn delete(&self, key: &str) -> Result<(), BlobError> {
        match tokio::fs::remove_file(self.path(key)?).await {
            Err(err) if err.kind() != ErrorKind::NotFound => Err(err.into()),
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn stores_reads_and_deletes() -> Result<(), BlobError> {
        let dir = tempfile::tempdir()?;
        let store = FsBlobStore::new(dir.path());
        let key = store.put(b"verbale").await?;
        assert_eq!(store.get(&key).await?, b"verbale");
        store.delete(&key).await?;
        assert!(matches!(store.get(&key).await, Err(BlobError::Missing(_))));
        store.delete(&key).await?;
        Ok(())
    }

    #[tokio::test]
    async fn refuses_keys_it_did_not_make() -> Result<(), BlobError> {
        let dir = tempfile::tempdir()?;
        let store = FsBlobStore::new(dir.path().join("files"));
        std::fs::write(dir.path().join("secret"), b"x")?;
        for key in [
            "../secret",
            "..",
            "",
            "ab/../../secret",
            "0123456789abcdef0123456789abcdeg",
        ] {
            assert!(
                matches!(store.get(key).await, Err(BlobError::BadKey(_))),
                "{key}"
            );
            assert!(
                matches!(store.delete(key).await, Err(BlobError::BadKey(_))),
                "{key}"
            );
        }
        Ok(())
    }
}
