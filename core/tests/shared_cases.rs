//! Runs the cross-language cases of `tests/cases/operations.json` against the emulator.

mod common;

use composio::{
    AuthScheme, Client, ClientOptions, CreateProjectParams, ExecuteParams, ProjectListParams,
    ProjectSettingsUpdate, ToolListParams, ToolkitListParams,
};
use composio_emulator::Emulator;
use serde_json::{Map, Value};
use std::time::Duration;

const CASES: &str = include_str!("../../tests/cases/operations.json");

#[tokio::test]
async fn shared_cases() {
    let emu = common::emulator().await;
    let cases: Vec<Value> = serde_json::from_str(CASES).unwrap();
    let mut failures = Vec::new();
    for case in &cases {
        let name = case["name"].as_str().unwrap();
        if let Err(why) = run_case(&emu, case).await {
            failures.push(format!("{name}: {why}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

/// A case is one operation, or `steps` that share the case's client and pass values on (`save`).
async fn run_case(emu: &Emulator, case: &Value) -> Result<(), String> {
    common::reset(emu).await;
    let unique = common::unique("c");
    let case = substitute(case, emu, &unique);
    if case.get("fault").is_some() {
        common::fault(emu, case["fault"].clone()).await;
    }
    let client = client_for(emu, &case["client"]).map_err(|e| format!("client: {e}"))?;
    let single = [case.clone()];
    let steps = case["steps"].as_array().map_or(&single[..], Vec::as_slice);
    let mut saved = Map::new();
    let mut received = None;
    for (i, step) in steps.iter().enumerate() {
        let step = with_saved(step, &saved);
        run_step(emu, &client, &step, &mut saved, &mut received)
            .await
            .map_err(|why| format!("step {}: {why}", i + 1))?;
    }
    Ok(())
}

/// `$name` of a saved value, in every string of the step.
fn with_saved(value: &Value, saved: &Map<String, Value>) -> Value {
    match value {
        Value::String(s) => {
            let mut names: Vec<&String> = saved.keys().collect();
            names.sort_by_key(|n| std::cmp::Reverse(n.len()));
            let mut out = s.clone();
            for name in names {
                if let Some(v) = saved[name].as_str() {
                    out = out.replace(&format!("${name}"), v);
                }
            }
            Value::String(out)
        }
        Value::Array(items) => Value::Array(items.iter().map(|v| with_saved(v, saved)).collect()),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), with_saved(v, saved)))
                .collect(),
        ),
        other => other.clone(),
    }
}

async fn run_step(
    emu: &Emulator,
    client: &Client,
    step: &Value,
    saved: &mut Map<String, Value>,
    received: &mut Option<std::sync::Arc<std::sync::Mutex<Vec<common::Received>>>>,
) -> Result<(), String> {
    if let Some(name) = step["webhook_receiver"].as_str() {
        let (url, store) = common::webhook_receiver().await;
        saved.insert(name.to_string(), Value::String(url));
        *received = Some(store);
        return Ok(());
    }
    if let Some(verify) = step.get("verify_webhook") {
        // The last request the receiver got, verified with the library as an app would.
        let store = received.as_ref().ok_or("no webhook receiver")?;
        let (headers, body) = store
            .lock()
            .unwrap()
            .last()
            .cloned()
            .ok_or("no webhook was received")?;
        let outcome = composio::verify_webhook(
            &body,
            &headers,
            verify["secret"].as_str().unwrap(),
            composio::webhooks::DEFAULT_TOLERANCE_SECONDS,
            None,
        );
        let expect = &step["expect"];
        return match outcome {
            Ok(event) if expect["ok"] == true => {
                let got = serde_json::to_value(&event).unwrap();
                for (key, want) in expect.as_object().unwrap() {
                    if key != "ok" && !contains(&got[key], want) {
                        return Err(format!("webhook {key}: expected {want}, got {}", got[key]));
                    }
                }
                Ok(())
            }
            Err(e) if expect["ok"] != true => check_error(&e, expect),
            Ok(event) => Err(format!("expected an error, got {event:?}")),
            Err(e) => Err(format!("expected a verified event, got {e}")),
        };
    }
    if let Some(url) = step["visit"].as_str() {
        // The end user's browser: no credential, redirects not followed.
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        let request = match step["put"].as_str() {
            Some(body) => http.put(url).body(body.to_string()),
            None => http.get(url),
        };
        let status = request.send().await.map_err(|e| e.to_string())?.status();
        return match step["expect_status"].as_u64() {
            Some(want) if u64::from(status.as_u16()) != want => {
                Err(format!("visit: expected HTTP {want}, got {status}"))
            }
            _ => Ok(()),
        };
    }
    if let Some(admin) = step.get("admin") {
        let body = admin.get("body").cloned();
        let answer = common::admin(
            emu,
            admin["method"].as_str().unwrap_or("POST"),
            admin["path"].as_str().unwrap(),
            body,
        )
        .await;
        for (name, path) in step["save"].as_object().into_iter().flatten() {
            saved.insert(
                name.clone(),
                lookup(&answer, path.as_str().unwrap()).clone(),
            );
        }
        return Ok(());
    }
    let outcome = dispatch(client, step["operation"].as_str().unwrap(), &step["args"]).await;
    if let (Ok(value), Some(save)) = (&outcome, step["save"].as_object()) {
        for (name, path) in save {
            saved.insert(name.clone(), lookup(value, path.as_str().unwrap()).clone());
        }
    }
    let expect = &step["expect"];
    match (&outcome, expect["ok"].as_bool() == Some(true)) {
        (Ok(value), true) => check_ok(value, expect)?,
        (Err(e), false) => check_error(e, expect)?,
        (Ok(value), false) => return Err(format!("expected an error, got {value}")),
        (Err(e), true) => return Err(format!("expected success, got {e:?}")),
    }
    if let Some(attempts) = expect.get("attempts").and_then(Value::as_u64) {
        let seen = common::count(emu, expect["attempts_path"].as_str().unwrap()).await;
        if seen != attempts {
            return Err(format!(
                "expected {attempts} attempts, the emulator saw {seen}"
            ));
        }
    }
    Ok(())
}

fn substitute(value: &Value, emu: &Emulator, unique: &str) -> Value {
    match value {
        Value::String(s) => Value::String(
            s.replace("$project_id", &emu.project_id)
                .replace("$other_project_id", &emu.other_project_id)
                .replace("$unique", unique),
        ),
        Value::Array(items) => {
            Value::Array(items.iter().map(|v| substitute(v, emu, unique)).collect())
        }
        // A duration (`{"duration_ms": n}`) is milliseconds in the by-name dispatch.
        Value::Object(map) if map.len() == 1 && map.contains_key("duration_ms") => {
            map["duration_ms"].clone()
        }
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), substitute(v, emu, unique)))
                .collect(),
        ),
        other => other.clone(),
    }
}

fn client_for(emu: &Emulator, spec: &Value) -> composio::Result<Client> {
    let api_key = match spec["api_key"].as_str().unwrap_or("project") {
        "project" => Some(emu.api_key.clone()),
        "other_project" => Some(emu.other_api_key.clone()),
        "invalid" => Some("ak_invalidinvalid".to_string()),
        _ => None,
    };
    let org_api_key = match spec["org_api_key"].as_str().unwrap_or("org") {
        "org" => Some(emu.org_api_key.clone()),
        "readonly" => Some(emu.readonly_org_api_key.clone()),
        "other_org" => Some(emu.other_org_api_key.clone()),
        "invalid" => Some("oak_invalidinvalid".to_string()),
        _ => None,
    };
    let user_api_key = match spec["user_api_key"].as_str() {
        Some("user") => Some(emu.user_api_key.clone()),
        Some("invalid") => Some("uak_invalidinvalid".to_string()),
        _ => None,
    };
    let scope_project = match spec["user_scope"].as_str() {
        Some("project") => Some(emu.project_id.clone()),
        Some("other_project") => Some(emu.other_project_id.clone()),
        _ => None,
    };
    Client::new(ClientOptions {
        api_key,
        org_api_key,
        user_api_key,
        org_id: scope_project.as_ref().map(|_| emu.org_id.clone()),
        project_id: scope_project,
        base_url: Some(emu.base_url.clone()),
        auth_scheme: spec["auth_scheme"]
            .as_str()
            .map(AuthScheme::parse)
            .transpose()?,
        max_retries: spec["max_retries"].as_u64().map(|n| n as u32),
        timeout: spec["timeout_ms"].as_u64().map(Duration::from_millis),
        toolkit_versions: composio::ToolkitVersions::from_json(&spec["toolkit_versions"])?,
        ..ClientOptions::default()
    })
}

fn s(args: &Value, name: &str) -> Option<String> {
    args[name].as_str().map(str::to_string)
}
fn b(args: &Value, name: &str) -> Option<bool> {
    args[name].as_bool()
}
fn n(args: &Value, name: &str) -> Option<u32> {
    args[name].as_u64().map(|v| v as u32)
}

async fn dispatch(client: &Client, operation: &str, args: &Value) -> composio::Result<Value> {
    let value = match operation {
        "tools.list" => to_value(
            client
                .tools()
                .list(&ToolListParams {
                    toolkit_slug: s(args, "toolkit_slug"),
                    search: s(args, "search"),
                    limit: n(args, "limit"),
                    cursor: s(args, "cursor"),
                    ..ToolListParams::default()
                })
                .await?,
        ),
        "tools.get" => to_value(
            client
                .tools()
                .get(&s(args, "slug").unwrap(), args["version"].as_str())
                .await?,
        ),
        "tools.execute" => {
            let params = ExecuteParams {
                arguments: args["arguments"].as_object().cloned().map(Map::from_iter),
                text: s(args, "text"),
                user_id: s(args, "user_id"),
                ..ExecuteParams::default()
            };
            to_value(
                client
                    .tools()
                    .execute(&s(args, "slug").unwrap(), &params)
                    .await?,
            )
        }
        "toolkits.list" => to_value(
            client
                .toolkits()
                .list(&ToolkitListParams {
                    limit: n(args, "limit"),
                    ..ToolkitListParams::default()
                })
                .await?,
        ),
        "toolkits.get" => to_value(client.toolkits().get(&s(args, "slug").unwrap()).await?),
        "projects.create" => to_value(
            client
                .projects()
                .create(&CreateProjectParams {
                    name: s(args, "name").unwrap(),
                    should_create_api_key: b(args, "should_create_api_key").unwrap_or(false),
                    config: None,
                })
                .await?,
        ),
        "projects.list" => to_value(
            client
                .projects()
                .list(&ProjectListParams {
                    limit: n(args, "limit"),
                    cursor: s(args, "cursor"),
                })
                .await?,
        ),
        "projects.get" => to_value(
            client
                .projects()
                .get(&s(args, "project_id").unwrap())
                .await?,
        ),
        "projects.delete" => to_value(
            client
                .projects()
                .delete(&s(args, "project_id").unwrap())
                .await?,
        ),
        "projects.regenerate_api_key" => to_value(
            client
                .projects()
                .regenerate_api_key(&s(args, "project_id").unwrap())
                .await?,
        ),
        "project_settings.get" => to_value(client.project_settings().get().await?),
        "project_settings.update" => to_value(
            client
                .project_settings()
                .update(&ProjectSettingsUpdate {
                    is_2fa_enabled: b(args, "is_2FA_enabled"),
                    mask_secret_keys_in_connected_account: b(
                        args,
                        "mask_secret_keys_in_connected_account",
                    ),
                    log_visibility_setting: s(args, "log_visibility_setting"),
                    logo_url: s(args, "logo_url"),
                    display_name: s(args, "display_name"),
                    require_mcp_api_key: b(args, "require_mcp_api_key"),
                })
                .await?,
        ),
        // Every other operation of the table, through the generated by-name dispatch (typed params underneath).
        other => to_value(
            composio::dynamic::Call::parse(other, args.clone())?
                .run(client)
                .await?,
        ),
    };
    Ok(value)
}

/// A result as the checks read it: a list answer is checked as `{items: [...]}`.
fn to_value(model: impl serde::Serialize) -> Value {
    match serde_json::to_value(model).unwrap() {
        Value::Array(items) => serde_json::json!({ "items": items }),
        other => other,
    }
}

/// `want` is a subset of `got` (objects: every key of `want`, recursively; anything else: equal).
fn contains(got: &Value, want: &Value) -> bool {
    match (got, want) {
        (Value::Object(g), Value::Object(w)) => w
            .iter()
            .all(|(k, v)| g.get(k).is_some_and(|gv| contains(gv, v))),
        _ => got == want,
    }
}

fn lookup<'a>(value: &'a Value, dotted: &str) -> &'a Value {
    // A number indexes a list (`data.0.id`).
    dotted
        .split('.')
        .fold(value, |v, part| match (v, part.parse::<usize>()) {
            (Value::Array(_), Ok(i)) => &v[i],
            _ => &v[part],
        })
}

fn check_ok(value: &Value, expect: &Value) -> Result<(), String> {
    for (path, want) in expect["fields"].as_object().into_iter().flatten() {
        let got = lookup(value, path);
        if got != want {
            return Err(format!("{path}: expected {want}, got {got}"));
        }
    }
    for path in expect["non_null"].as_array().into_iter().flatten() {
        if lookup(value, path.as_str().unwrap()).is_null() {
            return Err(format!("{path} is null"));
        }
    }
    let items = value["items"].as_array().map(Vec::len).unwrap_or(0) as u64;
    if let Some(min) = expect["min_items"].as_u64() {
        if items < min {
            return Err(format!("expected at least {min} items, got {items}"));
        }
    }
    if let Some(max) = expect["max_items"].as_u64() {
        if items > max {
            return Err(format!("expected at most {max} items, got {items}"));
        }
    }
    if expect["has_next_cursor"].as_bool() == Some(true)
        && value["next_cursor"].as_str().unwrap_or("").is_empty()
    {
        return Err("expected a next_cursor".to_string());
    }
    if let Some(min) = expect["min_keys"].as_u64() {
        let keys = value["api_keys"].as_array().map(Vec::len).unwrap_or(0) as u64;
        if keys < min {
            return Err(format!("expected at least {min} api keys, got {keys}"));
        }
    }
    Ok(())
}

fn check_error(error: &composio::Error, expect: &Value) -> Result<(), String> {
    let kind = error.kind().as_str();
    if Some(kind) != expect["error"].as_str() {
        return Err(format!(
            "expected kind {}, got {kind}: {error}",
            expect["error"]
        ));
    }
    if let Some(status) = expect["status"].as_u64() {
        if error.status() != Some(status as u16) {
            return Err(format!(
                "expected status {status}, got {:?}",
                error.status()
            ));
        }
    }
    if let Some(id) = expect["request_id"].as_str() {
        if error.request_id() != Some(id) {
            return Err(format!(
                "expected request id {id}, got {:?}",
                error.request_id()
            ));
        }
    }
    if let Some(slug) = expect["slug"].as_str() {
        if error.slug() != Some(slug) {
            return Err(format!("expected slug {slug}, got {:?}", error.slug()));
        }
    }
    if let Some(code) = expect["code"].as_i64() {
        if error.code() != Some(code) {
            return Err(format!("expected code {code}, got {:?}", error.code()));
        }
    }
    if let Some(message) = expect["message"].as_str() {
        if error.message() != message {
            return Err(format!(
                "expected message {message:?}, got {:?}",
                error.message()
            ));
        }
    }
    if let Some(part) = expect["message_contains"].as_str() {
        if !error.message().contains(part) {
            return Err(format!(
                "expected the message to contain {part:?}: {:?}",
                error.message()
            ));
        }
    }
    if let Some(secs) = expect["retry_after_seconds"].as_u64() {
        if error.retry_after() != Some(Duration::from_secs(secs)) {
            return Err(format!(
                "expected retry_after {secs}s, got {:?}",
                error.retry_after()
            ));
        }
    }
    Ok(())
}
