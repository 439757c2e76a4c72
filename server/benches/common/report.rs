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

/// One row of the "Goals of issue #13" table that xtask puts at the top of the document:
/// goal, measured, reference, ratio, met.
pub fn goal(goal: &str, measured: &str, reference: &str, ratio: f64, met: bool) -> String {
    let met = if met { "yes" } else { "**no**" };
    format!("| {goal} | {measured} | {reference} | {ratio:.3} | {met} |\n")
}

/// The goal rows go to `goals-<name>.md`, apart from the bench's section, so xtask can put
/// them first without parsing the sections.
pub fn write_goals(name: &str, rows: &str) {
    write(&format!("goals-{name}"), rows);
}
