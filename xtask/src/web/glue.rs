//! wasm-bindgen's JavaScript glue (`--target web`), as far as the build steps need it.

use std::collections::HashMap;

use anyhow::bail;

use super::wasm_module;

const fn is_identifier(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_' || byte == b'$'
}

/// Where `name` occurs in `script` as a whole identifier.
fn occurrences(script: &str, name: &str) -> Vec<usize> {
    let bytes = script.as_bytes();
    script
        .match_indices(name)
        .map(|(at, _)| at)
        .filter(|&at| {
            let before = at.checked_sub(1).and_then(|i| bytes.get(i));
            let after = bytes.get(at + name.len());
            !before.is_some_and(|&b| is_identifier(b)) && !after.is_some_and(|&b| is_identifier(b))
        })
        .collect()
}

/// Whether the script mentions `name` as an identifier.
pub fn names(script: &str, name: &str) -> bool {
    !occurrences(script, name).is_empty()
}

/// The script without its `export class X { … }` blocks, with each class's dispose hook and
/// finalization registry, for every class nothing else in the script refers to.
pub fn without_exported_classes(script: &str) -> String {
    let mut script = script.to_owned();
    let classes: Vec<String> = script
        .lines()
        .filter_map(|line| line.strip_prefix("export class "))
        .filter_map(|rest| rest.strip_suffix(" {"))
        .map(str::to_owned)
        .collect();
    for class in classes {
        let start = format!("export class {class} {{\n");
        let Some(from) = script.find(&start) else {
            continue;
        };
        let Some(to) = script.get(from..).and_then(|rest| rest.find("\n}\n")) else {
            continue;
        };
        let mut candidate = script.clone();
        candidate.replace_range(from..from + to + 3, "");
        let dispose = format!(
            "if (Symbol.dispose) {class}.prototype[Symbol.dispose] = {class}.prototype.free;\n"
        );
        candidate = candidate.replacen(&dispose, "", 1);
        let registry = format!("const {class}Finalization = ");
        if let Some(at) = candidate.find(&registry)
            && let Some(end) = candidate.get(at..).and_then(|rest| rest.find(";\n"))
        {
            candidate.replace_range(at..at + end + 2, "");
        }
        if names(&candidate, &class) {
            eprintln!("kept the glue's class {class}: the glue still refers to it");
            continue;
        }
        script = candidate;
    }
    script
}

/// Short names: a, b, …, z, A, …, Z, aa, ab, …
fn short_name(mut index: usize) -> String {
    const LETTERS: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let mut name = Vec::new();
    loop {
        name.push(LETTERS.get(index % LETTERS.len()).copied().unwrap_or(b'z'));
        index /= LETTERS.len();
        if index == 0 {
            break;
        }
        index -= 1;
    }
    name.reverse();
    String::from_utf8(name).unwrap_or_default()
}

/// Renames the imports from the glue's own module (`own_module`) to short names, in the
/// module and in the glue's import object (where each must be one key), and every import
/// module to a short name too; drops the custom sections.
pub fn short_import_names(
    module: &[u8],
    script: &str,
    own_module: &str,
) -> anyhow::Result<(Vec<u8>, String)> {
    let mut script = script.to_owned();
    let mut modules: HashMap<String, String> = HashMap::new();
    let mut renamed = 0;
    let module = wasm_module::with_import_names(module, |from, name| {
        let next = modules.len();
        let short_module = modules
            .entry(from.to_owned())
            .or_insert_with(|| format!("m{}", short_name(next)))
            .clone();
        if from != own_module {
            return Ok((short_module, name.to_owned()));
        }
        let short = short_name(renamed);
        renamed += 1;
        let at = occurrences(&script, name);
        let [at] = at.as_slice() else {
            bail!("the glue names the import {name} {} times", at.len());
        };
        script.replace_range(*at..*at + name.len(), &short);
        Ok((short_module, short))
    })?;
    let module = wasm_module::without_custom_sections(&module)?;
    for (from, short) in &modules {
        let key = format!("\"{from}\":");
        if !script.contains(&key) {
            bail!("the glue has no import object for {from}");
        }
        script = script.replace(&key, &format!("{short}:"));
    }
    Ok((module, script))
}

#[cfg(test)]
mod tests {
    use super::{names, short_import_names, short_name, without_exported_classes};
    use crate::web::fixture;

    #[test]
    fn short_names_are_unique_and_short() {
        let names: Vec<String> = (0..2000).map(short_name).collect();
        let unique: std::collections::HashSet<&String> = names.iter().collect();
        assert_eq!(unique.len(), names.len());
        assert_eq!(names.first().map(String::as_str), Some("a"));
        assert_eq!(names.get(52).map(String::as_str), Some("aa"));
        assert!(names.iter().all(|name| name.len() <= 2));
    }

    #[test]
    fn identifiers_match_whole() {
        assert!(names("wasm.memory.buffer", "memory"));
        assert!(!names("wasm.memory_size", "memory"));
        assert!(!names("my_memory", "memory"));
    }

    #[test]
    fn unused_exported_classes_go_with_their_hooks() {
        let script = "export class Gone {\n    free() {\n        wasm.gone_free(1);\n    }\n}\n\
                      if (Symbol.dispose) Gone.prototype[Symbol.dispose] = Gone.prototype.free;\n\
                      export class Used {\n}\n\
                      const GoneFinalization = (typeof FinalizationRegistry === 'undefined')\n    \
                      ? { register: () => {} }\n    : new FinalizationRegistry(ptr => wasm.gone_free(ptr));\n\
                      function wrap(ptr) { return Used.__wrap(ptr); }\n";
        let cleaned = without_exported_classes(script);
        assert!(!names(&cleaned, "Gone"), "{cleaned}");
        assert!(!names(&cleaned, "gone_free"), "{cleaned}");
        assert!(cleaned.contains("export class Used {"), "{cleaned}");
    }

    #[test]
    fn imports_get_short_names_in_module_and_glue() -> anyhow::Result<()> {
        let glue = "const import0 = {\n    __wbg_first_0123456789abcdef: function() {},\n    \
                    __wbg_second_0123456789abcdef: function() {},\n};\n\
                    return { \"./glue_bg.js\": import0 };";
        let (module, glue) = short_import_names(&fixture::module(), glue, "./glue_bg.js")?;
        assert_eq!(
            glue,
            "const import0 = {\n    a: function() {},\n    b: function() {},\n};\n\
             return { ma: import0 };"
        );
        assert!(fixture::custom_sections(&module)?.is_empty());
        assert_eq!(fixture::imports(&module)?, vec!["ma::a", "ma::b"]);
        Ok(())
    }

    #[test]
    fn an_import_the_glue_names_twice_stops_the_renaming() {
        let glue = "__wbg_first_0123456789abcdef: 1, __wbg_first_0123456789abcdef: 2, \
                    __wbg_second_0123456789abcdef: 3, \"./glue_bg.js\": import0";
        assert!(short_import_names(&fixture::module(), glue, "./glue_bg.js").is_err());
    }
}
