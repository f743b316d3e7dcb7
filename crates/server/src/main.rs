//! The `tavolo` binary: see `tavolo --help`.

fn main() -> std::process::ExitCode {
    tavolo_server::cli::main()
}
