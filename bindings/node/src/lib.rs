//! The native addon behind the npm package `composio-rs`. Each method converts its arguments, makes
//! one core call and converts the result; the package's `index.js` adds the typed, documented API.
//! Results and arguments cross as JSON text: a response is read once in Rust (checked against its model and
//! normalised) and parsed once by V8's JSON.parse.

pub mod agent;
mod calls;
mod errors;
mod keys;
mod logging;
mod realtime;
pub mod session;

use std::sync::Arc;
use std::time::Duration;

use composio::dynamic::{Call, JsonPager};
use composio::{
    AuthScheme, Client, ClientOptions, Credential, DurationUnit, OptionOverrides, OptionSpelling,
};
use napi::bindgen_prelude::*;
use napi_derive::napi;

use errors::{to_napi, IntoNapi};

fn millis(what: &str, value: Option<f64>) -> Result<Option<Duration>> {
    value
        .map(|ms| {
            Duration::try_from_secs_f64(ms / 1000.0)
                .ok()
                .filter(|d| !d.is_zero())
                .ok_or_else(|| {
                    to_napi(&composio::Error::configuration(format!(
                        "{what} must be a positive number of milliseconds"
                    )))
                })
        })
        .transpose()
}

fn scheme(value: Option<String>) -> Result<Option<AuthScheme>> {
    value
        .as_deref()
        .map(AuthScheme::parse)
        .transpose()
        .into_napi()
}

fn parse_args(args: &str) -> composio::Result<serde_json::Value> {
    serde_json::from_str(args)
        .map_err(|e| composio::Error::configuration(format!("arguments are not JSON: {e}")))
}

#[napi]
pub struct NativeClient {
    pub(crate) client: Client,
}

#[napi]
impl NativeClient {
    /// `options` is the JSON text of the options object, named as Node names them (api/options.toml), times
    /// in milliseconds; keys given as functions are set afterwards with `setKeyProvider`.
    #[napi(constructor)]
    pub fn new(options: Option<String>, read_env: Option<bool>) -> Result<Self> {
        logging::install_from_env();
        let value = match options.as_deref() {
            Some(text) => parse_args(text).into_napi()?,
            None => serde_json::Value::Object(Default::default()),
        };
        let options = ClientOptions {
            user_agent_suffix: Some("node".to_string()),
            ..ClientOptions::from_json(&value, OptionSpelling::Camel, DurationUnit::Milliseconds)
                .into_napi()?
        };
        let options = if read_env.unwrap_or(true) {
            options.or_env()
        } else {
            options
        };
        Ok(Self {
            client: Client::new(options).into_napi()?,
        })
    }

    #[napi]
    pub fn with_api_key(&self, api_key: String) -> Result<NativeClient> {
        Ok(Self {
            client: self.client.with_api_key(&api_key).into_napi()?,
        })
    }

    #[napi]
    pub fn with_options(
        &self,
        timeout: Option<f64>,
        max_retries: Option<u32>,
        auth_scheme: Option<String>,
    ) -> Result<NativeClient> {
        let overrides = OptionOverrides {
            timeout: millis("timeout", timeout)?,
            max_retries,
            auth_scheme: scheme(auth_scheme)?,
        };
        Ok(Self {
            client: self.client.with_options(overrides),
        })
    }

    /// The same client whose toolsets move files as `options_json` says (`{files, upload_dirs, download_dir}`).
    #[napi]
    pub fn with_files(&self, options_json: String) -> Result<NativeClient> {
        let value: serde_json::Value = serde_json::from_str(&options_json).map_err(|e| {
            Error::new(
                Status::InvalidArg,
                format!("file options are not JSON: {e}"),
            )
        })?;
        let files = composio::agent::FileOptions::from_json(value).into_napi()?;
        Ok(Self {
            client: self.client.with_files(files),
        })
    }

    /// Makes `provider` (the package's wrapper around the user's function) the source of a credential's key.
    #[napi(ts_args_type = "credential: string, provider: () => Promise<string>")]
    pub fn set_key_provider(&self, credential: String, provider: keys::KeyFunction) -> Result<()> {
        let credential = keys::credential(&credential).into_napi()?;
        self.client
            .set_key_provider(credential, keys::provider(provider));
        Ok(())
    }

    #[napi]
    pub fn set_api_key(&self, api_key: String) -> Result<()> {
        self.client.set_api_key(&api_key).into_napi()
    }

    #[napi]
    pub fn set_org_api_key(&self, org_api_key: String) -> Result<()> {
        self.client.set_org_api_key(&org_api_key).into_napi()
    }

    #[napi]
    pub fn set_user_api_key(&self, user_api_key: String) -> Result<()> {
        self.client.set_user_api_key(&user_api_key).into_napi()
    }

    #[napi(getter)]
    pub fn base_url(&self) -> String {
        self.client.base_url().to_string()
    }

    #[napi(getter)]
    pub fn has_api_key(&self) -> bool {
        self.client.has_credential(Credential::Project)
    }

    /// The client with its keys masked, for `util.inspect` and `toJSON`.
    #[napi]
    pub fn describe(&self) -> String {
        format!("{:?}", self.client)
    }

    /// Runs an operation (`"tools.list"`, …) with JSON arguments; resolves to the result as `[text, tail]`
    /// (`parseResult` of calls.js reads them).
    /// `call_id` names the call for `cancel` (0: not cancellable).
    #[napi(ts_return_type = "Promise<[string, string | Buffer | null]>")]
    pub async fn call(&self, operation: String, args: String, call_id: u32) -> Result<Parts> {
        let call = parse_args(&args)
            .and_then(|a| Call::parse(&operation, a))
            .into_napi()?;
        let client = self.client.clone();
        // One pass from the body to normalised JSON text, off the JavaScript thread, with the schemas in a
        // second string: parseResult (calls.js) parses the first, and each schema when it is first read.
        calls::run(call_id, async move {
            parts(call.run_raw(&client).await?.to_deferred_json_parts()?)
        })
        .await
    }

    #[napi]
    pub fn pager(&self, operation: String, args: String) -> Result<NativePager> {
        let pager = parse_args(&args)
            .and_then(|a| JsonPager::new(&self.client, &operation, a))
            .into_napi()?;
        Ok(NativePager {
            pager: Arc::new(tokio::sync::Mutex::new(pager)),
        })
    }
}

#[napi]
pub struct NativePager {
    pager: Arc<tokio::sync::Mutex<JsonPager>>,
}

#[napi]
impl NativePager {
    /// The next page as the pieces of `call`, or null after the last one.
    #[napi(ts_return_type = "Promise<[string, string | Buffer | null] | null>")]
    pub async fn next_page(&self, call_id: u32) -> Result<Option<Parts>> {
        let pager = self.pager.clone();
        calls::run(call_id, async move {
            let page = pager.lock().await.next_page().await?;
            page.map(|p| p.to_deferred_json_parts().and_then(parts))
                .transpose()
        })
        .await
    }
}

/// A result for JavaScript: `[text, tail]`, the tail null when no value was deferred. Both are ASCII (the
/// core escapes the rest), so each is made as a one-byte string without decoding. A large tail (most of a
/// tool list's bytes) is handed over as an external Buffer instead, not copied; a small one stays a string,
/// since each external Buffer costs the garbage collector a finalizer.
type Parts = (Latin1String, Option<Either<Latin1String, Buffer>>);

/// From this size a tail is lent as a Buffer rather than copied into a string.
const LEND_TAIL_FROM: usize = 256 * 1024;

fn parts((text, tail): (String, String)) -> composio::Result<Parts> {
    debug_assert!(text.is_ascii() && tail.is_ascii());
    let tail = match tail.len() {
        0 => None,
        n if n < LEND_TAIL_FROM => Some(Either::A(Latin1String::from(tail))),
        _ => Some(Either::B(Buffer::from(tail.into_bytes()))),
    };
    Ok((Latin1String::from(text), tail))
}

/// Cancels the call with this id (from an `AbortSignal`); a finished or unknown id is ignored.
#[napi]
pub fn cancel(call_id: u32) {
    calls::cancel(call_id);
}

/// An operation of the table.
#[napi(object)]
pub struct OperationInfo {
    pub name: String,
    /// The spec operation it implements, `METHOD /api/v3/...`.
    pub spec: String,
    /// True for helpers that make several requests.
    pub helper: bool,
}

/// Every operation of the table.
#[napi]
pub fn operations() -> Vec<OperationInfo> {
    composio::dynamic::OPERATIONS
        .iter()
        .map(|op| OperationInfo {
            name: op.name.to_string(),
            spec: op.spec.to_string(),
            helper: op.helper,
        })
        .collect()
}

/// Verifies a webhook; the event comes back as JSON text (the package parses it).
#[napi]
pub fn verify_webhook(
    body: napi::bindgen_prelude::Buffer,
    headers: Vec<Vec<String>>,
    secret: String,
    tolerance_seconds: u32,
    now: Option<i64>,
) -> Result<String> {
    let pairs: Vec<(String, String)> = headers
        .into_iter()
        .filter_map(|mut kv| {
            let v = kv.pop()?;
            let k = kv.pop()?;
            Some((k, v))
        })
        .collect();
    let event = composio::verify_webhook(&body, &pairs, &secret, tolerance_seconds.into(), now)
        .into_napi()?;
    serde_json::to_string(&event).map_err(|e| Error::from_reason(e.to_string()))
}
