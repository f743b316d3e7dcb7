//! The `tavolo` binary: see `tavolo --help`.

/// A request builds and drops many small objects (rows, models, GraphQL values) across threads; glibc's allocator
/// spent about a sixth of the server's time on them under load (bench-load's profile), mimalloc far less.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    tavolo_server::cli::main()
}
