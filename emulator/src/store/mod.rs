//! The emulator's in-memory data, which the routes read and change: organisations, their keys, projects, project
//! keys and project settings here, each other resource in a file of its own that adds its methods to `Store`. The
//! store uses nothing above it (no route, no middleware).

pub mod catalogue;
pub mod cli_sessions;
pub mod custom_toolkits;
pub mod logs;
pub mod mcp;
pub mod resources;
pub mod subscriptions;
pub mod triggers;

use serde_json::{json, Map, Value};

use crate::clock::Clock;
use crate::ids::{random_alnum, random_hex};
use crate::store::resources::{Account, AuthConfig, Link, Upload};

#[derive(Debug, Clone)]
pub struct OrgKey {
    pub key: String,
    pub org_id: String,
    /// A read-only org key may list and read projects but not create, delete or regenerate.
    pub readonly: bool,
}

#[derive(Debug, Clone)]
pub struct Project {
    pub id: String,
    pub org_id: String,
    pub name: String,
    pub email: String,
    /// Creation order; the list is sorted on it (newest first) rather than on the timestamp string.
    pub seq: u64,
    pub created_at: String,
    pub updated_at: String,
    pub deleted: bool,
    pub config: Map<String, Value>,
    /// Set by `POST /_emulator/projects/{id}/webhook` (the dashboard's job); events are POSTed there.
    pub webhook_url: Option<String>,
    pub webhook_secret: Option<String>,
}

#[derive(Debug, Clone)]
pub struct ProjectKey {
    pub id: String,
    pub name: String,
    pub key: String,
    pub project_id: String,
    pub created_at: String,
    /// False once the key was regenerated away.
    pub current: bool,
}

/// What a credential value resolves to.
#[derive(Debug, Clone)]
pub enum Principal {
    Org {
        org_id: String,
        readonly: bool,
    },
    Project {
        org_id: String,
        project_id: String,
    },
    /// A user key of an organisation member: acts on the project its scope names, else on the default one.
    User {
        org_id: String,
        default_project_id: String,
    },
}

/// The realtime app: its public key (in the credentials) and the secret channel auth is signed with.
#[derive(Debug, Clone, Default)]
pub struct PusherApp {
    pub key: String,
    pub secret: String,
}

/// A user API key (`uak_` + 20 letters and digits) of a member of `org_id`.
#[derive(Debug, Clone)]
pub struct UserKey {
    pub key: String,
    pub org_id: String,
    pub default_project_id: String,
}

#[derive(Debug, Default)]
pub struct Store {
    pub org_keys: Vec<OrgKey>,
    pub projects: Vec<Project>,
    pub project_keys: Vec<ProjectKey>,
    pub user_keys: Vec<UserKey>,
    /// The one Pusher app realtime credentials name.
    pub pusher: PusherApp,
    /// Per-project resources; every lookup filters on `project_id`, so one project never sees another's.
    pub auth_configs: Vec<AuthConfig>,
    pub accounts: Vec<Account>,
    pub links: Vec<Link>,
    pub uploads: Vec<Upload>,
    /// MCP servers, their instances and tool router sessions.
    pub mcp: crate::store::mcp::McpState,
    pub trigger_instances: Vec<crate::store::triggers::TriggerInstance>,
    pub webhook_subscriptions: Vec<crate::store::subscriptions::WebhookSubscription>,
    pub webhook_endpoints: Vec<crate::store::subscriptions::WebhookEndpoint>,
    pub tool_logs: Vec<crate::store::logs::ToolLog>,
    pub trigger_logs: Vec<crate::store::logs::TriggerLog>,
    pub custom_toolkits: Vec<crate::store::custom_toolkits::CustomToolkit>,
    pub cli_sessions: Vec<crate::store::cli_sessions::CliSession>,
    clock: Clock,
    seq: u64,
    /// The emulator's own `host:port` once it listens, for URLs in bodies rendered with no request at hand.
    pub host: String,
}

/// The credentials created at start, as printed on the JSON line.
#[derive(Debug, Clone)]
pub struct Seed {
    pub org_id: String,
    pub org_api_key: String,
    pub readonly_org_api_key: String,
    pub project_id: String,
    pub api_key: String,
    pub other_org_api_key: String,
    pub other_project_id: String,
    pub other_api_key: String,
    pub user_api_key: String,
}

pub fn default_config(name: &str) -> Map<String, Value> {
    let value = json!({
        "is_2FA_enabled": false,
        "mask_secret_keys_in_connected_account": true,
        "log_visibility_setting": "show_all",
        "logo_url": "",
        "display_name": name,
        "require_mcp_api_key": false,
    });
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

impl Store {
    /// Two organisations: A with an admin key, a read-only key and project "default"; B with one key and project
    /// "other-default". Each seeded project has one API key.
    pub fn seeded() -> (Store, Seed) {
        let mut store = Store::default();
        let org_a = format!("org_{}", random_alnum(12, true));
        let org_b = format!("org_{}", random_alnum(12, true));
        let org_api_key = store.add_org_key(&org_a, false);
        let readonly_org_api_key = store.add_org_key(&org_a, true);
        let other_org_api_key = store.add_org_key(&org_b, false);
        let project_id = store.create_project(&org_a, "default", None).id;
        let api_key = store.add_project_key(&project_id).key;
        let other_project_id = store.create_project(&org_b, "other-default", None).id;
        let other_api_key = store.add_project_key(&other_project_id).key;
        store.pusher = PusherApp {
            key: random_hex(20),
            secret: random_hex(20),
        };
        let user_api_key = format!("uak_{}", random_alnum(20, false));
        store.user_keys.push(UserKey {
            key: user_api_key.clone(),
            org_id: org_a.clone(),
            default_project_id: project_id.clone(),
        });
        let seed = Seed {
            org_id: org_a,
            org_api_key,
            readonly_org_api_key,
            project_id,
            api_key,
            other_org_api_key,
            other_project_id,
            other_api_key,
            user_api_key,
        };
        (store, seed)
    }

    fn add_org_key(&mut self, org_id: &str, readonly: bool) -> String {
        let key = format!("oak_{}", random_alnum(20, false));
        self.org_keys.push(OrgKey {
            key: key.clone(),
            org_id: org_id.to_string(),
            readonly,
        });
        key
    }

    pub fn resolve(&self, credential: &str) -> Option<Principal> {
        if let Some(k) = self.user_keys.iter().find(|k| k.key == credential) {
            return Some(Principal::User {
                org_id: k.org_id.clone(),
                default_project_id: k.default_project_id.clone(),
            });
        }
        if let Some(k) = self.org_keys.iter().find(|k| k.key == credential) {
            return Some(Principal::Org {
                org_id: k.org_id.clone(),
                readonly: k.readonly,
            });
        }
        let key = self
            .project_keys
            .iter()
            .find(|k| k.key == credential && k.current)?;
        let project = self.live_project(&key.project_id)?;
        Some(Principal::Project {
            org_id: project.org_id.clone(),
            project_id: project.id.clone(),
        })
    }

    pub fn live_project(&self, id: &str) -> Option<&Project> {
        self.projects.iter().find(|p| p.id == id && !p.deleted)
    }

    pub fn live_project_mut(&mut self, id: &str) -> Option<&mut Project> {
        self.projects.iter_mut().find(|p| p.id == id && !p.deleted)
    }

    pub fn name_taken(&self, org_id: &str, name: &str) -> bool {
        self.projects
            .iter()
            .any(|p| p.org_id == org_id && p.name == name && !p.deleted)
    }

    pub fn create_project(
        &mut self,
        org_id: &str,
        name: &str,
        config: Option<Map<String, Value>>,
    ) -> Project {
        self.seq += 1;
        let now = self.clock.next();
        let mut settings = default_config(name);
        settings.extend(config.unwrap_or_default());
        let project = Project {
            id: format!("proj_{}", random_alnum(12, true)),
            org_id: org_id.to_string(),
            name: name.to_string(),
            email: format!("owner+{org_id}@emulator.composio.dev"),
            seq: self.seq,
            created_at: now.clone(),
            updated_at: now,
            deleted: false,
            config: settings,
            webhook_url: None,
            webhook_secret: None,
        };
        self.projects.push(project.clone());
        self.seed_connections(&project);
        project
    }

    /// A fresh timestamp (strictly increasing).
    pub fn now(&mut self) -> String {
        self.clock.next()
    }

    /// The emulator's current time in milliseconds, without consuming a timestamp.
    /// A fresh timestamp in milliseconds (as `now`, never repeated).
    pub fn next_ms(&mut self) -> u64 {
        self.clock.next_ms()
    }

    pub fn now_ms(&self) -> u64 {
        self.clock.now_ms()
    }

    pub fn advance_clock(&mut self, ms: u64) {
        self.clock.advance(ms);
    }

    /// The next creation number; lists sort on it (newest first).
    pub fn next_seq(&mut self) -> u64 {
        self.seq += 1;
        self.seq
    }

    /// Newest first, live projects of one organisation.
    pub fn org_projects(&self, org_id: &str) -> Vec<&Project> {
        let mut list: Vec<&Project> = self
            .projects
            .iter()
            .filter(|p| p.org_id == org_id && !p.deleted)
            .collect();
        list.sort_by_key(|p| std::cmp::Reverse(p.seq));
        list
    }

    pub fn add_project_key(&mut self, project_id: &str) -> ProjectKey {
        let key = ProjectKey {
            id: format!("key_{}", random_alnum(12, true)),
            name: "default".to_string(),
            key: format!("ak_{}", random_alnum(20, false)),
            project_id: project_id.to_string(),
            created_at: self.clock.next(),
            current: true,
        };
        self.project_keys.push(key.clone());
        key
    }

    /// Retires every key of the project and issues a new one.
    pub fn regenerate_key(&mut self, project_id: &str) -> ProjectKey {
        for key in self
            .project_keys
            .iter_mut()
            .filter(|k| k.project_id == project_id)
        {
            key.current = false;
        }
        self.add_project_key(project_id)
    }

    pub fn current_keys(&self, project_id: &str) -> Vec<&ProjectKey> {
        self.project_keys
            .iter()
            .filter(|k| k.project_id == project_id && k.current)
            .collect()
    }

    pub fn soft_delete(&mut self, project_id: &str) {
        let now = self.clock.next();
        if let Some(p) = self.live_project_mut(project_id) {
            p.deleted = true;
            p.updated_at = now;
        }
    }

    pub fn touch(&mut self, project_id: &str) {
        let now = self.clock.next();
        if let Some(p) = self.live_project_mut(project_id) {
            p.updated_at = now;
        }
    }
}

impl Project {
    pub fn to_json(&self) -> Value {
        json!({
            "id": self.id,
            "org_id": self.org_id,
            "name": self.name,
            "email": self.email,
            "created_at": self.created_at,
            "updated_at": self.updated_at,
            "webhook_url": self.webhook_url,
            "event_webhook_url": null,
            "webhook_secret": self.webhook_secret,
            "triggers_enabled": true,
            "last_subscribed_at": null,
            "is_new_webhook": false,
            "webhook_version": "V3",
            "deleted": self.deleted,
        })
    }
}

impl ProjectKey {
    pub fn to_json(&self) -> Value {
        json!({ "id": self.id, "name": self.name, "key": self.key, "created_at": self.created_at })
    }
}
