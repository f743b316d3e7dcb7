//! Answer links: `answer/<payload>.<signature>`, signed with HMAC-SHA256, naming one invitation, one answer, the invitation's
//! current nonce (so each link works once) and an expiry.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use sha2::Sha256;

type Signer = Hmac<Sha256>;

/// What an answer link asks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnswerLink {
    pub invitation_id: i64,
    pub nonce: i32,
    /// accepted, tentative, declined, or delegated (the page then asks who goes instead)
    pub rsvp: String,
    pub expires_at: DateTime<Utc>,
    /// Sent with a whole series: the answer holds for the invitee's later occurrences too.
    pub series: bool,
}

/// Why a link is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LinkError {
    #[error("the link is damaged or was not made by Tavolo")]
    Invalid,
    #[error("the link has expired")]
    Expired,
}

pub fn sign(link: &AnswerLink, secret: &[u8]) -> String {
    let mut payload = format!(
        "{}:{}:{}:{}",
        link.invitation_id,
        link.nonce,
        link.rsvp,
        link.expires_at.timestamp()
    );
    if link.series {
        payload.push_str(":series");
    }
    let encoded = URL_SAFE_NO_PAD.encode(payload.as_bytes());
    format!(
        "{encoded}.{}",
        URL_SAFE_NO_PAD.encode(mac(secret, &encoded))
    )
}

pub fn verify(token: &str, secret: &[u8], now: DateTime<Utc>) -> Result<AnswerLink, LinkError> {
    let (encoded, signature) = token.split_once('.').ok_or(LinkError::Invalid)?;
    let signature = URL_SAFE_NO_PAD
        .decode(signature)
        .map_err(|_| LinkError::Invalid)?;
    let mut check = Signer::new_from_slice(secret).map_err(|_| LinkError::Invalid)?;
    check.update(encoded.as_bytes());
    // Constant-time comparison: the signature is the whole credential.
    check
        .verify_slice(&signature)
        .map_err(|_| LinkError::Invalid)?;
    let payload = String::from_utf8(
        URL_SAFE_NO_PAD
            .decode(encoded)
            .map_err(|_| LinkError::Invalid)?,
    )
    .map_err(|_| LinkError::Invalid)?;
    let parts: Vec<&str> = payload.split(':').collect();
    let (id, nonce, rsvp, expiry, series) = match parts.as_slice() {
        [id, nonce, rsvp, expiry] => (id, nonce, rsvp, expiry, false),
        [id, nonce, rsvp, expiry, "series"] => (id, nonce, rsvp, expiry, true),
        _ => return Err(LinkError::Invalid),
    };
    let link = AnswerLink {
        invitation_id: id.parse().map_err(|_| LinkError::Invalid)?,
        nonce: nonce.parse().map_err(|_| LinkError::Invalid)?,
        rsvp: (*rsvp).to_owned(),
        expires_at: DateTime::from_timestamp(expiry.parse().map_err(|_| LinkError::Invalid)?, 0)
            .ok_or(LinkError::Invalid)?,
        series,
    };
    if link.expires_at <= now {
        return Err(LinkError::Expired);
    }
    Ok(link)
}

fn mac(secret: &[u8], data: &str) -> Vec<u8> {
    let mut signer = match Signer::new_from_slice(secret) {
        Ok(signer) => signer,
        // HMAC takes keys of any length; this branch cannot be reached.
        Err(_) => return Vec::new(),
    };
    signer.update(data.as_bytes());
    signer.finalize().into_bytes().to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    fn link() -> AnswerLink {
        AnswerLink {
            invitation_id: 42,
            nonce: 3,
            rsvp: "accepted".into(),
            expires_at: DateTime::from_timestamp(Utc::now().timestamp() + 3600, 0)
                .unwrap_or_default(),
            series: false,
        }
    }

    #[test]
    fn a_signed_link_verifies_and_a_tampered_one_does_not() {
        let token = sign(&link(), b"secret");
        assert_eq!(verify(&token, b"secret", Utc::now()), Ok(link()));
        let whole = AnswerLink {
            series: true,
            ..link()
        };
        assert_eq!(
            verify(&sign(&whole, b"secret"), b"secret", Utc::now()),
            Ok(whole)
        );
        assert_eq!(
            verify(&token, b"other", Utc::now()),
            Err(LinkError::Invalid)
        );
        let (payload, signature) = token.split_once('.').unwrap_or_default();
        let forged_payload =
            URL_SAFE_NO_PAD.encode(format!("43:3:accepted:{}", link().expires_at.timestamp()));
        assert_eq!(
            verify(
                &format!("{forged_payload}.{signature}"),
                b"secret",
                Utc::now()
            ),
            Err(LinkError::Invalid)
        );
        assert_eq!(
            verify(payload, b"secret", Utc::now()),
            Err(LinkError::Invalid)
        );
        assert_eq!(
            verify(&token, b"secret", Utc::now() + Duration::hours(2)),
            Err(LinkError::Expired)
        );
    }
}
