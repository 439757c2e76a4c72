//! Reads and edits the wasm module with the Bytecode Alliance's `wasmparser` and `wasm-encoder`.
//! Each edit rewrites only the sections it changes and copies every other one through byte for
//! byte, so nothing it does not mean to touch can change.

use anyhow::Context as _;
use wasm_encoder::reencode::{Reencode as _, RoundtripReencoder};
use wasm_encoder::{ExportSection, ImportSection, Module, NameMap, NameSection, RawSection};
use wasmparser::{ExternalKind, KnownCustom, Name, NameSectionReader, Parser, Payload, TypeRef};

/// How many functions the module imports (they come first in the function index space).
pub fn imported_functions(module: &[u8]) -> anyhow::Result<u32> {
    let mut count = 0;
    for payload in Parser::new(0).parse_all(module) {
        if let Payload::ImportSection(reader) = payload? {
            for import in reader.into_imports() {
                if matches!(import?.ty, TypeRef::Func(_) | TypeRef::FuncExact(_)) {
                    count += 1;
                }
            }
        }
    }
    Ok(count)
}

/// The function bodies (locals and code), in index order after the imported functions.
pub fn function_bodies(module: &[u8]) -> anyhow::Result<Vec<&[u8]>> {
    let mut bodies = Vec::new();
    for payload in Parser::new(0).parse_all(module) {
        if let Payload::CodeSectionEntry(body) = payload? {
            bodies.push(body.as_bytes());
        }
    }
    Ok(bodies)
}

/// The function names of the `name` section, by function index.
pub fn function_names(module: &[u8]) -> anyhow::Result<Vec<(u32, &str)>> {
    for payload in Parser::new(0).parse_all(module) {
        let Some(names) = name_section(&payload?) else {
            continue;
        };
        for subsection in names {
            if let Name::Function(map) = subsection? {
                return map
                    .into_iter()
                    .map(|naming| {
                        let naming = naming?;
                        Ok((naming.index, naming.name))
                    })
                    .collect();
            }
        }
    }
    Ok(Vec::new())
}

/// The module with the function names of its `name` section replaced.
pub fn with_function_names(
    module: &[u8],
    rename: impl Fn(u32, &str) -> String,
) -> anyhow::Result<Vec<u8>> {
    rewrite(module, |payload, out| {
        let Some(names) = name_section(payload) else {
            return Ok(false);
        };
        let mut section = NameSection::new();
        for subsection in names {
            match subsection? {
                Name::Function(map) => {
                    let mut renamed = NameMap::new();
                    for naming in map {
                        let naming = naming?;
                        renamed.append(naming.index, &rename(naming.index, naming.name));
                    }
                    section.functions(&renamed);
                }
                other => RoundtripReencoder.parse_custom_name_subsection(&mut section, other)?,
            }
        }
        out.section(&section);
        Ok(true)
    })
}

/// The module without the function exports that `keep` refuses (other exports stay).
pub fn retain_function_exports(
    module: &[u8],
    keep: impl Fn(&str) -> bool,
) -> anyhow::Result<Vec<u8>> {
    rewrite(module, |payload, out| {
        let Payload::ExportSection(reader) = payload else {
            return Ok(false);
        };
        let mut section = ExportSection::new();
        for export in reader.clone() {
            let export = export?;
            if export.kind != ExternalKind::Func || keep(export.name) {
                let kind = RoundtripReencoder.export_kind(export.kind)?;
                section.export(export.name, kind, export.index);
            }
        }
        out.section(&section);
        Ok(true)
    })
}

/// The module with each import's module and item names replaced by what `rename` gives for
/// them (in the order the module lists its imports).
pub fn with_import_names(
    module: &[u8],
    mut rename: impl FnMut(&str, &str) -> anyhow::Result<(String, String)>,
) -> anyhow::Result<Vec<u8>> {
    rewrite(module, |payload, out| {
        let Payload::ImportSection(reader) = payload else {
            return Ok(false);
        };
        let mut section = ImportSection::new();
        for import in reader.clone().into_imports() {
            let import = import?;
            let (from, name) = rename(import.module, import.name)?;
            section.import(&from, &name, RoundtripReencoder.entity_type(import.ty)?);
        }
        out.section(&section);
        Ok(true)
    })
}

pub fn without_custom_sections(module: &[u8]) -> anyhow::Result<Vec<u8>> {
    rewrite(module, |payload, _| {
        Ok(matches!(payload, Payload::CustomSection(_)))
    })
}

fn name_section<'a>(payload: &Payload<'a>) -> Option<NameSectionReader<'a>> {
    match payload {
        Payload::CustomSection(custom) => match custom.as_known() {
            KnownCustom::Name(names) => Some(names),
            _ => None,
        },
        _ => None,
    }
}

/// Copies the module section by section. `edit` sees each section first and returns whether it
/// took care of it (wrote a replacement to the output, or nothing to drop it); every section it
/// leaves is copied unchanged.
fn rewrite<'a>(
    module: &'a [u8],
    mut edit: impl FnMut(&Payload<'a>, &mut Module) -> anyhow::Result<bool>,
) -> anyhow::Result<Vec<u8>> {
    let mut out = Module::new();
    for payload in Parser::new(0).parse_all(module) {
        let payload = payload?;
        if edit(&payload, &mut out)? {
            continue;
        }
        if let Some((id, range)) = payload.as_section() {
            let data = module
                .get(range)
                .context("a section lies outside the module")?;
            out.section(&RawSection { id, data });
        }
    }
    Ok(out.finish())
}

#[cfg(test)]
mod tests {
    use super::{
        function_bodies, function_names, imported_functions, retain_function_exports,
        with_function_names, with_import_names, without_custom_sections,
    };
    use crate::web::fixture;

    #[test]
    fn the_module_reads_back() -> anyhow::Result<()> {
        let module = fixture::module();
        assert_eq!(imported_functions(&module)?, 2);
        assert_eq!(
            function_bodies(&module)?,
            vec![&[0u8, 0x0b][..], &[1, 1, 0x7f, 0x0b][..]]
        );
        assert_eq!(
            function_names(&module)?,
            vec![(2, "used_fn"), (3, "unused_fn")]
        );
        Ok(())
    }

    #[test]
    fn only_refused_function_exports_go() -> anyhow::Result<()> {
        let module = retain_function_exports(&fixture::module(), |name| name == "unused")?;
        assert_eq!(fixture::exports(&module)?, vec!["unused", "memory"]);
        assert_eq!(function_bodies(&module)?.len(), 2);
        Ok(())
    }

    #[test]
    fn function_names_change_and_the_rest_stays() -> anyhow::Result<()> {
        let module =
            with_function_names(&fixture::module(), |index, name| format!("{name}{index}"))?;
        assert_eq!(
            function_names(&module)?,
            vec![(2, "used_fn2"), (3, "unused_fn3")]
        );
        assert_eq!(fixture::module_name(&module)?, Some("sample".to_owned()));
        assert_eq!(module.len(), fixture::module().len() + 2);
        Ok(())
    }

    #[test]
    fn imports_are_renamed_in_order() -> anyhow::Result<()> {
        let mut seen = Vec::new();
        let module = with_import_names(&fixture::module(), |from, name| {
            seen.push(format!("{from}::{name}"));
            Ok(("m".to_owned(), format!("i{}", seen.len())))
        })?;
        assert_eq!(
            seen,
            vec![
                "./glue_bg.js::__wbg_first_0123456789abcdef",
                "./glue_bg.js::__wbg_second_0123456789abcdef",
            ]
        );
        assert_eq!(fixture::imports(&module)?, vec!["m::i1", "m::i2"]);
        assert_eq!(imported_functions(&module)?, 2);
        Ok(())
    }

    #[test]
    fn custom_sections_go_and_nothing_else() -> anyhow::Result<()> {
        let module = fixture::module();
        assert!(!fixture::custom_sections(&module)?.is_empty());
        let stripped = without_custom_sections(&module)?;
        assert!(fixture::custom_sections(&stripped)?.is_empty());
        assert_eq!(fixture::exports(&stripped)?, fixture::exports(&module)?);
        assert_eq!(function_bodies(&stripped)?, function_bodies(&module)?);
        Ok(())
    }
}
