//! `cargo run -p shared_types -- [OUT_DIR]`, by default into `shared_types/generated`.

use std::path::PathBuf;

fn main() -> anyhow::Result<()> {
    let out: PathBuf = std::env::args_os().nth(1).map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("generated"),
        PathBuf::from,
    );
    shared_types::generate(&out)?;
    println!("generated types in {}", out.display());
    Ok(())
}
