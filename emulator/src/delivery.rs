//! Signed webhook delivery (Standard Webhooks) to a project's webhook URL, which must be a loopback `http://` URL.
//!
//! An event is serialized once; every attempt POSTs those exact bytes with the same `webhook-id`,
//! `webhook-timestamp` and `webhook-signature: v1,<base64 HMAC-SHA256(secret, "{id}.{timestamp}.{body}")>`.
//! The HMAC key is the secret string's UTF-8 bytes as they are (`whsec_…` included).

use std::net::{Ipv4Addr, Ipv6Addr};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use bytes::Bytes;
use hmac::{Hmac, Mac};
use http_body_util::{BodyExt, Full};
use hyper::header::{CONTENT_TYPE, HOST, USER_AGENT};
use hyper::{Method, Request};
use hyper_util::rt::TokioIo;
use serde_json::{json, Value};
use sha2::Sha256;
use tokio::net::TcpStream;

use crate::clock::format_rfc3339_ms;
use crate::ids::uuid;

/// Attempts in all, and the pauses between them.
pub const MAX_ATTEMPTS: u32 = 3;
const BACKOFF_MS: [u64; 2] = [50, 200];
/// One attempt (connect, send, read the answer) may take this long before it counts as failed.
const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(5);
pub const WEBHOOK_VERSION: &str = "V3";

/// `whsec_` + the base64 of 24 random bytes, as the dashboard's secrets look.
pub fn new_secret() -> String {
    let bytes: Vec<u8> = (0..24).map(|_| fastrand::u8(..)).collect();
    format!("whsec_{}", BASE64.encode(bytes))
}

/// A webhook URL the emulator may call: `http://` to 127.0.0.0/8, `localhost` or `[::1]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoopbackUrl {
    /// What to connect to (`127.0.0.1`, `localhost`, `::1`).
    pub host: String,
    pub port: u16,
    /// The `Host` header: the URL's authority as written.
    pub authority: String,
    /// Path and query, at least `/`.
    pub path: String,
}

pub fn parse_loopback(url: &str) -> Result<LoopbackUrl, String> {
    let refuse = |why: &str| {
        Err(format!(
            "url must be an http:// URL on a loopback host ({why})"
        ))
    };
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return refuse("whitespace in the URL");
    }
    let Some(rest) = url
        .get(..7)
        .filter(|scheme| scheme.eq_ignore_ascii_case("http://"))
        .map(|_| &url[7..])
    else {
        return refuse("the scheme must be http");
    };
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(end);
    let tail = tail.split('#').next().unwrap_or("");
    let path = if tail.starts_with('/') {
        tail.to_string()
    } else {
        format!("/{tail}")
    };
    if authority.contains('@') {
        return refuse("no user info");
    }
    let (host, port) = if let Some(inner) = authority.strip_prefix('[') {
        let Some((host, after)) = inner.split_once(']') else {
            return refuse("unclosed [");
        };
        let port = match after {
            "" => None,
            p => match p.strip_prefix(':') {
                Some(p) => Some(p),
                None => return refuse("bad port"),
            },
        };
        (host, port)
    } else {
        match authority.rsplit_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        }
    };
    let port = match port {
        None => 80,
        Some(p) => match p.parse::<u16>() {
            Ok(n) if n > 0 && p.chars().all(|c| c.is_ascii_digit()) => n,
            _ => return refuse("bad port"),
        },
    };
    let loopback = host.eq_ignore_ascii_case("localhost")
        || host.parse::<Ipv4Addr>().is_ok_and(|ip| ip.is_loopback())
        || host.parse::<Ipv6Addr>().is_ok_and(|ip| ip.is_loopback());
    if !loopback {
        return refuse("the host must be 127.0.0.1, localhost or [::1]");
    }
    Ok(LoopbackUrl {
        host: host.to_string(),
        port,
        authority: authority.to_string(),
        path,
    })
}

/// An event ready to send: its id, the Unix seconds it is stamped with, and its serialized body.
#[derive(Debug, Clone)]
pub struct Event {
    pub id: String,
    pub timestamp: u64,
    pub body: Bytes,
}

/// Builds `{id: "msg_<uuid>", type, timestamp, metadata, data}` stamped with the wall-clock time (not the
/// emulator's advanced clock, so receivers' freshness checks pass), serialized once.
pub fn event(kind: &str, metadata: Value, data: Value) -> Event {
    let now_ms = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0);
    let id = format!("msg_{}", uuid());
    let value = json!({
        "id": id,
        "type": kind,
        "timestamp": format_rfc3339_ms(now_ms),
        "metadata": metadata,
        "data": data,
    });
    let body = serde_json::to_vec(&value).unwrap_or_default();
    Event {
        id,
        timestamp: now_ms / 1000,
        body: Bytes::from(body),
    }
}

/// `v1,<base64(HMAC-SHA256(key = secret's UTF-8 bytes, message = "{id}.{timestamp}.{body}"))>`.
pub fn signature(secret: &str, id: &str, timestamp: u64, body: &[u8]) -> String {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes keys of any length");
    mac.update(format!("{id}.{timestamp}.").as_bytes());
    mac.update(body);
    format!("v1,{}", BASE64.encode(mac.finalize().into_bytes()))
}

/// How a delivery ended.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub webhook_id: String,
    pub attempts: u32,
    pub delivered: bool,
    /// The last attempt's HTTP status; None when it got no answer.
    pub status: Option<u16>,
}

impl Outcome {
    pub fn to_json(&self) -> Value {
        json!({
            "webhook_id": self.webhook_id,
            "attempts": self.attempts,
            "delivered": self.delivered,
            "status": self.status,
        })
    }
}

/// POSTs the event, retrying on a 5xx, a connection error or a timeout (3 attempts in all, 50 ms then 200 ms
/// apart). Returns when the delivery is finished.
pub async fn deliver(url: &str, secret: &str, event: &Event) -> Outcome {
    let target = parse_loopback(url);
    let sig = signature(secret, &event.id, event.timestamp, &event.body);
    let mut attempts = 0;
    let status = loop {
        attempts += 1;
        let status = match &target {
            Ok(target) => {
                match tokio::time::timeout(ATTEMPT_TIMEOUT, attempt(target, event, &sig, attempts))
                    .await
                {
                    Ok(Ok(code)) => Some(code),
                    Ok(Err(e)) => {
                        tracing::debug!("webhook {} attempt {attempts}: {e}", event.id);
                        None
                    }
                    Err(_) => None,
                }
            }
            Err(_) => None,
        };
        let retry = status.map_or(true, |code| code >= 500);
        if !retry || attempts >= MAX_ATTEMPTS || target.is_err() {
            break status;
        }
        let pause = BACKOFF_MS[(attempts as usize - 1).min(BACKOFF_MS.len() - 1)];
        tokio::time::sleep(Duration::from_millis(pause)).await;
    };
    Outcome {
        webhook_id: event.id.clone(),
        attempts,
        delivered: status.is_some_and(|code| (200..300).contains(&code)),
        status,
    }
}

async fn attempt(
    target: &LoopbackUrl,
    event: &Event,
    sig: &str,
    number: u32,
) -> Result<u16, Box<dyn std::error::Error + Send + Sync>> {
    let stream = TcpStream::connect((target.host.as_str(), target.port)).await?;
    let (mut sender, connection) =
        hyper::client::conn::http1::handshake(TokioIo::new(stream)).await?;
    tokio::spawn(async move {
        let _ = connection.await;
    });
    let request = Request::builder()
        .method(Method::POST)
        .uri(target.path.as_str())
        .header(HOST, target.authority.as_str())
        .header(USER_AGENT, "composio-emulator")
        .header(CONTENT_TYPE, "application/json")
        .header("webhook-id", event.id.as_str())
        .header("webhook-timestamp", event.timestamp.to_string())
        .header("webhook-signature", sig)
        .header("x-composio-webhook-version", WEBHOOK_VERSION)
        .header("x-composio-delivery-attempt", number.to_string())
        .body(Full::new(event.body.clone()))?;
    let response = sender.send_request(request).await?;
    let status = response.status().as_u16();
    // Read the answer to the end so the receiver is never cut off mid-write.
    let _ = response.into_body().collect().await;
    Ok(status)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_urls() {
        let u = parse_loopback("http://127.0.0.1:8080/hooks/in?x=1#frag").unwrap();
        assert_eq!(
            (
                u.host.as_str(),
                u.port,
                u.authority.as_str(),
                u.path.as_str()
            ),
            ("127.0.0.1", 8080, "127.0.0.1:8080", "/hooks/in?x=1")
        );
        assert_eq!(parse_loopback("http://localhost").unwrap().path, "/");
        assert_eq!(parse_loopback("http://localhost").unwrap().port, 80);
        let v6 = parse_loopback("http://[::1]:9000?q").unwrap();
        assert_eq!(
            (v6.host.as_str(), v6.port, v6.path.as_str()),
            ("::1", 9000, "/?q")
        );
        for bad in [
            "https://127.0.0.1/",
            "http://example.com/",
            "http://10.0.0.1:80/",
            "http://user@127.0.0.1/",
            "http://127.0.0.1:0/",
            "http://127.0.0.1:99999/",
            "http://127.0.0.1:8x/",
            "ftp://127.0.0.1/",
            "http://127.0.0.1/ a",
            "",
        ] {
            assert!(parse_loopback(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn signature_matches_a_known_vector() {
        // HMAC-SHA256(key = b"whsec_test", b"msg_1.1700000000.{}"), computed with Python's hmac module.
        let sig = signature("whsec_test", "msg_1", 1_700_000_000, b"{}");
        assert_eq!(sig, "v1,aVLimmNaD/+gvqoWopKW7yh/Nfk3nZtgohDCIa/8YQo=");
        assert_ne!(sig, signature("whsec_test", "msg_1", 1_700_000_001, b"{}"));
    }

    #[test]
    fn secrets_look_like_the_dashboards() {
        let s = new_secret();
        assert!(s.starts_with("whsec_") && s.len() == 6 + 32, "{s}");
    }
}

/// The event types Composio sends.
pub const TRIGGER_MESSAGE: &str = "composio.trigger.message";
pub const ACCOUNT_EXPIRED: &str = "composio.connected_account.expired";
pub const TRIGGER_DISABLED: &str = "composio.trigger.disabled";

/// An event bound for a URL, signed with a secret.
#[derive(Debug, Clone)]
pub struct Pending {
    pub url: String,
    pub secret: String,
    pub event: Event,
}

impl Pending {
    pub async fn send(&self) -> Outcome {
        deliver(&self.url, &self.secret, &self.event).await
    }
}

/// Sends events one after the other; returns when all are finished.
pub async fn send_all(pending: Vec<Pending>) {
    for p in pending {
        let outcome = p.send().await;
        if !outcome.delivered {
            tracing::debug!(
                "webhook {} not delivered after {} attempt(s)",
                outcome.webhook_id,
                outcome.attempts
            );
        }
    }
}
