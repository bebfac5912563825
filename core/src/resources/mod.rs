//! The operations of the API, grouped as users see them: `client.tools()`, `client.projects()`, …

mod params;
mod path;
mod project_settings;
mod projects;
mod raw;
mod toolkits;
mod tools;

pub use params::{
    CreateProjectParams, ExecuteParams, ProjectListParams, ToolListParams, ToolkitListParams,
};
pub use project_settings::ProjectSettingsApi;
pub use projects::Projects;
pub use raw::RawRequest;
pub use toolkits::Toolkits;
pub use tools::Tools;

use crate::client::Client;

impl Client {
    pub fn tools(&self) -> Tools<'_> {
        Tools { client: self }
    }
    pub fn toolkits(&self) -> Toolkits<'_> {
        Toolkits { client: self }
    }
    pub fn projects(&self) -> Projects<'_> {
        Projects { client: self }
    }
    pub fn project_settings(&self) -> ProjectSettingsApi<'_> {
        ProjectSettingsApi { client: self }
    }
}
