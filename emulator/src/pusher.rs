//! The live side of the Pusher protocol (version 7) as the emulator speaks it: the open websockets, which channels
//! each has joined, and the frames sent to them. Trigger events too large for one Pusher message go out in chunks,
//! `chunked-trigger_to_client` `{id, index, chunk, final}`, as Composio sends them.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Mutex;

use serde_json::json;
use tokio::sync::mpsc;

/// The largest event body sent whole (Pusher's messages are capped at 10 KB); larger ones are chunked.
pub const CHUNK_BYTES: usize = 9 * 1024;
/// The event a whole trigger event arrives as, and the one its chunks do.
pub const TRIGGER_EVENT: &str = "trigger_to_client";
pub const CHUNKED_TRIGGER_EVENT: &str = "chunked-trigger_to_client";
/// Seconds of silence after which a client should ping (sent in `pusher:connection_established`).
pub const ACTIVITY_TIMEOUT_SECONDS: u64 = 120;

/// What a socket's writer is told to do.
#[derive(Debug)]
pub enum Outgoing {
    Frame(String),
    /// Close the socket (the admin route that drops every connection).
    Close,
}

#[derive(Debug)]
struct Socket {
    channels: BTreeSet<String>,
    tx: mpsc::UnboundedSender<Outgoing>,
}

/// Every open websocket by its socket id.
#[derive(Debug, Default)]
pub struct Hub {
    inner: Mutex<HubInner>,
}

#[derive(Debug, Default)]
struct HubInner {
    next: u64,
    sockets: BTreeMap<String, Socket>,
}

impl Hub {
    fn inner(&self) -> std::sync::MutexGuard<'_, HubInner> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// A new socket: its id (two numbers joined by a dot, as Pusher's) and the queue its writer reads.
    pub fn open(&self) -> (String, mpsc::UnboundedReceiver<Outgoing>) {
        let (tx, rx) = mpsc::unbounded_channel();
        let mut inner = self.inner();
        inner.next += 1;
        let id = format!(
            "{}.{}",
            100_000 + inner.next,
            fastrand::u32(100_000..1_000_000)
        );
        inner.sockets.insert(
            id.clone(),
            Socket {
                channels: BTreeSet::new(),
                tx,
            },
        );
        (id, rx)
    }

    pub fn close(&self, socket_id: &str) {
        self.inner().sockets.remove(socket_id);
    }

    pub fn join(&self, socket_id: &str, channel: &str) {
        if let Some(socket) = self.inner().sockets.get_mut(socket_id) {
            socket.channels.insert(channel.to_string());
        }
    }

    pub fn leave(&self, socket_id: &str, channel: &str) {
        if let Some(socket) = self.inner().sockets.get_mut(socket_id) {
            socket.channels.remove(channel);
        }
    }

    /// How many sockets have joined `channel`.
    pub fn listeners(&self, channel: &str) -> usize {
        self.inner()
            .sockets
            .values()
            .filter(|s| s.channels.contains(channel))
            .count()
    }

    /// How many sockets are open, and how many of them have joined a channel.
    pub fn status(&self) -> (usize, usize) {
        let inner = self.inner();
        let joined = inner
            .sockets
            .values()
            .filter(|s| !s.channels.is_empty())
            .count();
        (inner.sockets.len(), joined)
    }

    /// Sends a trigger event (its JSON body) to every socket on `channel`, in chunks when it is larger than
    /// `CHUNK_BYTES`; returns how many sockets it went to.
    pub fn publish_trigger(&self, channel: &str, event_id: &str, body: &str) -> usize {
        let frames = trigger_frames(channel, event_id, body);
        let inner = self.inner();
        let mut sent = 0;
        for socket in inner
            .sockets
            .values()
            .filter(|s| s.channels.contains(channel))
        {
            let mut ok = true;
            for frame in &frames {
                ok &= socket.tx.send(Outgoing::Frame(frame.clone())).is_ok();
            }
            sent += usize::from(ok);
        }
        sent
    }

    /// Closes every socket (their clients see the connection drop); returns how many there were.
    pub fn drop_all(&self) -> usize {
        let mut inner = self.inner();
        let count = inner.sockets.len();
        for socket in inner.sockets.values() {
            let _ = socket.tx.send(Outgoing::Close);
        }
        inner.sockets.clear();
        count
    }
}

/// A Pusher frame: `{event, channel?, data}` with `data` a JSON string, as the protocol sends it.
pub fn frame(event: &str, channel: Option<&str>, data: &serde_json::Value) -> String {
    let data = match data {
        serde_json::Value::String(text) => text.clone(),
        other => other.to_string(),
    };
    let mut value = json!({ "event": event, "data": data });
    if let Some(channel) = channel {
        value["channel"] = json!(channel);
    }
    value.to_string()
}

fn trigger_frames(channel: &str, event_id: &str, body: &str) -> Vec<String> {
    if body.len() <= CHUNK_BYTES {
        return vec![frame(TRIGGER_EVENT, Some(channel), &json!(body))];
    }
    let pieces = split(body, CHUNK_BYTES);
    let last = pieces.len() - 1;
    pieces
        .iter()
        .enumerate()
        .map(|(index, chunk)| {
            let data =
                json!({ "id": event_id, "index": index, "chunk": chunk, "final": index == last });
            frame(CHUNKED_TRIGGER_EVENT, Some(channel), &data)
        })
        .collect()
}

/// `text` in pieces of at most `size` bytes, cut on character boundaries.
fn split(text: &str, size: usize) -> Vec<&str> {
    let mut pieces = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        let mut end = size.min(rest.len());
        while !rest.is_char_boundary(end) {
            end -= 1;
        }
        let (piece, tail) = rest.split_at(end);
        pieces.push(piece);
        rest = tail;
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn large_events_are_chunked_on_character_boundaries_and_reassemble() {
        let body = format!("{{\"data\":\"{}\"}}", "é".repeat(CHUNK_BYTES));
        let frames = trigger_frames("private-p_triggers", "msg_1", &body);
        assert!(frames.len() >= 2);
        let mut joined = String::new();
        for (i, f) in frames.iter().enumerate() {
            let outer: serde_json::Value = serde_json::from_str(f).unwrap();
            assert_eq!(outer["event"], CHUNKED_TRIGGER_EVENT);
            let inner: serde_json::Value =
                serde_json::from_str(outer["data"].as_str().unwrap()).unwrap();
            assert_eq!(inner["index"], i);
            assert_eq!(inner["final"], i == frames.len() - 1);
            joined.push_str(inner["chunk"].as_str().unwrap());
        }
        assert_eq!(joined, body);
        assert_eq!(trigger_frames("c", "m", "{}").len(), 1);
    }
}
