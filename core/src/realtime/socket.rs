//! One Pusher connection: the websocket (TLS for `wss`, by the same rustls and platform verifier the HTTP client
//! uses), the connection event, the channel's signature from Composio, and the subscription confirmed.

use std::sync::Arc;
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::WebSocketStream;
use url::Url;

use super::protocol::{parse_frame, subscribe_frame, Frame, ESTABLISHED, SUCCEEDED};
use crate::auth::Credential;
use crate::client::Client;
use crate::error::{Error, ErrorKind, Result};
use crate::resources::RawRequest;

/// Pusher's default when the server names none.
const DEFAULT_ACTIVITY_TIMEOUT: Duration = Duration::from_secs(120);

pub(crate) trait Io: AsyncRead + AsyncWrite + Unpin + Send {}
impl<T: AsyncRead + AsyncWrite + Unpin + Send> Io for T {}

pub(crate) type Ws = WebSocketStream<Box<dyn Io>>;

/// Where the events of a project come from, and how its channel is signed.
#[derive(Debug, Clone)]
pub(crate) struct Endpoint {
    pub url: Url,
    pub channel: String,
    credential: Credential,
    auth_path: &'static str,
}

/// A subscribed connection.
pub(crate) struct Session {
    pub ws: Ws,
    pub activity_timeout: Duration,
}

fn realtime_error(kind: ErrorKind, message: impl Into<String>) -> Error {
    Error::new(kind, message).with_operation("triggers.subscribe")
}

/// The project's realtime credentials: the websocket URL (`realtime_url`, else the one the credentials name,
/// else Pusher's for the key and cluster) and the channel. With a project key the SDK routes are used, else
/// the user key's.
pub(crate) async fn endpoint(client: &Client, realtime_url: Option<&str>) -> Result<Endpoint> {
    let (credential, credentials_path, auth_path) = if client.has_credential(Credential::Project) {
        (
            Credential::Project,
            "/api/v3/internal/sdk/realtime/credentials",
            "/api/v3/internal/sdk/realtime/auth",
        )
    } else if client.has_credential(Credential::User) {
        (
            Credential::User,
            "/api/v3.1/cli/realtime/credentials",
            "/api/v3.1/cli/realtime/auth",
        )
    } else {
        return Err(realtime_error(
            ErrorKind::Configuration,
            "live events need a project key (COMPOSIO_API_KEY) or a user key (COMPOSIO_USER_API_KEY)",
        ));
    };
    let mut request = RawRequest::get(credentials_path);
    request.credential = credential;
    let found = client.request(&request).await?;
    let field = |name: &str| found.get(name).and_then(Value::as_str).unwrap_or("");
    let (key, cluster, project) = (
        field("pusher_key"),
        field("pusher_cluster"),
        field("project_id"),
    );
    if key.is_empty() || project.is_empty() {
        return Err(realtime_error(
            ErrorKind::Decode,
            "the realtime credentials name no pusher_key or project_id",
        ));
    }
    let url = match realtime_url.or(Some(field("ws_url")).filter(|u| !u.is_empty())) {
        Some(url) => url.to_string(),
        None => format!(
            "wss://ws-{cluster}.pusher.com/app/{key}?protocol=7&client=composio-rs&version={}",
            env!("CARGO_PKG_VERSION")
        ),
    };
    let url = Url::parse(&url).map_err(|e| {
        realtime_error(
            ErrorKind::Configuration,
            format!("realtime URL {url:?}: {e}"),
        )
    })?;
    let plain_allowed = url.scheme() == "ws" && crate::auth::is_loopback(&url);
    if url.scheme() != "wss" && !plain_allowed {
        return Err(realtime_error(
            ErrorKind::Configuration,
            format!("refusing realtime URL {url}: use wss (plain ws only for loopback hosts)"),
        ));
    }
    Ok(Endpoint {
        url,
        channel: format!("private-{project}_triggers"),
        credential,
        auth_path,
    })
}

/// Opens the websocket and subscribes to the channel, within `limit`.
pub(crate) async fn connect(
    client: &Client,
    endpoint: &Endpoint,
    limit: Duration,
) -> Result<Session> {
    match tokio::time::timeout(limit, connect_unbounded(client, endpoint)).await {
        Ok(session) => session,
        Err(_) => Err(realtime_error(
            ErrorKind::Timeout,
            format!("no subscription to {} within {limit:?}", endpoint.channel),
        )),
    }
}

async fn connect_unbounded(client: &Client, endpoint: &Endpoint) -> Result<Session> {
    let mut ws = open(&endpoint.url).await?;
    let established = next_frame(&mut ws).await?;
    if established.event != ESTABLISHED {
        return Err(refused(&established));
    }
    let socket_id = established.data["socket_id"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let activity_timeout = established.data["activity_timeout"]
        .as_u64()
        .map_or(DEFAULT_ACTIVITY_TIMEOUT, Duration::from_secs);
    let mut request = RawRequest::get(endpoint.auth_path);
    request.method = "POST".into();
    request.credential = endpoint.credential;
    request.body = Some(json!({"socket_id": socket_id, "channel_name": endpoint.channel}));
    let signed = client.request(&request).await?;
    let auth = signed
        .get("auth")
        .and_then(Value::as_str)
        .unwrap_or_default();
    send(&mut ws, subscribe_frame(&endpoint.channel, auth)).await?;
    loop {
        let frame = next_frame(&mut ws).await?;
        match frame.event.as_str() {
            SUCCEEDED if frame.channel.as_deref() == Some(endpoint.channel.as_str()) => {
                return Ok(Session {
                    ws,
                    activity_timeout,
                })
            }
            "pusher:error" | "pusher:subscription_error" => return Err(refused(&frame)),
            // Anything else before the confirmation (a ping) is not for us yet.
            _ => {}
        }
    }
}

/// The server's refusal as an error: a bad channel signature or an unknown app key is an authentication error.
fn refused(frame: &Frame) -> Error {
    let message = frame.data["message"].as_str().unwrap_or("no message");
    realtime_error(
        ErrorKind::Authentication,
        format!(
            "the realtime server refused the subscription ({}): {message}",
            frame.event
        ),
    )
    .with_slug(Some("Realtime_SubscriptionRefused".into()))
}

pub(crate) async fn send(ws: &mut Ws, text: String) -> Result<()> {
    ws.send(Message::Text(text.into()))
        .await
        .map_err(|e| realtime_error(ErrorKind::Connection, format!("realtime socket: {e}")))
}

/// The next text frame (pings and binary frames skipped); a closed socket is a connection error.
async fn next_frame(ws: &mut Ws) -> Result<Frame> {
    loop {
        match ws.next().await {
            Some(Ok(Message::Text(text))) => {
                if let Some(frame) = parse_frame(text.as_str()) {
                    return Ok(frame);
                }
            }
            Some(Ok(Message::Close(_))) | None => {
                return Err(realtime_error(
                    ErrorKind::Connection,
                    "the realtime socket closed",
                ))
            }
            Some(Err(e)) => {
                return Err(realtime_error(
                    ErrorKind::Connection,
                    format!("realtime socket: {e}"),
                ))
            }
            Some(Ok(_)) => {}
        }
    }
}

async fn open(url: &Url) -> Result<Ws> {
    let host = url
        .host_str()
        .ok_or_else(|| realtime_error(ErrorKind::Configuration, format!("{url} names no host")))?
        .trim_start_matches('[')
        .trim_end_matches(']')
        .to_string();
    let port = url.port_or_known_default().unwrap_or(443);
    let connection_error = |e: std::io::Error| {
        realtime_error(
            ErrorKind::Connection,
            format!("realtime socket {host}:{port}: {e}"),
        )
    };
    let tcp = TcpStream::connect((host.as_str(), port))
        .await
        .map_err(connection_error)?;
    let _ = tcp.set_nodelay(true);
    let stream: Box<dyn Io> = if url.scheme() == "wss" {
        Box::new(tls(&host, tcp).await?)
    } else {
        Box::new(tcp)
    };
    let (ws, _) = tokio_tungstenite::client_async(url.as_str(), stream)
        .await
        .map_err(|e| realtime_error(ErrorKind::Connection, format!("realtime handshake: {e}")))?;
    Ok(ws)
}

async fn tls(host: &str, tcp: TcpStream) -> Result<tokio_rustls::client::TlsStream<TcpStream>> {
    use rustls_platform_verifier::ConfigVerifierExt;
    crate::tls::install_crypto_provider();
    let config = rustls::ClientConfig::with_platform_verifier()
        .map_err(|e| realtime_error(ErrorKind::Configuration, format!("TLS roots: {e}")))?;
    let name = rustls::pki_types::ServerName::try_from(host.to_string())
        .map_err(|e| realtime_error(ErrorKind::Configuration, format!("TLS name {host}: {e}")))?;
    tokio_rustls::TlsConnector::from(Arc::new(config))
        .connect(name, tcp)
        .await
        .map_err(|e| realtime_error(ErrorKind::Connection, format!("TLS with {host}: {e}")))
}
