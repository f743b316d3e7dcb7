//! Single sign-on with OpenID Connect: discovery, the authorization-code flow with PKCE, the sealed cookie that carries
//! one attempt's state across the provider's pages, and the ID token's validation (signature against the provider's
//! keys, issuer, audience, expiry, nonce). Knows nothing of Tavolo's accounts: it hands back the claims it checked.

mod attempt;
mod provider;

pub use attempt::{ATTEMPT_COOKIE, ATTEMPT_MINUTES, Attempt};
pub use provider::{Claims, Provider, ProviderSettings};

/// Why single sign-on failed. The person sees a short page; the log gets the detail.
#[derive(Debug, thiserror::Error)]
pub enum SignOnError {
    /// The provider cannot be reached or answered something that is not OpenID Connect.
    #[error("the sign-in provider is unreachable or misconfigured: {0}")]
    Provider(String),
    /// The attempt's cookie is missing, expired, tampered with or for another attempt (a replayed callback).
    #[error("this sign-in attempt is not valid any more: {0}")]
    Attempt(&'static str),
    /// The provider refused or the person cancelled (`error` in the callback).
    #[error("the sign-in provider refused: {0}")]
    Refused(String),
    /// The ID token failed a check.
    #[error("the identity token failed a check: {0}")]
    Token(String),
}
