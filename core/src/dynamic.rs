//! Operations by name with JSON arguments, for the language bindings: each binding converts its
//! native keyword arguments to JSON once, and this module parses them into the typed parameters and
//! runs the typed operation. Argument parsing and validation therefore live here, once, for every language.

use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::Value;

use crate::client::{Client, Credential};
use crate::error::{Error, Result};
use crate::models::ProjectSettingsUpdate;
use crate::pagination::Pager;
use crate::resources::{
    CreateProjectParams, ExecuteParams, ProjectListParams, RawRequest, ToolListParams,
    ToolkitListParams,
};

/// One API call with its arguments parsed and checked, ready to run (possibly more than once).
#[derive(Debug, Clone)]
pub enum Call {
    ToolsList(ToolListParams),
    ToolsGet {
        slug: String,
        version: Option<String>,
    },
    ToolsExecute {
        slug: String,
        params: ExecuteParams,
    },
    ToolkitsList(ToolkitListParams),
    ToolkitsGet {
        slug: String,
    },
    ProjectsCreate(CreateProjectParams),
    ProjectsList(ProjectListParams),
    ProjectsGet {
        project_id: String,
    },
    ProjectsDelete {
        project_id: String,
    },
    ProjectsRegenerateApiKey {
        project_id: String,
    },
    ProjectSettingsGet,
    ProjectSettingsUpdate(ProjectSettingsUpdate),
    Request(RawRequest),
}

/// Every operation name, as the shared test cases and the bindings spell them.
pub const OPERATIONS: &[&str] = &[
    "tools.list",
    "tools.get",
    "tools.execute",
    "toolkits.list",
    "toolkits.get",
    "projects.create",
    "projects.list",
    "projects.get",
    "projects.delete",
    "projects.regenerate_api_key",
    "project_settings.get",
    "project_settings.update",
    "request",
];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SlugArgs {
    slug: String,
    #[serde(default)]
    version: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ExecuteArgs {
    slug: String,
    #[serde(flatten)]
    params: ExecuteParams,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ToolkitArgs {
    slug: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProjectArgs {
    project_id: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RequestArgs {
    method: String,
    path: String,
    #[serde(default)]
    query: Option<serde_json::Map<String, Value>>,
    #[serde(default)]
    body: Option<Value>,
    #[serde(default)]
    credential: Option<String>,
}

impl Call {
    /// Parses `args` (a JSON object, or null for none) for the named operation.
    pub fn parse(operation: &str, args: Value) -> Result<Self> {
        let args = match args {
            Value::Null => Value::Object(Default::default()),
            other => other,
        };
        Ok(match operation {
            "tools.list" => Self::ToolsList(parse(operation, args)?),
            "tools.get" => {
                let a: SlugArgs = parse(operation, args)?;
                Self::ToolsGet {
                    slug: a.slug,
                    version: a.version,
                }
            }
            "tools.execute" => {
                let a: ExecuteArgs = parse(operation, args)?;
                Self::ToolsExecute {
                    slug: a.slug,
                    params: a.params,
                }
            }
            "toolkits.list" => Self::ToolkitsList(parse(operation, args)?),
            "toolkits.get" => Self::ToolkitsGet {
                slug: parse::<ToolkitArgs>(operation, args)?.slug,
            },
            "projects.create" => Self::ProjectsCreate(parse(operation, args)?),
            "projects.list" => Self::ProjectsList(parse(operation, args)?),
            "projects.get" => Self::ProjectsGet {
                project_id: parse::<ProjectArgs>(operation, args)?.project_id,
            },
            "projects.delete" => Self::ProjectsDelete {
                project_id: parse::<ProjectArgs>(operation, args)?.project_id,
            },
            "projects.regenerate_api_key" => Self::ProjectsRegenerateApiKey {
                project_id: parse::<ProjectArgs>(operation, args)?.project_id,
            },
            "project_settings.get" => {
                parse::<EmptyArgs>(operation, args)?;
                Self::ProjectSettingsGet
            }
            "project_settings.update" => Self::ProjectSettingsUpdate(parse(operation, args)?),
            "request" => Self::Request(raw_request(parse(operation, args)?)?),
            other => return Err(Error::configuration(format!("unknown operation {other:?}"))),
        })
    }

    /// Runs the call and returns its result as JSON (the model serialized, unknown fields included).
    pub async fn run(&self, client: &Client) -> Result<Value> {
        match self {
            Self::ToolsList(p) => json(client.tools().list(p).await?),
            Self::ToolsGet { slug, version } => {
                json(client.tools().get(slug, version.as_deref()).await?)
            }
            Self::ToolsExecute { slug, params } => {
                json(client.tools().execute(slug, params).await?)
            }
            Self::ToolkitsList(p) => json(client.toolkits().list(p).await?),
            Self::ToolkitsGet { slug } => json(client.toolkits().get(slug).await?),
            Self::ProjectsCreate(p) => json(client.projects().create(p).await?),
            Self::ProjectsList(p) => json(client.projects().list(p).await?),
            Self::ProjectsGet { project_id } => json(client.projects().get(project_id).await?),
            Self::ProjectsDelete { project_id } => {
                json(client.projects().delete(project_id).await?)
            }
            Self::ProjectsRegenerateApiKey { project_id } => {
                json(client.projects().regenerate_api_key(project_id).await?)
            }
            Self::ProjectSettingsGet => json(client.project_settings().get().await?),
            Self::ProjectSettingsUpdate(u) => json(client.project_settings().update(u).await?),
            Self::Request(r) => client.request(r).await,
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EmptyArgs {}

/// A pager over any of the listable resources, yielding pages as JSON.
pub struct JsonPager {
    next: Box<dyn PageSource>,
}

trait PageSource: Send {
    fn next_page(&mut self) -> futures_util::future::BoxFuture<'_, Result<Option<Value>>>;
}

impl<T: serde::Serialize + Send + 'static> PageSource for Pager<T> {
    fn next_page(&mut self) -> futures_util::future::BoxFuture<'_, Result<Option<Value>>> {
        Box::pin(async move {
            match Pager::next_page(self).await? {
                Some(page) => Ok(Some(json(page)?)),
                None => Ok(None),
            }
        })
    }
}

impl JsonPager {
    /// A pager for `tools.list`, `toolkits.list` or `projects.list` with these filters (`cursor` is
    /// where to start; `limit` is the page size).
    pub fn new(client: &Client, operation: &str, args: Value) -> Result<Self> {
        let next: Box<dyn PageSource> = match Call::parse(operation, args)? {
            Call::ToolsList(p) => Box::new(client.tools().iter(p)?),
            Call::ToolkitsList(p) => Box::new(client.toolkits().iter(p)?),
            Call::ProjectsList(p) => Box::new(client.projects().iter(p)?),
            _ => {
                return Err(Error::configuration(format!(
                    "{operation} has no pages to iterate"
                )))
            }
        };
        Ok(Self { next })
    }

    /// The next page as JSON, or `None` after the last one.
    pub async fn next_page(&mut self) -> Result<Option<Value>> {
        self.next.next_page().await
    }
}

fn parse<T: DeserializeOwned>(operation: &str, args: Value) -> Result<T> {
    serde_json::from_value(args)
        .map_err(|e| Error::configuration(format!("{operation}: invalid arguments: {e}")))
}

fn json(model: impl serde::Serialize) -> Result<Value> {
    serde_json::to_value(model)
        .map_err(|e| Error::configuration(format!("could not encode a result: {e}")))
}

fn raw_request(a: RequestArgs) -> Result<RawRequest> {
    let credential = match a.credential.as_deref().unwrap_or("project") {
        "project" => Credential::Project,
        "org" => Credential::Org,
        "none" => Credential::None,
        other => {
            return Err(Error::configuration(format!(
                "credential must be \"project\", \"org\" or \"none\", not {other:?}"
            )))
        }
    };
    let query = a
        .query
        .unwrap_or_default()
        .into_iter()
        .map(|(k, v)| {
            let text = match v {
                Value::String(s) => s,
                Value::Array(items) => items
                    .iter()
                    .map(|i| {
                        i.as_str()
                            .map(str::to_string)
                            .unwrap_or_else(|| i.to_string())
                    })
                    .collect::<Vec<_>>()
                    .join(","),
                other => other.to_string(),
            };
            (k, text)
        })
        .collect();
    Ok(RawRequest {
        method: a.method,
        path: a.path,
        query,
        body: a.body,
        credential,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;
    use serde_json::json;

    #[test]
    fn parses_typed_arguments_and_rejects_unknown_ones() {
        let call =
            Call::parse("tools.list", json!({"toolkit_slug": "github", "limit": 5})).unwrap();
        assert!(matches!(call, Call::ToolsList(p) if p.limit == Some(5)));
        let err = Call::parse("tools.list", json!({"toolkit": "github"})).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Configuration);
        assert!(err.message().contains("toolkit"), "{err}");
        let err = Call::parse("tools.list", json!({"limit": "five"})).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Configuration);
        assert_eq!(
            Call::parse("nope", Value::Null).unwrap_err().kind(),
            ErrorKind::Configuration
        );
        assert!(OPERATIONS.iter().all(|op| !matches!(Call::parse(op, Value::Null), Err(e) if e.message().contains("unknown operation"))));
    }

    #[test]
    fn execute_takes_its_parameters_flat() {
        let call = Call::parse(
            "tools.execute",
            json!({"slug": "X_Y", "text": "hi", "user_id": "u"}),
        )
        .unwrap();
        assert!(
            matches!(call, Call::ToolsExecute { slug, params } if slug == "X_Y" && params.text.as_deref() == Some("hi"))
        );
    }
}
