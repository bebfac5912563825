//! `composio-rs mcp`: one user's Composio tools (a selection, or a session's meta tools) served to an MCP client
//! over stdio with the official Rust SDK (rmcp). The core's toolset in its MCP format does the work: the tool
//! list (every page, names within limits), and each call run as the user, its failure an MCP tool error (the
//! client reads why), never a crashed server.

use clap::{Arg, ArgAction, ArgMatches, Command};
use composio::agent::{Format, Toolset, ToolsetOptions};
use composio::Client;
use rmcp::model::{
    CallToolRequestParams, CallToolResponse, CallToolResult, Implementation, ListToolsResult,
    PaginatedRequestParams, ServerCapabilities, ServerConfig, Tool,
};
use rmcp::service::{RequestContext, RoleServer};
use rmcp::{ErrorData as McpError, ServerHandler, ServiceExt};
use serde_json::{json, Value};

use crate::exit::Failure;

/// The `mcp` group's command, which also serves: with the server's flags and no operation, it serves.
pub fn merged_into(group: Command, operations: &str) -> Command {
    let list = |name: &'static str, help: &'static str| {
        Arg::new(name)
            .long(name)
            .value_delimiter(',')
            .action(ArgAction::Append)
            .help(help)
    };
    group
        .subcommand_required(false)
        .args_conflicts_with_subcommands(true)
        .about(format!(
            "Serves a user's Composio tools to an MCP client over stdio (--user-id …); or, with an operation: {}",
            operations.trim_end_matches('.').to_lowercase()
        ))
        .long_about(
            "Serves a user's Composio tools to an MCP client over stdio: the tools of --toolkits (and --tools, \
             --search) for --user-id, or a tool router session's meta tools (--session). Each call runs as the \
             user; a failed call is an MCP tool error the client reads. Configure the client to run \
             `composio-rs mcp --user-id USER --toolkits github` with COMPOSIO_API_KEY in its environment.",
        )
        .arg(Arg::new("user-id").long("user-id").value_name("USER_ID").help("The end user the tools run as"))
        .arg(list("toolkits", "Every tool of these toolkits (comma-separated)"))
        .arg(list("tools", "These tools, by slug (comma-separated)"))
        .arg(Arg::new("search").long("search").help("The tools a search finds (within --toolkits when given)"))
        .arg(
            Arg::new("http")
                .long("http")
                .value_name("ADDRESS")
                .help("Serve streamable HTTP at http://ADDRESS/mcp instead of stdio (e.g. 127.0.0.1:8765; port 0 picks one, printed on standard error)"),
        )
        .arg(
            Arg::new("session")
                .long("session")
                .value_name("SESSION_ID")
                .conflicts_with_all(["user-id", "toolkits", "tools", "search"])
                .help("A tool router session's meta tools instead of a selection"),
        )
}

/// Builds the toolset, then serves until the client closes standard input.
pub async fn serve(client: &Client, matches: &ArgMatches) -> Result<(), Failure> {
    let toolset = toolset(client, matches).await?;
    let tools = toolset
        .definitions()
        .iter()
        .map(|d| serde_json::from_value::<Tool>(d.clone()))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| Failure::usage(format!("a tool definition is not an MCP tool: {e}")))?;
    let server = Server {
        toolset,
        tools: std::sync::Arc::new(tools),
    };
    if let Some(address) = matches.get_one::<String>("http") {
        return serve_http(server, address).await;
    }
    let running = server
        .serve(rmcp::transport::stdio())
        .await
        .map_err(|e| Failure::usage(format!("the MCP client did not start a session: {e}")))?;
    running
        .waiting()
        .await
        .map_err(|e| Failure::usage(format!("the MCP server stopped: {e}")))?;
    Ok(())
}

/// Streamable HTTP on `address` (`/mcp`), one MCP session per client, until the process is stopped. Only
/// loopback host names are accepted in `Host` (rmcp's default), so a page in a browser cannot reach it.
async fn serve_http(server: Server, address: &str) -> Result<(), Failure> {
    use rmcp::transport::streamable_http_server::session::local::LocalSessionManager;
    use rmcp::transport::{StreamableHttpServerConfig, StreamableHttpService};

    let listener = tokio::net::TcpListener::bind(address)
        .await
        .map_err(|e| Failure::usage(format!("--http {address}: {e}")))?;
    let bound = listener
        .local_addr()
        .map_err(|e| Failure::usage(format!("--http {address}: {e}")))?;
    let service = StreamableHttpService::new(
        move || Ok(server.clone()),
        std::sync::Arc::new(LocalSessionManager::default()),
        StreamableHttpServerConfig::default(),
    );
    let router = axum::Router::new().nest_service("/mcp", service);
    eprintln!("composio-rs mcp: serving http://{bound}/mcp");
    axum::serve(listener, router)
        .await
        .map_err(|e| Failure::usage(format!("the MCP server stopped: {e}")))
}

async fn toolset(client: &Client, matches: &ArgMatches) -> Result<Toolset, Failure> {
    let options = ToolsetOptions {
        format: Format::Mcp,
        ..Default::default()
    };
    if let Some(id) = matches.get_one::<String>("session") {
        let session = client.sessions().get(id).await?;
        return Ok(session.toolset(options).await?);
    }
    let strings = |name: &str| -> Vec<String> {
        matches
            .get_many::<String>(name)
            .into_iter()
            .flatten()
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect()
    };
    let user_id = matches
        .get_one::<String>("user-id")
        .cloned()
        .ok_or_else(|| Failure::usage("mcp needs --user-id (or --session)"))?;
    let options = ToolsetOptions {
        user_id,
        toolkits: strings("toolkits"),
        tools: strings("tools"),
        search: matches.get_one::<String>("search").cloned(),
        ..options
    };
    Ok(client.toolset(options).await?)
}

#[derive(Clone)]
struct Server {
    toolset: Toolset,
    tools: std::sync::Arc<Vec<Tool>>,
}

impl ServerHandler for Server {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(ServerCapabilities::builder().enable_tools().build())
            .with_server_info(Implementation::new(
                "composio-rs",
                env!("CARGO_PKG_VERSION"),
            ))
            .with_instructions("A user's Composio tools: each call runs as that user.")
    }

    async fn list_tools(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListToolsResult, McpError> {
        Ok(ListToolsResult::with_all_items(self.tools.as_ref().clone()))
    }

    async fn call_tool(
        &self,
        request: CallToolRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<CallToolResponse, McpError> {
        // The core reads the call in its MCP form and answers a CallToolResult: a failure (an unknown tool, bad
        // arguments, the API refusing) is `isError` with the reason as text.
        let call =
            json!({"name": request.name, "arguments": request.arguments.unwrap_or_default()});
        let outputs = self
            .toolset
            .handle(&call)
            .await
            .map_err(|e| McpError::invalid_params(e.to_string(), None))?;
        let output = outputs.into_iter().next().unwrap_or(Value::Null);
        let result: CallToolResult = serde_json::from_value(output)
            .map_err(|e| McpError::internal_error(format!("not a tool result: {e}"), None))?;
        Ok(result.into())
    }
}
