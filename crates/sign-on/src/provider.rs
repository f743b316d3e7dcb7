//! The OpenID provider as Tavolo talks to it: its metadata and keys from discovery (cached, keys fetched again when a
//! token names one not yet seen), the authorization URL, the code exchange and the ID token's checks.

use std::sync::Arc;
use std::time::{Duration, Instant};

use jsonwebtoken::jwk::{Jwk, JwkSet};
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde::Deserialize;
use serde_json::{Map, Value};
use tokio::sync::RwLock;

use crate::{Attempt, SignOnError};

/// How long discovery's answer is trusted before it is asked again.
const METADATA_LIFETIME: Duration = Duration::from_secs(3600);
/// Clock difference tolerated between Tavolo and the provider.
const LEEWAY_SECS: u64 = 60;
/// Signature algorithms accepted: asymmetric only, so nobody holding the client secret can mint tokens.
const ALGORITHMS: &[Algorithm] = &[
    Algorithm::RS256,
    Algorithm::RS384,
    Algorithm::RS512,
    Algorithm::PS256,
    Algorithm::PS384,
    Algorithm::PS512,
    Algorithm::ES256,
    Algorithm::ES384,
    Algorithm::EdDSA,
];

/// The installation's client at its provider.
#[derive(Debug, Clone)]
pub struct ProviderSettings {
    pub issuer: String,
    pub client_id: String,
    pub client_secret: Option<String>,
    /// Where the provider sends the browser back: Tavolo's `/auth/oidc/callback`.
    pub redirect_uri: String,
    /// The claim holding the address.
    pub email_claim: String,
    /// Take the address as verified even without `email_verified` (providers that vouch for their own directory's
    /// addresses but do not say so, such as Microsoft Entra).
    pub trust_email: bool,
}

/// What a validated ID token says of the person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claims {
    pub issuer: String,
    pub subject: String,
    pub email: Option<String>,
    pub email_verified: bool,
    pub name: Option<String>,
    pub locale: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
struct Metadata {
    issuer: String,
    authorization_endpoint: String,
    token_endpoint: String,
    jwks_uri: String,
    userinfo_endpoint: Option<String>,
}

struct Discovered {
    metadata: Metadata,
    keys: JwkSet,
    at: Instant,
}

#[derive(Deserialize)]
struct TokenResponse {
    id_token: Option<String>,
    access_token: Option<String>,
    error: Option<String>,
    error_description: Option<String>,
}

/// A provider client; cheap to clone, sharing its cache.
#[derive(Clone)]
pub struct Provider {
    settings: Arc<ProviderSettings>,
    http: reqwest::Client,
    discovered: Arc<RwLock<Option<Arc<Discovered>>>>,
}

impl Provider {
    pub fn new(settings: ProviderSettings) -> Result<Self, SignOnError> {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| SignOnError::Provider(e.to_string()))?;
        Ok(Self {
            settings: Arc::new(settings),
            http,
            discovered: Arc::default(),
        })
    }

    pub fn settings(&self) -> &ProviderSettings {
        &self.settings
    }

    /// Where to send the browser to start `attempt`.
    pub async fn authorization_url(&self, attempt: &Attempt) -> Result<String, SignOnError> {
        let discovered = self.discovered(false).await?;
        let challenge = attempt.challenge();
        let url = reqwest::Url::parse_with_params(
            &discovered.metadata.authorization_endpoint,
            [
                ("response_type", "code"),
                ("client_id", self.settings.client_id.as_str()),
                ("redirect_uri", self.settings.redirect_uri.as_str()),
                ("scope", "openid email profile"),
                ("state", attempt.state.as_str()),
                ("nonce", attempt.nonce.as_str()),
                ("code_challenge", challenge.as_str()),
                ("code_challenge_method", "S256"),
            ],
        )
        .map_err(|e| SignOnError::Provider(format!("authorization endpoint: {e}")))?;
        Ok(url.into())
    }

    /// Finishes `attempt` with the callback's `state` and `code`: exchanges the code (with the PKCE verifier) and
    /// checks the ID token.
    pub async fn finish(
        &self,
        attempt: &Attempt,
        state: &str,
        code: &str,
    ) -> Result<Claims, SignOnError> {
        if !constant_time_eq(state.as_bytes(), attempt.state.as_bytes()) {
            return Err(SignOnError::Attempt("the state does not match"));
        }
        let discovered = self.discovered(false).await?;
        let tokens = self
            .exchange(&discovered.metadata.token_endpoint, attempt, code)
            .await?;
        let id_token = tokens
            .id_token
            .ok_or_else(|| SignOnError::Provider("the token endpoint gave no ID token".into()))?;
        let mut claims = self.validate(&discovered, &id_token).await?;
        if claims.get("nonce").and_then(Value::as_str) != Some(attempt.nonce.as_str()) {
            return Err(SignOnError::Token("the nonce does not match".into()));
        }
        // Providers that follow OIDC Core §5.4 strictly put scope claims (the address, the name) in the UserInfo
        // answer rather than in the ID token when an access token is issued.
        if !claims.contains_key(&self.settings.email_claim)
            && let (Some(endpoint), Some(access)) =
                (&discovered.metadata.userinfo_endpoint, &tokens.access_token)
        {
            self.merge_userinfo(endpoint, access, &mut claims).await?;
        }
        self.claims_of(&claims)
    }

    /// Adds the UserInfo claims the ID token lacks; their subject must be the token's (OIDC Core §5.3.2).
    async fn merge_userinfo(
        &self,
        endpoint: &str,
        access_token: &str,
        claims: &mut Map<String, Value>,
    ) -> Result<(), SignOnError> {
        let response = self
            .http
            .get(endpoint)
            .bearer_auth(access_token)
            .send()
            .await
            .map_err(|e| SignOnError::Provider(format!("userinfo: {e}")))?;
        if !response.status().is_success() {
            return Err(SignOnError::Provider(format!(
                "userinfo answered {}",
                response.status()
            )));
        }
        let info: Map<String, Value> = response
            .json()
            .await
            .map_err(|e| SignOnError::Provider(format!("userinfo: {e}")))?;
        if info.get("sub") != claims.get("sub") {
            return Err(SignOnError::Token(
                "userinfo is about another subject".into(),
            ));
        }
        for (name, value) in info {
            claims.entry(name).or_insert(value);
        }
        Ok(())
    }

    async fn exchange(
        &self,
        token_endpoint: &str,
        attempt: &Attempt,
        code: &str,
    ) -> Result<TokenResponse, SignOnError> {
        let settings = &self.settings;
        let mut request = self.http.post(token_endpoint).form(&[
            ("grant_type", "authorization_code"),
            ("code", code),
            ("redirect_uri", settings.redirect_uri.as_str()),
            ("code_verifier", attempt.verifier.as_str()),
            ("client_id", settings.client_id.as_str()),
        ]);
        if let Some(secret) = &settings.client_secret {
            // RFC 6749 §2.3.1: both parts are form-encoded before Basic encoding.
            request =
                request.basic_auth(form_encode(&settings.client_id), Some(form_encode(secret)));
        }
        let response = request
            .send()
            .await
            .map_err(|e| SignOnError::Provider(format!("token endpoint: {e}")))?;
        let status = response.status();
        let body: TokenResponse = response
            .json()
            .await
            .map_err(|e| SignOnError::Provider(format!("token endpoint answered {status}: {e}")))?;
        if let Some(error) = body.error {
            let detail = body.error_description.unwrap_or_default();
            return Err(SignOnError::Refused(
                format!("{error} {detail}").trim().to_owned(),
            ));
        }
        Ok(body)
    }

    /// Checks the token's signature with the provider's key, its issuer, audience and expiry; gives its claims.
    async fn validate(
        &self,
        discovered: &Arc<Discovered>,
        id_token: &str,
    ) -> Result<Map<String, Value>, SignOnError> {
        let header = jsonwebtoken::decode_header(id_token)
            .map_err(|e| SignOnError::Token(format!("header: {e}")))?;
        if !ALGORITHMS.contains(&header.alg) {
            return Err(SignOnError::Token(format!(
                "algorithm {:?} is not accepted",
                header.alg
            )));
        }
        let key = match find_key(&discovered.keys, header.kid.as_deref()) {
            Some(key) => key.clone(),
            // A key not seen yet: the provider may have rotated its keys since they were fetched.
            None => {
                let fresh = self.discovered(true).await?;
                find_key(&fresh.keys, header.kid.as_deref())
                    .cloned()
                    .ok_or_else(|| SignOnError::Token("signed with an unknown key".into()))?
            }
        };
        let key = DecodingKey::from_jwk(&key)
            .map_err(|e| SignOnError::Token(format!("provider key: {e}")))?;
        let mut validation = Validation::new(header.alg);
        validation.set_issuer(&[&discovered.metadata.issuer]);
        validation.set_audience(&[&self.settings.client_id]);
        validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        validation.leeway = LEEWAY_SECS;
        let data = jsonwebtoken::decode::<Map<String, Value>>(id_token, &key, &validation)
            .map_err(|e| SignOnError::Token(e.to_string()))?;
        let claims = data.claims;
        // With several audiences, the token must say it was issued to this client (OIDC Core §3.1.3.7).
        let several = claims
            .get("aud")
            .and_then(Value::as_array)
            .is_some_and(|a| a.len() > 1);
        let azp = claims.get("azp").and_then(Value::as_str);
        if (several || azp.is_some()) && azp != Some(self.settings.client_id.as_str()) {
            return Err(SignOnError::Token("issued to another client (azp)".into()));
        }
        Ok(claims)
    }

    fn claims_of(&self, claims: &Map<String, Value>) -> Result<Claims, SignOnError> {
        let text = |name: &str| claims.get(name).and_then(Value::as_str).map(str::to_owned);
        let subject = text("sub").ok_or_else(|| SignOnError::Token("no subject".into()))?;
        let verified = match claims.get("email_verified") {
            Some(Value::Bool(flag)) => *flag,
            // Some providers send it as a string.
            Some(Value::String(flag)) => flag == "true",
            _ => false,
        };
        Ok(Claims {
            issuer: text("iss").unwrap_or_default(),
            subject,
            email: text(&self.settings.email_claim),
            email_verified: verified || self.settings.trust_email,
            name: text("name").or_else(|| {
                let given = text("given_name")?;
                Some(match text("family_name") {
                    Some(family) => format!("{given} {family}"),
                    None => given,
                })
            }),
            locale: text("locale"),
        })
    }

    /// Discovery's answer and the provider's keys, from the cache while fresh (or fetched again when `refresh`).
    async fn discovered(&self, refresh: bool) -> Result<Arc<Discovered>, SignOnError> {
        if !refresh
            && let Some(cached) = self.discovered.read().await.as_ref()
            && cached.at.elapsed() < METADATA_LIFETIME
        {
            return Ok(cached.clone());
        }
        let mut slot = self.discovered.write().await;
        let url = format!("{}/.well-known/openid-configuration", self.settings.issuer);
        let metadata: Metadata = self.get_json(&url).await?;
        // OpenID Connect Discovery §4.3: the issuer in the document is exactly the one configured.
        if metadata.issuer.trim_end_matches('/') != self.settings.issuer {
            return Err(SignOnError::Provider(format!(
                "discovery names issuer '{}', not the configured '{}'",
                metadata.issuer, self.settings.issuer
            )));
        }
        let keys: JwkSet = self.get_json(&metadata.jwks_uri).await?;
        let fresh = Arc::new(Discovered {
            metadata,
            keys,
            at: Instant::now(),
        });
        *slot = Some(fresh.clone());
        Ok(fresh)
    }

    async fn get_json<T: serde::de::DeserializeOwned>(&self, url: &str) -> Result<T, SignOnError> {
        let response = self
            .http
            .get(url)
            .send()
            .await
            .map_err(|e| SignOnError::Provider(format!("{url}: {e}")))?;
        if !response.status().is_success() {
            return Err(SignOnError::Provider(format!(
                "{url} answered {}",
                response.status()
            )));
        }
        response
            .json()
            .await
            .map_err(|e| SignOnError::Provider(format!("{url}: {e}")))
    }
}

/// The key named `kid`, or the only signing key when the token names none.
fn find_key<'k>(keys: &'k JwkSet, kid: Option<&str>) -> Option<&'k Jwk> {
    match kid {
        Some(kid) => keys.find(kid),
        None if keys.keys.len() == 1 => keys.keys.first(),
        None => None,
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |diff, (x, y)| diff | (x ^ y)) == 0
}

/// `application/x-www-form-urlencoded` encoding of one value.
fn form_encode(value: &str) -> String {
    value
        .bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'*' => {
                char::from(byte).to_string()
            }
            b' ' => "+".to_owned(),
            other => format!("%{other:02X}"),
        })
        .collect()
}
