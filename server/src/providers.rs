//! Passkey providers ("iCloud Keychain", "Google Password Manager", a YubiKey…) by the AAGUID
//! their authenticators register with, from the community list kept in `data/aaguids.json`
//! (`data/AAGUIDS-SOURCE.md` says where it comes from and how to refresh it).

use std::collections::HashMap;
use std::sync::LazyLock;

use crux_passkey_api::Provider;
use serde::Deserialize;

#[derive(Deserialize)]
struct Entry {
    name: String,
    icon_light: Option<String>,
    icon_dark: Option<String>,
}

static CATALOGUE: LazyLock<HashMap<String, Entry>> = LazyLock::new(|| {
    // A list that does not parse names no provider; `the_list_parses` keeps that from shipping.
    serde_json::from_str(include_str!("../data/aaguids.json")).unwrap_or_default()
});

/// The provider of an AAGUID (lowercase, hyphenated), when the list knows it.
#[must_use]
pub fn provider(aaguid: &str) -> Option<Provider> {
    CATALOGUE.get(aaguid).map(|entry| Provider {
        aaguid: aaguid.to_owned(),
        name: entry.name.clone(),
        icon_light: entry.icon_light.clone(),
        icon_dark: entry.icon_dark.clone(),
    })
}

/// How many providers the list knows.
#[must_use]
pub fn known() -> usize {
    CATALOGUE.len()
}

/// A name for a new passkey of `provider` that none of `taken` has: "iCloud Keychain", then
/// "iCloud Keychain 2", "iCloud Keychain 3"…
#[must_use]
pub fn unique_name<'a>(provider: &str, taken: impl IntoIterator<Item = &'a str> + Clone) -> String {
    let is_taken = |candidate: &str| {
        taken
            .clone()
            .into_iter()
            .any(|name| name.eq_ignore_ascii_case(candidate))
    };
    if !is_taken(provider) {
        return provider.to_owned();
    }
    (2u32..)
        .map(|n| format!("{provider} {n}"))
        .find(|candidate| !is_taken(candidate))
        .unwrap_or_else(|| provider.to_owned())
}

#[cfg(test)]
mod tests {
    use super::{known, provider, unique_name};

    #[test]
    fn the_list_parses_and_names_the_big_managers() {
        assert!(known() > 20, "the shipped list is empty or does not parse");
        let google = provider("ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4").map(|p| p.name);
        assert_eq!(google.as_deref(), Some("Google Password Manager"));
        let apple = provider("fbfc3007-154e-4ecc-8c0b-6e020557d7bd");
        assert!(apple.is_some_and(|p| {
            p.icon_light
                .is_some_and(|i| i.starts_with("data:image/svg+xml;base64,"))
        }));
        assert_eq!(provider("00000000-0000-0000-0000-000000000000"), None);
        assert_eq!(
            provider("EA9B8D66-4D01-1D21-3CE4-B6B48CB575D4"),
            None,
            "keys are lowercase"
        );
    }

    #[test]
    fn names_are_made_unique_per_account() {
        assert_eq!(unique_name("1Password", []), "1Password");
        assert_eq!(unique_name("1Password", ["Laptop"]), "1Password");
        assert_eq!(unique_name("1Password", ["1password"]), "1Password 2");
        assert_eq!(
            unique_name("1Password", ["1Password", "1Password 2", "1Password 4"]),
            "1Password 3"
        );
    }
}
