//! The API's one error type: `{"error": {"code", "message", "field"?}}` with
//! the right status. Internal failures are shown as a generic 500; their cause
//! rides along in the response's extensions and is logged once, with its chain,
//! by the request middleware.

use std::{fmt, sync::Arc, time::Duration};

use axum::{
    Json,
    extract::rejection::{JsonRejection, PathRejection, QueryRejection},
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use serde_json::json;
use tasklink_core::{
    access_tokens::AccessTokenError,
    accounts::{AccountError, reset::ResetError},
    agent::AgentError,
    conversations::{ConversationError, PageQueryError},
    export::ImportError,
    linking::LinkError,
    sessions::SessionError,
    tasks::TaskError,
    time::settings::SettingsError,
};

pub(crate) type Result<T, E = ApiError> = std::result::Result<T, E>;

#[derive(Debug)]
pub(crate) struct ApiError {
    status: StatusCode,
    code: &'static str,
    message: String,
    field: Option<String>,
    retry_after: Option<Duration>,
    cause: Option<Cause>,
}

/// Why a request failed on our side, for the log only.
#[derive(Clone)]
pub(crate) struct Cause(Arc<dyn std::error::Error + Send + Sync>);

impl fmt::Debug for Cause {
    /// The error and each of its sources: `a: b: c`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)?;
        let mut source = self.0.source();
        while let Some(e) = source {
            write!(f, ": {e}")?;
            source = e.source();
        }
        Ok(())
    }
}

impl ApiError {
    pub(crate) fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
            field: None,
            retry_after: None,
            cause: None,
        }
    }

    pub(crate) fn with_field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }

    pub(crate) fn status(&self) -> StatusCode {
        self.status
    }

    pub(crate) fn message(&self) -> &str {
        &self.message
    }

    pub(crate) fn not_found(what: &str) -> Self {
        Self::new(StatusCode::NOT_FOUND, "not_found", format!("{what} not found"))
    }

    pub(crate) fn unauthorized(message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "unauthorized", message)
    }

    /// A personal access token on a route that needs a log-in session.
    pub(crate) fn session_required() -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            "session_required",
            "this route needs a session from log-in; personal access tokens cannot manage tokens, the password or the account",
        )
    }

    pub(crate) fn rate_limited(retry_after: Duration) -> Self {
        let mut e = Self::new(
            StatusCode::TOO_MANY_REQUESTS,
            "rate_limited",
            format!(
                "too many requests; try again in {} seconds",
                retry_after.as_secs().max(1)
            ),
        );
        e.retry_after = Some(retry_after);
        e
    }

    /// A failure that is ours, not the client's: never detailed to the client,
    /// logged by the middleware.
    pub(crate) fn internal(error: impl std::error::Error + Send + Sync + 'static) -> Self {
        let mut e = Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "something went wrong on our side",
        );
        e.cause = Some(Cause(Arc::new(error)));
        e
    }

    /// Carries the cause of an internal failure to the middleware that logs it.
    pub(crate) fn attach_cause(&self, response: &mut Response) {
        if let Some(cause) = &self.cause {
            response.extensions_mut().insert(cause.clone());
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut body = json!({"code": self.code, "message": self.message});
        let cause = self.cause;
        if let Some(field) = self.field {
            body["field"] = field.into();
        }
        let mut response = (self.status, Json(json!({ "error": body }))).into_response();
        if let Some(wait) = self.retry_after {
            let secs = wait.as_secs().max(1).to_string();
            if let Ok(value) = HeaderValue::from_str(&secs) {
                response.headers_mut().insert(header::RETRY_AFTER, value);
            }
        }
        if self.status == StatusCode::UNAUTHORIZED {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        if let Some(cause) = cause {
            response.extensions_mut().insert(cause);
        }
        response
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(e: sqlx::Error) -> Self {
        Self::internal(e)
    }
}

impl From<TaskError> for ApiError {
    fn from(e: TaskError) -> Self {
        let status = match &e {
            TaskError::NotFound(_) => StatusCode::NOT_FOUND,
            TaskError::Database(_) => return Self::internal(e),
            _ => StatusCode::UNPROCESSABLE_ENTITY,
        };
        let field = e.field();
        let error = Self::new(status, e.code(), e.to_string());
        match field {
            Some(f) => error.with_field(f),
            None => error,
        }
    }
}

impl From<SettingsError> for ApiError {
    fn from(e: SettingsError) -> Self {
        match e {
            SettingsError::Invalid { field, code, message } => {
                Self::new(StatusCode::UNPROCESSABLE_ENTITY, code, message).with_field(field)
            }
            SettingsError::Database(e) => Self::internal(e),
        }
    }
}

impl From<AccountError> for ApiError {
    fn from(e: AccountError) -> Self {
        match e {
            AccountError::InvalidEmail => {
                Self::new(StatusCode::UNPROCESSABLE_ENTITY, e.code(), e.to_string()).with_field("email")
            }
            AccountError::WeakPassword(_) => {
                Self::new(StatusCode::UNPROCESSABLE_ENTITY, e.code(), e.to_string()).with_field("password")
            }
            AccountError::EmailTaken => {
                Self::new(StatusCode::CONFLICT, e.code(), e.to_string()).with_field("email")
            }
            AccountError::InvalidCredentials | AccountError::WrongPassword => {
                Self::new(StatusCode::UNAUTHORIZED, e.code(), e.to_string())
            }
            AccountError::NotFound => Self::unauthorized("the account no longer exists"),
            AccountError::Hashing(_) | AccountError::Database(_) => Self::internal(e),
        }
    }
}

impl From<ResetError> for ApiError {
    fn from(e: ResetError) -> Self {
        match e {
            ResetError::InvalidToken => {
                Self::new(StatusCode::BAD_REQUEST, "invalid_token", e.to_string()).with_field("token")
            }
            ResetError::Account(e) => e.into(),
            ResetError::Database(e) => Self::internal(e),
        }
    }
}

impl From<PageQueryError> for ApiError {
    fn from(e: PageQueryError) -> Self {
        let (code, field) = match e {
            PageQueryError::InvalidLimit => ("invalid_limit", "limit"),
            PageQueryError::InvalidCursor => ("invalid_cursor", "before"),
        };
        Self::new(StatusCode::UNPROCESSABLE_ENTITY, code, e.to_string()).with_field(field)
    }
}

impl From<SessionError> for ApiError {
    fn from(e: SessionError) -> Self {
        match e {
            SessionError::Database(e) => Self::internal(e),
            other => Self::unauthorized(other.to_string()),
        }
    }
}

impl From<AccessTokenError> for ApiError {
    fn from(e: AccessTokenError) -> Self {
        match e {
            AccessTokenError::InvalidName => {
                Self::new(StatusCode::UNPROCESSABLE_ENTITY, e.code(), e.to_string()).with_field("name")
            }
            AccessTokenError::TooMany => Self::new(StatusCode::CONFLICT, e.code(), e.to_string()),
            AccessTokenError::Database(e) => Self::internal(e),
        }
    }
}

impl From<ImportError> for ApiError {
    fn from(e: ImportError) -> Self {
        let status = match &e {
            ImportError::Database(_) => return Self::internal(e),
            ImportError::TooMany => StatusCode::PAYLOAD_TOO_LARGE,
            _ => StatusCode::UNPROCESSABLE_ENTITY,
        };
        let error = Self::new(status, e.code(), e.to_string());
        match e.field() {
            Some(f) => error.with_field(f),
            None => error,
        }
    }
}

impl From<LinkError> for ApiError {
    fn from(e: LinkError) -> Self {
        Self::internal(e)
    }
}

impl From<ConversationError> for ApiError {
    fn from(e: ConversationError) -> Self {
        match e {
            ConversationError::NotFound => Self::not_found("conversation"),
            ConversationError::Database(e) => Self::internal(e),
        }
    }
}

impl From<AgentError> for ApiError {
    fn from(e: AgentError) -> Self {
        match e {
            AgentError::EmptyMessage | AgentError::MessageTooLong(_) | AgentError::NulCharacter => {
                Self::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_message", e.to_string())
                    .with_field("message")
            }
            AgentError::ConversationNotFound => Self::not_found("conversation"),
            AgentError::Busy => Self::new(StatusCode::CONFLICT, "busy", e.to_string()),
            AgentError::Database(e) => Self::internal(e),
        }
    }
}

impl From<JsonRejection> for ApiError {
    fn from(rejection: JsonRejection) -> Self {
        let code = match &rejection {
            JsonRejection::JsonDataError(_) => "invalid_field",
            JsonRejection::JsonSyntaxError(_) => "malformed_json",
            JsonRejection::MissingJsonContentType(_) => "unsupported_media_type",
            _ if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => "payload_too_large",
            _ => "invalid_body",
        };
        let message = rejection.body_text();
        let field = field_of(&message);
        let error = Self::new(rejection.status(), code, message);
        match field {
            Some(f) => error.with_field(f),
            None => error,
        }
    }
}

impl From<PathRejection> for ApiError {
    fn from(rejection: PathRejection) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "invalid_path", rejection.body_text())
    }
}

impl From<QueryRejection> for ApiError {
    fn from(rejection: QueryRejection) -> Self {
        Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_query",
            rejection.body_text(),
        )
    }
}

/// The field a JSON data error is about: serde says "missing field `email`",
/// and axum prefixes type errors with the field's path ("title: invalid type").
fn field_of(message: &str) -> Option<String> {
    for marker in ["missing field `", "unknown field `"] {
        if let Some(start) = message.find(marker).map(|i| i + marker.len()) {
            let len = message[start..].find('`')?;
            return Some(message[start..start + len].to_owned());
        }
    }
    let detail = message.split_once("target type: ")?.1;
    let (path, _) = detail.split_once(": ")?;
    (!path.is_empty() && !path.contains(' ')).then(|| path.to_owned())
}
