//! The portal: 100 concurrent sign-ups, then 100 concurrent log-ins (argon2id
//! on every core) while probes time `/healthz` and `GET /api/tasks`.

use std::{
    process::{Command, Stdio},
    sync::{
        Arc, Mutex,
        atomic::{AtomicBool, Ordering},
    },
    time::{Duration, Instant},
};

use anyhow::{Context, bail};
use serde_json::json;
use tasklink_tests::helpers::{TEST_JWT_SECRET, TestDb};

use crate::common::{Process, binary, peak_rss_mb};

pub(crate) struct PortalRun {
    /// Median time of a failed log-in: (wrong password, unknown email).
    pub(crate) failed_login: (Duration, Duration),
    pub(crate) signups: usize,
    pub(crate) signup_wall: Duration,
    pub(crate) login_wall: Duration,
    /// The portal's peak RSS (VmHWM) after the sign-up burst, and after the log-in burst too.
    pub(crate) peak_rss_signups_mb: f64,
    pub(crate) peak_rss_mb: f64,
    pub(crate) healthz: Vec<Duration>,
    pub(crate) tasks: Vec<Duration>,
    pub(crate) errors: usize,
}

pub(crate) async fn portal_load(signups: usize) -> anyhow::Result<PortalRun> {
    let db = TestDb::new().await;
    let port = std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
    let base = format!("http://127.0.0.1:{port}");
    let portal = Process(
        Command::new(binary("tasklink-portal")?)
            .env_clear()
            .envs([
                ("DATABASE_URL", db.url.clone()),
                ("TASKLINK_JWT_SECRET", TEST_JWT_SECRET.into()),
                // Set, blank: not the working directory's `.env` link key.
                ("TASKLINK_LINK_KEY", String::new()),
                ("PORTAL_BIND", format!("127.0.0.1:{port}")),
                ("TASKLINK_PUBLIC_URL", base.clone()),
                ("TASKLINK_AUTH_LIMIT", "0".into()),
                ("TASKLINK_LOGIN_LIMIT", "0".into()),
                ("RUST_LOG", "warn".into()),
            ])
            .stdout(Stdio::inherit())
            .spawn()
            .context("start tasklink-portal")?,
    );
    let http = reqwest::Client::new();
    let deadline = Instant::now() + Duration::from_secs(60);
    while http
        .get(format!("{base}/readyz"))
        .send()
        .await
        .map(|r| r.status().is_success())
        .ok()
        != Some(true)
    {
        if Instant::now() > deadline {
            bail!("the portal did not become ready");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let credentials =
        |i: usize| json!({"email": format!("burst{i}@example.com"), "password": "correct horse battery"});
    let errors = Arc::new(Mutex::new(0usize));

    let burst = |path: &'static str| {
        let mut set = tokio::task::JoinSet::new();
        for i in 0..signups {
            let (http, base, body, errors) = (http.clone(), base.clone(), credentials(i), errors.clone());
            set.spawn(async move {
                let ok = http
                    .post(format!("{base}{path}"))
                    .json(&body)
                    .send()
                    .await
                    .map(|r| r.status().is_success());
                if ok.ok() != Some(true) {
                    *errors.lock().unwrap() += 1;
                }
            });
        }
        set
    };

    let started = Instant::now();
    burst("/api/auth/signup").join_all().await;
    let signup_wall = started.elapsed();
    let peak_rss_signups_mb = peak_rss_mb(portal.0.id());

    let token: serde_json::Value = http
        .post(format!("{base}/api/auth/login"))
        .json(&credentials(0))
        .send()
        .await?
        .json()
        .await?;
    let token = token["token"].as_str().context("a login token")?.to_owned();

    // Probes run while the log-in burst keeps argon2 busy on every core.
    let stop = Arc::new(AtomicBool::new(false));
    let probe = |path: &'static str, bearer: Option<String>| {
        let (http, base, stop) = (http.clone(), base.clone(), stop.clone());
        tokio::spawn(async move {
            let mut samples = Vec::new();
            while !stop.load(Ordering::Relaxed) {
                let mut request = http.get(format!("{base}{path}"));
                if let Some(t) = &bearer {
                    request = request.bearer_auth(t);
                }
                let sent = Instant::now();
                if request
                    .send()
                    .await
                    .map(|r| r.status().is_success())
                    .unwrap_or(false)
                {
                    samples.push(sent.elapsed());
                }
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
            samples
        })
    };
    let healthz = probe("/healthz", None);
    let tasks = probe("/api/tasks", Some(token));
    let started = Instant::now();
    burst("/api/auth/login").join_all().await;
    let login_wall = started.elapsed();
    let peak_rss_mb = peak_rss_mb(portal.0.id());
    stop.store(true, Ordering::Relaxed);
    let (mut healthz, mut tasks) = (healthz.await?, tasks.await?);
    healthz.sort();
    tasks.sort();
    let errors = *errors.lock().unwrap();

    // Failed log-ins must not tell an existing account from an unknown one by time either.
    let timed = |email: String| {
        let (http, base) = (http.clone(), base.clone());
        async move {
            let mut samples = Vec::new();
            for _ in 0..15 {
                let body = json!({"email": email, "password": "wrong horse battery"});
                let sent = Instant::now();
                let status = http
                    .post(format!("{base}/api/auth/login"))
                    .json(&body)
                    .send()
                    .await?
                    .status();
                anyhow::ensure!(
                    status == reqwest::StatusCode::UNAUTHORIZED,
                    "a wrong log-in answered {status}"
                );
                samples.push(sent.elapsed());
            }
            samples.sort();
            anyhow::Ok(samples[samples.len() / 2])
        }
    };
    let failed_login = (
        timed("burst0@example.com".into()).await?,
        timed("nobody@example.com".into()).await?,
    );
    Ok(PortalRun {
        failed_login,
        signups,
        signup_wall,
        login_wall,
        peak_rss_signups_mb,
        peak_rss_mb,
        healthz,
        tasks,
        errors,
    })
}
