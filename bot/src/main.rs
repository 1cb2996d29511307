use tasklink_core::{Config, telemetry};

fn main() -> anyhow::Result<()> {
    limit_malloc_arenas();
    run()
}

#[tokio::main]
async fn run() -> anyhow::Result<()> {
    // Config first: it loads `./.env`, which may set RUST_LOG.
    let config = Config::load(env!("CARGO_BIN_NAME"), "Tasklink's Telegram and Discord bot.");
    telemetry::init();
    tasklink_bot::run(config).await
}

/// glibc gives each thread that allocates its own arena (up to 8 per core)
/// and keeps what it freed there: with tokio's workers and blocking threads
/// taking turns on the same requests, that is memory held several times
/// over. Two arenas are enough for two workers (BENCHMARKS.md, "Reminder
/// burst, stop 11"), before any thread starts. `MALLOC_ARENA_MAX` in the
/// environment still wins.
fn limit_malloc_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        const M_ARENA_MAX: std::ffi::c_int = -8;
        unsafe extern "C" {
            fn mallopt(param: std::ffi::c_int, value: std::ffi::c_int) -> std::ffi::c_int;
        }
        if std::env::var_os("MALLOC_ARENA_MAX").is_none() {
            // SAFETY: called before any other thread exists; mallopt only
            // changes the allocator's tunables.
            unsafe {
                mallopt(M_ARENA_MAX, 2);
            }
        }
    }
}
