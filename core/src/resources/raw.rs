use reqwest::Method;
use serde_json::Value;

use crate::auth::Credential;
use crate::client::Client;
use crate::decode::ResponseShape;
use crate::error::{Error, Result};
use crate::transport::Response;
use crate::transport::{HttpRequest, Operation};

/// Any endpoint this library has no method for, with the same auth, retries and errors.
#[derive(Debug, Clone)]
pub struct RawRequest {
    pub method: String,
    /// An absolute path on the configured origin, e.g. `/api/v3.1/auth_configs`.
    pub path: String,
    pub query: Vec<(String, String)>,
    pub body: Option<Value>,
    pub credential: Credential,
}

impl RawRequest {
    pub fn get(path: impl Into<String>) -> Self {
        Self {
            method: "GET".to_string(),
            path: path.into(),
            query: Vec::new(),
            body: None,
            credential: Credential::Project,
        }
    }
}

impl Client {
    /// Sends a request to any path of the API and returns its JSON body (`null` when empty).
    /// GET, PUT, DELETE, HEAD and OPTIONS are retried like other reads; POST and PATCH are not.
    pub async fn request(&self, request: &RawRequest) -> Result<Value> {
        let op = raw_operation(request)?;
        self.send(raw_call(&op, request)?).await
    }

    /// The same, with the body undecoded (for the one-pass decoders of the bindings).
    pub(crate) async fn request_raw(&self, request: &RawRequest) -> Result<Response> {
        let op = raw_operation(request)?;
        self.send_raw(raw_call(&op, request)?, ResponseShape::Json)
            .await
    }
}

fn raw_operation(request: &RawRequest) -> Result<Operation> {
    let method = Method::from_bytes(request.method.to_ascii_uppercase().as_bytes())
        .map_err(|_| Error::configuration(format!("invalid HTTP method {:?}", request.method)))?;
    if request.path.contains('?') {
        return Err(Error::configuration(
            "pass query parameters in `query`, not in the path",
        ));
    }
    // POST and PATCH change state; everything else may be repeated safely.
    let idempotent = !matches!(method, Method::POST | Method::PATCH);
    Ok(Operation::new(
        "request",
        method,
        "(raw)",
        request.credential,
        idempotent,
    ))
}

fn raw_call<'a>(op: &'a Operation, request: &RawRequest) -> Result<HttpRequest<'a>> {
    let mut call = HttpRequest::new(op, request.path.as_str()).query(request.query.clone());
    if let Some(body) = &request.body {
        call = call.json_body(body)?;
    }
    Ok(call)
}
