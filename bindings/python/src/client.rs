//! `NativeClient` and `NativePager`: the whole native surface. Each method converts its arguments,
//! makes one core call, and converts the result; the Python package adds the typed API on top.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use composio::decode::Tape;
use composio::dynamic::{Call, JsonPager, Response};
use composio::{
    AuthScheme, Client, ClientOptions, Credential, DurationUnit, OptionOverrides, OptionSpelling,
};
use pyo3::prelude::*;
use pyo3::types::PyDict;
use serde_json::Value;

use crate::convert::from_py;
use crate::errors::{panic_err, to_py_err, OrRaise};
use crate::keys::{key_arg, KeyArg};
use crate::objects::build_from_tape;
use crate::{asyncio, logging, runtime};

/// How often a blocking call checks for Ctrl-C while it waits with the GIL released.
const SIGNAL_CHECK: Duration = Duration::from_millis(50);

#[pyclass(frozen, module = "composio_rs._native")]
pub struct NativeClient {
    pub(crate) client: Client,
}

#[pyclass(frozen, module = "composio_rs._native")]
pub struct NativePager {
    pager: Arc<tokio::sync::Mutex<JsonPager>>,
}

fn seconds(py: Python<'_>, what: &str, value: Option<f64>) -> PyResult<Option<Duration>> {
    value
        .map(|s| {
            Duration::try_from_secs_f64(s)
                .ok()
                .filter(|d| !d.is_zero())
                .ok_or_else(|| {
                    to_py_err(
                        py,
                        &composio::Error::configuration(format!(
                            "{what} must be a positive number of seconds"
                        )),
                    )
                })
        })
        .transpose()
}

fn scheme(py: Python<'_>, value: Option<&str>) -> PyResult<Option<AuthScheme>> {
    value.map(AuthScheme::parse).transpose().or_raise(py)
}

pub(crate) fn args_json(args: Option<&Bound<'_, PyAny>>) -> PyResult<Value> {
    args.map(from_py).transpose().map(Option::unwrap_or_default)
}

/// A response read ahead into a tape where it arrived (a runtime thread, no GIL): the thread holding the GIL
/// then only builds the objects.
fn read_ahead(response: Response) -> composio::Result<Tape> {
    response.to_tape(true)
}

/// The pager's next page, read ahead; None after the last one.
async fn next_tape(pager: Arc<tokio::sync::Mutex<JsonPager>>) -> composio::Result<Option<Tape>> {
    pager
        .lock()
        .await
        .next_page()
        .await?
        .map(read_ahead)
        .transpose()
}

fn tape_to_py(py: Python<'_>, tape: Tape) -> PyResult<Py<PyAny>> {
    build_from_tape(py, &tape)
}

fn optional_tape_to_py(py: Python<'_>, tape: Option<Tape>) -> PyResult<Py<PyAny>> {
    tape.map_or_else(|| Ok(py.None()), |t| build_from_tape(py, &t))
}

/// Runs `work` to completion with the GIL released, interruptible by Ctrl-C (the request is then cancelled).
pub(crate) fn block<T: Send + 'static>(
    py: Python<'_>,
    work: impl Future<Output = composio::Result<T>> + Send + 'static,
) -> PyResult<T> {
    let handle = runtime::handle().map_err(|e| crate::io_error(py, e))?;
    let outcome = py.detach(|| {
        composio::runtime::wait_interruptibly(&handle, work, SIGNAL_CHECK, || {
            Python::attach(|py| py.check_signals())
        })
    })?;
    match outcome {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(error)) => Err(to_py_err(py, &error)),
        Err(panicked) => Err(panic_err(py, &panicked.0)),
    }
}

#[pymethods]
impl NativeClient {
    /// `options` is the options object of api/options.toml (durations in seconds); a key may be a function.
    #[new]
    #[pyo3(signature = (options, read_env=true))]
    fn new(py: Python<'_>, options: &Bound<'_, PyDict>, read_env: bool) -> PyResult<Self> {
        let options = options.copy()?;
        let mut key_providers = composio::KeyProviders::default();
        for (name, _) in composio::KEY_OPTIONS {
            let given = options.get_item(name)?;
            if let Some(KeyArg::Provider(provider)) = key_arg(py, given.as_ref(), name)? {
                if let Some(slot) = key_providers.slot(name) {
                    *slot = Some(provider);
                }
                options.del_item(name)?;
            }
        }
        let value = from_py(options.as_any())?;
        logging::refresh_threshold(py);
        let options = ClientOptions {
            key_providers,
            user_agent_suffix: Some(format!(
                "python/{}",
                Python::version_str()
                    .split_whitespace()
                    .next()
                    .unwrap_or("?")
            )),
            ..ClientOptions::from_json(&value, OptionSpelling::Snake, DurationUnit::Seconds)
                .or_raise(py)?
        };
        let options = if read_env { options.or_env() } else { options };
        let client = Client::new(options).or_raise(py)?;
        Ok(Self { client })
    }

    fn with_api_key(&self, py: Python<'_>, api_key: &str) -> PyResult<Self> {
        let client = self.client.with_api_key(api_key).or_raise(py)?;
        Ok(Self { client })
    }

    #[pyo3(signature = (timeout=None, max_retries=None, auth_scheme=None))]
    fn with_options(
        &self,
        py: Python<'_>,
        timeout: Option<f64>,
        max_retries: Option<u32>,
        auth_scheme: Option<&str>,
    ) -> PyResult<Self> {
        let overrides = OptionOverrides {
            timeout: seconds(py, "timeout", timeout)?,
            max_retries,
            auth_scheme: scheme(py, auth_scheme)?,
        };
        Ok(Self {
            client: self.client.with_options(overrides),
        })
    }

    /// The same client whose toolsets move files as `options` says (`{files, upload_dirs, download_dir}`).
    fn with_files(&self, py: Python<'_>, options: &Bound<'_, PyAny>) -> PyResult<Self> {
        let files = composio::agent::FileOptions::from_json(from_py(options)?).or_raise(py)?;
        Ok(Self {
            client: self.client.with_files(files),
        })
    }

    fn set_api_key(&self, py: Python<'_>, api_key: &Bound<'_, PyAny>) -> PyResult<()> {
        self.set_key(py, api_key, Credential::Project, "api_key")
    }

    fn set_org_api_key(&self, py: Python<'_>, org_api_key: &Bound<'_, PyAny>) -> PyResult<()> {
        self.set_key(py, org_api_key, Credential::Org, "org_api_key")
    }

    fn set_user_api_key(&self, py: Python<'_>, user_api_key: &Bound<'_, PyAny>) -> PyResult<()> {
        self.set_key(py, user_api_key, Credential::User, "user_api_key")
    }

    #[getter]
    fn base_url(&self) -> String {
        self.client.base_url().to_string()
    }

    #[getter]
    fn has_api_key(&self) -> bool {
        self.client.has_credential(Credential::Project)
    }

    #[getter]
    fn has_org_api_key(&self) -> bool {
        self.client.has_credential(Credential::Org)
    }

    /// Runs an operation (`"tools.list"`, …) with keyword arguments, blocking with the GIL released.
    #[pyo3(signature = (operation, args=None))]
    fn call(
        &self,
        py: Python<'_>,
        operation: &str,
        args: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<PyAny>> {
        let call = Call::parse(operation, args_json(args)?).or_raise(py)?;
        let client = self.client.clone();
        let tape = block(py, async move { read_ahead(call.run_raw(&client).await?) })?;
        build_from_tape(py, &tape)
    }

    /// The same as `call`, as an awaitable on the running asyncio loop.
    #[pyo3(signature = (operation, args=None))]
    fn call_async<'py>(
        &self,
        py: Python<'py>,
        operation: &str,
        args: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let call = Call::parse(operation, args_json(args)?).or_raise(py)?;
        let client = self.client.clone();
        asyncio::spawn(
            py,
            async move { read_ahead(call.run_raw(&client).await?) },
            tape_to_py,
        )
    }

    /// A pager over `tools.list`, `toolkits.list` or `projects.list` with these filters.
    #[pyo3(signature = (operation, args=None))]
    fn pager(
        &self,
        py: Python<'_>,
        operation: &str,
        args: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<NativePager> {
        let pager = JsonPager::new(&self.client, operation, args_json(args)?).or_raise(py)?;
        Ok(NativePager {
            pager: Arc::new(tokio::sync::Mutex::new(pager)),
        })
    }

    fn __repr__(&self) -> String {
        format!("{:?}", self.client)
    }
}

#[pymethods]
impl NativePager {
    /// The next page as a dict, or None after the last one.
    fn next_page(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let page = block(py, next_tape(self.pager.clone()))?;
        optional_tape_to_py(py, page)
    }

    fn next_page_async<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        asyncio::spawn(py, next_tape(self.pager.clone()), optional_tape_to_py)
    }
}

/// Every operation of the table: `{name, spec, helper}` (helper as "true"/"false" text for one dict type).
#[pyfunction]
pub fn operations(py: Python<'_>) -> PyResult<Vec<Bound<'_, PyDict>>> {
    composio::dynamic::OPERATIONS
        .iter()
        .map(|op| {
            let d = PyDict::new(py);
            d.set_item("name", op.name)?;
            d.set_item("spec", op.spec)?;
            d.set_item("helper", if op.helper { "true" } else { "false" })?;
            Ok(d)
        })
        .collect()
}

/// Lets tests and users check that the package was built from this source: its version and operation names.
#[pyfunction]
pub fn core_version(py: Python<'_>) -> PyResult<Bound<'_, PyDict>> {
    let info = PyDict::new(py);
    info.set_item("version", env!("CARGO_PKG_VERSION"))?;
    let names: Vec<&str> = composio::dynamic::OPERATIONS
        .iter()
        .map(|op| op.name)
        .collect();
    info.set_item("operations", names)?;
    Ok(info)
}

impl NativeClient {
    /// A new key (a `str`) or key function (a callable) for one credential of this client and its clones.
    fn set_key(
        &self,
        py: Python<'_>,
        value: &Bound<'_, PyAny>,
        credential: Credential,
        what: &str,
    ) -> PyResult<()> {
        match key_arg(py, Some(value), what)? {
            Some(KeyArg::Provider(provider)) => {
                self.client.set_key_provider(credential, provider);
                Ok(())
            }
            Some(KeyArg::Fixed(key)) => match credential {
                Credential::Org => self.client.set_org_api_key(&key),
                Credential::User => self.client.set_user_api_key(&key),
                _ => self.client.set_api_key(&key),
            }
            .or_raise(py),
            None => Err(composio::Error::configuration(format!(
                "{what} must not be None"
            )))
            .or_raise(py),
        }
    }
}
