//! `cargo run -p shared_types -- OUT_DIR` writes `swift/`, `kotlin/` and `typescript/` under
//! OUT_DIR (default `shared_types/generated`). TypeScript generation runs `pnpm install` there.

use std::path::PathBuf;

use anyhow::Context as _;
use crux_core::type_generation::facet::{Config, TypeRegistry};

/// The Kotlin package the Android shell imports, and the Swift module the iOS shell imports.
const KOTLIN_PACKAGE: &str = "com.cruxpasskey.shared.types";
const SWIFT_MODULE: &str = "SharedTypes";
const TYPESCRIPT_PACKAGE: &str = "shared_types";

fn main() -> anyhow::Result<()> {
    let out: PathBuf = std::env::args_os().nth(1).map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("generated"),
        PathBuf::from,
    );
    let registry = TypeRegistry::new()
        .register_app::<shared::App>()
        .context("registering the app's types")?
        .build()
        .context("building the type registry")?;

    registry
        .swift(&Config::builder(SWIFT_MODULE, out.join("swift")).build())
        .context("generating Swift")?;
    registry
        .kotlin(&Config::builder(KOTLIN_PACKAGE, out.join("kotlin")).build())
        .context("generating Kotlin")?;
    registry
        .typescript(&Config::builder(TYPESCRIPT_PACKAGE, out.join("typescript")).build())
        .context("generating TypeScript")?;
    println!("generated types in {}", out.display());
    Ok(())
}
