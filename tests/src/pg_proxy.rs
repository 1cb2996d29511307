//! A TCP proxy in front of Postgres that counts client round trips: every
//! `Sync` (end of an extended-protocol exchange) and every simple `Query` is
//! one wait for the server. Used by the load harness to measure queries per
//! message without touching the code under test. Needs `sslmode=disable`.
//!
//! With `LOADTEST_STATEMENTS` set it also attributes each round trip to its
//! statement (see [`PgProxy::statements`]): a `Sync` to the statement last
//! bound on that connection, a bare `Sync` (sqlx's ping when a connection
//! goes back to its pool) to `ping`, a simple `Query` to its text.

use std::{
    collections::HashMap,
    sync::{
        Arc, Mutex,
        atomic::{AtomicU64, Ordering},
    },
};

use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::{TcpListener, TcpStream},
};

#[derive(Clone)]
pub struct PgProxy {
    pub addr: std::net::SocketAddr,
    round_trips: Arc<AtomicU64>,
    statements: Option<Statements>,
}

/// Round trips by statement (its text, whitespace collapsed, cut to 120 characters).
type Statements = Arc<Mutex<HashMap<String, u64>>>;

impl PgProxy {
    /// Listens on a free port and forwards every connection to `upstream` (host:port).
    pub async fn start(upstream: String) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind Postgres proxy");
        let addr = listener.local_addr().expect("proxy address");
        let round_trips = Arc::new(AtomicU64::new(0));
        let statements = std::env::var_os("LOADTEST_STATEMENTS").map(|_| Statements::default());
        let counter = round_trips.clone();
        let by_statement = statements.clone();
        tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let upstream = upstream.clone();
                let counter = counter.clone();
                let by_statement = by_statement.clone();
                tokio::spawn(async move {
                    if let Ok(server) = TcpStream::connect(&upstream).await {
                        let _ = relay(client, server, counter, by_statement).await;
                    }
                });
            }
        });
        Self {
            addr,
            round_trips,
            statements,
        }
    }

    pub fn round_trips(&self) -> u64 {
        self.round_trips.load(Ordering::Relaxed)
    }

    /// Round trips so far by statement, when `LOADTEST_STATEMENTS` is set.
    pub fn statements(&self) -> Option<HashMap<String, u64>> {
        self.statements.as_ref().map(|s| s.lock().unwrap().clone())
    }
}

async fn relay(
    client: TcpStream,
    server: TcpStream,
    counter: Arc<AtomicU64>,
    statements: Option<Statements>,
) -> std::io::Result<()> {
    let _ = client.set_nodelay(true);
    let _ = server.set_nodelay(true);
    let (mut client_read, mut client_write) = client.into_split();
    let (mut server_read, mut server_write) = server.into_split();
    let upstream = async move {
        let mut counting = Counting {
            statements: statements.map(|all| Attribution {
                all,
                ..Attribution::default()
            }),
            ..Counting::default()
        };
        let mut buf = vec![0u8; 64 * 1024];
        loop {
            let n = client_read.read(&mut buf).await?;
            if n == 0 {
                return Ok::<_, std::io::Error>(());
            }
            counter.fetch_add(counting.feed(&buf[..n]), Ordering::Relaxed);
            server_write.write_all(&buf[..n]).await?;
        }
    };
    let downstream = tokio::io::copy(&mut server_read, &mut client_write);
    tokio::select! {
        r = upstream => r,
        r = downstream => r.map(|_| ()),
    }
}

/// Walks the frontend message stream chunk by chunk: the startup message
/// (length, body), then typed messages (tag, length, body).
#[derive(Default)]
struct Counting {
    header: Vec<u8>,
    skip: usize,
    started: bool,
    statements: Option<Attribution>,
}

/// One connection's statements: prepared names to their text, and what the
/// next `Sync` waits for.
#[derive(Default)]
struct Attribution {
    all: Statements,
    prepared: HashMap<String, String>,
    /// The body of the `P`, `B` or `Q` message being read.
    body: Option<(u8, Vec<u8>)>,
    /// The statement bound (or parsed) since the last `Sync`.
    pending: Option<String>,
}

impl Attribution {
    fn message(&mut self, tag: u8, body: &[u8]) {
        let mut fields = body
            .split(|b| *b == 0)
            .map(|f| String::from_utf8_lossy(f).into_owned());
        match tag {
            b'P' => {
                let name = fields.next().unwrap_or_default();
                let text = short(&fields.next().unwrap_or_default());
                self.pending = Some(format!("prepare: {text}"));
                self.prepared.insert(name, text);
            }
            b'B' => {
                let _portal = fields.next();
                let name = fields.next().unwrap_or_default();
                let text = self.prepared.get(&name).cloned().unwrap_or(name);
                self.pending = Some(text);
            }
            b'Q' => self.count(short(&fields.next().unwrap_or_default())),
            _ => {}
        }
    }

    fn sync(&mut self) {
        let what = self
            .pending
            .take()
            .unwrap_or_else(|| "ping (connection back to the pool)".into());
        self.count(what);
    }

    fn count(&self, what: String) {
        *self.all.lock().unwrap().entry(what).or_default() += 1;
    }
}

fn short(sql: &str) -> String {
    sql.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .take(120)
        .collect()
}

impl Counting {
    /// Round trips begun in this chunk.
    fn feed(&mut self, mut chunk: &[u8]) -> u64 {
        let mut found = 0;
        while !chunk.is_empty() {
            if self.skip > 0 {
                let k = self.skip.min(chunk.len());
                self.skip -= k;
                if let Some(a) = &mut self.statements
                    && let Some((tag, body)) = &mut a.body
                {
                    body.extend_from_slice(&chunk[..k]);
                    if self.skip == 0 {
                        let (tag, body) = (*tag, std::mem::take(body));
                        a.body = None;
                        a.message(tag, &body);
                    }
                }
                chunk = &chunk[k..];
                continue;
            }
            self.header.push(chunk[0]);
            chunk = &chunk[1..];
            let header_len = if self.started { 5 } else { 4 };
            if self.header.len() == header_len {
                let len_bytes: [u8; 4] = self.header[header_len - 4..].try_into().expect("four bytes");
                self.skip = (u32::from_be_bytes(len_bytes) as usize).saturating_sub(4);
                if self.started && matches!(self.header[0], b'S' | b'Q') {
                    found += 1;
                }
                if self.started
                    && let Some(a) = &mut self.statements
                {
                    match self.header[0] {
                        b'S' => a.sync(),
                        tag @ (b'P' | b'B' | b'Q') if self.skip > 0 => a.body = Some((tag, Vec::new())),
                        _ => {}
                    }
                }
                self.started = true;
                self.header.clear();
            }
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use sqlx::Connection;

    use super::{Counting, PgProxy};

    #[tokio::test]
    async fn forwards_and_counts_a_real_connection() {
        let db = crate::helpers::TestDb::new().await;
        let host = db
            .url
            .rsplit_once('@')
            .unwrap()
            .1
            .split('/')
            .next()
            .unwrap()
            .to_owned();
        let proxy = PgProxy::start(host.clone()).await;
        let url = db.url.replacen(&host, &proxy.addr.to_string(), 1) + "?sslmode=disable";
        let mut conn = sqlx::PgConnection::connect(&url)
            .await
            .expect("connect through the proxy");
        let before = proxy.round_trips();
        let one: i32 = sqlx::query_scalar("SELECT 1").fetch_one(&mut conn).await.unwrap();
        assert_eq!(one, 1);
        assert!(proxy.round_trips() > before);
    }

    #[test]
    fn counts_syncs_and_queries_across_chunk_boundaries() {
        let mut stream = vec![0, 0, 0, 8, 0, 3, 0, 0]; // startup, 8 bytes
        stream.extend([b'P', 0, 0, 0, 6, 1, 2]); // Parse
        stream.extend([b'S', 0, 0, 0, 4]); // Sync
        stream.extend([b'Q', 0, 0, 0, 5, 0]); // Query
        for split in 0..stream.len() {
            let mut c = Counting::default();
            assert_eq!(
                c.feed(&stream[..split]) + c.feed(&stream[split..]),
                2,
                "split at {split}"
            );
        }
    }
}
