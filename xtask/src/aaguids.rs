//! `cargo xtask aaguids [--from FILE]`: refreshes `server/data/aaguids.json`, the community
//! list of passkey providers by AAGUID (`server/data/AAGUIDS-SOURCE.md`), after checking its
//! shape. The list's maintainers retire it by emptying it, so an empty list is refused.

use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};
use serde_json::Value;

use crate::shell::{cmd, output, root};

const SOURCE: &str =
    "https://raw.githubusercontent.com/passkeydeveloper/passkey-authenticator-aaguids/main/aaguid.json";

pub fn refresh(from: Option<&Path>) -> anyhow::Result<()> {
    let text = match from {
        Some(path) => std::fs::read_to_string(path)
            .with_context(|| format!("reading {}", path.display()))?,
        None => String::from_utf8(output(&mut cmd("curl", &["-fsSL", SOURCE]))?)
            .context("the list is not UTF-8")?,
    };
    let count = check(&text)?;
    let target: PathBuf = root().join("server").join("data").join("aaguids.json");
    std::fs::write(&target, &text).with_context(|| format!("writing {}", target.display()))?;
    println!(
        "{count} providers written to {}; update the commit and date in server/data/AAGUIDS-SOURCE.md",
        target.display()
    );
    Ok(())
}

/// The number of providers in a well-formed list.
fn check(text: &str) -> anyhow::Result<usize> {
    let list: Value = serde_json::from_str(text).context("the list is not JSON")?;
    let Some(list) = list.as_object() else {
        bail!("the list is not a JSON object");
    };
    if list.is_empty() {
        bail!("the list is empty: its maintainers may have retired it");
    }
    for (aaguid, entry) in list {
        let lowercase_uuid = aaguid.len() == 36
            && aaguid.chars().enumerate().all(|(i, c)| match i {
                8 | 13 | 18 | 23 => c == '-',
                _ => c.is_ascii_digit() || ('a'..='f').contains(&c),
            });
        if !lowercase_uuid {
            bail!("{aaguid:?} is not a lowercase, hyphenated AAGUID");
        }
        let named = entry
            .get("name")
            .and_then(Value::as_str)
            .is_some_and(|name| !name.trim().is_empty());
        if !named {
            bail!("{aaguid} has no name");
        }
        for icon in ["icon_light", "icon_dark"] {
            if let Some(value) = entry.get(icon)
                && !value
                    .as_str()
                    .is_some_and(|uri| uri.starts_with("data:image/svg+xml;base64,"))
            {
                bail!("{aaguid}'s {icon} is not an SVG data URI");
            }
        }
    }
    Ok(list.len())
}

#[cfg(test)]
mod tests {
    use super::check;

    #[test]
    fn the_shipped_list_is_well_formed() {
        let shipped = include_str!("../../server/data/aaguids.json");
        assert!(check(shipped).is_ok_and(|count| count > 20));
    }

    #[test]
    fn a_malformed_or_retired_list_is_refused() {
        for bad in [
            "{}",
            "[]",
            "not json",
            r#"{"EA9B8D66-4D01-1D21-3CE4-B6B48CB575D4": {"name": "Upper"}}"#,
            r#"{"ea9b8d66": {"name": "Short"}}"#,
            r#"{"ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4": {}}"#,
            r#"{"ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4": {"name": " "}}"#,
            r#"{"ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4": {"name": "G", "icon_dark": "https://x/y.png"}}"#,
        ] {
            assert!(check(bad).is_err(), "{bad}");
        }
        assert_eq!(
            check(r#"{"ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4": {"name": "G", "icon_light": "data:image/svg+xml;base64,PHN2Zy8+"}}"#).ok(),
            Some(1)
        );
    }
}
