//! `cargo xtask <command>`: the project's few entry points, each installing what it needs.

mod aaguids;
mod apk_key_hash;
mod bench;
mod run;
mod shell;
mod test;
mod tools;
mod web;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(about = "Crux Passkey's project commands")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the web shell and start the server on http://localhost:8080 (SQLite under ./data).
    Run,
    /// Run every test: Rust suites, typegen + tsc, the Python FFI test, the wasm build.
    Test,
    /// Print the speed figures.
    Bench,
    /// Regenerate the shells' types and the uniffi bindings.
    Generate,
    /// Build the web shell into web-leptos/dist.
    BuildWeb,
    /// Print the `android:apk-key-hash:` origin of a signing certificate's SHA-256 fingerprint.
    ApkKeyHash {
        /// Colon-separated hex, as `keytool -list -v` or Play Console shows it.
        fingerprint: String,
    },
    /// Refresh server/data/aaguids.json, the passkey provider list, after checking its shape.
    Aaguids {
        /// Read the list from this file instead of downloading it.
        #[arg(long)]
        from: Option<std::path::PathBuf>,
    },
}

fn main() -> anyhow::Result<()> {
    match Cli::parse().command {
        Command::Run => run::run(),
        Command::Test => test::test(),
        Command::Bench => bench::bench(),
        Command::Generate => test::generate_all().map(|_| ()),
        Command::BuildWeb => web::build(),
        Command::ApkKeyHash { fingerprint } => apk_key_hash::print(&fingerprint),
        Command::Aaguids { from } => aaguids::refresh(from.as_deref()),
    }
}
