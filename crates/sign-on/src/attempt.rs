//! One sign-in attempt's secrets (state, nonce, PKCE verifier, where to return) sealed into a short-lived cookie with
//! HMAC-SHA256, so any process can finish an attempt another started, and nothing is stored.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Duration, Utc};
use hmac::{Hmac, Mac};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::SignOnError;

/// The cookie carrying the sealed attempt.
pub const ATTEMPT_COOKIE: &str = "tavolo_sign_on";
/// How long a person has on the provider's pages.
pub const ATTEMPT_MINUTES: i64 = 10;

/// What the callback must match.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attempt {
    pub state: String,
    pub nonce: String,
    pub verifier: String,
    /// A path of Tavolo's own to go to once signed in.
    pub return_to: String,
    pub expires_at: DateTime<Utc>,
}

impl Attempt {
    /// A fresh attempt returning to `return_to`, or to `/` when that is not a path of this site.
    pub fn new(return_to: &str) -> Self {
        let own_path = return_to.starts_with('/')
            && !return_to.starts_with("//")
            && !return_to.contains('\\')
            && return_to.len() <= 500;
        Self {
            state: random(),
            nonce: random(),
            verifier: random(),
            return_to: if own_path { return_to } else { "/" }.to_owned(),
            expires_at: Utc::now() + Duration::minutes(ATTEMPT_MINUTES),
        }
    }

    /// The PKCE challenge (S256) of the verifier.
    pub fn challenge(&self) -> String {
        URL_SAFE_NO_PAD.encode(Sha256::digest(self.verifier.as_bytes()))
    }

    /// The cookie value: the attempt as JSON, then its signature.
    pub fn seal(&self, key: &[u8]) -> String {
        let body = URL_SAFE_NO_PAD.encode(serde_json::to_vec(self).unwrap_or_default());
        format!("{body}.{}", URL_SAFE_NO_PAD.encode(mac(key, &body)))
    }

    /// The attempt in a cookie value, if its signature holds and it has not expired.
    pub fn open(sealed: &str, key: &[u8], now: DateTime<Utc>) -> Result<Self, SignOnError> {
        let (body, signature) = sealed
            .split_once('.')
            .ok_or(SignOnError::Attempt("malformed"))?;
        let signature = URL_SAFE_NO_PAD
            .decode(signature)
            .map_err(|_| SignOnError::Attempt("malformed"))?;
        let mut check =
            Hmac::<Sha256>::new_from_slice(key).map_err(|_| SignOnError::Attempt("no key"))?;
        check.update(body.as_bytes());
        check
            .verify_slice(&signature)
            .map_err(|_| SignOnError::Attempt("tampered with"))?;
        let json = URL_SAFE_NO_PAD
            .decode(body)
            .map_err(|_| SignOnError::Attempt("malformed"))?;
        let attempt: Attempt =
            serde_json::from_slice(&json).map_err(|_| SignOnError::Attempt("malformed"))?;
        if attempt.expires_at <= now {
            return Err(SignOnError::Attempt("expired"));
        }
        Ok(attempt)
    }
}

fn mac(key: &[u8], body: &str) -> Vec<u8> {
    // HMAC accepts keys of any length, so this cannot fail; an empty signature would simply never verify.
    match Hmac::<Sha256>::new_from_slice(key) {
        Ok(mut signer) => {
            signer.update(body.as_bytes());
            signer.finalize().into_bytes().to_vec()
        }
        Err(_) => Vec::new(),
    }
}

fn random() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_attempt_opens_only_unchanged_and_in_time() {
        let key = b"a key of at least sixteen bytes";
        let attempt = Attempt::new("/tables/3");
        let sealed = attempt.seal(key);
        assert_eq!(
            Attempt::open(&sealed, key, Utc::now()).ok(),
            Some(attempt.clone())
        );
        assert!(Attempt::open(&sealed, b"another key entirely!", Utc::now()).is_err());
        let tampered = format!("A{}", &sealed[1..]);
        assert!(Attempt::open(&tampered, key, Utc::now()).is_err());
        let later = Utc::now() + Duration::minutes(ATTEMPT_MINUTES + 1);
        assert!(Attempt::open(&sealed, key, later).is_err());
    }

    #[test]
    fn only_paths_of_this_site_are_returned_to() {
        assert_eq!(Attempt::new("/profile").return_to, "/profile");
        for outside in [
            "https://evil.example/",
            "//evil.example",
            "/\\evil.example",
            "profile",
        ] {
            assert_eq!(Attempt::new(outside).return_to, "/", "{outside}");
        }
    }

    #[test]
    fn the_challenge_is_the_s256_of_the_verifier() {
        // RFC 7636, appendix B.
        let attempt = Attempt {
            verifier: "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk".into(),
            ..Attempt::new("/")
        };
        assert_eq!(
            attempt.challenge(),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
    }
}
