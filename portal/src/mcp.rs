//! The MCP server at `/mcp`: the agent's task tools over the Model Context
//! Protocol (streamable HTTP), for the person whose personal access token
//! signs the request.
//!
//! The tools are data ([`tools::TOOLS`]), so the handler implements
//! [`ServerHandler`] by hand instead of rmcp's `#[tool]` macros: the list is
//! made from `TOOLS`, every call goes through [`tools::execute`], and the
//! answer is the same JSON the model reads back. Stateless (no MCP sessions),
//! so any replica can answer any request.
//!
//! Who is calling: [`authenticate`] runs in front of the rmcp service, turns
//! the bearer token into a [`McpCaller`] and puts it in the request's
//! extensions; rmcp hands the request's `http::request::Parts` to the handler
//! in `RequestContext::extensions`, where [`caller`] reads it back. Arguments
//! never choose the user: a `user_id` in them is ignored by `execute`.

use std::sync::{Arc, LazyLock};

use axum::{
    extract::{Request, State},
    http::request::Parts,
    middleware::Next,
    response::{IntoResponse, Response},
};
use rmcp::{
    ErrorData, RoleServer, ServerHandler,
    model::{
        CallToolRequestParams, CallToolResponse, CallToolResult, ContentBlock, Implementation,
        ListToolsResult, PaginatedRequestParams, ServerCapabilities, ServerConfig, Tool,
    },
    service::RequestContext,
    transport::streamable_http_server::{
        StreamableHttpServerConfig, StreamableHttpService, session::never::NeverSessionManager,
    },
};
use serde_json::Value;
use sqlx::PgPool;
use tasklink_core::{
    Core, access_tokens,
    accounts::UserId,
    agent::tools::{self, TOOLS},
    clock::Clock,
};

use crate::{
    AppState, MAX_BODY_BYTES,
    error::ApiError,
    extract::{access_token_owner, bearer},
};

/// The owner of the personal access token a request to `/mcp` carries.
#[derive(Clone, Copy, Debug)]
pub(crate) struct McpCaller(UserId);

/// The rmcp service to nest at `/mcp`, behind [`authenticate`].
pub(crate) fn service(core: &Core) -> StreamableHttpService<TaskTools, NeverSessionManager> {
    let (db, clock) = (core.db.clone(), core.clock.clone());
    StreamableHttpService::new(
        move || {
            Ok(TaskTools {
                db: db.clone(),
                clock: clock.clone(),
            })
        },
        Arc::new(NeverSessionManager::default()),
        StreamableHttpServerConfig::default()
            .with_legacy_session_mode(false)
            .with_json_response(true)
            .with_sse_keep_alive(None)
            .with_max_request_body_bytes(MAX_BODY_BYTES)
            .with_allowed_hosts(allowed_hosts(&core.config.public_url)),
    )
}

/// The `Host` values the endpoint answers (rmcp refuses others, against DNS
/// rebinding): the public address's host, and loopback for local clients.
fn allowed_hosts(public_url: &str) -> Vec<String> {
    let authority = public_url
        .split_once("://")
        .map_or(public_url, |(_, rest)| rest)
        .split(['/', '?', '#'])
        .next()
        .unwrap_or_default();
    let authority = authority.rsplit_once('@').map_or(authority, |(_, host)| host);
    let mut hosts = vec!["localhost".to_owned(), "127.0.0.1".to_owned(), "::1".to_owned()];
    if !authority.is_empty() && !hosts.iter().any(|h| h == authority) {
        hosts.push(authority.to_owned());
    }
    hosts
}

/// Lets through only requests with a valid personal access token, and
/// records whose it is. Session JWTs are not accepted here: MCP clients hold
/// long-lived credentials, and those are what tokens are for.
pub(crate) async fn authenticate(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let owner = match bearer(request.headers()) {
        Ok(token) if access_tokens::looks_like_token(token) => access_token_owner(&state, token).await,
        Ok(_) => Err(ApiError::unauthorized(
            "the MCP endpoint takes a personal access token (tl_pat_…); create one at /app/tokens",
        )),
        Err(e) => Err(e),
    };
    match owner {
        Ok(user) => {
            request.extensions_mut().insert(McpCaller(user));
            next.run(request).await
        }
        Err(e) => e.into_response(),
    }
}

fn caller(context: &RequestContext<RoleServer>) -> Result<UserId, ErrorData> {
    context
        .extensions
        .get::<Parts>()
        .and_then(|parts| parts.extensions.get::<McpCaller>())
        .map(|c| c.0)
        .ok_or_else(|| ErrorData::invalid_request("not authenticated", None))
}

/// The tools as MCP lists them, made once from the agent's definitions.
fn tool_list() -> &'static [Tool] {
    static LIST: LazyLock<Vec<Tool>> = LazyLock::new(|| {
        TOOLS
            .iter()
            .map(|spec| {
                let schema = match (spec.parameters)() {
                    Value::Object(schema) => schema,
                    _ => serde_json::Map::new(),
                };
                Tool::new(spec.name, spec.description, schema)
            })
            .collect()
    });
    &LIST
}

/// One instance per request (the service is stateless).
#[derive(Clone)]
pub(crate) struct TaskTools {
    db: PgPool,
    clock: Clock,
}

impl ServerHandler for TaskTools {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(ServerCapabilities::builder().enable_tools().build())
            .with_server_info(Implementation::new("tasklink", env!("CARGO_PKG_VERSION")))
            .with_instructions(
                "The task list of the person whose access token you use. Tasks are named by their \
                 number (#3 is task_number 3); list_tasks finds a number from a title.",
            )
    }

    async fn list_tools(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListToolsResult, ErrorData> {
        Ok(ListToolsResult::with_all_items(tool_list().to_vec()))
    }

    async fn call_tool(
        &self,
        request: CallToolRequestParams,
        context: RequestContext<RoleServer>,
    ) -> Result<CallToolResponse, ErrorData> {
        let user = caller(&context)?;
        if !TOOLS.iter().any(|t| t.name == request.name) {
            return Err(ErrorData::invalid_params(
                format!(
                    "unknown tool `{}`",
                    request.name.chars().take(64).collect::<String>()
                ),
                None,
            ));
        }
        let arguments = Value::Object(request.arguments.unwrap_or_default());
        let ctx = tools::ToolContext::load(&self.db, user, self.clock.now());
        let record = async { tools::execute(&ctx.await?, &request.name, arguments).await }
            .await
            .map_err(|e: sqlx::Error| {
                // The edge for MCP: the HTTP answer is a 200 carrying a JSON-RPC
                // error, so the request middleware will not log this one.
                tracing::error!(
                    tool = %request.name,
                    %user,
                    error.cause_chain = %format_args!("{:#}", anyhow::Error::from(e)),
                    "MCP tool call failed"
                );
                ErrorData::internal_error("something went wrong on our side", None)
            })?;
        let text = serde_json::to_string(&record.result)
            .map_err(|_| ErrorData::internal_error("the result could not be encoded", None))?;
        let content = vec![ContentBlock::text(text)];
        Ok(if record.failed() {
            CallToolResult::error(content)
        } else {
            CallToolResult::success(content)
        }
        .into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allowed_hosts_follow_the_public_url() {
        assert_eq!(
            allowed_hosts("https://tasks.example.com"),
            ["localhost", "127.0.0.1", "::1", "tasks.example.com"]
        );
        assert_eq!(
            allowed_hosts("http://tasks.example.com:8443/base")[3],
            "tasks.example.com:8443"
        );
        assert_eq!(allowed_hosts("http://localhost").len(), 3);
    }

    #[test]
    fn the_tool_list_is_the_agents() {
        let names: Vec<&str> = tool_list().iter().map(|t| t.name.as_ref()).collect();
        let agent: Vec<&str> = TOOLS.iter().map(|t| t.name).collect();
        assert_eq!(names, agent);
        assert_eq!(
            Value::Object((*tool_list()[0].input_schema).clone()),
            (TOOLS[0].parameters)()
        );
    }
}
