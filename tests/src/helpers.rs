//! A fresh Postgres database per test, and a [`Core`] wired to it.

use std::collections::HashMap;

use sqlx::{Connection, PgConnection, PgPool, postgres::PgPoolOptions};
use tasklink_core::{Config, Core, accounts::UserId, db, telemetry};

pub const TEST_JWT_SECRET: &str = "test-secret-that-is-at-least-32-bytes-long";
pub const PUBLIC_URL: &str = "http://portal.test";

/// A database created for one test. Databases are named `tl_test_*`; the test
/// script drops leftovers before each run.
pub struct TestDb {
    pub pool: PgPool,
    pub url: String,
}

fn server_url() -> String {
    let _ = dotenvy::dotenv();
    std::env::var("DATABASE_URL")
        .expect("DATABASE_URL is not set: run ./scripts/setup first (it starts Postgres and writes .env)")
}

/// Drops the databases earlier runs left behind (`tl_test_*`; tests do not
/// drop their own, and the test script drops them only as it starts), so the
/// load harness measures a server without hundreds of idle databases for its
/// autovacuum launcher to visit. A checkpoint first, when the role may take
/// one: each drop takes one, and flushing what is dirty once first made them
/// quick (here 0.04 s a drop, against 1 s). A database still in use (a test running
/// beside us) is left. Returns how many were dropped and how many were left.
pub async fn drop_leftover_databases() -> (usize, usize) {
    let mut admin = PgConnection::connect(&server_url())
        .await
        .unwrap_or_else(|e| panic!("cannot reach Postgres at DATABASE_URL ({e}); run ./scripts/setup"));
    let names: Vec<String> = sqlx::query_scalar(
        "SELECT datname::text FROM pg_database WHERE datname LIKE 'tl\\_test\\_%' ORDER BY oid",
    )
    .fetch_all(&mut admin)
    .await
    .expect("list the test databases");
    if !names.is_empty() {
        let _ = sqlx::raw_sql("CHECKPOINT").execute(&mut admin).await;
    }
    let mut dropped = 0;
    for name in &names {
        let drop = format!("DROP DATABASE IF EXISTS \"{name}\"");
        if sqlx::raw_sql(sqlx::AssertSqlSafe(drop))
            .execute(&mut admin)
            .await
            .is_ok()
        {
            dropped += 1;
        }
    }
    admin.close().await.ok();
    (dropped, names.len() - dropped)
}

impl TestDb {
    pub async fn new() -> Self {
        Self::on_server(&server_url()).await
    }

    /// A migrated database on the server at `server` (a URL ending in a database to connect to first).
    pub async fn on_server(server: &str) -> Self {
        let db = Self::unmigrated_on(server).await;
        db::migrate(&db.pool)
            .await
            .expect("migrations apply to a fresh database");
        db
    }

    /// An empty database, as a first deployment finds it.
    pub async fn unmigrated() -> Self {
        Self::unmigrated_on(&server_url()).await
    }

    async fn unmigrated_on(server: &str) -> Self {
        telemetry::init_for_tests();
        let name = format!("tl_test_{}", uuid::Uuid::new_v4().simple());
        let mut admin = PgConnection::connect(server)
            .await
            .unwrap_or_else(|e| panic!("cannot reach Postgres at DATABASE_URL ({e}); run ./scripts/setup"));
        sqlx::raw_sql(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .execute(&mut admin)
            .await
            .expect("create the test database (the role needs CREATEDB)");
        admin.close().await.ok();

        let base = server.rsplit_once('/').map_or(server, |(b, _)| b);
        let url = format!("{base}/{name}");
        let pool = PgPoolOptions::new()
            .max_connections(8)
            .connect(&url)
            .await
            .expect("connect to the test database");
        Self { pool, url }
    }

    /// The environment a process under test would see.
    pub fn env(&self) -> HashMap<&'static str, String> {
        HashMap::from([
            ("DATABASE_URL", self.url.clone()),
            ("TASKLINK_JWT_SECRET", TEST_JWT_SECRET.to_owned()),
            // Blank: a link key for another secret, inherited from the
            // shell's `.env`, would (rightly) stop the process.
            ("TASKLINK_LINK_KEY", String::new()),
            ("TASKLINK_PUBLIC_URL", PUBLIC_URL.to_owned()),
            // Each process opens its whole pool at start: tests running side
            // by side, with a portal and two bot replicas each, stay well
            // under Postgres's 100 connections.
            ("DATABASE_MAX_CONNECTIONS", "5".to_owned()),
            ("PORTAL_BIND", "127.0.0.1:0".to_owned()),
        ])
    }

    pub fn config(&self, extra: &[(&'static str, String)]) -> Config {
        let mut env = self.env();
        env.extend(extra.iter().cloned());
        Config::from_lookup(|k| env.get(k).cloned()).expect("test config is valid")
    }

    /// A core with the offline brain.
    pub fn core(&self) -> Core {
        Core::new(self.pool.clone(), self.config(&[]))
    }

    /// A core whose LLM brain talks to `openai`.
    pub fn core_with_model(&self, openai: &crate::fake_openai::FakeOpenAi) -> Core {
        Core::new(self.pool.clone(), self.config(&openai.env()))
    }

    /// A user created directly in the database (sign-up's hashing is tested elsewhere).
    pub async fn user(&self, email: &str) -> UserId {
        let id: i64 =
            sqlx::query_scalar("INSERT INTO users (email, password_hash) VALUES ($1, 'x') RETURNING id")
                .bind(email)
                .fetch_one(&self.pool)
                .await
                .expect("insert user");
        UserId::from_trusted(id)
    }
}

/// Serves the real portal for `core` on a free port; returns its base URL.
pub async fn spawn_portal(core: Core) -> String {
    spawn_portal_with(core, tasklink_portal::ServeOptions::default()).await
}

/// As [`spawn_portal`], with the server's limits given.
pub async fn spawn_portal_with(core: Core, options: tasklink_portal::ServeOptions) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind portal");
    let addr = listener.local_addr().expect("portal address");
    tokio::spawn(async move {
        if let Err(e) = tasklink_portal::serve_with(listener, core, options, std::future::pending()).await {
            panic!("portal stopped: {e:#}");
        }
    });
    format!("http://{addr}")
}

/// The commands of the table in the order the per-surface tests run them:
/// `/unlink` last, since it ends the session the others need.
pub fn commands_in_test_order() -> Vec<&'static tasklink_core::commands::CommandSpec> {
    use tasklink_core::commands::{COMMANDS, CommandName};
    let mut specs: Vec<_> = COMMANDS.iter().collect();
    specs.sort_by_key(|c| c.name == CommandName::Unlink);
    specs
}

/// A command's example split into its arguments' values, in table order: one
/// word each, the last argument taking the rest of the line.
pub fn example_args(
    spec: &tasklink_core::commands::CommandSpec,
) -> Vec<(&'static tasklink_core::commands::ArgSpec, String)> {
    let mut rest = spec
        .example
        .strip_prefix(&format!("/{}", spec.command))
        .unwrap_or_default()
        .trim();
    let mut values = Vec::new();
    for (i, arg) in spec.args.iter().enumerate() {
        if rest.is_empty() {
            break;
        }
        let value = if i + 1 == spec.args.len() {
            std::mem::take(&mut rest)
        } else {
            let (word, tail) = rest.split_once(' ').unwrap_or((rest, ""));
            rest = tail.trim();
            word
        };
        values.push((arg, value.to_owned()));
    }
    values
}

/// (number, title, completed) of every task of `user`, read through core.
pub async fn task_rows(core: &Core, user: UserId) -> Vec<(i32, String, bool)> {
    tasklink_core::tasks::list(&core.db, user, tasklink_core::tasks::TaskFilter::All)
        .await
        .expect("list tasks")
        .into_iter()
        .map(|t| (t.number.get(), t.title, t.completed))
        .collect()
}

/// Adds tasks with these titles to `user`'s list, in order.
pub async fn seed(core: &Core, user: UserId, titles: &[&str]) {
    for title in titles {
        let title = tasklink_core::tasks::TaskTitle::parse(title).expect("a valid title");
        tasklink_core::tasks::add(&core.db, user, &title, None)
            .await
            .expect("add a task");
    }
}

/// A fresh link token for `user`, as the portal issues it.
pub async fn link_token(core: &Core, user: UserId) -> tasklink_core::linking::LinkToken {
    tasklink_core::linking::issue(&core.db, &core.tokens, user)
        .await
        .expect("issue a link token")
}

/// The path of a workspace binary (`tasklink-portal`, `tasklink-bot`), built
/// first: cargo builds only the test crate's own binaries for its tests.
/// Built with the same profile and target directory as the running test.
pub fn binary(package: &str) -> std::path::PathBuf {
    static BUILD: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _one_build_at_a_time = BUILD.lock().unwrap_or_else(|e| e.into_inner());
    let workspace = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ is inside the workspace");
    let mut build = std::process::Command::new(env!("CARGO"));
    // With `-p tasklink-tests` the features resolve as in the test build, so
    // nothing but the binary itself is compiled again.
    build.current_dir(workspace).args([
        "build",
        "--quiet",
        "-p",
        "tasklink-tests",
        "-p",
        package,
        "--bin",
        package,
    ]);
    if !cfg!(debug_assertions) {
        build.arg("--release");
    }
    // The variables the test runner sets for this test's own crate: build
    // scripts that watch one (ring's watches CARGO_MANIFEST_DIR) would run
    // again, and everything above them be rebuilt, here and in the next
    // build from a shell (`scripts/test` builds these binaries first).
    for (name, _) in std::env::vars_os() {
        let name = name.to_string_lossy();
        if name.starts_with("CARGO_PKG_")
            || name.starts_with("CARGO_BIN_")
            || name.starts_with("CARGO_MANIFEST_")
            || ["CARGO_CRATE_NAME", "CARGO_PRIMARY_PACKAGE", "CARGO_TARGET_TMPDIR"].contains(&&*name)
        {
            build.env_remove(&*name);
        }
    }
    let status = build.status().expect("run cargo build");
    assert!(status.success(), "cargo build -p {package} failed");
    // <target>/<profile>/deps/<this test> → <target>/<profile>/<package>
    let exe = std::env::current_exe().expect("path of the running test");
    let profile_dir = exe
        .parent()
        .and_then(std::path::Path::parent)
        .expect("test binaries live in <target>/<profile>/deps");
    profile_dir.join(package)
}

/// A loopback port nobody listens on right now (for a process that binds it itself).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("bind a free port")
        .port()
}

/// Sends SIGTERM to `child`, as a container runtime stopping it would, and
/// waits (at most `within`) for it to exit.
pub async fn terminate(
    child: &mut tokio::process::Child,
    within: std::time::Duration,
) -> std::process::ExitStatus {
    let pid = child.id().expect("the child is running").to_string();
    let sent = std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .expect("run kill");
    assert!(sent.success(), "kill -TERM {pid}");
    tokio::time::timeout(within, child.wait())
        .await
        .unwrap_or_else(|_| panic!("still running {within:?} after SIGTERM"))
        .expect("wait for the child")
}
