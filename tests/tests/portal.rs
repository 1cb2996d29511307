//! The portal over real HTTP: the JSON API, the HTML pages, and a real browser.

use reqwest::{StatusCode, header};
use serde_json::{Value, json};
use tasklink_core::{
    Core,
    accounts::UserId,
    linking::{self, LinkError, Platform, PlatformAccount},
    tokens::Audience,
};
use tasklink_tests::{
    fake_openai::{self, FakeOpenAi, Reply},
    fake_smtp::FakeSmtp,
    helpers::{TestDb, binary, free_port, spawn_portal, spawn_portal_with, terminate},
    webdriver::Browser,
};

struct Api {
    base: String,
    http: reqwest::Client,
    core: Core,
}

impl Api {
    async fn start(db: &TestDb, extra: &[(&'static str, String)]) -> Self {
        let core = Core::new(db.pool.clone(), db.config(extra));
        Self {
            base: spawn_portal(core.clone()).await,
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            core,
        }
    }

    async fn call(
        &self,
        method: reqwest::Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let mut request = self.http.request(method, format!("{}{path}", self.base));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.expect("request reaches the portal");
        let status = response.status();
        let text = response.text().await.unwrap();
        (status, serde_json::from_str(&text).unwrap_or(Value::String(text)))
    }

    async fn get(&self, path: &str, token: &str) -> (StatusCode, Value) {
        self.call(reqwest::Method::GET, path, Some(token), None).await
    }

    async fn post(&self, path: &str, token: Option<&str>, body: Value) -> (StatusCode, Value) {
        self.call(reqwest::Method::POST, path, token, Some(body)).await
    }

    async fn patch(&self, path: &str, token: &str, body: Value) -> (StatusCode, Value) {
        self.call(reqwest::Method::PATCH, path, Some(token), Some(body))
            .await
    }

    async fn delete(&self, path: &str, token: &str) -> (StatusCode, Value) {
        self.call(reqwest::Method::DELETE, path, Some(token), None).await
    }

    /// `POST /api/auth/{action}` with these credentials.
    async fn auth(&self, action: &str, email: &str, password: &str) -> (StatusCode, Value) {
        let body = json!({"email": email, "password": password});
        self.post(&format!("/api/auth/{action}"), None, body).await
    }

    /// Signs up and returns the bearer token.
    async fn sign_up(&self, email: &str) -> String {
        let (status, body) = self.auth("signup", email, "correct horse battery").await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        body["token"].as_str().unwrap().to_owned()
    }

    async fn raw(
        &self,
        path: &str,
        content_type: &str,
        body: impl Into<reqwest::Body>,
    ) -> (StatusCode, Value) {
        let response = self
            .http
            .post(format!("{}{path}", self.base))
            .header(header::CONTENT_TYPE, content_type)
            .body(body)
            .send()
            .await
            .unwrap();
        let status = response.status();
        (status, response.json().await.unwrap_or(Value::Null))
    }
}

impl Api {
    async fn page(&self, path: &str, session: &str) -> reqwest::Response {
        let request = self.http.get(format!("{}{path}", self.base));
        request.header(header::COOKIE, session).send().await.unwrap()
    }

    async fn post_form(&self, path: &str, session: Option<&str>, form: &[(&str, &str)]) -> reqwest::Response {
        let mut request = self.http.post(format!("{}{path}", self.base)).form(form);
        if let Some(session) = session {
            request = request.header(header::COOKIE, session);
        }
        request.send().await.unwrap()
    }

    /// Signs up through the HTML form; returns the whole `Set-Cookie` value.
    async fn form_sign_up(&self, email: &str) -> String {
        let signup = self
            .post_form(
                "/signup",
                None,
                &[("email", email), ("password", "correct horse battery")],
            )
            .await;
        assert_eq!(signup.status(), StatusCode::SEE_OTHER);
        signup.headers()[header::SET_COOKIE].to_str().unwrap().to_owned()
    }
}

/// The `name=value` part of a `Set-Cookie`, as a browser sends it back.
fn session_of(set_cookie: &str) -> String {
    set_cookie.split(';').next().unwrap().to_owned()
}

fn error_code(body: &Value) -> &str {
    body["error"]["code"]
        .as_str()
        .unwrap_or_else(|| panic!("not an error body: {body}"))
}

// ------------------------------------------------------------------ accounts

#[tokio::test]
async fn sign_up_and_log_in() {
    let db = TestDb::new().await;
    let api = Api::start(&db, &[]).await;

    let (status, body) = api
        .auth("signup", "  Ada@Example.com ", "correct horse battery")
        .await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(body["user"]["email"], "ada@example.com");
    assert!(body["user"]["id"].is_i64() && body["user"]["created_at"].is_string());
    let token = body["token"].as_str().unwrap();

    let (status, me) = api.get("/api/me", token).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(me["user"]["email"], "ada@example.com");
    assert_eq!(me["links"], json!([]));

    let (status, body) = api
        .auth("login", "ADA@example.com", "correct horse battery")
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["user"]["email"], "ada@example.com");
    let stored: String = sqlx::query_scalar("SELECT password_hash FROM users")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert!(stored.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{stored}");
}

#[tokio::test]
async fn sign_up_refuses_bad_input() {
    let db = TestDb::new().await;
    let api = Api::start(&db, &[]).await;
    api.sign_up("ada@example.com").await;

    let cases = [
        (
            json!({"email": "ADA@example.com", "password": "correct horse battery"}),
            StatusCode::CONFLICT,
            "email_taken",
            Some("email"),
        ),
        (
            json!({"email": "not-an-email", "password": "correct horse battery"}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_email",
            Some("email"),
        ),
        (
            json!({"email": "bob@example.com", "password": "short"}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "weak_password",
            Some("password"),
        ),
        (
            json!({"email": "bob@example.com", "password": "password123"}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "weak_password",
            Some("password"),
        ),
        (
            json!({"email": "bob@example.com", "password": "x".repeat(129)}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "weak_password",
            Some("password"),
        ),
        (
            json!({"email": "bob@example.com"}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_field",
            Some("password"),
        ),
        (
            json!({"email": 42, "password": "correct horse battery"}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_field",
            None,
        ),
    ];
    for (body, status, code, field) in cases {
        let (got, answer) = api.post("/api/auth/signup", None, body.clone()).await;
        assert_eq!((got, error_code(&answer)), (status, code), "{body} -> {answer}");
        if let Some(field) = field {
            assert_eq!(answer["error"]["field"], field, "{answer}");
        }
    }

    let (status, body) = api
        .raw("/api/auth/signup", "application/json", "{\"email\": ")
        .await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::BAD_REQUEST, "malformed_json")
    );
    let (status, body) = api.raw("/api/auth/signup", "text/plain", "hello").await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type")
    );
    let huge = format!(
        "{{\"email\": \"a@b.co\", \"password\": \"{}\"}}",
        "x".repeat(100_000)
    );
    let (status, body) = api.raw("/api/auth/signup", "application/json", huge).await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large")
    );

    let users: i64 = sqlx::query_scalar("SELECT count(*) FROM users")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(users, 1);
}

/// The link key alone is for the bot: the portal, which signs sessions,
/// refuses to start on it and names the variable it needs.
#[tokio::test]
async fn the_portal_refuses_to_start_with_only_the_link_key() {
    let db = TestDb::new().await;
    let config = db.config(&[
        ("TASKLINK_JWT_SECRET", String::new()),
        ("TASKLINK_LINK_KEY", "ab".repeat(32)),
    ]);
    let refused = tasklink_portal::run(config).await.expect_err("refused");
    assert!(
        refused.to_string().contains("needs TASKLINK_JWT_SECRET"),
        "{refused}"
    );
}

#[tokio::test]
async fn log_in_failures_look_the_same() {
    let db = TestDb::new().await;
    let api = Api::start(&db, &[]).await;
    api.sign_up("ada@example.com").await;

    let (s1, wrong_password) = api.auth("login", "ada@example.com", "wrong horse battery").await;
    let (s2, unknown_email) = api
        .auth("login", "nobody@example.com", "wrong horse battery")
        .await;
    assert_eq!((s1, s2), (StatusCode::UNAUTHORIZED, StatusCode::UNAUTHORIZED));
    assert_eq!(wrong_password, unknown_email);
    assert_eq!(error_code(&wrong_password), "invalid_credentials");
}

#[tokio::test]
async fn bad_tokens_are_refused() {
    let db = TestDb::new().await;
    let api = Api::start(&db, &[]).await;
    let token = api.sign_up("ada@example.com").await;
    let user = UserId::from_trusted(api.get("/api/me", &token).await.1["user"]["id"].as_i64().unwrap());

    let expired = api
        .core
        .tokens
        .issue(Audience::Portal, user, chrono::Duration::seconds(-5))
        .unwrap()
        .token;
    let wrong_audience = api
        .core
        .tokens
        .issue(Audience::Link, user, chrono::Duration::minutes(5))
        .unwrap()
        .token;
    let (head, _) = token.rsplit_once('.').unwrap();
    let tampered = format!("{head}.AAAA{}", &token[token.len() - 10..]);
    let foreign = tasklink_core::tokens::Tokens::new(&tasklink_core::keys::KeyMaterial::Secret(
        "some other secret of at least 32 bytes".into(),
    ))
    .issue(Audience::Portal, user, chrono::Duration::minutes(5))
    .unwrap()
    .token;
    for bad in [expired.as_str(), &wrong_audience, &tampered, &foreign, "garbage"] {
        let (status, body) = api.get("/api/tasks", bad).await;
        assert_eq!(
            (status, error_code(&body)),
            (StatusCode::UNAUTHORIZED, "unauthorized"),
            "{bad}"
        );
    }
    let (status, _) = api.call(reqwest::Method::GET, "/api/tasks", None, None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    // Log-out revokes the token for good.
    assert_eq!(api.get("/api/tasks", &token).await.0, StatusCode::OK);
    assert_eq!(
        api.call(reqwest::Method::POST, "/api/auth/logout", Some(&token), None)
            .await
            .0,
        StatusCode::NO_CONTENT
    );
    let (status, body) = api.get("/api/tasks", &token).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(
        body["error"]["message"].as_str().unwrap().contains("ended"),
        "{body}"
    );
}

#[tokio::test]
async fn sign_up_and_log_in_are_rate_limited() {
    let db = TestDb::new().await;
    let api = Api::start(
        &db,
        &[
            ("TASKLINK_AUTH_LIMIT", "3".into()),
            ("TASKLINK_LOGIN_LIMIT", "2".into()),
        ],
    )
    .await;
    api.sign_up("ada@example.com").await;

    let attempt = json!({"email": "ada@example.com", "password": "wrong horse battery"});
    assert_eq!(
        api.post("/api/auth/login", None, attempt.clone()).await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        api.post("/api/auth/login", None, attempt.clone()).await.0,
        StatusCode::UNAUTHORIZED
    );
    // Third attempt on the same account: over the per-account budget.
    let response = api
        .http
        .post(format!("{}/api/auth/login", api.base))
        .json(&attempt)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry_after: u64 = response.headers()[header::RETRY_AFTER]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&retry_after));
    assert_eq!(error_code(&response.json().await.unwrap()), "rate_limited");

    // Per address: the fourth sign-up from here is refused.
    for i in 0..2 {
        api.sign_up(&format!("user{i}@example.com")).await;
    }
    let (status, _) = api
        .auth("signup", "late@example.com", "correct horse battery")
        .await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
}

/// `POST /api/auth/login` from the loopback address `127.0.0.{last}`.
async fn log_in_from(api: &Api, last: u8, email: &str, password: &str) -> StatusCode {
    reqwest::Client::builder()
        .local_address(std::net::IpAddr::from([127, 0, 0, last]))
        .build()
        .unwrap()
        .post(format!("{}/api/auth/login", api.base))
        .json(&json!({"email": email, "password": password}))
        .send()
        .await
        .unwrap()
        .status()
}

#[tokio::test]
async fn log_in_limits_count_failures_per_address_and_account() {
    let db = TestDb::new().await;
    let api = Api::start(
        &db,
        &[
            ("TASKLINK_LOGIN_LIMIT", "2".into()),
            ("TASKLINK_AUTH_LIMIT", "100".into()),
        ],
    )
    .await;
    api.sign_up("ada@example.com").await;
    let (right, wrong) = ("correct horse battery", "wrong horse battery");

    // Successful log-ins spend nothing.
    for _ in 0..4 {
        assert_eq!(
            log_in_from(&api, 1, "ada@example.com", right).await,
            StatusCode::OK
        );
    }

    // Failures from one address lock that address out of that account, however
    // the address is spelled, and nobody else.
    assert_eq!(
        log_in_from(&api, 2, "ada@example.com", wrong).await,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        log_in_from(&api, 2, "Ada@Example.com ", wrong).await,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        log_in_from(&api, 2, " ADA@example.COM", right).await,
        StatusCode::TOO_MANY_REQUESTS
    );
    assert_eq!(
        log_in_from(&api, 1, "ada@example.com", right).await,
        StatusCode::OK
    );

    // Text that cannot be an address is a wrong log-in, not a failure of ours.
    for email in [
        format!("{}@example.com", "a".repeat(3000)),
        "ada@example.com\0".into(),
    ] {
        assert_eq!(
            log_in_from(&api, 3, &email, wrong).await,
            StatusCode::UNAUTHORIZED
        );
    }

    // Spread over many addresses, failures meet a looser cap per account (10 × 2).
    for last in 10..19 {
        for _ in 0..2 {
            assert_eq!(
                log_in_from(&api, last, "ada@example.com", wrong).await,
                StatusCode::UNAUTHORIZED
            );
        }
    }
    assert_eq!(
        log_in_from(&api, 50, "ada@example.com", right).await,
        StatusCode::TOO_MANY_REQUESTS
    );
    assert_eq!(
        log_in_from(&api, 50, "bob@example.com", wrong).await,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn limits_key_by_forwarded_address_behind_a_trusted_proxy_and_ipv6_per_64() {
    let db = TestDb::new().await;
    let api = Api::start(
        &db,
        &[
            ("TASKLINK_AUTH_LIMIT", "2".into()),
            ("TASKLINK_TRUSTED_PROXIES", "127.0.0.1/32, 10.0.0.0/8".into()),
        ],
    )
    .await;
    let mut n = 0;
    let mut sign_up_from = async |forwarded: &str| {
        n += 1;
        api.http
            .post(format!("{}/api/auth/signup", api.base))
            .header("x-forwarded-for", forwarded)
            .json(&json!({"email": format!("user{n}@example.com"), "password": "correct horse battery"}))
            .send()
            .await
            .unwrap()
            .status()
    };
    // Each client behind the proxy has its own budget; what a client writes
    // further left in the header changes nothing.
    assert_eq!(sign_up_from("198.51.100.1").await, StatusCode::CREATED);
    assert_eq!(sign_up_from("6.6.6.6, 198.51.100.1").await, StatusCode::CREATED);
    assert_eq!(
        sign_up_from("7.7.7.7, 198.51.100.1").await,
        StatusCode::TOO_MANY_REQUESTS
    );
    assert_eq!(sign_up_from("198.51.100.2, 10.1.1.1").await, StatusCode::CREATED);
    // IPv6: one budget per /64.
    assert_eq!(sign_up_from("2001:db8:1:2::1").await, StatusCode::CREATED);
    assert_eq!(sign_up_from("2001:db8:1:2:ffff::9").await, StatusCode::CREATED);
    assert_eq!(
        sign_up_from("2001:db8:1:2::abcd").await,
        StatusCode::TOO_MANY_REQUESTS
    );
    assert_eq!(sign_up_from("2001:db8:1:3::1").await, StatusCode::CREATED);
}

// ------------------------------------------------------------------ tasks

#[tokio::test]
async fn tasks_crud_and_filters() {
    let db = TestDb::new().await;
    let api = Api::start(&db, &[]).await;
    let token = api.sign_up("ada@example.com").await;

    let (status, task) = api
        .post(
            "/api/tasks",
            Some(&token),
            json!({"title": "  Buy milk ", "description": "2 litres"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(
        (task["number"].as_i64(), task["title"].as_str()),
        (Some(1), Some("Buy milk"))
    );
    assert_eq!(task["description"], "2 litres");
    assert_eq!(task["completed"], false);
    assert!(task.get("id").is_none() && task["created_at"].is_string() && task["updated_at"].is_string());
    api.post("/api/tasks", Some(&token), json!({"title": "Pay bills"}))
        .await;

    let (status, task) = api
        .patch("/api/tasks/1", &token, json!({"completed": true}))
        .await;
    assert_eq!(
        (status, task["completed"].as_bool()),
        (StatusCode::OK, Some(true))
    );
    let (_, task) = api
        .patch(
            "/api/tasks/2",
            &token,
            json!({"title": "Pay all bills", "description": ""}),
        )
        .await;
    assert_eq!(
        (task["title"].as_str(), &task["description"]),
        (Some("Pay all bills"), &Value::Null)
    );

    let (_, pending) = api.get("/api/tasks?status=pending", &token).await;
    assert_eq!(pending["count"], 1);
    assert_eq!(pending["tasks"][0]["title"], "Pay all bills");
    let (_, completed) = api.get("/api/tasks?status=completed", &token).await;
    assert_eq!(completed["tasks"][0]["title"], "Buy milk");
    let (_, all) = api.get("/api/tasks", &token).await;
    assert_eq!(all["count"], 2);

    assert_eq!(api.delete("/api/tasks/1", &token).await.0, StatusCode::NO_CONTENT);
    let (_, task) = api
        .post("/api/tasks", Some(&token), json!({"title": "Third"}))
        .await;
    assert_eq!(task["number"], 3, "numbers are never reused");
}

#[tokio::test]
async fn task_input_is_validated() {
    let db = TestDb::new().await;
    let api = Api::start(&db, &[]).await;
    let token = api.sign_up("ada@example.com").await;
    api.post("/api/tasks", Some(&token), json!({"title": "Keep"}))
        .await;

    let cases = [
        (json!({"title": "   "}), "invalid_title", "title"),
        (json!({"title": "x".repeat(201)}), "invalid_title", "title"),
        (
            json!({"title": "ok", "description": "d".repeat(1001)}),
            "invalid_description",
            "description",
        ),
        (json!({"title": 5}), "invalid_field", "title"),
        (json!({}), "invalid_field", "title"),
    ];
    for (body, code, field) in cases {
        let (status, answer) = api.post("/api/tasks", Some(&token), body).await;
        assert_eq!(
            (status, error_code(&answer)),
            (StatusCode::UNPROCESSABLE_ENTITY, code),
            "{answer}"
        );
        assert_eq!(answer["error"]["field"], field);
    }
    let (status, answer) = api.patch("/api/tasks/1", &token, json!({})).await;
    assert_eq!(
        (status, error_code(&answer)),
        (StatusCode::UNPROCESSABLE_ENTITY, "nothing_to_update")
    );
    let (status, answer) = api
        .patch("/api/tasks/1", &token, json!({"completed": "yes"}))
        .await;
    assert_eq!(
        (status, error_code(&answer)),
        (StatusCode::UNPROCESSABLE_ENTITY, "invalid_field")
    );
    let (status, answer) = api.get("/api/tasks?status=someday", &token).await;
    assert_eq!(
        (status, error_code(&answer)),
        (StatusCode::UNPROCESSABLE_ENTITY, "invalid_status")
    );
    for path in ["/api/tasks/abc", "/api/tasks/0", "/api/tasks/99"] {
        let (status, answer) = api.delete(path, &token).await;
        assert_eq!(
            (status, error_code(&answer)),
            (StatusCode::NOT_FOUND, "task_not_found"),
            "{path}"
        );
    }
    let emoji = "Купить 🥛 — مرحبا ‏שלום";
    let (_, task) = api
        .post("/api/tasks", Some(&token), json!({"title": emoji}))
        .await;
    assert_eq!(task["title"], emoji);
    let (_, list) = api.get("/api/tasks", &token).await;
    assert_eq!(list["tasks"][1]["title"], emoji);
}

#[tokio::test]
async fn nul_characters_are_refused_at_the_boundary() {
    let db = TestDb::new().await;
    let api = Api::start(&db, &[]).await;
    let token = api.sign_up("ada@example.com").await;

    let (status, body) = api
        .auth("login", "ada@example.com\0", "correct horse battery")
        .await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::UNAUTHORIZED, "invalid_credentials"),
        "{body}"
    );
    let (status, body) = api
        .auth("signup", "bob\0@example.com", "correct horse battery")
        .await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::UNPROCESSABLE_ENTITY, "invalid_email"),
        "{body}"
    );
    let form = api
        .post_form(
            "/login",
            None,
            &[
                ("email", "ada@example.com\0"),
                ("password", "correct horse battery"),
            ],
        )
        .await;
    assert!(!form.status().is_server_error(), "{}", form.status());

    let (status, body) = api
        .post("/api/tasks", Some(&token), json!({"title": "Buy\0milk"}))
        .await;
    assert_eq!(
        (status, error_code(&body), &body["error"]["field"]),
        (StatusCode::UNPROCESSABLE_ENTITY, "invalid_title", &json!("title")),
        "{body}"
    );
    let (status, body) = api
        .post(
            "/api/tasks",
            Some(&token),
            json!({"title": "Buy milk", "description": "2\0litres"}),
        )
        .await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::UNPROCESSABLE_ENTITY, "invalid_description"),
        "{body}"
    );
    api.post("/api/tasks", Some(&token), json!({"title": "Keep"}))
        .await;
    let (status, body) = api
        .patch("/api/tasks/1", &token, json!({"title": "Ke\0ep"}))
        .await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::UNPROCESSABLE_ENTITY, "invalid_title"),
        "{body}"
    );
    let (status, body) = api
        .post("/api/chat", Some(&token), json!({"message": "add bread\0"}))
        .await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::UNPROCESSABLE_ENTITY, "invalid_message"),
        "{body}"
    );

    // Line breaks cannot forge list lines.
    let (_, task) = api
        .post("/api/tasks", Some(&token), json!({"title": "a\r\n⬜ #9 b"}))
        .await;
    assert_eq!(task["title"], "a ⬜ #9 b");
}

#[tokio::test]
async fn another_users_task_is_not_found() {
    let db = TestDb::new().await;
    let api = Api::start(&db, &[]).await;
    let ada = api.sign_up("ada@example.com").await;
    let bob = api.sign_up("bob@example.com").await;
    api.post("/api/tasks", Some(&ada), json!({"title": "Ada's"}))
        .await;

    let (_, list) = api.get("/api/tasks", &bob).await;
    assert_eq!(list["count"], 0);
    let (status, body) = api
        .patch("/api/tasks/1", &bob, json!({"title": "Bob was here"}))
        .await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::NOT_FOUND, "task_not_found")
    );
    let (status, _) = api.patch("/api/tasks/1", &bob, json!({"completed": true})).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = api.delete("/api/tasks/1", &bob).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, list) = api.get("/api/tasks", &ada).await;
    assert_eq!(
        (
            list["tasks"][0]["title"].as_str(),
            list["tasks"][0]["completed"].as_bool()
        ),
        (Some("Ada's"), Some(false))
    );
}

// ------------------------------------------------------------------ linking

#[tokio::test]
async fn link_tokens_link_once_and_can_be_unlinked() {
    let db = TestDb::new().await;
    let api = Api::start(&db, &[("TELEGRAM_BOT_USERNAME", "tasklink_bot".into())]).await;
    let ada = api.sign_up("ada@example.com").await;
    let bob = api.sign_up("bob@example.com").await;

    let (status, offer) = api.post("/api/link-tokens", Some(&ada), json!({})).await;
    assert_eq!(status, StatusCode::CREATED, "{offer}");
    let token = offer["token"].as_str().unwrap();
    let code = offer["code"].as_str().unwrap();
    assert_eq!(offer["command"], format!("/link {token}"));
    assert_eq!(
        offer["telegram_url"],
        format!("https://t.me/tasklink_bot?start={code}")
    );
    assert!(
        code.len() <= 64
            && code
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    );
    let expires: chrono::DateTime<chrono::Utc> = offer["expires_at"].as_str().unwrap().parse().unwrap();
    let ttl = expires - chrono::Utc::now();
    assert!(ttl > chrono::Duration::minutes(9) && ttl <= chrono::Duration::minutes(10));

    let account = PlatformAccount {
        platform: Platform::Telegram,
        user_id: "1001".into(),
        username: Some("ada_tg".into()),
    };
    linking::redeem_token(&api.core.db, &api.core.tokens, token, &account)
        .await
        .unwrap();
    let again = linking::redeem_token(&api.core.db, &api.core.tokens, token, &account).await;
    assert!(matches!(again, Err(LinkError::AlreadyUsed)));

    let (_, links) = api.get("/api/links", &ada).await;
    assert_eq!(links["links"][0]["platform"], "telegram");
    assert_eq!(links["links"][0]["platform_user_id"], "1001");
    assert_eq!(links["links"][0]["username"], "ada_tg");
    let (_, me) = api.get("/api/me", &ada).await;
    assert_eq!(me["links"], links["links"]);
    let id = links["links"][0]["id"].as_i64().unwrap();

    assert_eq!(
        api.delete(&format!("/api/links/{id}"), &bob).await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        api.delete(&format!("/api/links/{id}"), &ada).await.0,
        StatusCode::NO_CONTENT
    );
    assert_eq!(api.get("/api/links", &ada).await.1["links"], json!([]));
}

#[tokio::test]
async fn expired_link_tokens_are_refused() {
    let db = TestDb::new().await;
    let api = Api::start(&db, &[]).await;
    let ada = api.sign_up("ada@example.com").await;
    let (_, offer) = api.post("/api/link-tokens", Some(&ada), json!({})).await;
    assert!(offer.get("telegram_url").is_none(), "no bot username configured");
    sqlx::query("UPDATE link_tokens SET expires_at = now() - interval '1 second'")
        .execute(&db.pool)
        .await
        .unwrap();
    let account = PlatformAccount {
        platform: Platform::Discord,
        user_id: "42".into(),
        username: None,
    };
    let by_code = linking::redeem_code(&api.core.db, offer["code"].as_str().unwrap(), &account).await;
    assert!(matches!(by_code, Err(LinkError::Expired)), "{by_code:?}");
    assert!(
        linking::find_user(&api.core.db, Platform::Discord, "42")
            .await
            .unwrap()
            .is_none()
    );
}

// ------------------------------------------------------------------ chat

#[tokio::test]
async fn chat_runs_the_agent_and_keeps_history() {
    let db = TestDb::new().await;
    let api = Api::start(&db, &[("TASKLINK_CHAT_LIMIT", "3".into())]).await;
    let ada = api.sign_up("ada@example.com").await;
    let bob = api.sign_up("bob@example.com").await;

    let (status, turn) = api
        .post("/api/chat", Some(&ada), json!({"message": "add buy milk"}))
        .await;
    assert_eq!(status, StatusCode::OK, "{turn}");
    assert_eq!(turn["tool_calls"][0]["name"], "add_task");
    assert_eq!(turn["tool_calls"][0]["result"]["status"], "created");
    assert!(turn["response"].as_str().unwrap().contains("Buy milk"));
    let conversation = turn["conversation_id"].as_str().unwrap();

    let (_, second) = api
        .post(
            "/api/chat",
            Some(&ada),
            json!({"message": "what's pending?", "conversation_id": conversation}),
        )
        .await;
    assert_eq!(second["conversation_id"], conversation);

    let (status, history) = api
        .get(&format!("/api/conversations/{conversation}/messages"), &ada)
        .await;
    assert_eq!(status, StatusCode::OK);
    let roles: Vec<&str> = history["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["role"].as_str().unwrap())
        .collect();
    assert_eq!(roles, ["user", "assistant", "user", "assistant"]);
    assert_eq!(history["messages"][1]["tool_calls"][0]["name"], "add_task");

    // Another user's conversation does not exist for them.
    let (status, _) = api
        .get(&format!("/api/conversations/{conversation}/messages"), &bob)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = api
        .post(
            "/api/chat",
            Some(&bob),
            json!({"message": "list", "conversation_id": conversation}),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let (status, body) = api
        .post("/api/chat", Some(&ada), json!({"message": "x".repeat(10_000)}))
        .await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::UNPROCESSABLE_ENTITY, "invalid_message")
    );
    let (status, body) = api
        .post("/api/chat", Some(&ada), json!({"message": "list"}))
        .await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::TOO_MANY_REQUESTS, "rate_limited"),
        "{body}"
    );
}

// ------------------------------------------------------------------ operations

#[tokio::test]
async fn health_readiness_metrics_and_headers() {
    let db = TestDb::new().await;
    let api = Api::start(&db, &[]).await;
    let health = api
        .http
        .get(format!("{}/healthz", api.base))
        .send()
        .await
        .unwrap();
    assert_eq!(health.status(), StatusCode::OK);
    for (name, value) in [
        ("x-frame-options", "DENY"),
        ("x-content-type-options", "nosniff"),
        ("referrer-policy", "same-origin"),
    ] {
        assert_eq!(health.headers()[name], value);
    }
    assert!(
        health.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("frame-ancestors 'none'")
    );
    assert_eq!(
        api.http
            .get(format!("{}/readyz", api.base))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );

    let token = api.sign_up("ada@example.com").await;
    api.post("/api/chat", Some(&token), json!({"message": "add buy milk"}))
        .await;
    let metrics = api
        .http
        .get(format!("{}/metrics", api.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        metrics.contains(r#"tasklink_http_requests_total{method="GET",route="/healthz",status="200"} 1"#),
        "{metrics}"
    );
    assert!(
        metrics.contains(r#"route="/api/auth/signup",status="201"} 1"#),
        "{metrics}"
    );
    assert!(metrics.contains("tasklink_http_request_duration_seconds_bucket"));
    assert!(metrics.contains("tasklink_agent_turns_total 1"));
    assert!(metrics.contains(r#"tasklink_agent_tool_calls_total{tool="add_task"} 1"#));

    // A closed pool makes the database unreachable: not ready, still alive.
    db.pool.close().await;
    assert_eq!(
        api.http
            .get(format!("{}/readyz", api.base))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::SERVICE_UNAVAILABLE
    );
    assert_eq!(
        api.http
            .get(format!("{}/healthz", api.base))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn openapi_lists_every_route_the_router_serves() {
    let db = TestDb::new().await;
    let api = Api::start(&db, &[]).await;
    let doc: Value = api
        .http
        .get(format!("{}/api/openapi.json", api.base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let mut documented: Vec<(String, String)> = doc["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, ops)| {
            ops.as_object()
                .unwrap()
                .keys()
                .map(move |m| (m.to_uppercase(), path.clone()))
        })
        .collect();
    let mut served: Vec<(String, String)> = tasklink_portal::api::routes()
        .listed
        .into_iter()
        .map(|(method, path)| (method.to_string(), path.to_owned()))
        .collect();
    documented.sort();
    served.sort();
    assert_eq!(documented, served);
    assert_eq!(doc["openapi"], "3.1.0");

    let mut ids: Vec<&str> = doc["paths"]
        .as_object()
        .unwrap()
        .values()
        .flat_map(|ops| ops.as_object().unwrap().values())
        .map(|op| op["operationId"].as_str().expect("every operation has an id"))
        .collect();
    ids.sort_unstable();
    let count = ids.len();
    ids.dedup();
    assert_eq!(ids.len(), count, "operation ids are unique");
    let mut refs = Vec::new();
    collect_refs(&doc, &mut refs);
    for target in refs {
        let name = target
            .strip_prefix("#/components/schemas/")
            .expect("a schema reference");
        assert!(
            doc["components"]["schemas"][name].is_object(),
            "{target} does not resolve"
        );
    }
}

fn collect_refs<'a>(value: &'a Value, into: &mut Vec<&'a str>) {
    match value {
        Value::Object(fields) => {
            for (key, field) in fields {
                match (key.as_str(), field.as_str()) {
                    ("$ref", Some(target)) => into.push(target),
                    _ => collect_refs(field, into),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|item| collect_refs(item, into)),
        _ => {}
    }
}

/// The schema a `$ref` names, or the schema itself.
fn resolve<'a>(doc: &'a Value, schema: &'a Value) -> &'a Value {
    match schema["$ref"].as_str() {
        Some(target) => {
            let name = target.rsplit('/').next().unwrap();
            &doc["components"]["schemas"][name]
        }
        None => schema,
    }
}

/// Fails when `value` has a field its schema does not describe, lacks one the
/// schema requires, or holds a value of another JSON type.
fn check_against_schema(doc: &Value, schema: &Value, value: &Value, at: &str) {
    let schema = resolve(doc, schema);
    if let Some(choices) = schema["oneOf"].as_array().or(schema["anyOf"].as_array()) {
        let fits = |choice: &Value| {
            let choice = resolve(doc, choice);
            choice["type"] == "null" && value.is_null() || choice["type"] != "null" && !value.is_null()
        };
        let choice = choices
            .iter()
            .find(|c| fits(c))
            .unwrap_or_else(|| panic!("{at}: {value} fits no choice"));
        return check_against_schema(doc, choice, value, at);
    }
    let types: Vec<&str> = match &schema["type"] {
        Value::String(t) => vec![t.as_str()],
        Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
        _ => return, // any JSON
    };
    let kind = match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    };
    assert!(
        types.contains(&kind) || kind == "integer" && types.contains(&"number"),
        "{at}: {value} is {kind}, documented as {types:?}"
    );
    match value {
        Value::Object(fields) if schema["properties"].is_object() => {
            let properties = schema["properties"].as_object().unwrap();
            for (name, field) in fields {
                let property = properties
                    .get(name)
                    .unwrap_or_else(|| panic!("{at}.{name} is returned but not documented"));
                check_against_schema(doc, property, field, &format!("{at}.{name}"));
            }
            for required in schema["required"].as_array().into_iter().flatten() {
                let required = required.as_str().unwrap();
                assert!(
                    fields.contains_key(required),
                    "{at}.{required} is documented as required but missing"
                );
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                check_against_schema(doc, &schema["items"], item, &format!("{at}[{i}]"));
            }
        }
        _ => {}
    }
}

/// The JSON schema the document gives for `method path` answering `status`.
fn response_schema<'a>(doc: &'a Value, method: &str, path: &str, status: u16) -> &'a Value {
    let schema =
        &doc["paths"][path][method]["responses"][status.to_string()]["content"]["application/json"]["schema"];
    assert!(
        !schema.is_null(),
        "{method} {path} {status} has no documented JSON body"
    );
    schema
}

#[tokio::test]
async fn responses_match_their_schemas() {
    let db = TestDb::new().await;
    let api = Api::start(&db, &[("TELEGRAM_BOT_USERNAME", "tasklink_bot".into())]).await;
    let (_, doc) = api
        .call(reqwest::Method::GET, "/api/openapi.json", None, None)
        .await;
    let check = |method: &str, path: &str, status: StatusCode, body: &Value| {
        check_against_schema(
            &doc,
            response_schema(&doc, method, path, status.as_u16()),
            body,
            path,
        );
    };

    let (status, session) = api.auth("signup", "ada@example.com", "correct horse").await;
    check("post", "/api/auth/signup", status, &session);
    let (status, session) = api.auth("login", "ada@example.com", "correct horse").await;
    check("post", "/api/auth/login", status, &session);
    let token = session["token"].as_str().unwrap();
    let (status, error) = api.auth("login", "ada@example.com", "wrong horse!").await;
    check("post", "/api/auth/login", status, &error);
    let (status, error) = api.post("/api/tasks", Some(token), json!({"title": " "})).await;
    check("post", "/api/tasks", status, &error);
    assert!(error["error"]["field"].is_string(), "{error}");

    let (status, offer) = api.post("/api/link-tokens", Some(token), json!({})).await;
    check("post", "/api/link-tokens", status, &offer);
    let account = PlatformAccount {
        platform: Platform::Telegram,
        user_id: "1001".into(),
        username: None,
    };
    linking::redeem_token(
        &api.core.db,
        &api.core.tokens,
        offer["token"].as_str().unwrap(),
        &account,
    )
    .await
    .unwrap();
    let (status, links) = api.get("/api/links", token).await;
    check("get", "/api/links", status, &links);
    let (status, me) = api.get("/api/me", token).await;
    check("get", "/api/me", status, &me);
    assert_eq!(me["links"].as_array().unwrap().len(), 1);

    let (status, task) = api
        .post(
            "/api/tasks",
            Some(token),
            json!({"title": "Buy milk", "description": "2 litres"}),
        )
        .await;
    check("post", "/api/tasks", status, &task);
    let (status, task) = api.patch("/api/tasks/1", token, json!({"completed": true})).await;
    check("patch", "/api/tasks/{number}", status, &task);
    let (status, list) = api.get("/api/tasks", token).await;
    check("get", "/api/tasks", status, &list);
    let (status, error) = api.delete("/api/tasks/99", token).await;
    check("delete", "/api/tasks/{number}", status, &error);

    // The time fields and routes.
    let (status, settings) = api
        .patch(
            "/api/settings",
            token,
            json!({"timezone": "Europe/Berlin", "agenda_time": "08:00", "quiet_hours": {"start": "22:00", "end": "07:00"}, "reminder_platform": "telegram"}),
        )
        .await;
    check("patch", "/api/settings", status, &settings);
    let (status, settings) = api.get("/api/settings", token).await;
    check("get", "/api/settings", status, &settings);
    let (status, error) = api
        .patch("/api/settings", token, json!({"timezone": "Mars/Olympus"}))
        .await;
    check("patch", "/api/settings", status, &error);
    let (status, task) = api
        .post(
            "/api/tasks",
            Some(token),
            json!({"title": "Pay rent", "due": "tomorrow 9am", "priority": "high", "tags": ["home"], "repeat": "every day", "remind": "30m before"}),
        )
        .await;
    check("post", "/api/tasks", status, &task);
    let (status, task) = api
        .post("/api/tasks/2/snooze", Some(token), json!({"until": "1h"}))
        .await;
    check("post", "/api/tasks/{number}/snooze", status, &task);
    let (status, page) = api.get("/api/tasks?limit=1&sort=due", token).await;
    check("get", "/api/tasks", status, &page);
    assert!(page["next_cursor"].is_string(), "{page}");
    let (status, error) = api.get("/api/tasks?cursor=x.y", token).await;
    check("get", "/api/tasks", status, &error);
    let (status, agenda) = api.get("/api/agenda", token).await;
    check("get", "/api/agenda", status, &agenda);
    assert!(!agenda["upcoming"].as_array().unwrap().is_empty(), "{agenda}");
    let (status, reading) = api
        .post(
            "/api/parse",
            Some(token),
            json!({"text": "Call mom tomorrow 6pm #family !"}),
        )
        .await;
    check("post", "/api/parse", status, &reading);
    let (status, exported) = api.get("/api/export", token).await;
    check("get", "/api/export", status, &exported);
    assert!(!exported["tasks"].as_array().unwrap().is_empty());
    let (status, imported) = import(&api, token, "application/json", exported.to_string()).await;
    check("post", "/api/import", status, &imported);
    let (status, error) = import(&api, token, "text/csv", "title\nA\n").await;
    check("post", "/api/import", status, &error);

    let (status, turn) = api
        .post("/api/chat", Some(token), json!({"message": "add call mom"}))
        .await;
    check("post", "/api/chat", status, &turn);
    assert!(!turn["tool_calls"].as_array().unwrap().is_empty(), "{turn}");
    let path = format!(
        "/api/conversations/{}/messages",
        turn["conversation_id"].as_str().unwrap()
    );
    let (status, history) = api.get(&path, token).await;
    check("get", "/api/conversations/{id}/messages", status, &history);
    let (status, history) = api.get(&format!("{path}?limit=1"), token).await;
    check("get", "/api/conversations/{id}/messages", status, &history);
    assert!(history["next_cursor"].is_string(), "{history}");
    let (status, error) = api.get(&format!("{path}?limit=0"), token).await;
    check("get", "/api/conversations/{id}/messages", status, &error);

    // Managing the account: the error bodies (the successes have none).
    let (status, error) = api
        .post(
            "/api/auth/password",
            Some(token),
            json!({"current_password": "wrong horse!", "new_password": "brand new horse"}),
        )
        .await;
    check("post", "/api/auth/password", status, &error);
    let (status, error) = api
        .post(
            "/api/auth/password",
            Some(token),
            json!({"current_password": "correct horse", "new_password": "short"}),
        )
        .await;
    check("post", "/api/auth/password", status, &error);
    let (status, error) = api
        .call(
            reqwest::Method::DELETE,
            "/api/me",
            Some(token),
            Some(json!({"password": "wrong horse!"})),
        )
        .await;
    check("delete", "/api/me", status, &error);
    let (status, error) = api
        .post(
            "/api/auth/reset/confirm",
            None,
            json!({"token": "forged", "new_password": "brand new horse"}),
        )
        .await;
    check("post", "/api/auth/reset/confirm", status, &error);
    let (status, _) = api
        .post("/api/auth/reset", None, json!({"email": "ada@example.com"}))
        .await;
    assert_eq!(status, StatusCode::ACCEPTED);
    let (status, _) = api.post("/api/auth/logout-all", Some(token), json!({})).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn the_api_reference_page_shows_every_operation_of_the_document() {
    let db = TestDb::new().await;
    let api = Api::start(&db, &[]).await;
    let (_, doc) = api
        .call(reqwest::Method::GET, "/api/openapi.json", None, None)
        .await;
    let page = api
        .http
        .get(format!("{}/api/docs", api.base))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    assert!(
        page.headers()[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let csp = page.headers()[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        csp.contains("script-src 'self'") && !csp.contains("unsafe"),
        "{csp}"
    );
    let html = page.text().await.unwrap();
    assert!(!html.contains("<script"), "the page needs no script");

    for (path, operations) in doc["paths"].as_object().unwrap() {
        for (method, operation) in operations.as_object().unwrap() {
            let heading = format!("<code>{} {}</code>", method.to_uppercase(), path);
            assert!(html.contains(&heading), "{heading} is not on the page");
            let summary = operation["summary"].as_str().unwrap_or_default();
            assert!(!summary.is_empty(), "{method} {path} has no summary");
            // As askama escapes text.
            let escaped = summary
                .replace('&', "&amp;")
                .replace('\'', "&#39;")
                .replace('"', "&#34;");
            assert!(
                html.contains(&escaped),
                "the summary of {method} {path} is not on the page"
            );
        }
    }
    for name in doc["components"]["schemas"].as_object().unwrap().keys() {
        assert!(
            html.contains(&format!("id=\"schema-{name}\"")),
            "schema {name} is not on the page"
        );
    }
    // Parameters and request bodies, from the document.
    assert!(
        html.contains("<code>status</code>"),
        "the status filter of GET /api/tasks"
    );
    assert!(
        html.contains("href=\"#schema-NewTask\""),
        "the request body of POST /api/tasks"
    );
}

#[tokio::test]
async fn metric_labels_come_from_known_sets() {
    let db = TestDb::new().await;
    let openai = FakeOpenAi::start().await;
    let api = Api::start(&db, &openai.env()).await;
    let token = api.sign_up("ada@example.com").await;
    openai.script([
        Reply::tool("frobnicate", json!({})),
        Reply::tool("add_task", json!({"title": "Buy milk"})),
        Reply::text("Done."),
    ]);
    let (status, turn) = api
        .post("/api/chat", Some(&token), json!({"message": "add buy milk"}))
        .await;
    assert_eq!(status, StatusCode::OK, "{turn}");
    api.delete("/api/tasks/12345", &token).await;
    api.patch("/api/tasks/777", &token, json!({"completed": true}))
        .await;
    api.http
        .request(
            reqwest::Method::from_bytes(b"PURGE").unwrap(),
            format!("{}/healthz", api.base),
        )
        .send()
        .await
        .unwrap();

    let metrics = api
        .http
        .get(format!("{}/metrics", api.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        metrics.contains(r#"tasklink_agent_tool_calls_total{tool="other"} 1"#),
        "{metrics}"
    );
    assert!(
        metrics.contains(r#"tasklink_agent_tool_calls_total{tool="add_task"} 1"#),
        "{metrics}"
    );
    assert!(
        metrics.contains(
            r#"tasklink_http_requests_total{method="PATCH",route="/api/tasks/{number}",status="404"} 1"#
        ),
        "{metrics}"
    );
    for leak in ["frobnicate", "777", "PURGE", "12345"] {
        assert!(!metrics.contains(leak), "{leak} became a label: {metrics}");
    }
}

// ------------------------------------------------------------------ personal access tokens

/// Creates a personal access token through the API; returns (id, secret).
async fn create_pat(api: &Api, session: &str, name: &str) -> (i64, String) {
    let (status, body) = api
        .post("/api/tokens", Some(session), json!({"name": name}))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    (
        body["id"].as_i64().unwrap(),
        body["token"].as_str().unwrap().to_owned(),
    )
}

#[tokio::test]
async fn personal_access_tokens_are_created_listed_used_and_revoked() {
    let db = TestDb::new().await;
    let api = Api::start(&db, &[]).await;
    let session = api.sign_up("ada@example.com").await;

    let (status, body) = api
        .post("/api/tokens", Some(&session), json!({"name": "  laptop  "}))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let id = body["id"].as_i64().unwrap();
    let secret = body["token"].as_str().unwrap().to_owned();
    assert_eq!(body["name"], "laptop");
    assert!(
        body["created_at"].is_string() && body["last_used_at"].is_null(),
        "{body}"
    );
    assert!(
        secret.starts_with("tl_pat_") && secret.len() >= "tl_pat_".len() + 32,
        "{secret}"
    );
    assert!(
        secret["tl_pat_".len()..]
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    );

    // Stored hashed: the secret is nowhere in the table.
    let stored: Vec<u8> = sqlx::query_scalar("SELECT token_hash FROM personal_access_tokens")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(stored.len(), 32);
    assert!(!String::from_utf8_lossy(&stored).contains(&secret[7..]));

    // Listed without the secret.
    let (status, list) = api.get("/api/tokens", &session).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list["tokens"].as_array().unwrap().len(), 1);
    assert_eq!(list["tokens"][0]["id"], id);
    assert_eq!(list["tokens"][0]["name"], "laptop");
    assert!(list["tokens"][0].get("token").is_none(), "{list}");

    // At most 50 tokens a person.
    sqlx::query(
        "INSERT INTO personal_access_tokens (user_id, name, token_hash)
         SELECT user_id, 'filler', sha256(convert_to(g::text, 'UTF8'))
         FROM personal_access_tokens, generate_series(1, 49) g",
    )
    .execute(&db.pool)
    .await
    .unwrap();
    let (status, body) = api
        .post("/api/tokens", Some(&session), json!({"name": "one too many"}))
        .await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::CONFLICT, "too_many_tokens")
    );
    sqlx::query("DELETE FROM personal_access_tokens WHERE name = 'filler'")
        .execute(&db.pool)
        .await
        .unwrap();

    // Bad names are refused with the field.
    for name in ["   ", &"x".repeat(101)] {
        let (status, body) = api
            .post("/api/tokens", Some(&session), json!({"name": name}))
            .await;
        assert_eq!(
            (status, error_code(&body)),
            (StatusCode::UNPROCESSABLE_ENTITY, "invalid_name")
        );
        assert_eq!(body["error"]["field"], "name");
    }

    // The token works as a bearer on the API and acts for its owner.
    let (status, task) = api
        .post("/api/tasks", Some(&secret), json!({"title": "Pay rent"}))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{task}");
    let (status, tasks) = api.get("/api/tasks", &secret).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(tasks["tasks"][0]["title"], "Pay rent");
    assert_eq!(
        api.get("/api/me", &secret).await.1["user"]["email"],
        "ada@example.com"
    );

    // Use is recorded, but at most once a minute: a second use does not write.
    let (_, list) = api.get("/api/tokens", &session).await;
    let first_use = list["tokens"][0]["last_used_at"]
        .as_str()
        .expect("last_used_at set")
        .to_owned();
    api.get("/api/tasks", &secret).await;
    let (_, list) = api.get("/api/tokens", &session).await;
    assert_eq!(list["tokens"][0]["last_used_at"], first_use.as_str());
    // A use more than a minute later is recorded again.
    sqlx::query("UPDATE personal_access_tokens SET last_used_at = now() - interval '2 minutes'")
        .execute(&db.pool)
        .await
        .unwrap();
    api.get("/api/tasks", &secret).await;
    let (_, list) = api.get("/api/tokens", &session).await;
    let later = list["tokens"][0]["last_used_at"].as_str().unwrap();
    assert!(
        chrono::DateTime::parse_from_rfc3339(later).unwrap()
            > chrono::Utc::now() - chrono::Duration::seconds(30),
        "{later}"
    );

    // Someone else cannot revoke it.
    let bob = api.sign_up("bob@example.com").await;
    let (status, body) = api.delete(&format!("/api/tokens/{id}"), &bob).await;
    assert_eq!((status, error_code(&body)), (StatusCode::NOT_FOUND, "not_found"));
    assert_eq!(api.get("/api/tasks", &secret).await.0, StatusCode::OK);

    // Revoked: 401 from then on, and gone from the list.
    let (status, _) = api.delete(&format!("/api/tokens/{id}"), &session).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, body) = api.get("/api/tasks", &secret).await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::UNAUTHORIZED, "unauthorized")
    );
    assert_eq!(api.get("/api/tokens", &session).await.1["tokens"], json!([]));
    let (status, _) = api.delete(&format!("/api/tokens/{id}"), &session).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn access_tokens_cannot_manage_tokens_or_the_session() {
    let db = TestDb::new().await;
    let api = Api::start(&db, &[]).await;
    let session = api.sign_up("ada@example.com").await;
    let (id, secret) = create_pat(&api, &session, "script").await;

    let refused = [
        (reqwest::Method::GET, "/api/tokens".to_owned(), None),
        (
            reqwest::Method::POST,
            "/api/tokens".to_owned(),
            Some(json!({"name": "more"})),
        ),
        (reqwest::Method::DELETE, format!("/api/tokens/{id}"), None),
        (reqwest::Method::POST, "/api/auth/logout".to_owned(), None),
        (reqwest::Method::POST, "/api/link-tokens".to_owned(), None),
    ];
    for (method, path, body) in refused {
        let (status, answer) = api.call(method.clone(), &path, Some(&secret), body).await;
        assert_eq!(
            (status, error_code(&answer)),
            (StatusCode::FORBIDDEN, "session_required"),
            "{method} {path}"
        );
    }
    // Nothing was minted or revoked, and the token still works.
    let (_, list) = api.get("/api/tokens", &session).await;
    assert_eq!(list["tokens"].as_array().unwrap().len(), 1);
    assert_eq!(api.get("/api/tasks", &secret).await.0, StatusCode::OK);

    // An unknown token is 401 everywhere, also on session-only routes.
    let unknown = format!("tl_pat_{}", "A".repeat(43));
    for path in ["/api/tasks", "/api/tokens"] {
        let (status, body) = api.get(path, &unknown).await;
        assert_eq!(
            (status, error_code(&body)),
            (StatusCode::UNAUTHORIZED, "unauthorized"),
            "{path}"
        );
    }

    // A token is only read from the Authorization header, never from the URL.
    for query in ["access_token", "token", "bearer"] {
        let (status, _) = api
            .call(
                reqwest::Method::GET,
                &format!("/api/tasks?{query}={secret}"),
                None,
                None,
            )
            .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{query}");
    }
}

#[tokio::test]
async fn the_tokens_page_creates_shows_once_and_revokes() {
    let db = TestDb::new().await;
    let api = Api::start(&db, &[]).await;
    let session = session_of(&api.form_sign_up("ada@example.com").await);

    let page = api.page("/app/tokens", &session).await;
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    assert!(
        html.contains("No tokens yet") && html.contains("href=\"/app/tokens\""),
        "{html}"
    );
    let csrf = csrf_of(&html);

    // A form without the session's token is refused and creates nothing.
    let forged = api
        .post_form(
            "/app/tokens",
            Some(&session),
            &[("csrf", "forged"), ("name", "x")],
        )
        .await;
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);

    let created = api
        .post_form(
            "/app/tokens",
            Some(&session),
            &[("csrf", &csrf), ("name", "Claude <Desktop>")],
        )
        .await;
    assert_eq!(created.status(), StatusCode::OK);
    assert_eq!(created.headers()[header::CACHE_CONTROL], "no-store");
    let html = created.text().await.unwrap();
    let at = html.find("tl_pat_").expect("the new secret is shown");
    let secret: String = html[at..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
        .collect();
    assert!(
        html.contains("Claude &#60;Desktop&#62;") || html.contains("Claude &lt;Desktop&gt;"),
        "{html}"
    );
    assert_eq!(api.get("/api/tasks", &secret).await.0, StatusCode::OK);

    // Shown once: the page does not show it again, only the name.
    let html = api.page("/app/tokens", &session).await.text().await.unwrap();
    assert!(!html.contains(&secret) && !html.contains("tl_pat_"));
    assert!(html.contains("last used"), "{html}");

    // An empty name is answered on the page.
    let bad = api
        .post_form("/app/tokens", Some(&session), &[("csrf", &csrf), ("name", "  ")])
        .await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.text().await.unwrap().contains("1 to 100 characters"));

    // Revoke by form.
    let id: i64 = sqlx::query_scalar("SELECT id FROM personal_access_tokens")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    let path = format!("/app/tokens/{id}/revoke");
    assert_eq!(
        api.post_form(&path, Some(&session), &[("csrf", "forged")])
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    let revoked = api.post_form(&path, Some(&session), &[("csrf", &csrf)]).await;
    assert_eq!(revoked.status(), StatusCode::SEE_OTHER);
    assert_eq!(revoked.headers()[header::LOCATION], "/app/tokens?notice=revoked");
    assert_eq!(api.get("/api/tasks", &secret).await.0, StatusCode::UNAUTHORIZED);
    let html = api
        .page("/app/tokens?notice=revoked", &session)
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("Token revoked.") && html.contains("No tokens yet"));
}

// ------------------------------------------------------------------ export and import

/// Export without what an import renumbers or restamps.
fn comparable(export: &Value) -> Vec<Value> {
    export["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            let mut t = t.clone();
            for volatile in ["number", "created_at", "updated_at"] {
                t.as_object_mut().unwrap().remove(volatile);
            }
            t
        })
        .collect()
}

async fn import(
    api: &Api,
    token: &str,
    content_type: &str,
    body: impl Into<reqwest::Body>,
) -> (StatusCode, Value) {
    let response = api
        .http
        .post(format!("{}/api/import", api.base))
        .bearer_auth(token)
        .header(header::CONTENT_TYPE, content_type)
        .body(body)
        .send()
        .await
        .unwrap();
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// Adds a task through the API and returns it.
async fn add_task(api: &Api, token: &str, body: Value) -> Value {
    let (status, task) = api.post("/api/tasks", Some(token), body).await;
    assert_eq!(status, StatusCode::CREATED, "{task}");
    task
}

/// A list with every kind of field: date-only and timed dues (one set in
/// another zone), repeats (COUNT, UNTIL, from completion), priorities, tags,
/// reminders, descriptions with commas, quotes, newlines and Unicode.
async fn varied_list(api: &Api, token: &str) {
    set_zone(api, token, "America/New_York").await;
    add_task(
        api,
        token,
        json!({"title": "Call the New York office", "due": "2027-03-10T09:00", "priority": "medium"}),
    )
    .await;
    let (status, _) = api
        .patch(
            "/api/settings",
            token,
            json!({"timezone": "Europe/Berlin", "agenda_time": "08:00",
                   "quiet_hours": {"start": "22:00", "end": "07:00"}, "reminder_platform": "telegram"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    for body in [
        json!({"title": "Pay \"rent\", today", "description": "line one\nline two, \"quoted\"; ☕ 日本",
               "due": "2027-03-01", "priority": "high", "tags": ["home", "money"], "repeat": "FREQ=MONTHLY;BYMONTHDAY=1"}),
        json!({"title": "Water plants", "due": "2027-01-05T18:00", "repeat": "every 3 days",
               "repeat_from": "completion", "remind": "30m before", "tags": ["home"]}),
        json!({"title": "Café ☕ 日本", "priority": "low"}),
        json!({"title": "Weekly review", "due": "2027-01-01", "repeat": "FREQ=WEEKLY;BYDAY=FR;COUNT=5", "priority": "medium"}),
        json!({"title": "Stretch", "due": "2027-01-10T07:30", "repeat": "FREQ=DAILY;UNTIL=20270131", "remind": "2027-01-10T07:00"}),
        json!({"title": "Plain", "description": "with, comma"}),
    ] {
        add_task(api, token, body).await;
    }
    api.patch("/api/tasks/4", token, json!({"completed": true})).await;
}

#[tokio::test]
async fn export_then_import_into_a_new_account_reproduces_the_list() {
    let db = TestDb::new().await;
    let api = Api::start(&db, &[]).await;
    let ada = api.sign_up("ada@example.com").await;
    varied_list(&api, &ada).await;

    let (status, exported) = api.get("/api/export", &ada).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        (exported["format"].as_str(), exported["version"].as_i64()),
        (Some("tasklink-export"), Some(1))
    );
    assert_eq!(
        exported["settings"],
        json!({"timezone": "Europe/Berlin", "agenda_time": "08:00",
               "quiet_hours": {"start": "22:00", "end": "07:00"}, "reminder_platform": "telegram"})
    );
    let tasks = exported["tasks"].as_array().unwrap();
    assert_eq!(tasks.len(), 7);
    // The timed due keeps the zone it was set in; a date has none.
    assert_eq!(tasks[0]["due"], "2027-03-10T09:00[America/New_York]");
    assert_eq!(tasks[1]["due"], "2027-03-01");
    assert_eq!(tasks[1]["tags"], json!(["home", "money"]));
    assert_eq!(tasks[1]["priority"], "high");
    assert_eq!(tasks[1]["repeat"], "FREQ=MONTHLY;BYMONTHDAY=1");
    assert_eq!(tasks[2]["repeat_from"], "completion");
    assert_eq!(tasks[2]["remind"], "30m before");
    assert_eq!(tasks[2]["remind_at"], "2027-01-05T16:30:00Z");
    assert_eq!(tasks[3]["completed"], true);
    assert!(tasks[3]["completed_at"].is_string());
    assert_eq!(tasks[4]["repeat"], "FREQ=WEEKLY;BYDAY=FR;COUNT=5");
    assert_eq!(tasks[5]["remind_at"], "2027-01-10T06:00:00Z");

    // JSON round trip into a new account (with a task and other settings
    // already, so numbers differ and the settings are applied).
    let bob = api.sign_up("bob@example.com").await;
    add_task(&api, &bob, json!({"title": "Bob's own"})).await;
    set_zone(&api, &bob, "Asia/Tokyo").await;
    let (status, body) = import(&api, &bob, "application/json", exported.to_string()).await;
    assert_eq!((status, &body), (StatusCode::CREATED, &json!({"imported": 7})));
    let (_, bobs) = api.get("/api/export", &bob).await;
    assert_eq!(bobs["settings"], exported["settings"]);
    assert_eq!(&comparable(&bobs)[1..], comparable(&exported).as_slice());
    assert_eq!(bobs["tasks"][1]["number"], 2);
    // The API reads the imported New York due in Bob's zone, now Berlin's.
    let (_, list) = api.get("/api/tasks?sort=number", &bob).await;
    assert_eq!(list["tasks"][1]["due"], "2027-03-10T15:00:00+01:00");

    // CSV round trip, through a personal access token as a script would, into
    // an account in the same zone (CSV carries no settings).
    let (_, pat) = create_pat(&api, &ada, "backup").await;
    let csv = api
        .http
        .get(format!("{}/api/export?format=csv", api.base))
        .bearer_auth(&pat)
        .send()
        .await
        .unwrap();
    assert!(
        csv.headers()[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let csv = csv.text().await.unwrap();
    assert!(
        csv.starts_with("title,description,due,priority,tags,completed,repeat\r\n"),
        "{csv}"
    );
    assert!(
        csv.contains(
            "\"Pay \"\"rent\"\", today\",\"line one\nline two, \"\"quoted\"\"; ☕ 日本\",2027-03-01,high,home money,false,FREQ=MONTHLY;BYMONTHDAY=1\r\n"
        ),
        "{csv}"
    );
    assert!(
        csv.contains("Call the New York office,,2027-03-10T09:00[America/New_York],medium,,false,\r\n"),
        "{csv}"
    );
    let carol = api.sign_up("carol@example.com").await;
    set_zone(&api, &carol, "Europe/Berlin").await;
    let with_bom = format!("\u{feff}{csv}");
    let (status, body) = import(&api, &carol, "text/csv", with_bom).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let again = api
        .http
        .get(format!("{}/api/export?format=csv", api.base))
        .bearer_auth(&carol)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(again, csv);
    // What CSV carries is the same field by field in the JSON too.
    let (_, carols) = api.get("/api/export", &carol).await;
    let carried = |export: &Value| -> Vec<Value> {
        export["tasks"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| {
                json!([
                    t["title"],
                    t["description"],
                    t["due"],
                    t["priority"],
                    t["tags"],
                    t["completed"],
                    t["repeat"]
                ])
            })
            .collect()
    };
    assert_eq!(carried(&carols), carried(&exported));
}

#[tokio::test]
async fn bad_imports_name_the_line_and_field_and_import_nothing() {
    let db = TestDb::new().await;
    let api = Api::start(&db, &[]).await;
    let ada = api.sign_up("ada@example.com").await;
    let header_row = "title,description,due,priority,tags,completed,repeat\n";

    let long = format!("{header_row}Fine,,,,,,\n{},,,,,,\n", "x".repeat(201));
    let (status, body) = import(&api, &ada, "text/csv", long).await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::UNPROCESSABLE_ENTITY, "invalid_import")
    );
    assert_eq!(body["error"]["field"], "title");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .starts_with("line 3: title"),
        "{body}"
    );
    assert_eq!(api.get("/api/tasks", &ada).await.1["count"], 0, "all or nothing");

    let (status, body) = import(&api, &ada, "text/csv", "title,description\nA,b\n").await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::UNPROCESSABLE_ENTITY, "invalid_csv_header")
    );
    let (status, body) = import(&api, &ada, "text/csv", format!("{header_row}A,,,,,maybe,\n")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["error"]["field"], "completed");
    for (row, field, line) in [
        ("A,,2026-02-30,,,,", "due", "line 3: due"),
        ("A,,2026-12-01T09:00[Mars/Olympus],,,,", "due", "line 3: due"),
        ("A,,,urgent-ish,,,", "priority", "line 3: priority"),
        ("A,,,,no spaces!,,", "tags", "line 3: tags"),
        ("A,,2026-12-01,,,,FREQ=HOURLY", "repeat", "line 3: repeat"),
    ] {
        let (status, body) = import(&api, &ada, "text/csv", format!("{header_row}Fine,,,,,,\n{row}\n")).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{row}");
        assert_eq!(body["error"]["field"], field, "{row}: {body}");
        assert!(
            body["error"]["message"].as_str().unwrap().starts_with(line),
            "{row}: {body}"
        );
    }
    // JSON: the task's position and field; bad settings change nothing either.
    let bad_task = json!({"format": "tasklink-export", "version": 1, "settings": {},
        "tasks": [{"title": "Fine"}, {"title": "Bad", "repeat": "every blue moon"}]});
    let (status, body) = import(&api, &ada, "application/json", bad_task.to_string()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["error"]["field"], "repeat");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .starts_with("task 2: repeat"),
        "{body}"
    );
    let bad_settings = json!({"format": "tasklink-export", "version": 1,
        "settings": {"timezone": "Mars/Olympus"}, "tasks": [{"title": "Fine"}]});
    let (status, body) = import(&api, &ada, "application/json", bad_settings.to_string()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["error"]["field"], "timezone");
    // A task the database refuses late (UNTIL before its due) rolls back the settings too.
    let late = json!({"format": "tasklink-export", "version": 1,
        "settings": {"timezone": "Asia/Tokyo"},
        "tasks": [{"title": "Fine"}, {"title": "Late", "due": "2027-01-10", "repeat": "FREQ=DAILY;UNTIL=20270101"}]});
    let (status, body) = import(&api, &ada, "application/json", late.to_string()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .starts_with("task 2: repeat"),
        "{body}"
    );
    assert_eq!(api.get("/api/settings", &ada).await.1["timezone"], "UTC");

    let other = json!({"format": "tasklink-export", "version": 2, "tasks": []});
    let (status, body) = import(&api, &ada, "application/json", other.to_string()).await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::UNPROCESSABLE_ENTITY, "unsupported_version")
    );
    let (status, _) = import(&api, &ada, "text/plain", "hello").await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let huge = format!("{header_row}{}", "A,,,,,,\n".repeat(700_000));
    let (status, _) = import(&api, &ada, "text/csv", huge).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    let many = format!("{header_row}{}", "A,,,,,,\n".repeat(10_001));
    let (status, body) = import(&api, &ada, "text/csv", many).await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::PAYLOAD_TOO_LARGE, "too_many_tasks")
    );
    assert_eq!(api.get("/api/tasks", &ada).await.1["count"], 0);
}

/// A `multipart/form-data` body as a browser's file form sends it.
fn multipart(csrf: &str, file: &str) -> (String, String) {
    let boundary = "----tasklinktestboundary7MA4YWxkTrZu0gW";
    let body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"tasks.csv\"\r\n\
         Content-Type: text/csv\r\n\r\n{file}\r\n--{boundary}--\r\n"
    );
    (format!("multipart/form-data; boundary={boundary}"), body)
}

#[tokio::test]
async fn the_portal_exports_and_imports_with_its_buttons() {
    let db = TestDb::new().await;
    let api = Api::start(&db, &[]).await;
    let session = session_of(&api.form_sign_up("ada@example.com").await);
    let html = api.page("/app/tokens", &session).await.text().await.unwrap();
    assert!(html.contains("href=\"/app/export?format=csv\"") && html.contains("action=\"/app/import\""));
    let csrf = csrf_of(&html);
    let upload = |csrf: String, file: String| {
        let (content_type, body) = multipart(&csrf, &file);
        api.http
            .post(format!("{}/app/import", api.base))
            .header(header::COOKIE, &session)
            .header(header::CONTENT_TYPE, content_type)
            .body(body)
            .send()
    };
    let file = "title,description,due,priority,tags,completed,repeat\r\n\"Call mom, tonight\",,,,,false,\r\nDone one,,,,,true,\r\n";

    let forged = upload("forged".into(), file.into()).await.unwrap();
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);

    let bad = upload(csrf.clone(), format!("{file}{},,,,,,\r\n", "x".repeat(201)))
        .await
        .unwrap();
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let bad = bad.text().await.unwrap();
    assert!(bad.contains("Nothing was imported: line 4: title"), "{bad}");

    let done = upload(csrf.clone(), file.into()).await.unwrap();
    assert_eq!(done.status(), StatusCode::SEE_OTHER);
    assert_eq!(done.headers()[header::LOCATION], "/app/tokens?notice=imported");
    let html = api
        .page("/app/tokens?notice=imported", &session)
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("Tasks imported."));

    let json: Value = api.page("/app/export", &session).await.json().await.unwrap();
    assert_eq!(json["tasks"][0]["title"], "Call mom, tonight");
    assert_eq!(json["tasks"][1]["completed"], true);
    let csv = api
        .page("/app/export?format=csv", &session)
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(csv, file);
}

/// The properties of a parsed component, by name.
fn ical_prop<'a>(props: &'a [ical::property::Property], name: &str) -> &'a ical::property::Property {
    props
        .iter()
        .find(|p| p.name == name)
        .unwrap_or_else(|| panic!("no {name}"))
}

fn ical_value(props: &[ical::property::Property], name: &str) -> String {
    ical_prop(props, name).value.clone().unwrap_or_default()
}

fn ical_params(props: &[ical::property::Property], name: &str) -> Vec<(String, Vec<String>)> {
    ical_prop(props, name).params.clone().unwrap_or_default()
}

#[tokio::test]
async fn the_calendar_feed_lists_tasks_with_a_due_as_events() {
    let db = TestDb::new().await;
    let api = Api::start(&db, &[]).await;
    let ada = api.sign_up("ada@example.com").await;
    varied_list(&api, &ada).await;
    let long_title = format!("Überweisung {} prüfen", "€ ☕ 日本語 ".repeat(12));
    add_task(
        &api,
        &ada,
        json!({"title": long_title, "due": "2027-02-01T10:00", "description": "a, b; c\\d\nnew line"}),
    )
    .await;
    let (_, settings) = api.get("/api/settings", &ada).await;
    let url = settings["ical_url"]
        .as_str()
        .expect("a session sees the feed address");
    let path = url.trim_start_matches("http://portal.test").to_owned();

    let feed = api.http.get(format!("{}{path}", api.base)).send().await.unwrap();
    assert_eq!(feed.status(), StatusCode::OK);
    let body = feed.text().await.unwrap();
    for line in body.split("\r\n") {
        assert!(line.len() <= 75, "{line:?} is {} octets", line.len());
    }
    assert!(!body.replace("\r\n", "").contains('\n'), "bare LF");
    let mut calendars = ical::IcalParser::new(std::io::BufReader::new(body.as_bytes()));
    let calendar = calendars.next().expect("a calendar").expect("it parses");
    // Open tasks with a due: not the completed one, not the ones without a due.
    let events = &calendar.events;
    let summaries: Vec<String> = events
        .iter()
        .map(|e| ical_value(&e.properties, "SUMMARY"))
        .collect();
    assert_eq!(
        summaries,
        [
            "Call the New York office",
            "Pay \"rent\"\\, today",
            "Water plants",
            "Weekly review",
            "Stretch",
            long_title.as_str(),
        ],
        "{body}"
    );
    let timezones: Vec<String> = calendar
        .timezones
        .iter()
        .map(|z| ical_value(&z.properties, "TZID"))
        .collect();
    assert_eq!(timezones, ["America/New_York", "Europe/Berlin"]);
    assert!(
        calendar.timezones[0]
            .transitions
            .iter()
            .any(|t| ical_value(&t.properties, "DTSTART") == "20270314T020000"
                && ical_value(&t.properties, "TZOFFSETTO") == "-0400"),
        "New York's 2027 change to summer time"
    );

    let [office, rent, water, review, stretch, long] = &events[..] else {
        panic!("six events")
    };
    let p = |e: &ical::parser::ical::component::IcalEvent, name: &str| ical_value(&e.properties, name);
    assert_eq!(p(office, "DTSTART"), "20270310T090000");
    assert_eq!(
        ical_params(&office.properties, "DTSTART"),
        [("TZID".to_owned(), vec!["America/New_York".to_owned()])]
    );
    assert_eq!(p(office, "DURATION"), "PT30M");
    assert_eq!(p(office, "PRIORITY"), "5");

    assert_eq!(p(rent, "DTSTART"), "20270301");
    assert_eq!(
        ical_params(&rent.properties, "DTSTART"),
        [("VALUE".to_owned(), vec!["DATE".to_owned()])]
    );
    assert_eq!(p(rent, "RRULE"), "FREQ=MONTHLY;BYMONTHDAY=1");
    assert_eq!(p(rent, "CATEGORIES"), "home,money");
    assert_eq!(p(rent, "PRIORITY"), "1");
    assert_eq!(
        p(rent, "DESCRIPTION"),
        "line one\\nline two\\, \"quoted\"\\; ☕ 日本"
    );
    assert_eq!(p(water, "RRULE"), "FREQ=DAILY;INTERVAL=3");
    assert_eq!(p(water, "DTSTART"), "20270105T180000");
    assert!(water.properties.iter().all(|p| p.name != "PRIORITY"));
    assert_eq!(p(review, "RRULE"), "FREQ=WEEKLY;BYDAY=FR;COUNT=5");
    // UNTIL as a UTC instant for a timed start: the end of 31 January in Berlin.
    assert_eq!(p(stretch, "RRULE"), "FREQ=DAILY;UNTIL=20270131T225959Z");
    assert_eq!(p(long, "SUMMARY"), long_title);
    assert_eq!(p(long, "DESCRIPTION"), "a\\, b\\; c\\\\d\\nnew line");
    assert!(body.contains("SUMMARY:Überweisung"));
    assert!(
        !body.contains(&format!("SUMMARY:{long_title}")),
        "the long title is folded"
    );

    // UIDs are stable, unique and free of the server's ids; DTSTAMP is the last change.
    let uids: Vec<String> = events.iter().map(|e| p(e, "UID")).collect();
    assert!(
        uids.iter()
            .all(|u| u.ends_with("@portal.test") && u.len() == 32 + "@portal.test".len())
    );
    let mut unique = uids.clone();
    unique.dedup();
    assert_eq!(unique.len(), 6);
    let again = api.http.get(format!("{}{path}", api.base)).send().await.unwrap();
    assert_eq!(again.text().await.unwrap(), body, "the same feed twice");
    assert!(events.iter().all(|e| p(e, "DTSTAMP").ends_with('Z')));

    // A change to a task changes the feed and its ETag.
    let etag = api
        .http
        .get(format!("{}{path}", api.base))
        .send()
        .await
        .unwrap()
        .headers()[header::ETAG]
        .to_str()
        .unwrap()
        .to_owned();
    api.patch("/api/tasks/1", &ada, json!({"title": "Call the NYC office"}))
        .await;
    let changed = api
        .http
        .get(format!("{}{path}", api.base))
        .header(header::IF_NONE_MATCH, &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(changed.status(), StatusCode::OK);
    assert_ne!(changed.headers()[header::ETAG].to_str().unwrap(), etag);
    let changed = changed.text().await.unwrap();
    assert!(changed.contains("SUMMARY:Call the NYC office\r\n"));
    let uid_after: Vec<&str> = changed
        .split("\r\n")
        .filter_map(|l| l.strip_prefix("UID:"))
        .collect();
    assert_eq!(uid_after, uids.iter().map(String::as_str).collect::<Vec<_>>());
}

#[tokio::test]
async fn the_calendar_feed_is_secret_cacheable_and_rotatable() {
    let db = TestDb::new().await;
    let api = Api::start(&db, &[]).await;
    let cookie = api.form_sign_up("ada@example.com").await;
    let session = session_of(&cookie);
    let html = api.page("/app/settings", &session).await.text().await.unwrap();
    let at = html
        .find("http://portal.test/ical/")
        .expect("the feed address is shown");
    let url = &html[at..at + html[at..].find('<').unwrap()];
    let path = url.trim_start_matches("http://portal.test").to_owned();
    assert!(path.ends_with(".ics"), "{path}");

    let feed = api.http.get(format!("{}{path}", api.base)).send().await.unwrap();
    assert_eq!(feed.status(), StatusCode::OK);
    assert!(
        feed.headers()[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/calendar")
    );
    let cache = feed.headers()[header::CACHE_CONTROL].to_str().unwrap().to_owned();
    assert!(cache.contains("private") && cache.contains("max-age"), "{cache}");
    let etag = feed.headers()[header::ETAG].to_str().unwrap().to_owned();
    assert!(
        etag.starts_with('"') && !etag.starts_with("W/"),
        "a strong ETag: {etag}"
    );
    let body = feed.text().await.unwrap();
    assert!(
        body.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n") && body.ends_with("END:VCALENDAR\r\n"),
        "{body}"
    );
    let again = api
        .http
        .get(format!("{}{path}", api.base))
        .header(header::IF_NONE_MATCH, &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(again.headers()[header::ETAG].to_str().unwrap(), etag);
    assert!(again.text().await.unwrap().is_empty());

    for wrong in [
        "/ical/nope.ics",
        "/ical/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.ics",
        "/ical/x",
    ] {
        let answer = api.http.get(format!("{}{wrong}", api.base)).send().await.unwrap();
        assert_eq!(answer.status(), StatusCode::NOT_FOUND, "{wrong}");
    }

    // The settings show the address to a session, not to a personal access token.
    let bearer = api
        .auth("login", "ada@example.com", "correct horse battery")
        .await
        .1["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let (status, settings) = api.get("/api/settings", &bearer).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(settings["ical_url"], url);
    let (_, pat) = create_pat(&api, &bearer, "script").await;
    let (status, settings) = api.get("/api/settings", &pat).await;
    assert_eq!((status, &settings["ical_url"]), (StatusCode::OK, &Value::Null));
    let (status, settings) = api
        .patch("/api/settings", &pat, json!({"agenda_time": "08:00"}))
        .await;
    assert_eq!((status, &settings["ical_url"]), (StatusCode::OK, &Value::Null));
    let (_, settings) = api
        .patch("/api/settings", &bearer, json!({"agenda_time": null}))
        .await;
    assert_eq!(settings["ical_url"], url);

    // Rotating through the API needs a session; the old address stops working.
    let (status, body) = api.post("/api/settings/ical-token", Some(&pat), json!({})).await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::FORBIDDEN, "session_required")
    );
    let (status, body) = api
        .post("/api/settings/ical-token", Some(&bearer), json!({}))
        .await;
    assert_eq!(status, StatusCode::OK);
    let new_path = body["ical_url"]
        .as_str()
        .unwrap()
        .trim_start_matches("http://portal.test")
        .to_owned();
    assert_ne!(new_path, path);
    assert_eq!(
        api.get("/api/settings", &bearer).await.1["ical_url"],
        body["ical_url"]
    );
    let old = api.http.get(format!("{}{path}", api.base)).send().await.unwrap();
    assert_eq!(old.status(), StatusCode::NOT_FOUND);
    let new = api
        .http
        .get(format!("{}{new_path}", api.base))
        .send()
        .await
        .unwrap();
    assert_eq!(new.status(), StatusCode::OK);

    // And from the settings page, with its CSRF token.
    let csrf = csrf_of(&html);
    assert_eq!(
        api.post_form("/app/settings/calendar", Some(&session), &[("csrf", "forged")])
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    let rotated = api
        .post_form("/app/settings/calendar", Some(&session), &[("csrf", &csrf)])
        .await;
    assert_eq!(rotated.status(), StatusCode::SEE_OTHER);
    let html = api
        .page("/app/settings?notice=rotated", &session)
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("the old one no longer works") && !html.contains(&new_path));
    let newer = api
        .http
        .get(format!("{}{new_path}", api.base))
        .send()
        .await
        .unwrap();
    assert_eq!(newer.status(), StatusCode::NOT_FOUND);
}

// ------------------------------------------------------------------ MCP

type McpClient = rmcp::service::RunningService<rmcp::RoleClient, rmcp::model::ClientConfig>;

/// rmcp's own client over streamable HTTP, with this bearer token.
async fn mcp_connect(api: &Api, token: &str) -> Result<McpClient, String> {
    use rmcp::{
        ServiceExt,
        transport::{
            StreamableHttpClientTransport, streamable_http_client::StreamableHttpClientTransportConfig,
        },
    };
    let transport = StreamableHttpClientTransport::from_config(
        StreamableHttpClientTransportConfig::with_uri(format!("{}/mcp", api.base)).auth_header(token),
    );
    rmcp::model::ClientConfig::default()
        .serve(transport)
        .await
        .map_err(|e| format!("{e:?}"))
}

/// Calls a tool; returns (is_error, the JSON the tool answered).
async fn mcp_call(client: &McpClient, name: &'static str, arguments: Value) -> (bool, Value) {
    let Value::Object(arguments) = arguments else {
        panic!("arguments are an object")
    };
    let result = client
        .call_tool(rmcp::model::CallToolRequestParams::new(name).with_arguments(arguments))
        .await
        .unwrap_or_else(|e| panic!("{name}: {e:?}"));
    assert_eq!(result.content.len(), 1, "{result:?}");
    let text = &result.content[0].as_text().expect("text content").text;
    (
        result.is_error == Some(true),
        serde_json::from_str(text).expect("the content is JSON"),
    )
}

/// A raw `POST /mcp` initialize, for the status codes the client hides.
async fn mcp_raw(api: &Api, path: &str, token: Option<&str>, host: Option<&str>) -> StatusCode {
    let mut request = api
        .http
        .post(format!("{}{path}", api.base))
        .header(header::ACCEPT, "application/json, text/event-stream")
        .json(
            &json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
            "protocolVersion": "2025-06-18", "capabilities": {},
            "clientInfo": {"name": "raw", "version": "1"}}}),
        );
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    if let Some(host) = host {
        request = request.header(header::HOST, host);
    }
    request.send().await.unwrap().status()
}

#[tokio::test]
async fn mcp_serves_the_agents_tools_for_the_tokens_owner() {
    use tasklink_core::agent::tools::TOOLS;
    let db = TestDb::new().await;
    let api = Api::start(&db, &[]).await;
    let ada = api.sign_up("ada@example.com").await;
    let bob = api.sign_up("bob@example.com").await;
    let bob_id = api.get("/api/me", &bob).await.1["user"]["id"].clone();
    for title in ["Bob's first", "Bob's second"] {
        api.post("/api/tasks", Some(&bob), json!({"title": title})).await;
    }
    let (_, ada_pat) = create_pat(&api, &ada, "mcp").await;

    let client = mcp_connect(&api, &ada_pat).await.expect("initialize");
    let info = format!("{:?}", client.peer_info());
    assert!(info.contains("tasklink"), "{info}");

    // The tool list is the agent's, names and schemas.
    let tools = client.list_all_tools().await.unwrap();
    let names: Vec<&str> = tools.iter().map(|t| t.name.as_ref()).collect();
    let expected: Vec<&str> = TOOLS.iter().map(|t| t.name).collect();
    assert_eq!(names, expected);
    for (tool, spec) in tools.iter().zip(TOOLS) {
        assert_eq!(Value::Object((*tool.input_schema).clone()), (spec.parameters)());
        assert_eq!(tool.description.as_deref(), Some(spec.description));
    }

    // Each tool, for Ada, whatever user_id the client sends.
    let (failed, added) = mcp_call(
        &client,
        "add_task",
        json!({"title": "Buy milk", "user_id": bob_id}),
    )
    .await;
    assert!(!failed);
    assert_eq!(
        added,
        json!({"number": 1, "title": "Buy milk", "status": "created"})
    );
    let (_, listed) = mcp_call(
        &client,
        "list_tasks",
        json!({"status": "pending", "user_id": bob_id}),
    )
    .await;
    assert_eq!(listed["count"], 1, "{listed}");
    assert_eq!(listed["tasks"][0]["title"], "Buy milk");
    let (failed, updated) = mcp_call(
        &client,
        "update_task",
        json!({"task_number": 1, "title": "Buy oat milk"}),
    )
    .await;
    assert!(!failed);
    assert_eq!(
        updated,
        json!({"number": 1, "title": "Buy oat milk", "status": "updated"})
    );
    let (_, completed) = mcp_call(&client, "complete_task", json!({"task_number": "1"})).await;
    assert_eq!(completed["status"], "completed");

    // Bob's task #2 is not Ada's: not found, and it stays Bob's.
    for tool in ["complete_task", "delete_task", "update_task"] {
        let (failed, answer) = mcp_call(
            &client,
            tool,
            json!({"task_number": 2, "title": "Mine now", "user_id": bob_id}),
        )
        .await;
        assert!(failed, "{tool}: {answer}");
        assert_eq!(answer["error"]["code"], "task_not_found", "{tool}: {answer}");
    }
    let (_, bobs) = api.get("/api/tasks", &bob).await;
    assert_eq!(bobs["count"], 2);
    assert_eq!(bobs["tasks"][1]["title"], "Bob's second");
    assert_eq!(bobs["tasks"][1]["completed"], false);

    // Bad arguments are tool errors the model can read, not protocol errors.
    let (failed, answer) = mcp_call(&client, "add_task", json!({"title": "   "})).await;
    assert!(failed);
    assert!(
        answer["error"]["code"].is_string() && answer["error"]["message"].is_string(),
        "{answer}"
    );

    let (_, deleted) = mcp_call(&client, "delete_task", json!({"task_number": 1})).await;
    assert_eq!(
        deleted,
        json!({"number": 1, "title": "Buy oat milk", "status": "deleted"})
    );
    assert_eq!(api.get("/api/tasks", &ada).await.1["count"], 0);

    // Tools added to the agent later are served too: each answers with JSON.
    let covered = [
        "add_task",
        "list_tasks",
        "update_task",
        "complete_task",
        "delete_task",
    ];
    for spec in TOOLS.iter().filter(|t| !covered.contains(&t.name)) {
        let (_, answer) = mcp_call(&client, spec.name, json!({})).await;
        assert!(answer.is_object(), "{}: {answer}", spec.name);
    }

    // An unknown tool is a protocol error.
    let unknown = client
        .call_tool(rmcp::model::CallToolRequestParams::new("drop_tables"))
        .await;
    assert!(unknown.is_err(), "{unknown:?}");

    // Use through MCP counts as use of the token.
    let (_, list) = api.get("/api/tokens", &ada).await;
    assert!(list["tokens"][0]["last_used_at"].is_string(), "{list}");
    client.cancel().await.unwrap();
}

#[tokio::test]
async fn mcp_refuses_bad_revoked_and_session_credentials() {
    let db = TestDb::new().await;
    let api = Api::start(&db, &[]).await;
    let session = api.sign_up("ada@example.com").await;
    let (id, pat) = create_pat(&api, &session, "mcp").await;

    assert_eq!(mcp_raw(&api, "/mcp", Some(&pat), None).await, StatusCode::OK);
    for bad in [
        format!("tl_pat_{}", "A".repeat(43)),
        "garbage".to_owned(),
        session.clone(),
    ] {
        let refused = mcp_connect(&api, &bad).await.expect_err("refused");
        assert!(refused.contains("AuthRequired"), "{refused}");
        assert_eq!(
            mcp_raw(&api, "/mcp", Some(&bad), None).await,
            StatusCode::UNAUTHORIZED
        );
    }
    assert_eq!(mcp_raw(&api, "/mcp", None, None).await, StatusCode::UNAUTHORIZED);
    assert_eq!(
        mcp_raw(&api, &format!("/mcp?access_token={pat}"), None, None).await,
        StatusCode::UNAUTHORIZED
    );
    // Only the public address's host and loopback (against DNS rebinding).
    assert_eq!(
        mcp_raw(&api, "/mcp", Some(&pat), Some("evil.example.com")).await,
        StatusCode::FORBIDDEN
    );

    // Revoking stops a connected client at its next request: every request is
    // authenticated, there is no session to outlive the token.
    let client = mcp_connect(&api, &pat).await.expect("initialize");
    mcp_call(&client, "list_tasks", json!({})).await;
    assert_eq!(
        api.delete(&format!("/api/tokens/{id}"), &session).await.0,
        StatusCode::NO_CONTENT
    );
    let after = client.list_all_tools().await;
    assert!(after.is_err(), "{after:?}");
    let refused = mcp_connect(&api, &pat).await.expect_err("refused");
    assert!(refused.contains("AuthRequired"), "{refused}");
    assert_eq!(
        mcp_raw(&api, "/mcp", Some(&pat), None).await,
        StatusCode::UNAUTHORIZED
    );
}

// ------------------------------------------------------------------ pages

#[tokio::test]
async fn pages_need_a_session_and_forms_need_their_token() {
    let db = TestDb::new().await;
    let api = Api::start(&db, &[]).await;
    let page = |path: &str| api.http.get(format!("{}{path}", api.base)).send();

    let landing = page("/").await.unwrap();
    assert_eq!(landing.status(), StatusCode::OK);
    assert!(landing.text().await.unwrap().contains("Sign up"));
    let app = page("/app").await.unwrap();
    assert_eq!(app.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.headers()[header::LOCATION], "/login");

    // Sign-up by form sets a locked-down session cookie.
    let cookie = api.form_sign_up("ada@example.com").await;
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && !cookie.contains("Secure"),
        "{cookie}"
    );
    let session = session_of(&cookie);
    let dashboard = api.page("/app", &session).await;
    assert_eq!(dashboard.status(), StatusCode::OK);
    assert!(dashboard.text().await.unwrap().contains("ada@example.com"));

    // A form without the session's token is refused and changes nothing.
    let forged = api
        .post_form(
            "/app/tasks",
            Some(&session),
            &[("csrf", "guess"), ("title", "Forged")],
        )
        .await;
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    let count: i64 = sqlx::query_scalar("SELECT count(*) FROM tasks")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(count, 0);

    // Log-in from another site's form is refused.
    let cross_site = api
        .http
        .post(format!("{}/login", api.base))
        .header(header::ORIGIN, "https://evil.example")
        .form(&[
            ("email", "ada@example.com"),
            ("password", "correct horse battery"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(cross_site.status(), StatusCode::FORBIDDEN);

    // A wrong password re-renders the form with the message, and keeps the email.
    let failed = api
        .post_form(
            "/login",
            None,
            &[("email", "ada@example.com"), ("password", "wrong horse battery")],
        )
        .await;
    assert_eq!(failed.status(), StatusCode::UNAUTHORIZED);
    let html = failed.text().await.unwrap();
    assert!(html.contains("wrong email or password") && html.contains("value=\"ada@example.com\""));
}

#[tokio::test]
async fn markup_in_titles_is_escaped_on_pages() {
    let db = TestDb::new().await;
    let api = Api::start(&db, &[]).await;
    let session = session_of(&api.form_sign_up("ada@example.com").await);
    let user = UserId::from_trusted(
        sqlx::query_scalar("SELECT id FROM users")
            .fetch_one(&db.pool)
            .await
            .unwrap(),
    );
    let title = tasklink_core::tasks::TaskTitle::parse("<script>alert(1)</script> & <b>*_[x]").unwrap();
    tasklink_core::tasks::add(&db.pool, user, &title, None)
        .await
        .unwrap();
    let html = api.page("/app", &session).await.text().await.unwrap();
    assert!(html.contains("alert(1)"), "the title is on the page");
    assert!(
        !html.contains("<script>alert(1)") && !html.contains("<b>*_[x]"),
        "{html}"
    );
}

/// Headless Chromium signs up, adds a task, completes it, creates a link token
/// and reads the command off the page; a screenshot lands in `target/`.
#[tokio::test]
async fn a_real_browser_signs_up_manages_tasks_and_gets_a_link_token() {
    let db = TestDb::new().await;
    let api = Api::start(&db, &[("TELEGRAM_BOT_USERNAME", "tasklink_bot".into())]).await;
    let browser = Browser::start().await;
    let base = &api.base;

    browser.goto(&format!("{base}/")).await;
    browser.click("a.button[href='/signup']").await;
    browser.fill("input[name=email]", "ada@example.com").await;
    browser
        .fill("input[name=password]", "correct horse battery")
        .await;
    browser.click("button[type=submit]").await;
    browser.wait_text("p.muted", "Signed in as ada@example.com").await;
    assert!(browser.current_url().await.ends_with("/app"));

    browser.fill("input[name=title]", "Buy groceries 🥕").await;
    browser.click("form[action='/app/tasks'] button").await;
    browser.wait_text("#task-1 .title", "Buy groceries 🥕").await;
    browser
        .fill("form[action='/app/tasks'] input[name=title]", "Pay bills")
        .await;
    browser.click("form[action='/app/tasks'] button").await;
    browser.wait_text("#task-2 .title", "Pay bills").await;

    browser.click("form[action='/app/tasks/1/complete'] button").await;
    browser.wait_text("body", "Task completed.").await;
    browser
        .click("form.filters select[name=status] option[value=completed]")
        .await;
    browser.click("form.filters button").await;
    browser.wait_text("#task-count", "1 task").await;
    assert!(browser.current_url().await.contains("status=completed"));
    let completed = browser.text("ul.tasks").await;
    assert!(
        completed.contains("Buy groceries") && !completed.contains("Pay bills"),
        "{completed}"
    );

    browser.click("form[action='/app/link-token'] button").await;
    let command = browser.text("#link-command").await;
    let token = command
        .strip_prefix("/link ")
        .expect("the page shows a /link command");
    let verified = api
        .core
        .tokens
        .verify(Audience::Link, token)
        .expect("the page's token is a valid link token");
    let telegram = browser.text("#telegram-link").await;
    assert_eq!(
        telegram,
        format!("https://t.me/tasklink_bot?start={}", verified.jti)
    );

    let shot = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/screenshots/dashboard.png");
    browser.screenshot(&shot).await;
    assert!(std::fs::metadata(&shot).unwrap().len() > 10_000);

    // The same task list through the API.
    let (_, login) = api
        .auth("login", "ada@example.com", "correct horse battery")
        .await;
    let (_, tasks) = api.get("/api/tasks", login["token"].as_str().unwrap()).await;
    assert_eq!(tasks["count"], 2);
    assert_eq!(tasks["tasks"][0]["completed"], true);

    browser.click("nav button.link").await;
    browser.wait_text("body", "One task list").await;
    browser.quit().await;
}

/// Headless Chromium types into the quick-add box and sees the live reading,
/// adds the task, finds it in the agenda, takes the zone the browser suggests
/// on the settings page; every page fits a 375-pixel phone screen and a
/// desktop one without scrolling sideways (screenshots land in `target/screenshots/`).
#[tokio::test]
async fn a_real_browser_quick_adds_with_a_live_reading_and_fits_a_phone() {
    let db = TestDb::new().await;
    let api = Api::start(&db, &[]).await;
    let browser = Browser::start().await;
    let base = &api.base;
    // The browser is in Tokyo; the account starts in UTC.
    browser
        .cdp(
            "Emulation.setTimezoneOverride",
            json!({"timezoneId": "Asia/Tokyo"}),
        )
        .await;
    browser.viewport(375, 812, true).await;

    browser.goto(&format!("{base}/signup")).await;
    browser.fill("input[name=email]", "ada@example.com").await;
    browser
        .fill("input[name=password]", "correct horse battery")
        .await;
    browser.click("button[type=submit]").await;
    browser.wait_text("p.muted", "Signed in as ada@example.com").await;

    // The live reading follows the typing.
    let quickadd = "form#quickadd input[name=title]";
    browser
        .fill(quickadd, "Pay rent every month on the 1st at 9am p1 #home")
        .await;
    let reading = browser
        .wait_text("#quickadd-reading", "every month on the 1st")
        .await;
    assert!(
        reading.contains("“Pay rent”") && reading.contains("high") && reading.contains("#home"),
        "{reading}"
    );
    browser.click("form#quickadd button").await;
    browser.wait_text("#task-1 .title", "Pay rent").await;
    let meta = browser.text("#task-1 .meta").await;
    assert!(
        meta.contains("every month on the 1st") && meta.contains("high") && meta.contains("#home"),
        "{meta}"
    );
    browser.fill(quickadd, "Call mom today 00:01").await;
    browser.wait_text("#quickadd-reading", "Call mom").await;
    browser.click("form#quickadd button").await;
    browser.wait_text("#task-2 .title", "Call mom").await;
    browser.fill(quickadd, "Plan the trip tomorrow #travel").await;
    browser.click("form#quickadd button").await;
    browser.wait_text("#task-3 .title", "Plan the trip").await;
    assert!(
        browser
            .execute("return document.querySelector('#task-2').classList.contains('overdue');")
            .await
            .as_bool()
            .unwrap(),
        "a time already past today is marked overdue"
    );

    // Search and a tag filter.
    browser.fill("form.filters input[name=q]", "rent").await;
    browser.click("form.filters button").await;
    browser.wait_text("#task-count", "1 task").await;
    browser.goto(&format!("{base}/app?tag=travel")).await;
    browser.wait_text("ul.tasks", "Plan the trip").await;
    assert!(!browser.text("ul.tasks").await.contains("Pay rent"));

    // The agenda shows what is overdue and what comes.
    browser.goto(&format!("{base}/app/agenda")).await;
    browser.wait_text("#agenda-overdue", "Overdue").await;
    let agenda = browser.page_text().await;
    assert!(
        agenda.contains("Call mom") && agenda.contains("Plan the trip"),
        "{agenda}"
    );

    // Settings suggest the browser's zone; taking it moves the due times.
    browser.goto(&format!("{base}/app/settings")).await;
    browser.wait_text("#tz-browser", "Asia/Tokyo").await;
    browser.click("#tz-use").await;
    browser.click("form#settings button[type=submit]").await;
    browser.wait_text("body", "Settings saved.").await;
    let zone = browser
        .execute("return document.getElementById('timezone').value;")
        .await;
    assert_eq!(zone, "Asia/Tokyo");

    let shots = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/screenshots");
    for (width, height, mobile, name) in [(375, 812, true, "phone"), (1280, 900, false, "desktop")] {
        browser.viewport(width, height, mobile).await;
        for (path, page) in [
            ("/app", "dashboard"),
            ("/app/agenda", "agenda"),
            ("/app/settings", "settings"),
        ] {
            browser.goto(&format!("{base}{path}")).await;
            browser.wait_text("nav", "Settings").await;
            if path == "/app" {
                // The edit form open, the widest thing on the page.
                browser.click("#task-1 details summary").await;
            }
            let inner = browser.execute("return window.innerWidth;").await;
            assert_eq!(inner, width, "the {name} viewport");
            let (overflows, widths) = browser.overflows_horizontally().await;
            assert!(
                !overflows,
                "{path} scrolls sideways at {width}px: [scrollWidth, innerWidth] = {widths}"
            );
            let shot = shots.join(format!("{page}-{name}.png"));
            browser.screenshot(&shot).await;
            assert!(std::fs::metadata(&shot).unwrap().len() > 5_000);
        }
    }
    browser.quit().await;
}

/// The `csrf` value the page's forms carry.
fn csrf_of(html: &str) -> String {
    let at = html
        .find("name=\"csrf\" value=\"")
        .expect("a form with a csrf field")
        + 19;
    html[at..at + html[at..].find('"').unwrap()].to_owned()
}

#[tokio::test]
async fn dashboard_forms_manage_tasks_links_and_the_session() {
    let db = TestDb::new().await;
    let api = Api::start(&db, &[]).await;
    let session = session_of(&api.form_sign_up("ada@example.com").await);
    let csrf = csrf_of(&api.page("/app", &session).await.text().await.unwrap());
    let post = |path: &'static str, fields: Vec<(&'static str, &'static str)>| {
        let (api, session, csrf) = (&api, session.clone(), csrf.clone());
        async move {
            let mut form = vec![("csrf", csrf.as_str())];
            form.extend(fields);
            api.post_form(path, Some(&session), &form).await
        }
    };

    for title in ["Buy milk", "Call mom", "Water plants"] {
        let added = post("/app/tasks", vec![("title", title)]).await;
        assert_eq!(added.headers()[header::LOCATION], "/app?notice=added");
    }
    post("/app/tasks/1/complete", vec![]).await;
    post(
        "/app/tasks/2/edit",
        vec![("title", "Call mom tonight"), ("description", "after 8")],
    )
    .await;
    let deleted = post("/app/tasks/3/delete", vec![]).await;
    assert_eq!(deleted.headers()[header::LOCATION], "/app?notice=deleted");

    let user = UserId::from_trusted(
        sqlx::query_scalar("SELECT id FROM users")
            .fetch_one(&db.pool)
            .await
            .unwrap(),
    );
    let tasks = tasklink_core::tasks::list(&db.pool, user, tasklink_core::tasks::TaskFilter::All)
        .await
        .unwrap();
    let summary: Vec<(i32, &str, bool, Option<&str>)> = tasks
        .iter()
        .map(|t| {
            (
                t.number.get(),
                t.title.as_str(),
                t.completed,
                t.description.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (1, "Buy milk", true, None),
            (2, "Call mom tonight", false, Some("after 8"))
        ]
    );

    // Bad input re-renders the dashboard with the reason; another number is not found.
    let empty = post("/app/tasks", vec![("title", "   ")]).await;
    assert_eq!(empty.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(empty.text().await.unwrap().contains("the title cannot be empty"));
    assert_eq!(
        post("/app/tasks/99/delete", vec![]).await.status(),
        StatusCode::NOT_FOUND
    );

    let pending = api
        .page("/app?status=pending", &session)
        .await
        .text()
        .await
        .unwrap();
    assert!(pending.contains("Call mom tonight") && !pending.contains("Buy milk"));

    // A link token on the page, not cached; linking it shows the account, unlinking removes it.
    let offer = post("/app/link-token", vec![]).await;
    assert_eq!(offer.headers()[header::CACHE_CONTROL], "no-store");
    let html = offer.text().await.unwrap();
    let command = html
        .split("<pre id=\"link-command\">")
        .nth(1)
        .unwrap()
        .split('<')
        .next()
        .unwrap();
    let token = command.strip_prefix("/link ").unwrap();
    let account = PlatformAccount {
        platform: Platform::Discord,
        user_id: "4242".into(),
        username: Some("ada#1".into()),
    };
    linking::redeem_token(&api.core.db, &api.core.tokens, token, &account)
        .await
        .unwrap();
    let html = api.page("/app", &session).await.text().await.unwrap();
    assert!(html.contains("discord · ada#1"), "{html}");
    let link_id: i64 = sqlx::query_scalar("SELECT id FROM linked_accounts")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    let unlink = api
        .post_form(
            &format!("/app/links/{link_id}/unlink"),
            Some(&session),
            &[("csrf", &csrf)],
        )
        .await;
    assert_eq!(unlink.headers()[header::LOCATION], "/app?notice=unlinked");
    assert!(
        linking::find_user(&db.pool, Platform::Discord, "4242")
            .await
            .unwrap()
            .is_none()
    );

    // Log-out ends the cookie's session for good.
    let logout = post("/logout", vec![]).await;
    assert!(
        logout.headers()[header::SET_COOKIE]
            .to_str()
            .unwrap()
            .contains("Max-Age=0")
    );
    let after = api.page("/app", &session).await;
    assert_eq!(
        (after.status(), &after.headers()[header::LOCATION]),
        (StatusCode::SEE_OTHER, &"/login".parse().unwrap())
    );
}

#[tokio::test]
async fn the_web_chat_talks_to_the_agent_and_keeps_the_conversation() {
    let db = TestDb::new().await;
    let api = Api::start(&db, &[]).await;
    let session = session_of(&api.form_sign_up("ada@example.com").await);
    let page = api.page("/app/chat", &session).await.text().await.unwrap();
    let csrf = csrf_of(&page);

    let sent = api
        .post_form(
            "/app/chat",
            Some(&session),
            &[("csrf", &csrf), ("message", "add buy milk")],
        )
        .await;
    assert_eq!(sent.status(), StatusCode::SEE_OTHER);
    let location = sent.headers()[header::LOCATION].to_str().unwrap().to_owned();
    let conversation = location
        .strip_prefix("/app/chat?c=")
        .expect("redirects to the conversation");

    let sent = api
        .post_form(
            "/app/chat",
            Some(&session),
            &[
                ("csrf", &csrf),
                ("message", "what's pending?"),
                ("conversation_id", conversation),
            ],
        )
        .await;
    assert_eq!(sent.headers()[header::LOCATION].to_str().unwrap(), location);
    let html = api.page(&location, &session).await.text().await.unwrap();
    for text in [
        "add buy milk",
        "Added task #1: Buy milk",
        "what&#39;s pending?",
        "Buy milk",
    ] {
        assert!(
            html.contains(text) || html.contains(&text.replace("&#39;", "'")),
            "{text} missing: {html}"
        );
    }

    // Someone else's conversation is not found; a forged form is refused.
    let bob = session_of(&api.form_sign_up("bob@example.com").await);
    assert_eq!(api.page(&location, &bob).await.status(), StatusCode::NOT_FOUND);
    let forged = api
        .post_form(
            "/app/chat",
            Some(&session),
            &[("csrf", "nope"), ("message", "add x")],
        )
        .await;
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_web_chat_runs_the_commands_the_table_offers_it() {
    use tasklink_core::commands::Surface;
    let db = TestDb::new().await;
    let api = Api::start(&db, &[]).await;
    let ada = api.sign_up("ada@example.com").await;
    for title in ["One", "Two"] {
        let (status, _) = api.post("/api/tasks", Some(&ada), json!({"title": title})).await;
        assert_eq!(status, StatusCode::CREATED);
    }
    for spec in tasklink_tests::helpers::commands_in_test_order() {
        let (status, turn) = api
            .post("/api/chat", Some(&ada), json!({"message": spec.example}))
            .await;
        assert_eq!(status, StatusCode::OK, "{turn}");
        let response = turn["response"].as_str().unwrap();
        let unknown = response.starts_with(&format!("I don't know /{}", spec.command));
        assert_eq!(
            unknown,
            !spec.offered_on(Surface::Web),
            "{}: {response}",
            spec.example
        );
        assert!(!response.contains("didn't catch"), "{}: {response}", spec.example);
    }
    // The commands ran for real and were kept in the conversation.
    let (_, listed) = api.get("/api/tasks", &ada).await;
    let titles: Vec<&str> = listed["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        titles,
        ["Two", "Buy milk"],
        "/done 1, /edit 1 and /delete 1 hit task 1; /add added one"
    );
}

#[tokio::test]
async fn issuing_link_tokens_is_throttled() {
    let db = TestDb::new().await;
    let api = Api::start(&db, &[]).await;
    let ada = api.sign_up("ada@example.com").await;
    for _ in 0..10 {
        let (status, body) = api.post("/api/link-tokens", Some(&ada), json!({})).await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
    }
    let (status, body) = api.post("/api/link-tokens", Some(&ada), json!({})).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
    assert_eq!(body["error"]["code"], "rate_limited");
    // Another person's budget is their own.
    let bob = api.sign_up("bob@example.com").await;
    let (status, _) = api.post("/api/link-tokens", Some(&bob), json!({})).await;
    assert_eq!(status, StatusCode::CREATED);
}

#[tokio::test]
async fn over_https_the_session_cookie_is_host_locked_and_hsts_is_sent() {
    let db = TestDb::new().await;
    // The portal behind a TLS proxy: its public address is https.
    let api = Api::start(
        &db,
        &[("TASKLINK_PUBLIC_URL", "https://tasks.example.com".into())],
    )
    .await;
    let signup = api
        .http
        .post(format!("{}/signup", api.base))
        .header(header::ORIGIN, "https://tasks.example.com")
        .form(&[
            ("email", "ada@example.com"),
            ("password", "correct horse battery"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(signup.status(), StatusCode::SEE_OTHER);
    let cookie = signup.headers()[header::SET_COOKIE].to_str().unwrap().to_owned();
    assert!(cookie.starts_with("__Host-tasklink_session="), "{cookie}");
    assert!(
        cookie.contains("; Secure") && cookie.contains("Path=/") && !cookie.contains("Domain"),
        "{cookie}"
    );
    assert!(
        signup.headers()[header::STRICT_TRANSPORT_SECURITY]
            .to_str()
            .unwrap()
            .starts_with("max-age=")
    );

    let dashboard = api.page("/app", &session_of(&cookie)).await;
    assert_eq!(dashboard.status(), StatusCode::OK);
    assert_eq!(
        dashboard.headers()[header::CACHE_CONTROL],
        "no-store",
        "personal pages are not cached"
    );
    // The plain name is not accepted in its place.
    let plain = cookie.replacen("__Host-", "", 1);
    assert_eq!(
        api.page("/app", &session_of(&plain)).await.status(),
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn api_answers_are_not_cached_but_the_stylesheet_is() {
    let db = TestDb::new().await;
    let api = Api::start(&db, &[]).await;
    let ada = api.sign_up("ada@example.com").await;
    let me = api
        .http
        .get(format!("{}/api/me", api.base))
        .bearer_auth(&ada)
        .send()
        .await
        .unwrap();
    assert_eq!(me.headers()[header::CACHE_CONTROL], "no-store");
    assert!(
        me.headers().get(header::STRICT_TRANSPORT_SECURITY).is_none(),
        "no HSTS over plain http"
    );
    let css = api
        .http
        .get(format!("{}/static/app.css", api.base))
        .send()
        .await
        .unwrap();
    assert_eq!(css.headers()[header::CACHE_CONTROL], "public, max-age=3600");
}

// ------------------------------------------------------------------ operations

/// The real `tasklink-portal` binary: SIGTERM stops intake, the request in
/// flight (a chat turn whose model answers after 2 s) still gets its answer,
/// and the process exits 0.
#[tokio::test]
async fn sigterm_finishes_the_request_in_flight_and_exits_0() {
    let db = TestDb::new().await;
    let openai = FakeOpenAi::start().await;
    openai.push(fake_openai::Reply::Delayed(
        std::time::Duration::from_secs(2),
        Box::new(fake_openai::Reply::text("Noted.")),
    ));
    let bind = format!("127.0.0.1:{}", free_port());
    let mut portal = tokio::process::Command::new(binary("tasklink-portal"))
        .current_dir(std::env::temp_dir())
        .envs(db.env())
        .envs(openai.env())
        .env("OPENAI_TIMEOUT_MS", "5000")
        .env("PORTAL_BIND", &bind)
        .kill_on_drop(true)
        .spawn()
        .expect("start tasklink-portal");
    let base = format!("http://{bind}");
    let http = reqwest::Client::new();
    let started = std::time::Instant::now();
    while !http
        .get(format!("{base}/healthz"))
        .send()
        .await
        .is_ok_and(|r| r.status().is_success())
    {
        assert!(started.elapsed().as_secs() < 30, "the portal did not come up");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let signed_up: Value = http
        .post(format!("{base}/api/auth/signup"))
        .json(&json!({"email": "ada@example.com", "password": "correct horse battery"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = signed_up["token"].as_str().unwrap().to_owned();

    let turn = tokio::spawn({
        let (http, base) = (http.clone(), base.clone());
        async move {
            let response = http
                .post(format!("{base}/api/chat"))
                .bearer_auth(token)
                .json(&json!({"message": "hello"}))
                .send()
                .await
                .expect("the request in flight is answered");
            (response.status(), response.json::<Value>().await.unwrap())
        }
    });
    while openai.request_count() == 0 {
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }

    let status = terminate(&mut portal, std::time::Duration::from_secs(25)).await;
    assert!(status.success(), "exit status {status}");
    let (status, body) = turn.await.unwrap();
    assert_eq!(
        (status, body["response"].as_str()),
        (StatusCode::OK, Some("Noted.")),
        "{body}"
    );
}

/// Reads until the server closes the connection (or `limit` passes); returns
/// what it sent and when it closed.
async fn read_until_closed(
    stream: &mut tokio::net::TcpStream,
    limit: std::time::Duration,
) -> Option<(String, std::time::Duration)> {
    use tokio::io::AsyncReadExt;
    let started = std::time::Instant::now();
    let mut got = Vec::new();
    let mut buf = [0u8; 1024];
    loop {
        let left = limit.checked_sub(started.elapsed())?;
        match tokio::time::timeout(left, stream.read(&mut buf)).await {
            Err(_) => return None,
            Ok(Ok(0) | Err(_)) => {
                return Some((String::from_utf8_lossy(&got).into_owned(), started.elapsed()));
            }
            Ok(Ok(n)) => got.extend_from_slice(&buf[..n]),
        }
    }
}

#[tokio::test]
async fn slow_clients_are_dropped_and_connections_are_capped() {
    use std::time::{Duration, Instant};
    use tokio::{io::AsyncWriteExt, net::TcpStream};

    let db = TestDb::new().await;
    let options = tasklink_portal::ServeOptions {
        header_read_timeout: Duration::from_secs(1),
        request_timeout: Duration::from_secs(2),
        max_connections: 3,
        grace: Duration::from_secs(1),
    };
    let base = spawn_portal_with(db.core(), options).await;
    let addr = base.trim_start_matches("http://").to_owned();

    // Slowloris: one header byte every 300 ms is closed once the head is 1 s late.
    let mut slow = TcpStream::connect(&addr).await.unwrap();
    slow.write_all(b"GET /healthz HTTP/1.1\r\nHost: portal\r\nX-Slow: ")
        .await
        .unwrap();
    let started = Instant::now();
    loop {
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "a slowloris client is still connected"
        );
        if slow.write_all(b"a").await.is_err() {
            break;
        }
        let mut probe = [0u8; 256];
        match tokio::time::timeout(
            Duration::from_millis(300),
            tokio::io::AsyncReadExt::read(&mut slow, &mut probe),
        )
        .await
        {
            Err(_) => continue,
            Ok(_) => break,
        }
    }
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "closed after {:?}",
        started.elapsed()
    );

    // A body that trickles in is answered 408 once the request is 2 s old.
    let mut trickle = TcpStream::connect(&addr).await.unwrap();
    trickle
        .write_all(
            b"POST /api/auth/login HTTP/1.1\r\nHost: portal\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"email\"",
        )
        .await
        .unwrap();
    let (answer, after) = read_until_closed(&mut trickle, Duration::from_secs(5))
        .await
        .expect("the trickling request is ended");
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(after < Duration::from_secs(4), "{after:?}");

    // Three connections at most: a fourth client waits until one is freed
    // (here by the header timeout of idle ones).
    let mut idle = Vec::new();
    for _ in 0..3 {
        idle.push(TcpStream::connect(&addr).await.unwrap());
    }
    tokio::time::sleep(Duration::from_millis(200)).await;
    let http = reqwest::Client::new();
    let waited = http
        .get(format!("{base}/healthz"))
        .timeout(Duration::from_millis(500))
        .send()
        .await;
    assert!(waited.is_err(), "served beyond the connection cap: {waited:?}");
    let started = Instant::now();
    let served = http
        .get(format!("{base}/healthz"))
        .timeout(Duration::from_secs(5))
        .send()
        .await
        .expect("served once the idle connections are dropped");
    assert_eq!(served.status(), StatusCode::OK);
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    for mut connection in idle {
        assert!(
            read_until_closed(&mut connection, Duration::from_secs(1))
                .await
                .is_some(),
            "an idle connection outlived the header timeout"
        );
    }
}

/// The dashboard's forms set every field by quick add and by the edit form,
/// keep what is sent back unchanged, and name what is wrong; the live reading
/// needs the page's token; settings refuse an unknown zone and change nothing.
#[tokio::test]
async fn dashboard_forms_edit_every_field_and_settings_validate() {
    let db = TestDb::new().await;
    let api = Api::start(&db, &[]).await;
    let session = session_of(&api.form_sign_up("ada@example.com").await);
    let csrf = csrf_of(&api.page("/app", &session).await.text().await.unwrap());
    let post = |path: &'static str, fields: Vec<(&'static str, &'static str)>| {
        let (api, session, csrf) = (&api, session.clone(), csrf.clone());
        async move {
            let mut form = vec![("csrf", csrf.as_str())];
            form.extend(fields);
            api.post_form(path, Some(&session), &form).await
        }
    };
    let user = UserId::from_trusted(
        sqlx::query_scalar("SELECT id FROM users")
            .fetch_one(&db.pool)
            .await
            .unwrap(),
    );
    let task = |n: i64| {
        let pool = db.pool.clone();
        async move {
            let t = tasklink_core::tasks::get(&pool, user, tasklink_core::tasks::TaskNumber::new(n).unwrap())
                .await
                .unwrap();
            serde_json::to_value(&t).unwrap()
        }
    };

    // The live reading: same JSON as /api/parse, plus the echo; only with the page's token.
    let reading = post(
        "/app/parse",
        vec![("text", "Pay rent every month on the 1st at 9am p1 #home")],
    )
    .await;
    assert_eq!(reading.status(), StatusCode::OK);
    let reading: Value = reading.json().await.unwrap();
    assert_eq!(reading["title"], "Pay rent");
    assert_eq!(reading["repeat_text"], "every month on the 1st");
    assert!(reading["echo"].as_str().unwrap().contains("(UTC)"), "{reading}");
    let forged = api
        .post_form("/app/parse", Some(&session), &[("csrf", "guess"), ("text", "x")])
        .await;
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);

    post(
        "/app/tasks",
        vec![("title", "Pay rent every month on the 1st at 9am p1 #home")],
    )
    .await;
    let t = task(1).await;
    assert_eq!(
        (t["title"].as_str(), t["priority"].as_str()),
        (Some("Pay rent"), Some("high"))
    );
    assert_eq!(t["repeat"], "FREQ=MONTHLY;BYMONTHDAY=1");

    // The edit form sends every field back; only what changed changes.
    let html = api.page("/app", &session).await.text().await.unwrap();
    let due_shown = html
        .split("name=\"due\" value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    assert!(due_shown.ends_with("T09:00"), "{due_shown}");
    let edited = post(
        "/app/tasks/1/edit",
        vec![
            ("title", "Pay rent"),
            ("description", ""),
            ("due", Box::leak(due_shown.into_boxed_str())),
            ("priority", "low"),
            ("tags", "home money"),
            ("repeat", "FREQ=MONTHLY;BYMONTHDAY=1"),
            ("repeat_from", "completion"),
            ("remind", "1 hour before"),
        ],
    )
    .await;
    assert_eq!(edited.headers()[header::LOCATION], "/app?notice=updated");
    let t = task(1).await;
    assert_eq!(t["priority"], "low");
    assert_eq!(t["tags"], json!(["home", "money"]));
    assert_eq!(t["repeat_from"], "completion");
    assert_eq!(t["repeat"], "FREQ=MONTHLY;BYMONTHDAY=1", "unchanged repeat kept");
    let due = t["due"].as_str().unwrap().to_owned();
    assert!(due.ends_with("T09:00:00+00:00"), "{due}");
    assert!(t["remind_at"].as_str().unwrap().ends_with("T08:00:00Z"), "{t}");

    // Clearing the due clears the repeat; a bad value names what is wrong and changes nothing.
    post("/app/tasks/1/edit", vec![("due", ""), ("repeat", "")]).await;
    let t = task(1).await;
    assert_eq!(
        (t["due"].clone(), t["repeat"].clone()),
        (Value::Null, Value::Null)
    );
    let bad = post("/app/tasks/1/edit", vec![("repeat", "FREQ=HOURLY")]).await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.text().await.unwrap().contains("at most daily"));
    let bad = post("/app/tasks/1/edit", vec![("tags", "a b c d e f g h i j k")]).await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);

    // Filters, sort and pages by link.
    for line in ["A #x", "B #x", "C #y"] {
        post("/app/tasks", vec![("title", line)]).await;
    }
    let html = api
        .page("/app?tag=x&sort=-number", &session)
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("2 tasks"), "{html}");
    assert!(html.find("id=\"task-3\"").unwrap() < html.find("id=\"task-2\"").unwrap());
    let bad = api.page("/app?sort=sideways", &session).await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let first = api.page("/app?limit=2", &session).await.text().await.unwrap();
    let next = first
        .split("id=\"next-page\"")
        .next()
        .unwrap()
        .rsplit("href=\"")
        .next()
        .unwrap();
    let next = next.split('"').next().unwrap().replace("&amp;", "&");
    let second = api.page(&next, &session).await.text().await.unwrap();
    assert!(
        second.contains("id=\"task-3\"")
            && second.contains("id=\"task-4\"")
            && !second.contains("id=\"task-1\""),
        "{next}"
    );

    // Settings: saved together, or not at all.
    let saved = post(
        "/app/settings",
        vec![
            ("timezone", "Europe/Berlin"),
            ("agenda_time", "08:00"),
            ("quiet_start", "22:00"),
            ("quiet_end", "07:00"),
            ("reminder_platform", "telegram"),
        ],
    )
    .await;
    assert_eq!(saved.headers()[header::LOCATION], "/app/settings?notice=saved");
    let bad = post(
        "/app/settings",
        vec![("timezone", "Mars/Olympus"), ("agenda_time", "09:00")],
    )
    .await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.text().await.unwrap().contains("Mars/Olympus"));
    let s = tasklink_core::time::settings::load(&db.pool, user).await.unwrap();
    assert_eq!(
        serde_json::to_value(&s).unwrap(),
        json!({"timezone": "Europe/Berlin", "agenda_time": "08:00", "quiet_hours": {"start": "22:00", "end": "07:00"}, "reminder_platform": "telegram"})
    );
    let agenda = api.page("/app/agenda", &session).await;
    assert_eq!(agenda.status(), StatusCode::OK);
    assert!(agenda.text().await.unwrap().contains("Europe/Berlin"));
}

// ------------------------------------------------------------------ time in the API

/// `PATCH /api/settings` with this zone; returns the settings document.
async fn set_zone(api: &Api, token: &str, zone: &str) -> Value {
    let (status, body) = api.patch("/api/settings", token, json!({"timezone": zone})).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

fn numbers_of(page: &Value) -> Vec<i64> {
    page["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["number"].as_i64().unwrap())
        .collect()
}

#[tokio::test]
async fn api_tasks_carry_due_priority_tags_repeat_and_reminders() {
    let db = TestDb::new().await;
    let api = Api::start(&db, &[]).await;
    let token = api.sign_up("ada@example.com").await;
    let (status, settings) = api.get("/api/settings", &token).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        settings,
        json!({"timezone": "UTC", "agenda_time": null, "quiet_hours": null, "reminder_platform": null,
               "ical_url": settings["ical_url"]})
    );
    assert!(
        settings["ical_url"]
            .as_str()
            .is_some_and(|u| u.starts_with("http://portal.test/ical/")),
        "{settings}"
    );
    set_zone(&api, &token, "Europe/Berlin").await;

    let (status, rent) = api
        .post(
            "/api/tasks",
            Some(&token),
            json!({"title": "Pay rent", "due": "2027-02-01T09:00", "priority": "high", "tags": ["Home", "money"],
                   "repeat": "every month on the 1st", "remind": "30m before"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{rent}");
    assert_eq!(rent["due"], "2027-02-01T09:00:00+01:00");
    assert_eq!(rent["priority"], "high");
    assert_eq!(rent["tags"], json!(["home", "money"]));
    assert_eq!(rent["repeat"], "FREQ=MONTHLY;BYMONTHDAY=1");
    assert_eq!(rent["repeat_text"], "every month on the 1st");
    assert_eq!(rent["repeat_from"], "due");
    assert_eq!(rent["remind_at"], "2027-02-01T07:30:00Z");
    for key in ["completed_at", "created_at", "updated_at"] {
        assert!(rent.get(key).is_some(), "{key} in {rent}");
    }

    // Completing a repeating task moves it to the next occurrence, under the same number.
    let (status, moved) = api
        .patch("/api/tasks/1", &token, json!({"completed": true}))
        .await;
    assert_eq!(status, StatusCode::OK, "{moved}");
    assert_eq!(
        (moved["completed"].as_bool(), moved["due"].as_str()),
        (Some(false), Some("2027-03-01T09:00:00+01:00"))
    );
    assert_eq!(moved["remind_at"], "2027-03-01T07:30:00Z", "the offset repeats");

    // Snooze moves only this occurrence's reminder.
    let (status, snoozed) = api
        .post(
            "/api/tasks/1/snooze",
            Some(&token),
            json!({"until": "2027-03-01T08:50"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{snoozed}");
    assert_eq!(snoozed["remind_at"], "2027-03-01T07:50:00Z");
    assert_eq!(snoozed["due"], moved["due"]);
    let (status, _) = api
        .post("/api/tasks/99/snooze", Some(&token), json!({"until": "1h"}))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // PATCH changes fields by ISO or phrase; null clears.
    let (status, t) = api
        .patch(
            "/api/tasks/1",
            &token,
            json!({"priority": "p3", "tags": ["bills"], "repeat": "FREQ=WEEKLY;BYDAY=MO", "repeat_from": "completion"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{t}");
    assert_eq!(
        (t["priority"].as_str(), t["repeat_from"].as_str()),
        (Some("low"), Some("completion"))
    );
    assert_eq!(t["tags"], json!(["bills"]));
    assert_eq!(t["repeat_text"], "every monday");
    let (_, t) = api
        .patch(
            "/api/tasks/1",
            &token,
            json!({"due": null, "priority": null, "tags": null, "remind": null}),
        )
        .await;
    assert_eq!(
        (
            &t["due"],
            &t["repeat"],
            &t["remind_at"],
            &t["priority"],
            &t["tags"]
        ),
        (
            &Value::Null,
            &Value::Null,
            &Value::Null,
            &json!("none"),
            &json!([])
        )
    );
    let (_, t) = api
        .patch(
            "/api/tasks/1",
            &token,
            json!({"due": "2027-01-05", "title": "Pay the rent"}),
        )
        .await;
    assert_eq!(
        (t["due"].as_str(), t["title"].as_str()),
        (Some("2027-01-05"), Some("Pay the rent"))
    );
    let (_, t) = api
        .patch("/api/tasks/1", &token, json!({"completed": true}))
        .await;
    assert!(
        t["completed"].as_bool().unwrap() && t["completed_at"].is_string(),
        "{t}"
    );
    let (_, t) = api
        .patch("/api/tasks/1", &token, json!({"completed": false}))
        .await;
    assert_eq!(
        (t["completed"].as_bool(), &t["completed_at"]),
        (Some(false), &Value::Null)
    );
}

#[tokio::test]
async fn api_lists_filter_search_sort_and_page() {
    let db = TestDb::new().await;
    let api = Api::start(&db, &[]).await;
    let token = api.sign_up("ada@example.com").await;
    let other = api.sign_up("bob@example.com").await;
    set_zone(&api, &token, "Europe/Berlin").await;
    let add = |body: Value| {
        let (api, token) = (&api, token.clone());
        async move {
            let (status, t) = api.post("/api/tasks", Some(&token), body).await;
            assert_eq!(status, StatusCode::CREATED, "{t}");
        }
    };
    add(json!({"title": "Buy milk", "description": "oat MILK", "due": "today 23:59", "tags": ["home"], "priority": "medium"})).await;
    add(json!({"title": "File taxes", "due": "2020-01-01", "tags": ["work"], "priority": "high"})).await;
    add(json!({"title": "Read a book"})).await;
    add(json!({"title": "Plan trip", "due": "tomorrow", "tags": ["home", "travel"]})).await;
    add(json!({"title": "Water plants", "due": "in 3 days"})).await;
    api.post("/api/tasks", Some(&other), json!({"title": "Bob's milk"}))
        .await;
    api.patch("/api/tasks/3", &token, json!({"completed": true}))
        .await;

    let list = |query: &'static str| {
        let (api, token) = (&api, token.clone());
        async move {
            let (status, page) = api.get(&format!("/api/tasks{query}"), &token).await;
            assert_eq!(status, StatusCode::OK, "{query}: {page}");
            page
        }
    };
    let all = list("").await;
    assert_eq!(
        (numbers_of(&all), &all["count"], &all["next_cursor"]),
        (vec![1, 2, 3, 4, 5], &json!(5), &Value::Null)
    );
    assert_eq!(numbers_of(&list("?status=pending").await), [1, 2, 4, 5]);
    assert_eq!(numbers_of(&list("?status=completed").await), [3]);
    assert_eq!(
        numbers_of(&list("?q=milk").await),
        [1],
        "title or description, any case, only mine"
    );
    assert_eq!(numbers_of(&list("?q=OAT").await), [1]);
    assert_eq!(numbers_of(&list("?tag=home").await), [1, 4]);
    assert_eq!(numbers_of(&list("?priority=high").await), [2]);
    assert_eq!(numbers_of(&list("?due=overdue").await), [2]);
    assert_eq!(numbers_of(&list("?due=today").await), [1]);
    assert_eq!(numbers_of(&list("?due=tomorrow").await), [4]);
    assert_eq!(numbers_of(&list("?due=week").await), [1, 4, 5]);
    assert_eq!(numbers_of(&list("?due=none").await), [3]);
    assert_eq!(
        numbers_of(&list("?tag=home&due=tomorrow&status=pending").await),
        [4]
    );
    assert_eq!(numbers_of(&list("?sort=due").await), [2, 1, 4, 5, 3]);
    assert_eq!(numbers_of(&list("?sort=priority").await), [2, 1, 3, 4, 5]);
    assert_eq!(numbers_of(&list("?sort=-priority").await), [5, 4, 3, 1, 2]);
    assert_eq!(numbers_of(&list("?sort=title").await), [1, 2, 4, 3, 5]);
    assert_eq!(numbers_of(&list("?sort=-created").await), [5, 4, 3, 2, 1]);

    // Pages: count is every match; the cursor carries on where the page ended.
    let first = list("?sort=due&limit=2").await;
    assert_eq!((numbers_of(&first), &first["count"]), (vec![2, 1], &json!(5)));
    let cursor = first["next_cursor"].as_str().unwrap().to_owned();
    let (_, second) = api
        .get(&format!("/api/tasks?sort=due&limit=2&cursor={cursor}"), &token)
        .await;
    assert_eq!((numbers_of(&second), &second["count"]), (vec![4, 5], &json!(5)));
    let cursor2 = second["next_cursor"].as_str().unwrap().to_owned();
    let (_, last) = api
        .get(&format!("/api/tasks?sort=due&limit=2&cursor={cursor2}"), &token)
        .await;
    assert_eq!((numbers_of(&last), &last["next_cursor"]), (vec![3], &Value::Null));
    // Someone else's use of the cursor, or another sort, is refused.
    let (status, body) = api
        .get(&format!("/api/tasks?sort=due&limit=2&cursor={cursor}"), &other)
        .await;
    assert_eq!(
        (status, body["error"]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("cursor"))
    );

    // The agenda: overdue, today, the next 7 days.
    let (status, agenda) = api.get("/api/agenda", &token).await;
    assert_eq!(status, StatusCode::OK, "{agenda}");
    assert_eq!(agenda["timezone"], "Europe/Berlin");
    assert!(agenda["date"].as_str().unwrap().len() == 10);
    assert_eq!(numbers_of(&json!({"tasks": agenda["overdue"]})), [2]);
    assert_eq!(numbers_of(&json!({"tasks": agenda["today"]})), [1]);
    assert_eq!(numbers_of(&json!({"tasks": agenda["upcoming"]})), [4, 5]);
}

#[tokio::test]
async fn api_time_input_errors_are_422_naming_the_field() {
    let db = TestDb::new().await;
    let api = Api::start(&db, &[]).await;
    let token = api.sign_up("ada@example.com").await;
    api.post("/api/tasks", Some(&token), json!({"title": "Existing"}))
        .await;
    api.post("/api/tasks", Some(&token), json!({"title": "Second"}))
        .await;
    let (_, page) = api.get("/api/tasks?limit=1", &token).await;
    let cursor = page["next_cursor"].as_str().unwrap().to_owned();
    // The payload says "sort by number, after #1"; make it say after #2.
    let (payload, mac) = cursor.split_once('.').unwrap();
    let tampered = format!("{}.{mac}", payload.replace("7c31", "7c32"));
    assert_ne!(tampered, cursor);
    let eleven: Vec<String> = (0..11).map(|i| format!("t{i}")).collect();
    let task = |extra: Value| {
        let mut body = json!({"title": "T"});
        body.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        body
    };
    let cases: Vec<(reqwest::Method, String, Option<Value>, &str)> = vec![
        (
            reqwest::Method::PATCH,
            "/api/settings".into(),
            Some(json!({"timezone": "Mars/Olympus"})),
            "timezone",
        ),
        (
            reqwest::Method::PATCH,
            "/api/settings".into(),
            Some(json!({"agenda_time": "25:00"})),
            "agenda_time",
        ),
        (
            reqwest::Method::PATCH,
            "/api/settings".into(),
            Some(json!({"quiet_hours": {"start": "22:00", "end": "7"}})),
            "quiet_hours",
        ),
        (
            reqwest::Method::PATCH,
            "/api/settings".into(),
            Some(json!({"reminder_platform": "fax"})),
            "reminder_platform",
        ),
        (
            reqwest::Method::POST,
            "/api/tasks".into(),
            Some(task(json!({"tags": ["two words"]}))),
            "tags",
        ),
        (
            reqwest::Method::POST,
            "/api/tasks".into(),
            Some(task(json!({"tags": eleven}))),
            "tags",
        ),
        (
            reqwest::Method::POST,
            "/api/tasks".into(),
            Some(task(json!({"repeat": "FREQ=HOURLY"}))),
            "repeat",
        ),
        (
            reqwest::Method::POST,
            "/api/tasks".into(),
            Some(task(json!({"repeat": "every hour"}))),
            "repeat",
        ),
        (
            reqwest::Method::POST,
            "/api/tasks".into(),
            Some(task(json!({"repeat": "FREQ=DAILY;COUNT=1001"}))),
            "repeat",
        ),
        (
            reqwest::Method::POST,
            "/api/tasks".into(),
            Some(task(
                json!({"due": "2026-12-01", "repeat": "FREQ=DAILY;UNTIL=20200101"}),
            )),
            "repeat",
        ),
        (
            reqwest::Method::POST,
            "/api/tasks".into(),
            Some(task(json!({"due": "2026-13-45"}))),
            "due",
        ),
        (
            reqwest::Method::POST,
            "/api/tasks".into(),
            Some(task(json!({"due": "someday maybe"}))),
            "due",
        ),
        (
            reqwest::Method::POST,
            "/api/tasks".into(),
            Some(task(json!({"remind": "whenever"}))),
            "remind",
        ),
        (
            reqwest::Method::POST,
            "/api/tasks".into(),
            Some(task(json!({"priority": "asap"}))),
            "priority",
        ),
        (
            reqwest::Method::POST,
            "/api/tasks".into(),
            Some(task(json!({"repeat_from": "moon"}))),
            "repeat_from",
        ),
        (
            reqwest::Method::PATCH,
            "/api/tasks/1".into(),
            Some(json!({"due": "31/31/2031"})),
            "due",
        ),
        (
            reqwest::Method::PATCH,
            "/api/tasks/1".into(),
            Some(json!({"repeat": "FREQ=MINUTELY"})),
            "repeat",
        ),
        (
            reqwest::Method::PATCH,
            "/api/tasks/1".into(),
            Some(json!({"tags": ["ok", "not ok"]})),
            "tags",
        ),
        (
            reqwest::Method::POST,
            "/api/tasks/1/snooze".into(),
            Some(json!({"until": "whenever"})),
            "until",
        ),
        (
            reqwest::Method::POST,
            "/api/parse".into(),
            Some(json!({"text": "x", "now": "yesterday"})),
            "now",
        ),
        (
            reqwest::Method::GET,
            format!("/api/tasks?cursor={tampered}&limit=1"),
            None,
            "cursor",
        ),
        (
            reqwest::Method::GET,
            "/api/tasks?cursor=bm90IGEgY3Vyc29y".into(),
            None,
            "cursor",
        ),
        (
            reqwest::Method::GET,
            "/api/tasks?sort=sideways".into(),
            None,
            "sort",
        ),
        (reqwest::Method::GET, "/api/tasks?limit=501".into(), None, "limit"),
        (reqwest::Method::GET, "/api/tasks?due=someday".into(), None, "due"),
        (
            reqwest::Method::GET,
            "/api/tasks?tag=two%20words".into(),
            None,
            "tag",
        ),
        (
            reqwest::Method::GET,
            "/api/tasks?priority=asap".into(),
            None,
            "priority",
        ),
    ];
    for (method, path, body, field) in cases {
        let (status, answer) = api.call(method.clone(), &path, Some(&token), body.clone()).await;
        assert_eq!(
            (status, answer["error"]["field"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some(field)),
            "{method} {path} {body:?}: {answer}"
        );
    }
    // Nothing was changed by the refused requests.
    let (_, all) = api.get("/api/tasks", &token).await;
    assert_eq!(all["count"], 2);
    let (_, settings) = api.get("/api/settings", &token).await;
    assert_eq!(settings["timezone"], "UTC");
}

/// Set a due by phrase, move to another zone, read the same moment back on the new zone's clock.
#[tokio::test]
async fn a_due_set_by_phrase_reads_back_in_the_new_zone() {
    use tasklink_core::time::{self, Timestamp};
    let db = TestDb::new().await;
    let api = Api::start(&db, &[]).await;
    let token = api.sign_up("ada@example.com").await;
    set_zone(&api, &token, "Europe/Berlin").await;
    let (status, t) = api
        .post(
            "/api/tasks",
            Some(&token),
            json!({"title": "Call mom", "due": "tomorrow 6pm"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{t}");
    let berlin = time::parse_zone("Europe/Berlin").unwrap();
    let tomorrow = berlin.to_datetime(Timestamp::now()).date().tomorrow().unwrap();
    let at = berlin.to_timestamp(tomorrow.at(18, 0, 0, 0)).unwrap();
    assert_eq!(t["due"], at.display_with_offset(berlin.to_offset(at)).to_string());

    let settings = set_zone(&api, &token, "Tokyo").await;
    assert_eq!(settings["timezone"], "Asia/Tokyo");
    let tokyo = time::parse_zone("Asia/Tokyo").unwrap();
    let (_, page) = api.get("/api/tasks", &token).await;
    let due = page["tasks"][0]["due"].as_str().unwrap();
    assert_eq!(due, at.display_with_offset(tokyo.to_offset(at)).to_string());
    assert!(due.ends_with("+09:00"), "{due}");
    assert_eq!(due.parse::<Timestamp>().unwrap(), at, "the same moment");

    // The quick-add reading with a fixed now, in the person's zone.
    let (status, reading) = api
        .post(
            "/api/parse",
            Some(&token),
            json!({"text": "Pay rent every month on the 1st at 9am p1 #home", "now": "2026-11-26T09:00:00Z"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{reading}");
    assert_eq!(reading["title"], "Pay rent");
    assert_eq!(reading["due"], "2026-12-01T09:00:00+09:00");
    assert_eq!(reading["repeat"], "FREQ=MONTHLY;BYMONTHDAY=1");
    assert_eq!(reading["repeat_text"], "every month on the 1st");
    assert_eq!(reading["priority"], "high");
    assert_eq!(reading["tags"], json!(["home"]));
    assert_eq!(reading["remind_at"], "2026-12-01T00:00:00Z");
}

/// The list benchmark (run by hand: `cargo nextest run -p tasklink-tests --test
/// portal --run-ignored only list_benchmark --no-capture`): a person with
/// 10,000 tasks among 50,000, `GET /api/tasks` with each filter and search,
/// one request at a time; prints p50/p99 per query. Timings are not asserted.
#[tokio::test]
#[ignore = "benchmark; prints figures"]
async fn list_benchmark_10k_tasks() {
    let db = TestDb::new().await;
    // `BENCH_PORTAL_BIN=target/release/tasklink-portal`: measure that process
    // (a release build) instead of the in-process debug portal.
    let mut child = None;
    let api = match std::env::var("BENCH_PORTAL_BIN") {
        Ok(bin) => {
            let port = std::net::TcpListener::bind("127.0.0.1:0")
                .unwrap()
                .local_addr()
                .unwrap()
                .port();
            let bind = format!("127.0.0.1:{port}");
            child = Some(
                std::process::Command::new(bin)
                    .envs(db.env())
                    .env("PORTAL_BIND", &bind)
                    .env("RUST_LOG", "warn")
                    .spawn()
                    .expect("start the portal binary"),
            );
            let api = Api {
                base: format!("http://{bind}"),
                http: reqwest::Client::new(),
                core: db.core(),
            };
            for _ in 0..100 {
                if api.http.get(format!("{}/healthz", api.base)).send().await.is_ok() {
                    break;
                }
                tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            }
            api
        }
        Err(_) => Api::start(&db, &[]).await,
    };
    let token = api.sign_up("ada@example.com").await;
    for i in 0..4 {
        api.sign_up(&format!("other{i}@example.com")).await;
    }
    set_zone(&api, &token, "Europe/Berlin").await;
    sqlx::raw_sql(
        r#"
        INSERT INTO tasks (user_id, number, title, description, completed, created_at,
                           due_local, due_has_time, due_tz, due_at, priority, tags)
        SELECT u.id, n,
          (ARRAY['Buy','Call','Pay','Fix','Plan','Read','Write','Clean','Book','Send'])[1 + (n * 7) % 10] || ' ' ||
          (ARRAY['milk','mom','rent','bike','trip','book','report','kitchen','dentist','invoice','groceries','taxes'])[1 + (n * 13) % 12] || ' ' || n,
          CASE WHEN n % 3 = 0 THEN 'notes about item ' || n || ' and more words' END,
          n % 4 = 0,
          now() - (10000 - n) * interval '1 minute',
          CASE WHEN n % 5 <> 0 THEN d END, n % 2 = 0, CASE WHEN n % 5 <> 0 THEN 'Europe/Berlin' END,
          CASE WHEN n % 5 <> 0 THEN d AT TIME ZONE 'Europe/Berlin' END,
          n % 4,
          CASE n % 6 WHEN 0 THEN '{work}'::text[] WHEN 1 THEN '{home}' WHEN 2 THEN '{work,urgent}' WHEN 4 THEN '{errands}' ELSE '{}' END
        FROM users u, generate_series(1, 10000) n,
          LATERAL (SELECT date_trunc('hour', now()::timestamp) + ((n * 37) % 2880 - 1440) * interval '1 hour' AS d) dd;
        UPDATE users SET next_task_number = 10001;
        "#,
    )
    .execute(&db.pool)
    .await
    .unwrap();
    // Alone, outside the insert's implicit transaction.
    sqlx::raw_sql("VACUUM ANALYZE tasks")
        .execute(&db.pool)
        .await
        .unwrap();
    let queries = [
        "",
        "?status=pending",
        "?q=milk",
        "?q=kitchen%2099",
        "?tag=work",
        "?priority=high",
        "?due=overdue",
        "?due=today",
        "?due=week",
        "?due=none",
        "?sort=due",
        "?sort=-priority",
        "?sort=title",
        "?status=pending&tag=work&sort=due",
    ];
    println!("| query | p50 ms | p99 ms | count |");
    println!("|---|---|---|---|");
    for q in queries {
        let path = format!("/api/tasks{q}");
        let mut times = Vec::new();
        let mut count = Value::Null;
        for i in 0..220 {
            let started = std::time::Instant::now();
            let (status, page) = api.get(&path, &token).await;
            let took = started.elapsed();
            assert_eq!(status, StatusCode::OK, "{page}");
            if i >= 20 {
                times.push(took.as_secs_f64() * 1000.0);
            }
            count = page["count"].clone();
        }
        times.sort_by(f64::total_cmp);
        let pct = |p: f64| times[((times.len() as f64 - 1.0) * p).round() as usize];
        println!("| `{path}` | {:.1} | {:.1} | {count} |", pct(0.5), pct(0.99));
    }
    if let Some(mut child) = child {
        let _ = child.kill();
        let _ = child.wait();
    }
}

// ------------------------------------------------ managing the account (issue 13, items 10, 12, 14)

const PASSWORD: &str = "correct horse battery";

/// Logs in again as `email` with `password`; the bearer token.
async fn log_in(api: &Api, email: &str, password: &str) -> String {
    let (status, body) = api.auth("login", email, password).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body["token"].as_str().unwrap().to_owned()
}

async fn user_id(api: &Api, token: &str) -> i64 {
    api.get("/api/me", token).await.1["user"]["id"].as_i64().unwrap()
}

#[tokio::test]
async fn changing_the_password_needs_the_current_one_and_ends_the_other_sessions() {
    let db = TestDb::new().await;
    let api = Api::start(&db, &[]).await;
    let here = api.sign_up("ada@example.com").await;
    let phone = log_in(&api, "ada@example.com", PASSWORD).await;
    let laptop = log_in(&api, "ada@example.com", PASSWORD).await;
    let bob = api.sign_up("bob@example.com").await;

    let change = |current: &str, new: &str| json!({"current_password": current, "new_password": new});
    let (status, body) = api
        .post(
            "/api/auth/password",
            Some(&here),
            change("wrong horse battery", "brand new horse"),
        )
        .await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::UNAUTHORIZED, "wrong_password")
    );
    for weak in ["short", "password123", &"x".repeat(129)] {
        let (status, body) = api
            .post("/api/auth/password", Some(&here), change(PASSWORD, weak))
            .await;
        assert_eq!(
            (status, error_code(&body), body["error"]["field"].as_str()),
            (
                StatusCode::UNPROCESSABLE_ENTITY,
                "weak_password",
                Some("new_password")
            ),
            "{weak}"
        );
    }
    let (status, _) = api
        .post("/api/auth/password", None, change(PASSWORD, "brand new horse"))
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    // Nothing changed so far.
    for token in [&here, &phone, &laptop] {
        assert_eq!(api.get("/api/tasks", token).await.0, StatusCode::OK);
    }

    let (status, body) = api
        .post(
            "/api/auth/password",
            Some(&here),
            change(PASSWORD, "brand new horse"),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
    assert_eq!(
        api.get("/api/tasks", &here).await.0,
        StatusCode::OK,
        "the caller's session stays"
    );
    for token in [&phone, &laptop] {
        let (status, body) = api.get("/api/tasks", token).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
        assert!(
            body["error"]["message"].as_str().unwrap().contains("ended"),
            "{body}"
        );
    }
    // Another person's sessions are untouched.
    assert_eq!(api.get("/api/tasks", &bob).await.0, StatusCode::OK);
    assert_eq!(
        api.auth("login", "ada@example.com", PASSWORD).await.0,
        StatusCode::UNAUTHORIZED
    );
    log_in(&api, "ada@example.com", "brand new horse").await;
}

#[tokio::test]
async fn wrong_passwords_on_account_changes_are_limited() {
    let db = TestDb::new().await;
    let api = Api::start(&db, &[("TASKLINK_LOGIN_LIMIT", "2".into())]).await;
    let token = api.sign_up("ada@example.com").await;
    let wrong = json!({"password": "wrong horse battery"});
    for _ in 0..2 {
        let (status, _) = api
            .call(
                reqwest::Method::DELETE,
                "/api/me",
                Some(&token),
                Some(wrong.clone()),
            )
            .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
    let (status, body) = api
        .call(
            reqwest::Method::DELETE,
            "/api/me",
            Some(&token),
            Some(json!({"password": PASSWORD})),
        )
        .await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::TOO_MANY_REQUESTS, "rate_limited")
    );
    assert_eq!(api.get("/api/me", &token).await.0, StatusCode::OK, "still there");
}

#[tokio::test]
async fn logging_out_everywhere_ends_every_session_of_the_caller() {
    let db = TestDb::new().await;
    let api = Api::start(&db, &[]).await;
    let here = api.sign_up("ada@example.com").await;
    let phone = log_in(&api, "ada@example.com", PASSWORD).await;
    let bob = api.sign_up("bob@example.com").await;
    let (status, _) = api.post("/api/auth/logout-all", Some(&here), json!({})).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    for token in [&here, &phone] {
        assert_eq!(api.get("/api/tasks", token).await.0, StatusCode::UNAUTHORIZED);
    }
    assert_eq!(api.get("/api/tasks", &bob).await.0, StatusCode::OK);
    // Logging in again works as ever.
    let again = log_in(&api, "ada@example.com", PASSWORD).await;
    assert_eq!(api.get("/api/tasks", &again).await.0, StatusCode::OK);
    let (status, _) = api.post("/api/auth/logout-all", Some(&here), json!({})).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn access_tokens_cannot_change_the_password_log_out_everywhere_or_delete_the_account() {
    let db = TestDb::new().await;
    let api = Api::start(&db, &[]).await;
    let session = api.sign_up("ada@example.com").await;
    let (_, pat) = create_pat(&api, &session, "script").await;
    let refused = [
        (
            reqwest::Method::POST,
            "/api/auth/password",
            json!({"current_password": PASSWORD, "new_password": "brand new horse"}),
        ),
        (reqwest::Method::POST, "/api/auth/logout-all", json!({})),
        (reqwest::Method::DELETE, "/api/me", json!({"password": PASSWORD})),
    ];
    for (method, path, body) in refused {
        let (status, answer) = api.call(method.clone(), path, Some(&pat), Some(body)).await;
        assert_eq!(
            (status, error_code(&answer)),
            (StatusCode::FORBIDDEN, "session_required"),
            "{method} {path}"
        );
    }
    // Nothing happened: same password, same sessions, the account is there.
    assert_eq!(api.get("/api/me", &session).await.0, StatusCode::OK);
    assert_eq!(api.get("/api/me", &pat).await.0, StatusCode::OK);
    log_in(&api, "ada@example.com", PASSWORD).await;
}

/// Rows naming `user` in every table that has a `user_id` column, and the
/// `users` row itself: `(table, count)` for those that are not empty.
async fn rows_of(db: &TestDb, user: i64) -> Vec<(String, i64)> {
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT table_name::text FROM information_schema.columns
         WHERE table_schema = 'public' AND column_name = 'user_id' ORDER BY 1",
    )
    .fetch_all(&db.pool)
    .await
    .unwrap();
    assert!(tables.len() >= 8, "{tables:?}");
    let mut found = Vec::new();
    for table in tables {
        let n: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            "SELECT count(*) FROM \"{table}\" WHERE user_id = $1"
        )))
        .bind(user)
        .fetch_one(&db.pool)
        .await
        .unwrap();
        if n > 0 {
            found.push((table, n));
        }
    }
    let users: i64 = sqlx::query_scalar("SELECT count(*) FROM users WHERE id = $1")
        .bind(user)
        .fetch_one(&db.pool)
        .await
        .unwrap();
    if users > 0 {
        found.push(("users".into(), users));
    }
    found
}

/// Gives `token`'s owner some of everything: tasks, a conversation, a linked
/// Telegram account, a pending link token, a personal access token, the
/// calendar feed, a reset link. Returns the linked account.
async fn fill_account(api: &Api, db: &TestDb, token: &str, telegram_id: &str) -> PlatformAccount {
    let id = user_id(api, token).await;
    for title in ["Buy milk", "Pay rent"] {
        let (status, _) = api.post("/api/tasks", Some(token), json!({"title": title})).await;
        assert_eq!(status, StatusCode::CREATED);
    }
    let (status, _) = api
        .post("/api/chat", Some(token), json!({"message": "add call mom"}))
        .await;
    assert_eq!(status, StatusCode::OK);
    let (_, offer) = api.post("/api/link-tokens", Some(token), json!({})).await;
    let account = PlatformAccount {
        platform: Platform::Telegram,
        user_id: telegram_id.into(),
        username: None,
    };
    linking::redeem_token(
        &api.core.db,
        &api.core.tokens,
        offer["token"].as_str().unwrap(),
        &account,
    )
    .await
    .unwrap();
    api.post("/api/link-tokens", Some(token), json!({})).await;
    create_pat(api, token, "script").await;
    let (status, _) = api.post("/api/settings/ical-token", Some(token), json!({})).await;
    assert_eq!(status, StatusCode::OK);
    let email = api.get("/api/me", token).await.1["user"]["email"]
        .as_str()
        .unwrap()
        .to_owned();
    let (status, _) = api.post("/api/auth/reset", None, json!({"email": email})).await;
    assert_eq!(status, StatusCode::ACCEPTED);
    // The reset link is made after the answer.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let n: i64 = sqlx::query_scalar("SELECT count(*) FROM password_resets WHERE user_id = $1")
            .bind(id)
            .fetch_one(&db.pool)
            .await
            .unwrap();
        if n > 0 {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "no reset link was made");
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    account
}

#[tokio::test]
async fn deleting_the_account_removes_everything_and_unlinks_the_chat_account() {
    let db = TestDb::new().await;
    let api = Api::start(&db, &[]).await;
    let ada = api.sign_up("ada@example.com").await;
    let bob = api.sign_up("bob@example.com").await;
    let ada_id = user_id(&api, &ada).await;
    let bob_id = user_id(&api, &bob).await;
    let ada_chat = fill_account(&api, &db, &ada, "5001").await;
    fill_account(&api, &db, &bob, "5002").await;
    let before = rows_of(&db, ada_id).await;
    for table in [
        "tasks",
        "conversations",
        "messages",
        "linked_accounts",
        "link_tokens",
        "sessions",
        "personal_access_tokens",
        "calendar_feeds",
        "password_resets",
        "users",
    ] {
        assert!(
            before.iter().any(|(t, _)| t == table),
            "{table} missing from {before:?}"
        );
    }
    let bob_before = rows_of(&db, bob_id).await;
    let (_, ada_pat) = create_pat(&api, &ada, "another").await;

    let (status, body) = api
        .call(
            reqwest::Method::DELETE,
            "/api/me",
            Some(&ada),
            Some(json!({"password": "wrong horse battery"})),
        )
        .await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::UNAUTHORIZED, "wrong_password")
    );
    let (status, _) = api
        .call(reqwest::Method::DELETE, "/api/me", Some(&ada), Some(json!({})))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(!rows_of(&db, ada_id).await.is_empty());

    let (status, body) = api
        .call(
            reqwest::Method::DELETE,
            "/api/me",
            Some(&ada),
            Some(json!({"password": PASSWORD})),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
    assert_eq!(rows_of(&db, ada_id).await, Vec::<(String, i64)>::new());
    assert_eq!(rows_of(&db, bob_id).await, bob_before, "bob keeps everything");

    // Every credential is dead, and the address is free again.
    assert_eq!(api.get("/api/me", &ada).await.0, StatusCode::UNAUTHORIZED);
    assert_eq!(api.get("/api/me", &ada_pat).await.0, StatusCode::UNAUTHORIZED);
    assert_eq!(
        api.auth("login", "ada@example.com", PASSWORD).await.0,
        StatusCode::UNAUTHORIZED
    );
    // The chat account is unlinked: its next message gets the "not linked" answer.
    let reply = tasklink_core::chat::respond(
        &api.core,
        tasklink_core::chat::Inbound {
            account: ada_chat,
            chat_id: "5001".into(),
            direct: true,
            text: "/tasks".into(),
            update_id: Some("after-delete".into()),
            location: None,
        },
    )
    .await
    .expect("an answer");
    assert!(reply.text.contains("isn't linked"), "{}", reply.text);
    api.sign_up("ada@example.com").await;
}

/// The reset link in a mail, and the token after its `#`.
fn reset_link(mail: &tasklink_tests::fake_smtp::Mail) -> (String, String) {
    let body = mail.body();
    let link = body
        .split_whitespace()
        .find(|w| w.starts_with("http://portal.test/reset#"))
        .unwrap_or_else(|| panic!("no reset link in {body}"))
        .to_owned();
    let token = link.split_once('#').unwrap().1.to_owned();
    (link, token)
}

#[tokio::test]
async fn a_password_reset_goes_by_mail_and_works_once() {
    let smtp = FakeSmtp::start().await;
    let db = TestDb::new().await;
    let api = Api::start(&db, &smtp.env()).await;
    let session = api.sign_up("ada@example.com").await;
    let other = log_in(&api, "ada@example.com", PASSWORD).await;

    // An unknown address first: the same answer, and no mail.
    let (status, body) = api
        .post("/api/auth/reset", None, json!({"email": "nobody@example.com"}))
        .await;
    assert_eq!(
        (status, &body),
        (StatusCode::ACCEPTED, &Value::String(String::new()))
    );
    let (status, body) = api
        .post("/api/auth/reset", None, json!({"email": " Ada@Example.com "}))
        .await;
    assert_eq!(
        (status, &body),
        (StatusCode::ACCEPTED, &Value::String(String::new()))
    );
    let mails = smtp.wait_for(1).await;
    let (status, _) = api
        .post("/api/auth/reset", None, json!({"email": "not an address"}))
        .await;
    assert_eq!(status, StatusCode::ACCEPTED);
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(smtp.mails().len(), 1, "only the account's address gets mail");
    let mail = &mails[0];
    assert_eq!(mail.to, vec!["ada@example.com".to_owned()]);
    assert_eq!(mail.from, "tasks@tasklink.test");
    assert_eq!(
        mail.header("Subject").as_deref(),
        Some("Reset your Tasklink password")
    );
    let (link, token) = reset_link(mail);
    assert_eq!(token.len(), 43, "{link}");
    // Only the token's hash is stored.
    let stored: Vec<u8> = sqlx::query_scalar("SELECT token_hash FROM password_resets")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_ne!(stored, token.as_bytes());
    assert_eq!(stored.len(), 32);

    let confirm = |token: &str, password: &str| json!({"token": token, "new_password": password});
    let (status, body) = api
        .post("/api/auth/reset/confirm", None, confirm(&token, "short"))
        .await;
    assert_eq!(
        (status, error_code(&body), body["error"]["field"].as_str()),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            "weak_password",
            Some("new_password")
        )
    );
    for forged in ["", "x", &"A".repeat(43), &"A".repeat(5000), &format!("{token}x")] {
        let (status, body) = api
            .post(
                "/api/auth/reset/confirm",
                None,
                confirm(forged, "brand new horse"),
            )
            .await;
        assert_eq!(
            (status, error_code(&body)),
            (StatusCode::BAD_REQUEST, "invalid_token"),
            "{forged}"
        );
    }
    let (status, body) = api
        .post(
            "/api/auth/reset/confirm",
            None,
            confirm(&token, "brand new horse"),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
    // Every session ended, the new password works, the old one does not.
    for t in [&session, &other] {
        assert_eq!(api.get("/api/me", t).await.0, StatusCode::UNAUTHORIZED);
    }
    assert_eq!(
        api.auth("login", "ada@example.com", PASSWORD).await.0,
        StatusCode::UNAUTHORIZED
    );
    log_in(&api, "ada@example.com", "brand new horse").await;
    // Used once: a second time is refused.
    let (status, body) = api
        .post(
            "/api/auth/reset/confirm",
            None,
            confirm(&token, "another new horse"),
        )
        .await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::BAD_REQUEST, "invalid_token")
    );
    log_in(&api, "ada@example.com", "brand new horse").await;
}

#[tokio::test]
async fn reset_links_expire_after_30_minutes_and_die_with_a_password_change() {
    let smtp = FakeSmtp::start().await;
    let db = TestDb::new().await;
    let clock = tasklink_core::clock::Clock::fixed(tasklink_core::time::Timestamp::now());
    let core = Core::with_clock(db.pool.clone(), db.config(&smtp.env()), clock.clone());
    let api = Api {
        base: spawn_portal(core.clone()).await,
        http: reqwest::Client::new(),
        core,
    };
    let session = api.sign_up("ada@example.com").await;
    let confirm = |token: &str| json!({"token": token, "new_password": "brand new horse"});

    api.post("/api/auth/reset", None, json!({"email": "ada@example.com"}))
        .await;
    let (_, first) = reset_link(&smtp.wait_for(1).await[0]);
    clock.advance(tasklink_core::time::SignedDuration::from_mins(31));
    let (status, body) = api.post("/api/auth/reset/confirm", None, confirm(&first)).await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::BAD_REQUEST, "invalid_token")
    );

    // A fresh one, 29 minutes later, still works: spent on a password change instead.
    api.post("/api/auth/reset", None, json!({"email": "ada@example.com"}))
        .await;
    let (_, second) = reset_link(&smtp.wait_for(2).await[1]);
    clock.advance(tasklink_core::time::SignedDuration::from_mins(29));
    let (status, _) = api
        .post(
            "/api/auth/password",
            Some(&session),
            json!({"current_password": PASSWORD, "new_password": "changed horse battery"}),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, body) = api.post("/api/auth/reset/confirm", None, confirm(&second)).await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::BAD_REQUEST, "invalid_token")
    );
    log_in(&api, "ada@example.com", "changed horse battery").await;
}

#[tokio::test]
async fn reset_requests_are_limited_alike_for_every_address() {
    let db = TestDb::new().await;
    let api = Api::start(
        &db,
        &[
            ("TASKLINK_LOGIN_LIMIT", "2".into()),
            ("TASKLINK_AUTH_LIMIT", "6".into()),
        ],
    )
    .await;
    api.sign_up("ada@example.com").await;
    let mut answers = Vec::new();
    for email in ["ada@example.com", "nobody@example.com"] {
        for _ in 0..3 {
            answers.push(api.post("/api/auth/reset", None, json!({"email": email})).await.0);
        }
    }
    use StatusCode as S;
    assert_eq!(
        answers,
        [
            S::ACCEPTED,
            S::ACCEPTED,
            S::TOO_MANY_REQUESTS,
            S::ACCEPTED,
            S::ACCEPTED,
            S::TOO_MANY_REQUESTS
        ]
    );
    // Per client too: the seventh request from this address is refused whatever it names.
    let (status, _) = api
        .post("/api/auth/reset", None, json!({"email": "carol@example.com"}))
        .await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn the_reset_pages_ask_for_a_link_and_set_a_new_password() {
    let smtp = FakeSmtp::start().await;
    let db = TestDb::new().await;
    let api = Api::start(&db, &smtp.env()).await;
    let cookie = session_of(&api.form_sign_up("ada@example.com").await);

    let login = api
        .http
        .get(format!("{}/login", api.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        login.contains("href=\"/reset\""),
        "the log-in page offers a reset"
    );
    let page = api.http.get(format!("{}/reset", api.base)).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    assert!(html.contains("action=\"/reset\"") && html.contains("action=\"/reset/confirm\""));
    assert!(html.contains("/static/reset.js"));
    let script = api
        .http
        .get(format!("{}/static/reset.js", api.base))
        .send()
        .await
        .unwrap();
    assert_eq!(script.status(), StatusCode::OK);
    assert!(script.text().await.unwrap().contains("replaceState"));

    for email in ["nobody@example.com", "ada@example.com"] {
        let asked = api.post_form("/reset", None, &[("email", email)]).await;
        assert_eq!(asked.status(), StatusCode::OK);
        assert!(
            asked
                .text()
                .await
                .unwrap()
                .contains("If an account has this address")
        );
    }
    // From another site: refused.
    let forged = api
        .http
        .post(format!("{}/reset", api.base))
        .header(header::ORIGIN, "https://evil.example")
        .form(&[("email", "ada@example.com")])
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);

    let (_, token) = reset_link(&smtp.wait_for(1).await[0]);
    let bad = api
        .post_form(
            "/reset/confirm",
            None,
            &[("token", "forged-token-xyz"), ("new_password", "brand new horse")],
        )
        .await;
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
    assert!(bad.text().await.unwrap().contains("ask for a new one"));
    let weak = api
        .post_form(
            "/reset/confirm",
            None,
            &[("token", &token), ("new_password", "short")],
        )
        .await;
    assert_eq!(weak.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        weak.text().await.unwrap().contains(&token),
        "the token is kept for another try"
    );
    let done = api
        .post_form(
            "/reset/confirm",
            None,
            &[("token", &token), ("new_password", "brand new horse")],
        )
        .await;
    assert_eq!(done.status(), StatusCode::OK);
    assert!(done.text().await.unwrap().contains("new password is set"));
    // The browser's session ended with the reset.
    let dashboard = api.page("/app", &cookie).await;
    assert_eq!(dashboard.status(), StatusCode::SEE_OTHER);
    log_in(&api, "ada@example.com", "brand new horse").await;
}

#[tokio::test]
async fn the_settings_page_changes_the_password_logs_out_everywhere_and_deletes_the_account() {
    let db = TestDb::new().await;
    let api = Api::start(&db, &[]).await;
    let cookie = session_of(&api.form_sign_up("ada@example.com").await);
    let elsewhere = log_in(&api, "ada@example.com", PASSWORD).await;

    let html = api.page("/app/settings", &cookie).await.text().await.unwrap();
    for part in [
        "action=\"/app/settings/password\"",
        "action=\"/app/settings/logout-all\"",
        "action=\"/app/settings/delete\"",
        "signed in in 2 places",
    ] {
        assert!(html.contains(part), "{part}");
    }
    let csrf = csrf_of(&html);

    // Without the form's token: refused, nothing changes.
    for path in [
        "/app/settings/password",
        "/app/settings/logout-all",
        "/app/settings/delete",
    ] {
        let refused = api
            .post_form(
                path,
                Some(&cookie),
                &[
                    ("csrf", "nope"),
                    ("current_password", PASSWORD),
                    ("new_password", "brand new horse"),
                    ("password", PASSWORD),
                ],
            )
            .await;
        assert_eq!(refused.status(), StatusCode::FORBIDDEN, "{path}");
    }
    assert_eq!(api.get("/api/me", &elsewhere).await.0, StatusCode::OK);

    let wrong = api
        .post_form(
            "/app/settings/password",
            Some(&cookie),
            &[
                ("csrf", &csrf),
                ("current_password", "wrong horse battery"),
                ("new_password", "brand new horse"),
            ],
        )
        .await;
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    assert!(wrong.text().await.unwrap().contains("password is not right"));
    let changed = api
        .post_form(
            "/app/settings/password",
            Some(&cookie),
            &[
                ("csrf", &csrf),
                ("current_password", PASSWORD),
                ("new_password", "brand new horse"),
            ],
        )
        .await;
    assert_eq!(changed.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        changed.headers()[header::LOCATION],
        "/app/settings?notice=password"
    );
    assert_eq!(api.get("/api/me", &elsewhere).await.0, StatusCode::UNAUTHORIZED);
    let html = api
        .page("/app/settings?notice=password", &cookie)
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("Password changed") && html.contains("one place: here"));

    // Log out everywhere: this browser too.
    let phone = log_in(&api, "ada@example.com", "brand new horse").await;
    let out = api
        .post_form("/app/settings/logout-all", Some(&cookie), &[("csrf", &csrf)])
        .await;
    assert_eq!(out.status(), StatusCode::SEE_OTHER);
    assert!(
        out.headers()[header::SET_COOKIE]
            .to_str()
            .unwrap()
            .contains("Max-Age=0")
    );
    assert_eq!(api.page("/app", &cookie).await.status(), StatusCode::SEE_OTHER);
    assert_eq!(api.get("/api/me", &phone).await.0, StatusCode::UNAUTHORIZED);

    // Delete: the wrong password keeps the account; the right one removes it.
    let login = api
        .post_form(
            "/login",
            None,
            &[("email", "ada@example.com"), ("password", "brand new horse")],
        )
        .await;
    let cookie = session_of(login.headers()[header::SET_COOKIE].to_str().unwrap());
    let id = user_id(&api, &log_in(&api, "ada@example.com", "brand new horse").await).await;
    let csrf = csrf_of(&api.page("/app/settings", &cookie).await.text().await.unwrap());
    let kept = api
        .post_form(
            "/app/settings/delete",
            Some(&cookie),
            &[("csrf", &csrf), ("password", "wrong horse battery")],
        )
        .await;
    assert_eq!(kept.status(), StatusCode::UNAUTHORIZED);
    let gone = api
        .post_form(
            "/app/settings/delete",
            Some(&cookie),
            &[("csrf", &csrf), ("password", "brand new horse")],
        )
        .await;
    assert_eq!(gone.status(), StatusCode::SEE_OTHER);
    assert!(
        gone.headers()[header::SET_COOKIE]
            .to_str()
            .unwrap()
            .contains("Max-Age=0")
    );
    assert_eq!(rows_of(&db, id).await, Vec::<(String, i64)>::new());
}

#[tokio::test]
async fn a_value_signed_for_one_purpose_is_refused_as_another() {
    let db = TestDb::new().await;
    let api = Api::start(&db, &[]).await;
    let session = api.sign_up("ada@example.com").await;
    let user = UserId::from_trusted(user_id(&api, &session).await);
    for title in ["one", "two", "three"] {
        api.post("/api/tasks", Some(&session), json!({"title": title}))
            .await;
    }
    let (_, page) = api.get("/api/tasks?limit=1", &session).await;
    let cursor = page["next_cursor"].as_str().unwrap().to_owned();
    let (_, offer) = api.post("/api/link-tokens", Some(&session), json!({})).await;
    let link_jwt = offer["token"].as_str().unwrap().to_owned();

    // A link token and a cursor are not sessions (unit tests in core forge
    // portal claims signed with every other key).
    let secret = tasklink_tests::helpers::TEST_JWT_SECRET.as_bytes();
    for bad in [&link_jwt, &cursor] {
        let (status, body) = api.get("/api/tasks", bad).await;
        assert_eq!(
            (status, error_code(&body)),
            (StatusCode::UNAUTHORIZED, "unauthorized"),
            "{bad}"
        );
    }
    // A session is not a link token.
    let account = PlatformAccount {
        platform: Platform::Telegram,
        user_id: "7001".into(),
        username: None,
    };
    assert!(matches!(
        linking::redeem_token(&api.core.db, &api.core.tokens, &session, &account).await,
        Err(LinkError::Invalid)
    ));
    // A cursor signed with the session key (or the secret itself) is not a cursor.
    let zone = tasklink_core::time::parse_zone("UTC").unwrap();
    let query = tasklink_core::tasks::TaskQuery::parse(&tasklink_core::tasks::RawTaskQuery {
        limit: Some("1".into()),
        ..Default::default()
    })
    .unwrap();
    for key in [
        tasklink_core::keys::derive(secret, tasklink_core::keys::Purpose::Session).to_vec(),
        secret.to_vec(),
    ] {
        let keys = tasklink_core::tasks::CursorKey::new(&key);
        let now = tasklink_core::time::Timestamp::now();
        let forged = tasklink_core::tasks::list_page(&api.core.db, &keys, user, &query, now, &zone)
            .await
            .unwrap()
            .next_cursor
            .unwrap();
        let (status, body) = api
            .get(&format!("/api/tasks?limit=1&cursor={forged}"), &session)
            .await;
        assert_eq!(
            (status, error_code(&body)),
            (StatusCode::UNPROCESSABLE_ENTITY, "invalid_cursor")
        );
    }
    let (status, _) = api
        .get(&format!("/api/tasks?limit=1&cursor={cursor}"), &session)
        .await;
    assert_eq!(status, StatusCode::OK);

    // The bot's core holds no session key: it can neither check nor make sessions, but links.
    let bot = api.core.clone().without_session_key();
    assert!(matches!(
        tasklink_core::sessions::verify(&bot.db, &bot.tokens, &session).await,
        Err(tasklink_core::sessions::SessionError::Invalid)
    ));
    assert!(
        tasklink_core::sessions::start(&bot.db, &bot.tokens, user)
            .await
            .is_err()
    );
    assert!(matches!(
        bot.config.keys,
        tasklink_core::keys::KeyMaterial::LinkOnly(_)
    ));
    let (_, offer) = api.post("/api/link-tokens", Some(&session), json!({})).await;
    linking::redeem_token(&bot.db, &bot.tokens, offer["token"].as_str().unwrap(), &account)
        .await
        .unwrap();
}

#[tokio::test]
async fn conversation_history_comes_in_pages_latest_first() {
    let db = TestDb::new().await;
    let api = Api::start(&db, &[]).await;
    let token = api.sign_up("ada@example.com").await;
    let user = UserId::from_trusted(user_id(&api, &token).await);
    let conversation = tasklink_core::conversations::start(&api.core.db, user)
        .await
        .unwrap();
    for i in 1..=30 {
        tasklink_core::conversations::append_turn(
            &api.core.db,
            user,
            conversation,
            &format!("question {i}"),
            &format!("answer {i}"),
            None,
        )
        .await
        .unwrap();
    }
    let path = format!("/api/conversations/{conversation}/messages");
    let contents = |page: &Value| -> Vec<String> {
        page["messages"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["content"].as_str().unwrap().to_owned())
            .collect()
    };

    // Default: the latest 50 of 60, oldest first.
    let (status, latest) = api.get(&path, &token).await;
    assert_eq!(status, StatusCode::OK, "{latest}");
    let shown = contents(&latest);
    assert_eq!(shown.len(), 50);
    assert_eq!(
        (shown[0].as_str(), shown[49].as_str()),
        ("question 6", "answer 30")
    );
    let cursor = latest["next_cursor"].as_str().unwrap();
    let (_, older) = api.get(&format!("{path}?before={cursor}"), &token).await;
    assert_eq!(contents(&older).len(), 10);
    assert_eq!(contents(&older)[9], "answer 5");
    assert!(older["next_cursor"].is_null(), "{older}");

    // Small pages walk back through all of it without gaps or repeats.
    let mut seen = Vec::new();
    let mut before: Option<String> = None;
    loop {
        let url = match &before {
            Some(c) => format!("{path}?limit=7&before={c}"),
            None => format!("{path}?limit=7"),
        };
        let (_, page) = api.get(&url, &token).await;
        let mut batch = contents(&page);
        assert!(batch.len() <= 7);
        batch.extend(seen);
        seen = batch;
        match page["next_cursor"].as_str() {
            Some(c) => before = Some(c.to_owned()),
            None => break,
        }
    }
    assert_eq!(seen.len(), 60);
    assert_eq!((seen[0].as_str(), seen[59].as_str()), ("question 1", "answer 30"));
    let (_, all) = api.get(&format!("{path}?limit=200"), &token).await;
    assert_eq!(contents(&all).len(), 60);
    assert!(all["next_cursor"].is_null());

    for (query, field) in [
        ("limit=0", "limit"),
        ("limit=201", "limit"),
        ("limit=ten", "limit"),
        ("before=garbage", "before"),
        ("before=m-1", "before"),
    ] {
        let (status, body) = api.get(&format!("{path}?{query}"), &token).await;
        assert_eq!(
            (status, body["error"]["field"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some(field)),
            "{query}: {body}"
        );
    }
    // Another person's conversation is not found, with or without a cursor.
    let bob = api.sign_up("bob@example.com").await;
    for url in [path.clone(), format!("{path}?before={cursor}")] {
        assert_eq!(api.get(&url, &bob).await.0, StatusCode::NOT_FOUND);
    }

    // The web chat shows the latest page, and the earlier one on request.
    let cookie = session_of(
        api.post_form(
            "/login",
            None,
            &[("email", "ada@example.com"), ("password", PASSWORD)],
        )
        .await
        .headers()[header::SET_COOKIE]
            .to_str()
            .unwrap(),
    );
    let html = api
        .page(&format!("/app/chat?c={conversation}"), &cookie)
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("answer 30") && html.contains("question 6"));
    assert!(
        !html.contains(">answer 5<"),
        "older messages wait for the next page"
    );
    let earlier = format!("/app/chat?c={conversation}&amp;before={cursor}");
    assert!(html.contains(&earlier), "a link to earlier messages");
    let html = api
        .page(&earlier.replace("&amp;", "&"), &cookie)
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains(">answer 5<") && !html.contains("answer 30"));
}

#[tokio::test]
async fn a_password_reset_goes_to_the_linked_chat_through_the_outbox() {
    use tasklink_core::{reminders, shutdown};
    use tasklink_tests::fake_telegram::{FakeTelegram, TgUser};

    let tg = FakeTelegram::start().await;
    let db = TestDb::new().await;
    let core = Core::new(db.pool.clone(), db.config(&tg.env()));
    let telegram = core.config.telegram.clone().unwrap();
    let budget = tasklink_bot::pacer::Budget::new(
        db.pool.clone(),
        tasklink_core::linking::Platform::Telegram,
        telegram.max_sends_per_second,
    );
    let courier: std::sync::Arc<dyn reminders::Courier> =
        std::sync::Arc::new(tasklink_bot::telegram::TelegramCourier::new(&telegram, budget).unwrap());
    let (stop, stopped) = shutdown::channel();
    let scheduler = tokio::spawn(reminders::run_with(
        core.clone(),
        vec![courier],
        reminders::Settings::default(),
        stopped,
    ));
    let api = Api {
        base: spawn_portal(core.clone()).await,
        http: reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap(),
        core,
    };
    let session = api.sign_up("ada@example.com").await;
    let ada = TgUser::new(4242, "ada");
    tg.open_chat(&ada);
    let (_, offer) = api.post("/api/link-tokens", Some(&session), json!({})).await;
    let account = PlatformAccount {
        platform: Platform::Telegram,
        user_id: ada.id.to_string(),
        username: Some("ada".into()),
    };
    linking::redeem_token(
        &api.core.db,
        &api.core.tokens,
        offer["token"].as_str().unwrap(),
        &account,
    )
    .await
    .unwrap();
    // Someone without a linked chat gets nothing queued.
    api.sign_up("bob@example.com").await;
    let (status, _) = api
        .post("/api/auth/reset", None, json!({"email": "bob@example.com"}))
        .await;
    assert_eq!(status, StatusCode::ACCEPTED);

    let (status, _) = api
        .post("/api/auth/reset", None, json!({"email": "ada@example.com"}))
        .await;
    assert_eq!(status, StatusCode::ACCEPTED);
    let sent = tg.wait_for_sent(ada.id, 1).await;
    let text = &sent[0].text;
    let link = text
        .split_whitespace()
        .find(|w| w.starts_with("http://portal.test/reset#"))
        .unwrap_or_else(|| panic!("no link in {text}"));
    let token = link.split_once('#').unwrap().1;
    let (status, body) = api
        .post(
            "/api/auth/reset/confirm",
            None,
            json!({"token": token, "new_password": "brand new horse"}),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
    assert_eq!(api.get("/api/me", &session).await.0, StatusCode::UNAUTHORIZED);
    log_in(&api, "ada@example.com", "brand new horse").await;
    let queued: i64 = sqlx::query_scalar("SELECT count(*) FROM outbox WHERE kind = 'message'")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(queued, 1, "one message, for ada only");
    stop.stop();
    scheduler.abort();
}

#[tokio::test]
async fn a_password_change_or_reset_revokes_every_personal_access_token() {
    let smtp = FakeSmtp::start().await;
    let db = TestDb::new().await;
    let api = Api::start(&db, &smtp.env()).await;
    let session = api.sign_up("ada@example.com").await;
    let bob = api.sign_up("bob@example.com").await;
    let (_, bobs_pat) = create_pat(&api, &bob, "bob's script").await;
    let (_, script) = create_pat(&api, &session, "script").await;
    let (_, mcp) = create_pat(&api, &session, "mcp").await;
    for pat in [&script, &mcp, &bobs_pat] {
        assert_eq!(api.get("/api/tasks", pat).await.0, StatusCode::OK);
    }

    let (status, body) = api
        .post(
            "/api/auth/password",
            Some(&session),
            json!({"current_password": PASSWORD, "new_password": "brand new horse"}),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
    for pat in [&script, &mcp] {
        assert_eq!(
            api.get("/api/tasks", pat).await.0,
            StatusCode::UNAUTHORIZED,
            "a token made with the old password dies with it"
        );
    }
    let (_, listed) = api.get("/api/tokens", &session).await;
    assert_eq!(listed["tokens"], json!([]), "{listed}");
    assert_eq!(api.get("/api/tasks", &session).await.0, StatusCode::OK);

    // A reset (the password was lost, maybe to someone else) does the same.
    let (_, after_change) = create_pat(&api, &session, "after the change").await;
    assert_eq!(api.get("/api/tasks", &after_change).await.0, StatusCode::OK);
    api.post("/api/auth/reset", None, json!({"email": "ada@example.com"}))
        .await;
    let (_, token) = reset_link(&smtp.wait_for(1).await[0]);
    let (status, body) = api
        .post(
            "/api/auth/reset/confirm",
            None,
            json!({"token": token, "new_password": "another new horse"}),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
    assert_eq!(
        api.get("/api/tasks", &after_change).await.0,
        StatusCode::UNAUTHORIZED
    );
    let left: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM personal_access_tokens t JOIN users u ON u.id = t.user_id WHERE u.email = 'ada@example.com'",
    )
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert_eq!(left, 0);
    // Another person's tokens are untouched.
    assert_eq!(api.get("/api/tasks", &bobs_pat).await.0, StatusCode::OK);
}

#[tokio::test]
async fn a_chat_turn_while_another_runs_is_409_busy_as_the_document_says() {
    let db = TestDb::new().await;
    let api = Api::start(&db, &[]).await;
    let (_, doc) = api
        .call(reqwest::Method::GET, "/api/openapi.json", None, None)
        .await;
    let ada = api.sign_up("ada@example.com").await;
    let user = UserId::from_trusted(user_id(&api, &ada).await);

    // Ada's turn on another surface holds her lock for longer than a turn waits.
    let held = tasklink_core::chat::turn_lock::exclusive(
        &db.pool,
        user,
        "test:another-surface",
        std::time::Duration::from_secs(60),
        api.post("/api/chat", Some(&ada), json!({"message": "add buy milk"})),
    )
    .await
    .unwrap();
    let (status, body) = held.expect("the test holds the lock");
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::CONFLICT, "busy"),
        "{body}"
    );
    check_against_schema(
        &doc,
        response_schema(&doc, "post", "/api/chat", 409),
        &body,
        "/api/chat",
    );
    // Nothing ran: no task was added.
    let (_, list) = api.get("/api/tasks", &ada).await;
    assert_eq!(list["count"], 0, "{list}");
}

#[tokio::test]
async fn every_route_with_a_body_documents_the_body_errors_it_really_answers() {
    let db = TestDb::new().await;
    let api = Api::start(&db, &[]).await;
    let (_, doc) = api
        .call(reqwest::Method::GET, "/api/openapi.json", None, None)
        .await;
    let token = api.sign_up("ada@example.com").await;
    let mut with_body = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            if operation.get("requestBody").is_none() {
                continue;
            }
            with_body += 1;
            for status in ["400", "413", "415"] {
                assert!(
                    operation["responses"].get(status).is_some(),
                    "{method} {path} does not document {status}"
                );
            }
        }
    }
    assert!(with_body >= 10, "{with_body}");
    // What they document is what they answer.
    for path in ["/api/tasks", "/api/chat", "/api/tokens"] {
        let (status, body) = api.raw_with(path, &token, "application/json", "{not json").await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{path}");
        check_against_schema(&doc, response_schema(&doc, "post", path, 400), &body, path);
        let (status, body) = api.raw_with(path, &token, "text/plain", "{}").await;
        assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{path}");
        check_against_schema(&doc, response_schema(&doc, "post", path, 415), &body, path);
    }
}

impl Api {
    /// A raw POST with a bearer token and this content type.
    async fn raw_with(
        &self,
        path: &str,
        token: &str,
        content_type: &str,
        body: &'static str,
    ) -> (StatusCode, Value) {
        let response = self
            .http
            .post(format!("{}{path}", self.base))
            .bearer_auth(token)
            .header(header::CONTENT_TYPE, content_type)
            .body(body)
            .send()
            .await
            .unwrap();
        let status = response.status();
        (status, response.json().await.unwrap_or(Value::Null))
    }
}
