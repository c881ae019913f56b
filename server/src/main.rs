//! The `appello` binary. See `appello --help`.

#[tokio::main]
async fn main() -> std::process::ExitCode {
    server::cli::run().await
}
