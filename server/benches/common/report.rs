//! Where a bench leaves its markdown for `cargo xtask bench` to collect into
//! docs/benchmarks.md: `$CRUX_BENCH_OUT/<name>.md`. Without the variable it only prints.

pub fn write(name: &str, markdown: &str) {
    println!("\n{markdown}");
    if let Some(dir) = std::env::var_os("CRUX_BENCH_OUT") {
        let dir = std::path::PathBuf::from(dir);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(format!("{name}.md")), markdown).unwrap();
    }
}
