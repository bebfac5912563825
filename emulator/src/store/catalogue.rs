//! The tool and toolkit catalogue: generated once, deterministically (verb × noun per toolkit), sorted by toolkit
//! then slug. GitHub alone has 420 tools and the whole catalogue 1,095 (with the three of `awkward.rs`), so a client must paginate to see it all.

use std::sync::OnceLock;

use serde_json::value::RawValue;
use serde_json::{json, Value};

use crate::schemas::{input_schema, output_schema};

pub const AVAILABLE_VERSIONS: [&str; 2] = ["20250901_00", "20251020_00"];
pub const LATEST_VERSION: &str = "20251020_00";
/// What `/api/v3` means by "no version given".
pub const PINNED_V3_VERSION: &str = "00000000_00";

const VERBS: [&str; 20] = [
    "create", "get", "list", "update", "delete", "search", "add", "remove", "archive", "sync",
    "restore", "export", "import", "assign", "unassign", "lock", "unlock", "star", "unstar",
    "watch",
];

struct ToolkitDef {
    slug: &'static str,
    name: &'static str,
    description: &'static str,
    categories: &'static [(&'static str, &'static str)],
    auth_schemes: &'static [&'static str],
    base_url: &'static str,
    verbs: usize,
    nouns: &'static [&'static str],
    scope: &'static str,
}

#[rustfmt::skip]
const TOOLKITS: &[ToolkitDef] = &[
    ToolkitDef { slug: "asana", name: "Asana", description: "Work management for teams.", categories: &[("productivity", "Productivity"), ("project-management", "Project Management")], auth_schemes: &["OAUTH2", "API_KEY"], base_url: "https://app.asana.com/api/1.0", verbs: 10, nouns: &["task", "project", "section", "tag", "workspace", "story"], scope: "default" },
    ToolkitDef { slug: "composio_search", name: "Composio Search", description: "Web, news and image search without any account.", categories: &[("search", "Search")], auth_schemes: &[], base_url: "https://search.composio.dev", verbs: 2, nouns: &["web", "news", "image", "scholar", "shopping", "video"], scope: "" },
    ToolkitDef { slug: "discord", name: "Discord", description: "Chat for communities.", categories: &[("communication", "Communication")], auth_schemes: &["OAUTH2", "BEARER_TOKEN"], base_url: "https://discord.com/api/v10", verbs: 10, nouns: &["message", "channel", "guild", "role", "invite", "member"], scope: "bot" },
    ToolkitDef { slug: "github", name: "GitHub", description: "Code hosting, issues and pull requests.", categories: &[("developer-tools", "Developer Tools"), ("version-control", "Version Control")], auth_schemes: &["OAUTH2", "API_KEY"], base_url: "https://api.github.com", verbs: 20, nouns: &["issue", "pull_request", "repository", "branch", "commit", "release", "tag", "label", "milestone", "gist", "webhook", "deploy_key", "collaborator", "team", "project", "workflow", "workflow_run", "artifact", "secret", "discussion", "check_run"], scope: "repo" },
    ToolkitDef { slug: "gmail", name: "Gmail", description: "Email by Google.", categories: &[("communication", "Communication"), ("email", "Email")], auth_schemes: &["OAUTH2"], base_url: "https://gmail.googleapis.com", verbs: 10, nouns: &["email", "draft", "label", "thread", "filter", "contact"], scope: "https://www.googleapis.com/auth/gmail.modify" },
    ToolkitDef { slug: "googlecalendar", name: "Google Calendar", description: "Calendars and events by Google.", categories: &[("productivity", "Productivity"), ("scheduling", "Scheduling")], auth_schemes: &["OAUTH2"], base_url: "https://www.googleapis.com/calendar/v3", verbs: 10, nouns: &["event", "calendar", "attendee", "reminder", "acl_rule", "free_busy"], scope: "https://www.googleapis.com/auth/calendar" },
    ToolkitDef { slug: "googledrive", name: "Google Drive", description: "File storage by Google.", categories: &[("storage", "File Storage")], auth_schemes: &["OAUTH2"], base_url: "https://www.googleapis.com/drive/v3", verbs: 10, nouns: &["file", "folder", "permission", "comment", "revision", "shared_drive"], scope: "https://www.googleapis.com/auth/drive" },
    ToolkitDef { slug: "hubspot", name: "HubSpot", description: "CRM, marketing and sales.", categories: &[("crm", "CRM"), ("marketing", "Marketing")], auth_schemes: &["OAUTH2", "API_KEY"], base_url: "https://api.hubapi.com", verbs: 10, nouns: &["contact", "company", "deal", "ticket", "note", "pipeline"], scope: "crm.objects.contacts.write" },
    ToolkitDef { slug: "jira", name: "Jira", description: "Issue and project tracking by Atlassian.", categories: &[("developer-tools", "Developer Tools"), ("project-management", "Project Management")], auth_schemes: &["OAUTH2", "BASIC"], base_url: "https://api.atlassian.com/ex/jira", verbs: 10, nouns: &["issue", "project", "sprint", "board", "comment", "worklog"], scope: "write:jira-work" },
    ToolkitDef { slug: "linear", name: "Linear", description: "Issue tracking for software teams.", categories: &[("developer-tools", "Developer Tools"), ("project-management", "Project Management")], auth_schemes: &["OAUTH2", "API_KEY"], base_url: "https://api.linear.app", verbs: 10, nouns: &["issue", "project", "cycle", "team", "comment", "label"], scope: "write" },
    ToolkitDef { slug: "notion", name: "Notion", description: "Docs, wikis and databases.", categories: &[("productivity", "Productivity"), ("documents", "Documents")], auth_schemes: &["OAUTH2", "API_KEY"], base_url: "https://api.notion.com/v1", verbs: 10, nouns: &["page", "database", "block", "comment", "user", "property"], scope: "" },
    ToolkitDef { slug: "slack", name: "Slack", description: "Team messaging.", categories: &[("communication", "Communication")], auth_schemes: &["OAUTH2", "BEARER_TOKEN"], base_url: "https://slack.com/api", verbs: 10, nouns: &["message", "channel", "user", "reaction", "reminder", "file"], scope: "chat:write" },
    ToolkitDef { slug: "trello", name: "Trello", description: "Boards, lists and cards.", categories: &[("productivity", "Productivity"), ("project-management", "Project Management")], auth_schemes: &["OAUTH1", "API_KEY"], base_url: "https://api.trello.com/1", verbs: 10, nouns: &["card", "board", "list", "checklist", "member", "attachment"], scope: "read,write" },
];

#[derive(Debug)]
pub struct Toolkit {
    pub slug: &'static str,
    pub name: &'static str,
    pub description: &'static str,
    pub categories: &'static [(&'static str, &'static str)],
    pub auth_schemes: &'static [&'static str],
    pub base_url: &'static str,
    pub tools_count: usize,
    pub triggers_count: usize,
}

#[derive(Debug)]
pub struct Tool {
    pub slug: String,
    pub name: String,
    pub description: String,
    pub toolkit_slug: &'static str,
    pub toolkit_name: &'static str,
    pub no_auth: bool,
    pub tags: Vec<String>,
    pub scopes: Vec<String>,
    pub is_deprecated: bool,
    pub input_parameters: Value,
    pub output_parameters: Value,
    /// Required top-level argument names, checked on execute.
    pub required: Vec<String>,
    /// Lowercased slug, name and description, for `search`.
    pub haystack: String,
    /// The tool's JSON per version (the order of `VERSIONS`), made once: pages copy it instead of re-encoding.
    pub cached: [OnceLock<Box<RawValue>>; 3],
}

/// Every version a tool answers with.
const VERSIONS: [&str; 3] = [
    AVAILABLE_VERSIONS[0],
    AVAILABLE_VERSIONS[1],
    PINNED_V3_VERSION,
];

#[derive(Debug)]
pub struct Catalogue {
    pub toolkits: Vec<Toolkit>,
    pub tools: Vec<Tool>,
}

pub fn catalogue() -> &'static Catalogue {
    static CATALOGUE: OnceLock<Catalogue> = OnceLock::new();
    CATALOGUE.get_or_init(build)
}

pub fn logo(toolkit: &str) -> String {
    format!("https://logos.composio.dev/api/{toolkit}")
}

fn build() -> Catalogue {
    let mut toolkits = Vec::new();
    let mut tools = Vec::new();
    for def in TOOLKITS {
        let before = tools.len();
        for (verb_idx, verb) in VERBS.iter().take(def.verbs).enumerate() {
            for (noun_idx, noun) in def.nouns.iter().enumerate() {
                tools.push(make_tool(def, verb, verb_idx, noun, noun_idx));
            }
        }
        toolkits.push(Toolkit {
            slug: def.slug,
            name: def.name,
            description: def.description,
            categories: def.categories,
            auth_schemes: def.auth_schemes,
            base_url: def.base_url,
            tools_count: tools.len() - before,
            triggers_count: crate::store::triggers::count_for(def.slug),
        });
    }
    add_awkward_tools(&mut tools, &mut toolkits);
    toolkits.sort_by(|a, b| a.slug.cmp(b.slug));
    tools.sort_by(|a, b| (a.toolkit_slug, &a.slug).cmp(&(b.toolkit_slug, &b.slug)));
    Catalogue { toolkits, tools }
}

/// The hand-written tools of `awkward.rs`, counted in their toolkits.
fn add_awkward_tools(tools: &mut Vec<Tool>, toolkits: &mut [Toolkit]) {
    for def in crate::awkward::tools() {
        let Some(toolkit) = toolkits.iter_mut().find(|t| t.slug == def.toolkit) else {
            continue;
        };
        toolkit.tools_count += 1;
        let required = def.input["required"]
            .as_array()
            .map(|r| {
                r.iter()
                    .filter_map(|n| n.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        tools.push(Tool {
            slug: def.slug.to_string(),
            name: def.name.to_string(),
            description: def.description.to_string(),
            toolkit_slug: toolkit.slug,
            toolkit_name: toolkit.name,
            no_auth: def.no_auth || toolkit.auth_schemes.is_empty(),
            tags: def.tags.iter().map(|t| t.to_string()).collect(),
            scopes: vec![],
            is_deprecated: false,
            input_parameters: def.input,
            output_parameters: def.output,
            required,
            haystack: format!("{} {} {}", def.slug, def.name, def.description).to_lowercase(),
            cached: Default::default(),
        });
    }
}

fn plural(noun: &str) -> String {
    if let Some(stem) = noun.strip_suffix('y') {
        format!("{stem}ies")
    } else if noun.ends_with('s') || noun.ends_with('h') || noun.ends_with('x') {
        format!("{noun}es")
    } else {
        format!("{noun}s")
    }
}

fn title_case(words: &str) -> String {
    words
        .split(['_', ' '])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut chars = w.chars();
            match chars.next() {
                Some(first) => first.to_uppercase().chain(chars).collect::<String>(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn make_tool(def: &ToolkitDef, verb: &str, verb_idx: usize, noun: &str, noun_idx: usize) -> Tool {
    let many = matches!(verb, "list" | "search" | "export" | "import" | "sync");
    let object = if many { plural(noun) } else { noun.to_string() };
    let slug = format!("{}_{}_{}", def.slug, verb, object).to_uppercase();
    let name = title_case(&format!("{verb} {object}"));
    let description = format!(
        "{} {} in {}. Generated by the Composio emulator.",
        title_case(verb),
        object.replace('_', " "),
        def.name
    );
    let mut tags = Vec::new();
    if matches!(verb, "create" | "get" | "list") && noun_idx < 3 {
        tags.push("important".to_string());
    }
    if matches!(verb, "get" | "list" | "search" | "export") {
        tags.push("readOnlyHint".to_string());
    }
    if matches!(verb, "delete" | "remove" | "archive") {
        tags.push("destructiveHint".to_string());
    }
    tags.push(noun.to_string());
    let (input_parameters, required) = input_schema(def.slug, verb, noun);
    let haystack = format!("{slug} {name} {description}").to_lowercase();
    Tool {
        slug,
        name,
        description,
        toolkit_slug: def.slug,
        toolkit_name: def.name,
        no_auth: def.auth_schemes.is_empty(),
        tags,
        scopes: if def.scope.is_empty() {
            vec![]
        } else {
            vec![def.scope.to_string()]
        },
        // A few deprecated tools in every toolkit with 10+ verbs ("sync" on every third noun).
        is_deprecated: verb_idx == 9 && noun_idx % 3 == 0,
        input_parameters,
        output_parameters: output_schema(noun),
        required,
        haystack,
        cached: Default::default(),
    }
}

impl Tool {
    /// The tool's JSON for `version`, serialized once and then shared.
    pub fn raw_json(&self, version: &str) -> &RawValue {
        let Some(i) = VERSIONS.iter().position(|v| *v == version) else {
            return RawValue::NULL;
        };
        self.cached[i].get_or_init(|| {
            serde_json::value::to_raw_value(&self.to_json(version))
                .unwrap_or_else(|_| RawValue::NULL.to_owned())
        })
    }

    pub fn to_json(&self, version: &str) -> Value {
        json!({
            "slug": self.slug,
            "name": self.name,
            "description": self.description,
            "toolkit": { "slug": self.toolkit_slug, "name": self.toolkit_name, "logo": logo(self.toolkit_slug) },
            "input_parameters": self.input_parameters,
            "output_parameters": self.output_parameters,
            "no_auth": self.no_auth,
            "available_versions": AVAILABLE_VERSIONS,
            "version": version,
            "scopes": self.scopes,
            "tags": self.tags,
            "is_deprecated": self.is_deprecated,
            "deprecated": {
                "displayName": self.name,
                "version": version,
                "available_versions": AVAILABLE_VERSIONS,
                "is_deprecated": self.is_deprecated,
                "toolkit": { "logo": logo(self.toolkit_slug) },
            },
        })
    }
}
