//! Request extractors: who is calling (bearer for the API, cookie for pages),
//! from where, and JSON/path/query bodies whose rejections use the API's error shape.

use std::net::{IpAddr, SocketAddr};

use axum::{
    extract::{ConnectInfo, FromRequest, FromRequestParts, Path, Query, Request},
    http::{HeaderMap, header, request::Parts},
    response::{IntoResponse, Redirect, Response},
};
use ipnet::IpNet;
use serde::de::DeserializeOwned;
use tasklink_core::{access_tokens, accounts::UserId, limits, sessions, tokens::Verified};

use crate::{AppState, error::ApiError};

/// The session cookie's name: with `__Host-` (Secure, Path=/, no Domain, so
/// no sibling domain can set or read it) whenever the portal is served over https.
pub(crate) fn session_cookie(config: &tasklink_core::Config) -> &'static str {
    if config.secure_cookies() {
        "__Host-tasklink_session"
    } else {
        "tasklink_session"
    }
}

/// The bearer credential of a request. Only the `Authorization` header is
/// read: a token in a query string ends up in logs and browser history, so it
/// is never accepted.
pub(crate) fn bearer(headers: &HeaderMap) -> Result<&str, ApiError> {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")))
        .map(str::trim)
        .ok_or_else(|| {
            ApiError::unauthorized(
                "send `Authorization: Bearer <token>` from log-in or a personal access token",
            )
        })
}

/// The caller of an API route, from `Authorization: Bearer` with either a
/// session JWT from log-in or a personal access token (`tl_pat_…`). Routes
/// that manage tokens, the password or the account take [`SessionUser`] instead.
pub(crate) struct ApiUser {
    pub(crate) id: UserId,
    /// The caller came with a personal access token rather than a log-in session.
    pub(crate) by_access_token: bool,
}

impl FromRequestParts<AppState> for ApiUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let token = bearer(&parts.headers)?;
        if access_tokens::looks_like_token(token) {
            let id = access_token_owner(state, token).await?;
            return Ok(Self {
                id,
                by_access_token: true,
            });
        }
        let session = sessions::verify(&state.core.db, &state.core.tokens, token).await?;
        Ok(Self {
            id: session.user,
            by_access_token: false,
        })
    }
}

/// The owner of a personal access token; unknown and revoked tokens are 401.
pub(crate) async fn access_token_owner(state: &AppState, token: &str) -> Result<UserId, ApiError> {
    access_tokens::authenticate(&state.core.db, token)
        .await?
        .ok_or_else(|| ApiError::unauthorized("the access token is not valid or was revoked"))
}

/// The caller of a route that manages credentials or the account (tokens,
/// password, log-out, deleting the account): only a session from log-in will
/// do. A personal access token is refused with 403 `session_required`, so a
/// leaked token cannot mint more tokens or take the account over.
pub(crate) struct SessionUser {
    pub(crate) id: UserId,
    pub(crate) session: Verified,
}

impl FromRequestParts<AppState> for SessionUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let token = bearer(&parts.headers)?;
        if access_tokens::looks_like_token(token) {
            // A bad token is still a 401; a good one is the wrong kind of credential.
            access_token_owner(state, token).await?;
            return Err(ApiError::session_required());
        }
        let session = sessions::verify(&state.core.db, &state.core.tokens, token).await?;
        Ok(Self {
            id: session.user,
            session,
        })
    }
}

/// The signed-in person on an HTML page, from the session cookie; others are
/// sent to the log-in page.
pub(crate) struct PageUser {
    pub(crate) id: UserId,
    pub(crate) session: Verified,
}

impl PageUser {
    /// The token every form of this session must carry (checked against
    /// cross-site request forgery): the session's id, which other sites cannot read.
    pub(crate) fn csrf(&self) -> &str {
        &self.session.jti
    }
}

impl FromRequestParts<AppState> for PageUser {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let Some(token) = cookie(&parts.headers, session_cookie(&state.core.config)) else {
            return Err(Redirect::to("/login").into_response());
        };
        match sessions::verify(&state.core.db, &state.core.tokens, token).await {
            Ok(session) => Ok(Self {
                id: session.user,
                session,
            }),
            Err(sessions::SessionError::Database(e)) => Err(ApiError::internal(e).into_response()),
            Err(_) => Err(Redirect::to("/login").into_response()),
        }
    }
}

/// The signed-in person if any (the landing page adapts to it).
pub(crate) struct MaybePageUser(pub(crate) Option<PageUser>);

impl FromRequestParts<AppState> for MaybePageUser {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        Ok(Self(PageUser::from_request_parts(parts, state).await.ok()))
    }
}

pub(crate) fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// The client's address, for rate limits: the socket peer, or, when the peer
/// is a proxy listed in `TASKLINK_TRUSTED_PROXIES`, the address that proxy
/// reports in `X-Forwarded-For`. The header is read from the right (each proxy
/// appends the address it saw) and the first address that is not itself a
/// trusted proxy is the client's; whatever a client wrote further left is ignored.
/// Shown (and used as a limit key) per IPv6 /64.
pub(crate) struct ClientAddr(pub(crate) Option<IpAddr>);

impl FromRequestParts<AppState> for ClientAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip());
        Ok(Self(peer.map(|peer| {
            client_behind(peer, &parts.headers, &state.core.config.trusted_proxies)
        })))
    }
}

fn client_behind(peer: IpAddr, headers: &HeaderMap, trusted: &[IpNet]) -> IpAddr {
    let is_trusted = |ip: IpAddr| trusted.iter().any(|net| net.contains(&limits::canonical(ip)));
    if !is_trusted(peer) {
        return peer;
    }
    let mut client = peer;
    let forwarded = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .collect::<Vec<_>>();
    for hop in forwarded.iter().rev() {
        match hop.trim().parse::<IpAddr>() {
            Ok(ip) => {
                client = ip;
                if !is_trusted(ip) {
                    break;
                }
            }
            // Garbage where an address should be: trust nothing further left.
            Err(_) => break,
        }
    }
    client
}

impl std::fmt::Display for ClientAddr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            Some(ip) => f.write_str(&limits::client_key(ip)),
            None => f.write_str("unknown"),
        }
    }
}

/// JSON body; a bad one answers in the API's error shape.
pub(crate) struct ApiJson<T>(pub(crate) T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        Ok(Self(axum::Json::<T>::from_request(req, state).await?.0))
    }
}

pub(crate) struct ApiPath<T>(pub(crate) T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for ApiPath<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        Ok(Self(Path::<T>::from_request_parts(parts, state).await?.0))
    }
}

pub(crate) struct ApiQuery<T>(pub(crate) T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        Ok(Self(Query::<T>::from_request_parts(parts, state).await?.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn client(peer: &str, xff: &[&str], trusted: &str) -> String {
        let mut headers = HeaderMap::new();
        for value in xff {
            headers.append("x-forwarded-for", value.parse().unwrap());
        }
        let trusted: Vec<IpNet> = trusted
            .split([',', ' '])
            .filter(|s| !s.is_empty())
            .map(|s| {
                s.parse()
                    .or_else(|_| s.parse::<IpAddr>().map(IpNet::from))
                    .unwrap()
            })
            .collect();
        client_behind(peer.parse().unwrap(), &headers, &trusted).to_string()
    }

    #[test]
    fn forwarded_for_is_believed_only_from_trusted_proxies() {
        // No trusted proxies: the header is ignored.
        assert_eq!(client("203.0.113.9", &["198.51.100.1"], ""), "203.0.113.9");
        // An untrusted peer cannot pick its own address.
        assert_eq!(
            client("203.0.113.9", &["198.51.100.1"], "10.0.0.0/8"),
            "203.0.113.9"
        );
        // Behind a trusted proxy: the address it appended.
        assert_eq!(
            client("10.0.0.2", &["198.51.100.1"], "10.0.0.0/8"),
            "198.51.100.1"
        );
        // A client's own forged entries further left are ignored.
        assert_eq!(
            client("10.0.0.2", &["1.1.1.1, 198.51.100.1"], "10.0.0.0/8"),
            "198.51.100.1"
        );
        // Two trusted proxies in a row, across two header lines.
        assert_eq!(
            client("10.0.0.2", &["6.6.6.6, 198.51.100.1", "10.0.0.3"], "10.0.0.0/8"),
            "198.51.100.1"
        );
        // A trusted proxy that sends no (or a broken) header: the proxy itself.
        assert_eq!(client("10.0.0.2", &[], "10.0.0.0/8"), "10.0.0.2");
        assert_eq!(client("10.0.0.2", &["not-an-ip"], "10.0.0.0/8"), "10.0.0.2");
    }
}
