//! A Postgres server of one test's own, for what the shared server must not
//! do: crash. `initdb` into a temporary directory, served on a free port, and
//! stopped as a crash would stop it (`pg_ctl stop -m immediate`: no
//! checkpoint, and whatever WAL was still in the server's memory is lost).

use std::{
    path::{Path, PathBuf},
    process::Command,
};

use crate::helpers::{TestDb, free_port};

pub struct PrivatePostgres {
    dir: PathBuf,
    port: u16,
}

impl PrivatePostgres {
    /// A new server with these settings (`name = value` lines of `postgresql.conf`).
    pub fn start(settings: &[&str]) -> Self {
        let dir = std::env::temp_dir().join(format!("tl_pg_{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir(&dir).expect("create the server's directory");
        let pg = Self {
            dir,
            port: free_port(),
        };
        if as_root() {
            // Postgres refuses to run as root; the setup script's `postgres` user runs it.
            run(Command::new("chown").arg("postgres:").arg(&pg.dir));
        }
        pg.pg(
            "initdb",
            &["-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync", "-D"],
        );
        let mut conf = format!(
            "port = {}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '{}'\n",
            pg.port,
            pg.dir.display()
        );
        for setting in settings {
            conf.push_str(setting);
            conf.push('\n');
        }
        std::fs::write(pg.data().join("postgresql.auto.conf"), conf).expect("write the settings");
        pg.restart();
        pg
    }

    /// A migrated database on it.
    pub async fn database(&self) -> TestDb {
        TestDb::on_server(&format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)).await
    }

    /// Stops the server as a crash would.
    pub fn crash(&self) {
        self.pg("pg_ctl", &["stop", "-m", "immediate", "-D"]);
    }

    /// Starts it (again): after a crash, it recovers from its WAL first.
    pub fn restart(&self) {
        let log = self.dir.join("log");
        self.pg("pg_ctl", &["start", "-w", "-l", &log.to_string_lossy(), "-D"]);
    }

    fn data(&self) -> PathBuf {
        self.dir.join("data")
    }

    /// Runs a server program with `args` and then the data directory.
    fn pg(&self, program: &str, args: &[&str]) {
        run(&mut self.command(program, args));
    }

    fn command(&self, program: &str, args: &[&str]) -> Command {
        let program = bin_dir().join(program);
        let mut command = if as_root() {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(program);
            c
        } else {
            Command::new(program)
        };
        command.args(args).arg(self.data()).current_dir(&self.dir);
        command
    }
}

impl Drop for PrivatePostgres {
    fn drop(&mut self) {
        // No assertion here: a drop while a failed test unwinds must not panic again.
        if self.data().join("postmaster.pid").exists() {
            let _ = self
                .command("pg_ctl", &["stop", "-m", "immediate", "-D"])
                .output();
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn run(command: &mut Command) {
    let out = command
        .output()
        .unwrap_or_else(|e| panic!("run {command:?}: {e}"));
    assert!(
        out.status.success(),
        "{command:?} failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

fn as_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|out| out.stdout.trim_ascii() == b"0")
}

/// The newest installed server's programs (where `scripts/setup` finds them),
/// else whatever `PATH` has.
fn bin_dir() -> PathBuf {
    let root = Path::new("/usr/lib/postgresql");
    let newest = std::fs::read_dir(root).ok().and_then(|entries| {
        entries
            .filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u32>().ok())
            .max()
    });
    newest.map_or_else(PathBuf::new, |version| root.join(version.to_string()).join("bin"))
}
