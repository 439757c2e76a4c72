//! A small module shaped like wasm-bindgen's output, built with `wasm-encoder`, and readers for
//! what the tests check in the edited modules.

use wasm_encoder::{
    CodeSection, EntityType, ExportKind, ExportSection, Function, FunctionSection, ImportSection,
    Instruction, MemorySection, MemoryType, Module, NameMap, NameSection, TypeSection, ValType,
};
use wasmparser::{KnownCustom, Name, Parser, Payload};

/// Two functions imported from the glue, two defined ones (`used_fn`, `unused_fn`), their
/// exports and the memory's, and a `name` section.
pub fn module() -> Vec<u8> {
    let mut types = TypeSection::new();
    types.ty().function([], []);
    let mut imports = ImportSection::new();
    for name in [
        "__wbg_first_0123456789abcdef",
        "__wbg_second_0123456789abcdef",
    ] {
        imports.import("./glue_bg.js", name, EntityType::Function(0));
    }
    let mut functions = FunctionSection::new();
    functions.function(0).function(0);
    let mut memory = MemorySection::new();
    memory.memory(MemoryType {
        minimum: 1,
        maximum: None,
        memory64: false,
        shared: false,
        page_size_log2: None,
    });
    let mut exports = ExportSection::new();
    exports
        .export("used", ExportKind::Func, 2)
        .export("unused", ExportKind::Func, 3)
        .export("memory", ExportKind::Memory, 0);
    let mut code = CodeSection::new();
    let mut plain = Function::new([]);
    plain.instruction(&Instruction::End);
    let mut with_local = Function::new([(1, ValType::I32)]);
    with_local.instruction(&Instruction::End);
    code.function(&plain).function(&with_local);
    let mut function_names = NameMap::new();
    function_names.append(2, "used_fn");
    function_names.append(3, "unused_fn");
    let mut names = NameSection::new();
    names.module("sample");
    names.functions(&function_names);
    let mut module = Module::new();
    module
        .section(&types)
        .section(&imports)
        .section(&functions)
        .section(&memory)
        .section(&exports)
        .section(&code)
        .section(&names);
    module.finish()
}

/// The imports, as `module::name`.
pub fn imports(module: &[u8]) -> anyhow::Result<Vec<String>> {
    let mut imports = Vec::new();
    for payload in Parser::new(0).parse_all(module) {
        if let Payload::ImportSection(reader) = payload? {
            for import in reader.into_imports() {
                let import = import?;
                imports.push(format!("{}::{}", import.module, import.name));
            }
        }
    }
    Ok(imports)
}

pub fn exports(module: &[u8]) -> anyhow::Result<Vec<String>> {
    let mut exports = Vec::new();
    for payload in Parser::new(0).parse_all(module) {
        if let Payload::ExportSection(reader) = payload? {
            for export in reader {
                exports.push(export?.name.to_owned());
            }
        }
    }
    Ok(exports)
}

pub fn custom_sections(module: &[u8]) -> anyhow::Result<Vec<String>> {
    let mut names = Vec::new();
    for payload in Parser::new(0).parse_all(module) {
        if let Payload::CustomSection(custom) = payload? {
            names.push(custom.name().to_owned());
        }
    }
    Ok(names)
}

/// The module's own name from its `name` section.
pub fn module_name(module: &[u8]) -> anyhow::Result<Option<String>> {
    for payload in Parser::new(0).parse_all(module) {
        if let Payload::CustomSection(custom) = payload?
            && let KnownCustom::Name(names) = custom.as_known()
        {
            for subsection in names {
                if let Name::Module { name, .. } = subsection? {
                    return Ok(Some(name.to_owned()));
                }
            }
        }
    }
    Ok(None)
}
