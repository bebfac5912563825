//! Shared helpers: a started emulator plus a plain reqwest client.
#![allow(dead_code)]

use composio_emulator::Emulator;
use reqwest::header::HeaderMap;
use reqwest::Method;
use serde_json::Value;

pub struct Ctx {
    pub emu: Emulator,
    pub http: reqwest::Client,
}

pub struct Resp {
    pub status: u16,
    pub headers: HeaderMap,
    pub json: Value,
    pub text: String,
}

impl Resp {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// Asserts an error envelope with this status and slug, and that its request id matches the header.
    pub fn assert_error(&self, status: u16, slug: &str) {
        let body: String = self.text.chars().take(400).collect();
        assert_eq!(self.status, status, "body: {body}");
        let error = &self.json["error"];
        assert_eq!(error["slug"], slug, "body: {body}");
        assert_eq!(error["status"], status);
        assert!(error["code"].is_u64());
        assert!(error["message"].is_string());
        assert_eq!(error["request_id"].as_str(), self.header("x-request-id"));
    }
}

pub fn client() -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
        .no_proxy()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
}

pub async fn setup() -> Ctx {
    Ctx {
        emu: Emulator::start().await.expect("emulator starts"),
        http: client(),
    }
}

impl Ctx {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.emu.base_url, path)
    }

    pub fn project(&self) -> Vec<(&'static str, String)> {
        vec![("x-api-key", self.emu.api_key.clone())]
    }

    pub fn org(&self) -> Vec<(&'static str, String)> {
        vec![("x-org-api-key", self.emu.org_api_key.clone())]
    }

    pub async fn try_send(
        &self,
        method: Method,
        path: &str,
        headers: &[(&str, String)],
        body: Option<Value>,
    ) -> reqwest::Result<Resp> {
        let mut request = self.http.request(method, self.url(path));
        for (name, value) in headers {
            request = request.header(*name, value);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await?;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let text = response.text().await?;
        let json = serde_json::from_str(&text).unwrap_or(Value::Null);
        Ok(Resp {
            status,
            headers,
            json,
            text,
        })
    }

    pub async fn send(
        &self,
        method: Method,
        path: &str,
        headers: &[(&str, String)],
        body: Option<Value>,
    ) -> Resp {
        self.try_send(method, path, headers, body)
            .await
            .expect("request succeeds")
    }

    pub async fn get(&self, path: &str, headers: &[(&str, String)]) -> Resp {
        self.send(Method::GET, path, headers, None).await
    }

    pub async fn post(&self, path: &str, headers: &[(&str, String)], body: Value) -> Resp {
        self.send(Method::POST, path, headers, Some(body)).await
    }

    pub async fn admin(&self, method: Method, path: &str, body: Option<Value>) -> Value {
        self.send(method, path, &[], body).await.json
    }
}
