//! The portal's export and import buttons (on the tokens page): the same
//! export and the same all-or-nothing import as `/api/export` and `/api/import`.

use axum::{
    Router,
    extract::{DefaultBodyLimit, Multipart, Query, State},
    http::header,
    response::{IntoResponse, Redirect},
    routing::{get, post},
};
use serde::Deserialize;
use tasklink_core::{
    export::{self, MAX_IMPORT_BYTES},
    time::settings,
};

use super::{PageError, PageResult, check_csrf, tokens::TokensPage};
use crate::{AppState, error::ApiError, extract::PageUser};

pub(super) fn routes() -> Router<AppState> {
    Router::new().route("/app/export", get(download)).route(
        "/app/import",
        // The file plus the form's other fields and multipart framing.
        post(upload).layer(DefaultBodyLimit::max(MAX_IMPORT_BYTES + 64 * 1024)),
    )
}

#[derive(Deserialize)]
struct DownloadQuery {
    format: Option<String>,
}

/// A download link, so no CSRF token: a GET that changes nothing.
async fn download(
    State(state): State<AppState>,
    user: PageUser,
    Query(q): Query<DownloadQuery>,
) -> PageResult {
    let document = export::export(&state.core.db, user.id).await?;
    Ok(if q.format.as_deref() == Some("csv") {
        (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"tasklink.csv\"",
                ),
            ],
            export::to_csv(&document),
        )
            .into_response()
    } else {
        (
            [(
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"tasklink.json\"",
            )],
            axum::Json(document),
        )
            .into_response()
    })
}

async fn upload(State(state): State<AppState>, user: PageUser, mut form: Multipart) -> PageResult {
    let mut csrf = None;
    let mut file = None;
    while let Some(field) = form.next_field().await.map_err(bad_upload)? {
        match field.name() {
            Some("csrf") => csrf = Some(field.text().await.map_err(bad_upload)?),
            Some("file") => file = Some(field.bytes().await.map_err(bad_upload)?),
            _ => {}
        }
    }
    check_csrf(&user, csrf.as_deref().unwrap_or(""))?;
    let file = file.unwrap_or_default();
    // A Tasklink export is a JSON object; anything else is read as CSV.
    let content = file.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&file);
    let is_json = content.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{');
    let zone = settings::load(&state.core.db, user.id).await?.zone();
    let now = state.core.clock.now();
    let parsed = if is_json {
        export::parse_json(content, now, &zone)
    } else {
        export::parse_csv(&file, now, &zone)
    };
    let imported = match parsed {
        Ok(import) => export::import(&state.core.db, user.id, import, now).await,
        Err(e) => Err(e),
    };
    match imported {
        Ok(_) => Ok(Redirect::to("/app/tokens?notice=imported").into_response()),
        Err(e) => {
            let e = ApiError::from(e);
            if e.status().is_server_error() {
                return Err(e.into());
            }
            let mut page = TokensPage::load(&state, &user).await?;
            page.error = Some(format!("Nothing was imported: {}", e.message()));
            Err(PageError::page((e.status(), page)))
        }
    }
}

fn bad_upload(e: axum::extract::multipart::MultipartError) -> ApiError {
    ApiError::new(e.status(), "invalid_upload", e.body_text())
}
