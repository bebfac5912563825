//! `NativeClient` and `NativePager`: the whole native surface. Each method converts its arguments,
//! makes one core call, and converts the result; the Python package adds the typed API on top.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use composio::dynamic::{Call, JsonPager, Response};
use composio::{AuthScheme, Client, ClientOptions, Credential, KeyProvider, OptionOverrides};
use pyo3::prelude::*;
use pyo3::types::PyDict;
use serde_json::Value;

use crate::convert::from_py;
use crate::errors::{panic_err, to_py_err, OrRaise};
use crate::keys::{key_arg, KeyArg};
use crate::objects::build;
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

fn response_to_py(py: Python<'_>, response: Response) -> PyResult<Py<PyAny>> {
    build(py, &response)
}

fn optional_response_to_py(py: Python<'_>, response: Option<Response>) -> PyResult<Py<PyAny>> {
    response.map_or_else(|| Ok(py.None()), |r| build(py, &r))
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
    #[new]
    #[pyo3(signature = (api_key=None, org_api_key=None, base_url=None, auth_scheme=None, timeout=None,
                        connect_timeout=None, max_retries=None, default_headers=None, read_env=true,
                        toolkit_versions=None, user_api_key=None, org_id=None, project_id=None))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        api_key: Option<Bound<'_, PyAny>>,
        org_api_key: Option<Bound<'_, PyAny>>,
        base_url: Option<String>,
        auth_scheme: Option<&str>,
        timeout: Option<f64>,
        connect_timeout: Option<f64>,
        max_retries: Option<u32>,
        default_headers: Option<Vec<(String, String)>>,
        read_env: bool,
        toolkit_versions: Option<Bound<'_, PyAny>>,
        user_api_key: Option<Bound<'_, PyAny>>,
        org_id: Option<String>,
        project_id: Option<String>,
    ) -> PyResult<Self> {
        let mut key_providers = composio::KeyProviders::default();
        let key = |value: Option<Bound<'_, PyAny>>, what: &str, slot: &mut Option<KeyProvider>| {
            Ok::<_, PyErr>(match key_arg(py, value.as_ref(), what)? {
                Some(KeyArg::Fixed(key)) => Some(key),
                Some(KeyArg::Provider(provider)) => {
                    *slot = Some(provider);
                    None
                }
                None => None,
            })
        };
        let api_key = key(api_key, "api_key", &mut key_providers.api_key)?;
        let org_api_key = key(org_api_key, "org_api_key", &mut key_providers.org_api_key)?;
        let user_api_key = key(
            user_api_key,
            "user_api_key",
            &mut key_providers.user_api_key,
        )?;
        let toolkit_versions = match toolkit_versions {
            Some(v) => {
                composio::ToolkitVersions::from_json(&crate::convert::from_py(&v)?).or_raise(py)?
            }
            None => Default::default(),
        };
        logging::refresh_threshold(py);
        let options = ClientOptions {
            api_key,
            org_api_key,
            user_api_key,
            org_id,
            project_id,
            base_url,
            auth_scheme: scheme(py, auth_scheme)?,
            timeout: seconds(py, "timeout", timeout)?,
            connect_timeout: seconds(py, "connect_timeout", connect_timeout)?,
            max_retries,
            default_headers: default_headers.unwrap_or_default(),
            toolkit_versions,
            key_providers,
            user_agent_suffix: Some(format!(
                "python/{}",
                Python::version_str()
                    .split_whitespace()
                    .next()
                    .unwrap_or("?")
            )),
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
        let response = block(py, async move { call.run_raw(&client).await })?;
        build(py, &response)
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
            async move { call.run_raw(&client).await },
            response_to_py,
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
        let pager = self.pager.clone();
        let page = block(py, async move { pager.lock().await.next_page().await })?;
        optional_response_to_py(py, page)
    }

    fn next_page_async<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let pager = self.pager.clone();
        asyncio::spawn(
            py,
            async move { pager.lock().await.next_page().await },
            optional_response_to_py,
        )
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
