//! `GET /app/{key}?protocol=7`: the Pusher websocket Composio's live trigger events arrive on, served by the emulator
//! itself (its realtime credentials name it in `ws_url`). The socket gets `pusher:connection_established`, answers
//! `pusher:ping` with `pusher:pong`, and joins a private channel on `pusher:subscribe` when its `auth` is the channel
//! signature the realtime auth route gives; a wrong one is a `pusher:error` and no subscription.
//! `POST /_emulator/realtime/drop` closes every socket, so tests can prove that clients reconnect;
//! `GET /_emulator/realtime` counts the open and the subscribed sockets.

use axum::extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade};
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Value};

use crate::pusher::{frame, Outgoing, ACTIVITY_TIMEOUT_SECONDS};
use crate::routes::realtime::channel_auth;
use crate::shared::{lock, AppState};

/// Pusher's close code for an unknown app key.
const UNKNOWN_APP: u16 = 4001;

pub fn api() -> Router<AppState> {
    Router::new()
        .route("/app/{key}", get(connect))
        .route("/_emulator/realtime", get(status))
        .route("/_emulator/realtime/drop", post(drop_all))
}

async fn connect(
    ws: WebSocketUpgrade,
    State(state): State<AppState>,
    Path(key): Path<String>,
) -> Response {
    ws.on_upgrade(move |socket| serve(socket, state, key))
}

/// `{sockets, subscribed}`: how many sockets are open, and how many have joined a channel (tests wait on it
/// instead of sleeping).
async fn status(State(state): State<AppState>) -> Json<Value> {
    let (sockets, subscribed) = state.sockets.status();
    Json(json!({ "sockets": sockets, "subscribed": subscribed }))
}

/// `{dropped}`: how many sockets were open.
async fn drop_all(State(state): State<AppState>) -> Json<Value> {
    Json(json!({ "dropped": state.sockets.drop_all() }))
}

async fn send(socket: &mut WebSocket, text: String) -> bool {
    socket.send(Message::Text(text.into())).await.is_ok()
}

async fn serve(mut socket: WebSocket, state: AppState, key: String) {
    let (app_key, secret) = {
        let store = lock(&state.store);
        (store.pusher.key.clone(), store.pusher.secret.clone())
    };
    if key != app_key {
        let error =
            json!({"code": UNKNOWN_APP, "message": format!("App key {key} does not exist")});
        let _ = send(&mut socket, frame("pusher:error", None, &error)).await;
        let close = CloseFrame {
            code: UNKNOWN_APP,
            reason: "unknown app key".into(),
        };
        let _ = socket.send(Message::Close(Some(close))).await;
        return;
    }
    let (socket_id, mut outgoing) = state.sockets.open();
    let established = json!({"socket_id": socket_id, "activity_timeout": ACTIVITY_TIMEOUT_SECONDS});
    if send(
        &mut socket,
        frame("pusher:connection_established", None, &established),
    )
    .await
    {
        loop {
            tokio::select! {
                incoming = socket.recv() => match incoming {
                    Some(Ok(Message::Text(text))) => {
                        let reply = answer(&state, &socket_id, &app_key, &secret, text.as_str());
                        if let Some(reply) = reply {
                            if !send(&mut socket, reply).await {
                                break;
                            }
                        }
                    }
                    Some(Ok(Message::Close(_))) | None | Some(Err(_)) => break,
                    Some(Ok(_)) => {}
                },
                out = outgoing.recv() => match out {
                    Some(Outgoing::Frame(text)) => {
                        if !send(&mut socket, text).await {
                            break;
                        }
                    }
                    Some(Outgoing::Close) | None => {
                        let _ = socket.send(Message::Close(None)).await;
                        break;
                    }
                },
            }
        }
    }
    state.sockets.close(&socket_id);
}

/// The frame a client's frame is answered with, if any.
fn answer(
    state: &AppState,
    socket_id: &str,
    key: &str,
    secret: &str,
    text: &str,
) -> Option<String> {
    let Ok(message) = serde_json::from_str::<Value>(text) else {
        return Some(error(None, "frames must be JSON objects"));
    };
    // `data` may be an object or a JSON string holding one.
    let data = match &message["data"] {
        Value::String(inner) => serde_json::from_str(inner).unwrap_or(Value::Null),
        other => other.clone(),
    };
    match message["event"].as_str().unwrap_or("") {
        "pusher:ping" => Some(frame("pusher:pong", None, &json!({}))),
        "pusher:subscribe" => {
            let channel = data["channel"].as_str().unwrap_or("");
            if channel.is_empty() {
                return Some(error(None, "pusher:subscribe needs a channel"));
            }
            if channel.starts_with("private-") {
                let want = channel_auth(key, secret, socket_id, channel);
                if data["auth"].as_str() != Some(want.as_str()) {
                    return Some(error(
                        None,
                        &format!(
                            "Invalid signature: the auth for {channel} does not match this socket"
                        ),
                    ));
                }
            }
            state.sockets.join(socket_id, channel);
            Some(frame(
                "pusher_internal:subscription_succeeded",
                Some(channel),
                &json!({}),
            ))
        }
        "pusher:unsubscribe" => {
            if let Some(channel) = data["channel"].as_str() {
                state.sockets.leave(socket_id, channel);
            }
            None
        }
        "pusher:pong" => None,
        other => Some(error(None, &format!("unsupported event {other:?}"))),
    }
}

fn error(code: Option<u16>, message: &str) -> String {
    frame(
        "pusher:error",
        None,
        &json!({"code": code, "message": message}),
    )
}
