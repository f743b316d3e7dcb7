//! One IMAP session: TCP, TLS (implicit or STARTTLS, public roots plus an optional private CA), login.

use std::fmt::Debug;
use std::sync::Arc;
use std::time::Duration;

use async_imap::Client;
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, ServerName};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpStream;
use tokio_rustls::TlsConnector;
use tokio_rustls::rustls::{self, RootCertStore};

use crate::config::{ImapConfig, InboxError, Protection};

/// A connection to the server, protected or not.
pub trait Stream: AsyncRead + AsyncWrite + Unpin + Send + Debug {}
impl<T: AsyncRead + AsyncWrite + Unpin + Send + Debug> Stream for T {}

pub type Session = async_imap::Session<Box<dyn Stream>>;

/// A server that does not answer within this is taken as down for this pass.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(20);

/// Connects and logs in.
pub async fn open(config: &ImapConfig) -> Result<Session, InboxError> {
    let tcp = tokio::time::timeout(
        CONNECT_TIMEOUT,
        TcpStream::connect((config.host.as_str(), config.port)),
    )
    .await
    .map_err(|_| std::io::Error::new(std::io::ErrorKind::TimedOut, "connecting"))??;
    let stream: Box<dyn Stream> = match config.protection {
        Protection::Plain => Box::new(tcp),
        Protection::Implicit => Box::new(protect(config, tcp).await?),
        Protection::StartTls => {
            let mut client = Client::new(tcp);
            greeting(&mut client).await?;
            client.run_command_and_check_ok("STARTTLS", None).await?;
            Box::new(protect(config, client.into_inner()).await?)
        }
    };
    let mut client = Client::new(stream);
    if config.protection != Protection::StartTls {
        greeting(&mut client).await?;
    }
    client
        .login(&config.user, &config.password)
        .await
        .map_err(|(e, _)| InboxError::Login(e.to_string()))
}

async fn greeting<T: Stream>(client: &mut Client<T>) -> Result<(), InboxError> {
    match tokio::time::timeout(CONNECT_TIMEOUT, client.read_response()).await {
        Ok(Ok(Some(_))) => Ok(()),
        Ok(Ok(None)) => Err(InboxError::Imap(async_imap::error::Error::ConnectionLost)),
        Ok(Err(e)) => Err(e.into()),
        Err(_) => Err(std::io::Error::new(std::io::ErrorKind::TimedOut, "no greeting").into()),
    }
}

async fn protect(
    config: &ImapConfig,
    tcp: TcpStream,
) -> Result<tokio_rustls::client::TlsStream<TcpStream>, InboxError> {
    let mut roots = RootCertStore::empty();
    roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    if let Some(path) = &config.ca_file {
        let certificates = CertificateDer::pem_file_iter(path)
            .map_err(|e| InboxError::Tls(format!("{}: {e}", path.display())))?;
        for certificate in certificates {
            let certificate =
                certificate.map_err(|e| InboxError::Tls(format!("{}: {e}", path.display())))?;
            roots
                .add(certificate)
                .map_err(|e| InboxError::Tls(e.to_string()))?;
        }
    }
    // The provider is named rather than taken from the process default: several may be compiled in.
    let tls = rustls::ClientConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .map_err(|e| InboxError::Tls(e.to_string()))?
    .with_root_certificates(roots)
    .with_no_client_auth();
    let name = ServerName::try_from(config.host.clone())
        .map_err(|e| InboxError::Tls(format!("{}: {e}", config.host)))?;
    Ok(TlsConnector::from(Arc::new(tls)).connect(name, tcp).await?)
}
