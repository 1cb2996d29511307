//! The JSON API. Every route is registered through [`Routes`], which also
//! lists it, so the generated OpenAPI document can be checked against what
//! is served.

mod accounts;
mod calendar;
pub(crate) mod chat;
mod docs;
mod export;
pub(crate) mod links;
pub(crate) mod openapi;
mod schemas;
mod tasks;
pub(crate) mod time;
mod tokens;

use axum::{
    Json, Router,
    extract::State,
    handler::Handler,
    http::{Method, StatusCode},
    routing::{MethodFilter, on},
};

pub(crate) use links::LinkOffer;

use crate::AppState;

pub struct Routes {
    pub(crate) router: Router<AppState>,
    /// (method, path) of every route, in registration order.
    pub listed: Vec<(Method, &'static str)>,
}

impl Routes {
    fn add<H, T>(mut self, method: Method, path: &'static str, handler: H) -> Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        let filter = MethodFilter::try_from(method.clone()).expect("a standard HTTP method");
        self.router = self.router.route(path, on(filter, handler));
        self.listed.push((method, path));
        self
    }
}

/// The API routes, as served and as listed for the OpenAPI check.
pub fn routes() -> Routes {
    let routes = Routes {
        router: Router::new(),
        listed: Vec::new(),
    };
    routes
        .add(Method::POST, "/api/auth/signup", accounts::sign_up)
        .add(Method::POST, "/api/auth/login", accounts::log_in)
        .add(Method::POST, "/api/auth/logout", accounts::log_out)
        .add(Method::GET, "/api/me", accounts::me)
        .add(Method::POST, "/api/auth/password", accounts::change_password)
        .add(Method::POST, "/api/auth/logout-all", accounts::log_out_everywhere)
        .add(Method::DELETE, "/api/me", accounts::delete_account)
        .add(Method::POST, "/api/auth/reset", accounts::request_reset)
        .add(Method::POST, "/api/auth/reset/confirm", accounts::confirm_reset)
        .add(Method::POST, "/api/link-tokens", links::create_token)
        .add(Method::GET, "/api/links", links::list)
        .add(Method::DELETE, "/api/links/{id}", links::unlink)
        .add(Method::GET, "/api/tasks", tasks::list)
        .add(Method::POST, "/api/tasks", tasks::create)
        .add(Method::PATCH, "/api/tasks/{number}", tasks::update)
        .add(Method::DELETE, "/api/tasks/{number}", tasks::delete)
        .add(Method::GET, "/api/tokens", tokens::list)
        .add(Method::POST, "/api/tokens", tokens::create)
        .add(Method::DELETE, "/api/tokens/{id}", tokens::revoke)
        .add(Method::GET, "/api/export", export::export)
        .add(Method::POST, "/api/import", export::import)
        .add(Method::POST, "/api/settings/ical-token", calendar::rotate)
        .add(Method::GET, "/ical/{file}", calendar::feed)
        .add(Method::POST, "/api/tasks/{number}/snooze", tasks::snooze)
        .add(Method::GET, "/api/agenda", time::agenda)
        .add(Method::GET, "/api/settings", time::get_settings)
        .add(Method::PATCH, "/api/settings", time::patch_settings)
        .add(Method::POST, "/api/parse", time::parse)
        .add(Method::POST, "/api/chat", chat::send)
        .add(Method::GET, "/api/conversations/{id}/messages", chat::history)
        .add(Method::GET, "/api/openapi.json", openapi_json)
        .add(Method::GET, "/api/docs", docs::page)
        .add(Method::GET, "/healthz", healthz)
        .add(Method::GET, "/readyz", readyz)
        .add(Method::GET, "/metrics", metrics)
}

/// This document
#[utoipa::path(get, path = "/api/openapi.json", tag = "operations", operation_id = "openapi_document", responses(
    (status = 200, description = "The OpenAPI 3.1 document", content_type = "application/json", body = Object),
))]
async fn openapi_json() -> Json<&'static utoipa::openapi::OpenApi> {
    Json(openapi::document())
}

/// Liveness
#[utoipa::path(get, path = "/healthz", tag = "operations", responses(
    (status = 200, description = "The process serves requests", content_type = "text/plain", body = String),
))]
async fn healthz() -> &'static str {
    "ok"
}

/// Readiness
///
/// Ready when the database answers.
#[utoipa::path(get, path = "/readyz", tag = "operations", responses(
    (status = 200, description = "Ready", content_type = "text/plain", body = String),
    (status = 503, description = "The database does not answer", content_type = "text/plain", body = String),
))]
async fn readyz(State(state): State<AppState>) -> (StatusCode, &'static str) {
    match sqlx::query("SELECT 1").execute(&state.core.db).await {
        Ok(_) => (StatusCode::OK, "ready"),
        Err(e) => {
            tracing::warn!(error.cause_chain = ?e, "database not ready");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
        }
    }
}

/// Prometheus metrics
#[utoipa::path(get, path = "/metrics", tag = "operations", responses(
    (status = 200, description = "Prometheus text exposition format", content_type = "text/plain", body = String),
))]
async fn metrics(State(state): State<AppState>) -> ([(&'static str, &'static str); 1], String) {
    (
        [("content-type", "text/plain; version=0.0.4")],
        state.metrics.render(),
    )
}
