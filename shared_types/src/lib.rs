//! Generates the shells' types for the core's bridge messages with crux's facet typegen.

use std::path::Path;

use anyhow::Context as _;
use crux_core::type_generation::facet::{Config, TypeRegistry};

/// The Kotlin package the Android shell imports, and the Swift module the iOS shell imports.
pub const KOTLIN_PACKAGE: &str = "com.cruxpasskey.shared.types";
pub const SWIFT_MODULE: &str = "SharedTypes";
pub const TYPESCRIPT_PACKAGE: &str = "shared_types";

fn registry() -> anyhow::Result<crux_core::type_generation::facet::CodeGenerator> {
    TypeRegistry::new()
        .register_app::<shared::App>()
        .context("registering the app's types")?
        .build()
        .context("building the type registry")
}

/// Names of every type the shells get, as the generators will name them.
pub fn type_names() -> anyhow::Result<Vec<String>> {
    Ok(registry()?
        .registry()
        .keys()
        .map(|name| name.name.clone())
        .collect())
}

/// Writes `swift/`, `kotlin/` and `typescript/` under `out`. TypeScript generation runs
/// `pnpm install` and `tsc --build` in its folder.
pub fn generate(out: &Path) -> anyhow::Result<()> {
    let registry = registry()?;
    registry
        .swift(&Config::builder(SWIFT_MODULE, out.join("swift")).build())
        .context("generating Swift")?;
    registry
        .kotlin(&Config::builder(KOTLIN_PACKAGE, out.join("kotlin")).build())
        .context("generating Kotlin")?;
    registry
        .typescript(&Config::builder(TYPESCRIPT_PACKAGE, out.join("typescript")).build())
        .context("generating TypeScript")?;
    Ok(())
}
