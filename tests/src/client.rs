//! A GraphQL-over-HTTP client with a cookie jar, and assertions on responses.

use serde_json::{Value, json};

pub struct Client {
    http: reqwest::Client,
    pub base_url: String,
    pub bearer: Option<String>,
}

/// A GraphQL response: `data` and the `errors` list.
#[derive(Debug, Clone)]
pub struct GqlResponse {
    pub status: u16,
    pub body: Value,
}

impl GqlResponse {
    pub fn data(&self) -> &Value {
        &self.body["data"]
    }

    /// The first error's `extensions.code`, if any.
    pub fn code(&self) -> Option<&str> {
        self.body["errors"][0]["extensions"]["code"].as_str()
    }

    /// The first error's `extensions.field`, if any.
    pub fn field(&self) -> Option<&str> {
        self.body["errors"][0]["extensions"]["field"].as_str()
    }

    /// The first error's `extensions.reason`, if any.
    pub fn reason(&self) -> Option<&str> {
        self.body["errors"][0]["extensions"]["reason"].as_str()
    }

    pub fn is_ok(&self) -> bool {
        self.status == 200 && self.body.get("errors").is_none()
    }

    /// Panics with the whole body when the response carries errors: for test setup steps.
    pub fn ok(self) -> Self {
        assert!(
            self.is_ok(),
            "unexpected errors ({}): {}",
            self.status,
            self.body
        );
        self
    }

    /// Asserts a VALIDATION error on `field`.
    pub fn assert_validation(&self, field: &str) {
        assert_eq!(
            self.code(),
            Some("VALIDATION"),
            "expected VALIDATION on {field}: {}",
            self.body
        );
        assert_eq!(self.field(), Some(field), "wrong field: {}", self.body);
    }

    /// Asserts a VALIDATION error on `field` for `reason`.
    pub fn assert_refused(&self, field: &str, reason: &str) {
        self.assert_validation(field);
        assert_eq!(self.reason(), Some(reason), "wrong reason: {}", self.body);
    }
}

impl Client {
    pub fn new(base_url: &str) -> Self {
        let http = reqwest::Client::builder()
            .cookie_store(true)
            .build()
            .unwrap_or_default();
        Self {
            http,
            base_url: base_url.to_owned(),
            bearer: None,
        }
    }

    /// The same client (cookie jar included) talking to another server: what a browser does when a load balancer
    /// sends its next request to another process.
    pub fn at(&self, base_url: &str) -> Self {
        Self {
            http: self.http.clone(),
            base_url: base_url.to_owned(),
            bearer: self.bearer.clone(),
        }
    }

    pub fn with_bearer(base_url: &str, token: &str) -> Self {
        Self {
            bearer: Some(token.to_owned()),
            ..Self::new(base_url)
        }
    }

    pub async fn gql(&self, query: &str, variables: Value) -> anyhow::Result<GqlResponse> {
        let mut request = self
            .http
            .post(format!("{}/graphql", self.base_url))
            .json(&json!({ "query": query, "variables": variables }));
        if let Some(token) = &self.bearer {
            request = request.bearer_auth(token);
        }
        let response = request.send().await?;
        let status = response.status().as_u16();
        let body = response.json::<Value>().await?;
        Ok(GqlResponse { status, body })
    }

    pub async fn login(&self, email: &str, password: &str) -> anyhow::Result<GqlResponse> {
        let response = self
            .gql(
                "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { id name } }",
                json!({ "e": email, "p": password }),
            )
            .await?;
        anyhow::ensure!(
            response.is_ok(),
            "login as {email} failed: {}",
            response.body
        );
        Ok(response)
    }

    /// Uploads `bytes` as the multipart field `field` named `file_name` to `path`, answering like GraphQL.
    pub async fn upload(
        &self,
        path: &str,
        field: &str,
        file_name: &str,
        bytes: Vec<u8>,
    ) -> anyhow::Result<GqlResponse> {
        let part = reqwest::multipart::Part::bytes(bytes).file_name(file_name.to_owned());
        let form = reqwest::multipart::Form::new().part(field.to_owned(), part);
        let mut request = self
            .http
            .post(format!("{}{path}", self.base_url))
            .multipart(form);
        if let Some(token) = &self.bearer {
            request = request.bearer_auth(token);
        }
        let response = request.send().await?;
        let status = response.status().as_u16();
        let body = response.json::<Value>().await?;
        Ok(GqlResponse { status, body })
    }

    pub fn http(&self) -> &reqwest::Client {
        &self.http
    }
}
