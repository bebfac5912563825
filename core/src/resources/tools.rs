use reqwest::Method;

use super::params::{ExecuteParams, ToolListParams};
use super::path::segment;
use crate::client::{Client, Credential};
use crate::error::Result;
use crate::models::{Page, Tool, ToolExecution};
use crate::pagination::Pager;
use crate::transport::{Call, Operation};

static LIST: Operation = Operation::new(
    "tools.list",
    Method::GET,
    "/api/v3.1/tools",
    Credential::Project,
);
static GET: Operation = Operation::new(
    "tools.get",
    Method::GET,
    "/api/v3.1/tools/{slug}",
    Credential::Project,
);
/// Not idempotent (POST): retried only when the request never left this machine.
static EXECUTE: Operation = Operation::new(
    "tools.execute",
    Method::POST,
    "/api/v3.1/tools/execute/{slug}",
    Credential::Project,
);

/// `client.tools()`: list, iterate, get and execute tools.
#[derive(Clone, Copy)]
pub struct Tools<'a> {
    pub(crate) client: &'a Client,
}

impl Tools<'_> {
    pub async fn list(self, params: &ToolListParams) -> Result<Page<Tool>> {
        let call = Call::new(&LIST, LIST.template).query(params.query()?);
        self.client.send(call).await
    }

    /// Every tool matching the filters, page after page, each page fetched when it is reached.
    pub fn iter(self, params: ToolListParams) -> Result<Pager<Tool>> {
        params.query()?;
        let client = self.client.clone();
        let first = params.cursor.clone();
        Ok(Pager::new(first, move |cursor| {
            let client = client.clone();
            let params = ToolListParams {
                cursor,
                ..params.clone()
            };
            Box::pin(async move { client.tools().list(&params).await })
        }))
    }

    /// `version` pins a toolkit version; `None` means the latest.
    pub async fn get(self, slug: &str, version: Option<&str>) -> Result<Tool> {
        let path = format!("/api/v3.1/tools/{}", segment("tool slug", slug)?);
        let query = version
            .map(|v| vec![("version".to_string(), v.to_string())])
            .unwrap_or_default();
        self.client.send(Call::new(&GET, path).query(query)).await
    }

    pub async fn execute(self, slug: &str, params: &ExecuteParams) -> Result<ToolExecution> {
        params.validate()?;
        let path = format!("/api/v3.1/tools/execute/{}", segment("tool slug", slug)?);
        self.client
            .send(Call::new(&EXECUTE, path).json_body(params)?)
            .await
    }
}
