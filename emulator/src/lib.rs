//! A local emulator of the Composio REST API: a real HTTP/1.1 server on loopback with in-memory state.
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! let emulator = composio_emulator::Emulator::start().await?;
//! println!("{} {}", emulator.base_url, emulator.project_id);
//! # Ok(()) }
//! ```
//! See `emulator/README.md` for the routes and rules it reproduces.

mod app;
mod auth;
mod awkward;
mod checksum;
mod clock;
mod delivery;
mod errors;
mod faults;
mod headers;
mod ids;
mod observe;
mod pagination;
mod params;
mod pusher;
mod routes;
mod schemas;
mod shared;
mod store;

use std::fmt;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex};

use serde_json::{json, Value};
use tokio::net::TcpListener;
use tokio::sync::oneshot;

use crate::shared::Shared;
use crate::store::Store;

/// A running emulator and the credentials seeded into it. The server stops when this value is dropped.
pub struct Emulator {
    /// `http://127.0.0.1:<port>`, without a trailing slash.
    pub base_url: String,
    pub org_id: String,
    /// Admin org key of organisation A.
    pub org_api_key: String,
    /// Read-only org key of organisation A: may read projects, not create, delete or regenerate.
    pub readonly_org_api_key: String,
    /// Project "default" of organisation A.
    pub project_id: String,
    /// Project key of `project_id`.
    pub api_key: String,
    /// Org key of organisation B.
    pub other_org_api_key: String,
    /// Project "other-default" of organisation B.
    pub other_project_id: String,
    /// Project key of `other_project_id`.
    pub other_api_key: String,
    /// A user key of a member of organisation A; without scope headers it acts on `project_id`.
    pub user_api_key: String,
    shutdown: Option<oneshot::Sender<()>>,
    /// The server thread of `spawn()`, joined on drop so the port is closed when drop returns.
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Emulator {
    /// Binds 127.0.0.1 on a free port and serves on the current tokio runtime.
    pub async fn start() -> std::io::Result<Emulator> {
        Self::start_on(SocketAddr::from((Ipv4Addr::LOCALHOST, 0))).await
    }

    /// Binds `addr` and serves on the current tokio runtime.
    pub async fn start_on(addr: SocketAddr) -> std::io::Result<Emulator> {
        let listener = TcpListener::bind(addr).await?;
        Self::serve(listener)
    }

    /// Starts the emulator on its own thread and single-threaded runtime, for blocking code and non-async tests.
    pub fn spawn() -> std::io::Result<Emulator> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        let std_listener = std::net::TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?;
        std_listener.set_nonblocking(true)?;
        let (ready_tx, ready_rx) = std::sync::mpsc::channel();
        let thread = std::thread::Builder::new()
            .name("composio-emulator".into())
            .spawn(move || {
                runtime.block_on(async move {
                    let started = TcpListener::from_std(std_listener).and_then(Self::serve);
                    match started {
                        Ok(mut emulator) => {
                            // Hand the caller a twin whose drop signals this thread's server.
                            let (stop_tx, stop_rx) = oneshot::channel();
                            let server_stop = emulator.shutdown.take();
                            let _ = ready_tx.send(Ok(emulator.with_shutdown(stop_tx)));
                            let _ = stop_rx.await;
                            drop(server_stop);
                            // Dropping the runtime after this closes the listener and every connection.
                        }
                        Err(e) => {
                            let _ = ready_tx.send(Err(e));
                        }
                    }
                });
            })?;
        let mut emulator = ready_rx
            .recv()
            .map_err(|_| std::io::Error::other("emulator thread exited before starting"))??;
        emulator.thread = Some(thread);
        Ok(emulator)
    }

    fn serve(listener: TcpListener) -> std::io::Result<Emulator> {
        let addr = listener.local_addr()?;
        let (mut store, seed) = Store::seeded();
        store.host = addr.to_string();
        let shared = Arc::new(Shared {
            store: Mutex::new(store),
            faults: Mutex::default(),
            observed: Mutex::default(),
            sockets: Default::default(),
        });
        let router = app::router(shared);
        let (shutdown_tx, shutdown_rx) = oneshot::channel::<()>();
        tokio::spawn(async move {
            let server = axum::serve(listener, router).with_graceful_shutdown(async move {
                let _ = shutdown_rx.await;
            });
            if let Err(e) = server.await {
                tracing::error!("composio emulator stopped: {e}");
            }
        });
        Ok(Emulator {
            base_url: format!("http://{addr}"),
            org_id: seed.org_id,
            org_api_key: seed.org_api_key,
            readonly_org_api_key: seed.readonly_org_api_key,
            project_id: seed.project_id,
            api_key: seed.api_key,
            other_org_api_key: seed.other_org_api_key,
            other_project_id: seed.other_project_id,
            other_api_key: seed.other_api_key,
            user_api_key: seed.user_api_key,
            shutdown: Some(shutdown_tx),
            thread: None,
        })
    }

    fn with_shutdown(&self, shutdown: oneshot::Sender<()>) -> Emulator {
        Emulator {
            base_url: self.base_url.clone(),
            org_id: self.org_id.clone(),
            org_api_key: self.org_api_key.clone(),
            readonly_org_api_key: self.readonly_org_api_key.clone(),
            project_id: self.project_id.clone(),
            api_key: self.api_key.clone(),
            other_org_api_key: self.other_org_api_key.clone(),
            other_project_id: self.other_project_id.clone(),
            other_api_key: self.other_api_key.clone(),
            user_api_key: self.user_api_key.clone(),
            shutdown: Some(shutdown),
            thread: None,
        }
    }

    /// The object printed as the binary's JSON line.
    pub fn info_json(&self) -> Value {
        json!({
            "base_url": self.base_url,
            "org_id": self.org_id,
            "org_api_key": self.org_api_key,
            "readonly_org_api_key": self.readonly_org_api_key,
            "project_id": self.project_id,
            "api_key": self.api_key,
            "other_org_api_key": self.other_org_api_key,
            "other_project_id": self.other_project_id,
            "user_api_key": self.user_api_key,
            "other_api_key": self.other_api_key,
        })
    }
}

/// Never prints keys.
impl fmt::Debug for Emulator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Emulator")
            .field("base_url", &self.base_url)
            .field("org_id", &self.org_id)
            .field("project_id", &self.project_id)
            .field("other_project_id", &self.other_project_id)
            .finish_non_exhaustive()
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
