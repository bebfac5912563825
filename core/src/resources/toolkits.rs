use reqwest::Method;

use super::params::ToolkitListParams;
use super::path::segment;
use crate::client::{Client, Credential};
use crate::error::Result;
use crate::models::{Page, Toolkit};
use crate::pagination::Pager;
use crate::transport::{Call, Operation};

static LIST: Operation = Operation::new(
    "toolkits.list",
    Method::GET,
    "/api/v3.1/toolkits",
    Credential::Project,
);
static GET: Operation = Operation::new(
    "toolkits.get",
    Method::GET,
    "/api/v3.1/toolkits/{slug}",
    Credential::Project,
);

/// `client.toolkits()`: list, iterate and get toolkits.
#[derive(Clone, Copy)]
pub struct Toolkits<'a> {
    pub(crate) client: &'a Client,
}

impl Toolkits<'_> {
    pub async fn list(self, params: &ToolkitListParams) -> Result<Page<Toolkit>> {
        self.client
            .send(Call::new(&LIST, LIST.template).query(params.query()?))
            .await
    }

    pub fn iter(self, params: ToolkitListParams) -> Result<Pager<Toolkit>> {
        params.query()?;
        let client = self.client.clone();
        let first = params.cursor.clone();
        Ok(Pager::new(first, move |cursor| {
            let client = client.clone();
            let params = ToolkitListParams {
                cursor,
                ..params.clone()
            };
            Box::pin(async move { client.toolkits().list(&params).await })
        }))
    }

    pub async fn get(self, slug: &str) -> Result<Toolkit> {
        let path = format!("/api/v3.1/toolkits/{}", segment("toolkit slug", slug)?);
        self.client.send(Call::new(&GET, path)).await
    }
}
