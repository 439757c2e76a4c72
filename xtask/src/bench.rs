//! `cargo xtask bench`: speed figures, printed with what they were measured against, and
//! written to docs/benchmarks.md together with the machine they ran on.
//!
//! - the core's flow bench (`crux_passkey/benches/core_flow.rs`);
//! - `server/benches/login.rs`: in-process sign-in throughput against the raw ES256
//!   verification rate, in the same run;
//! - `server/benches/http.rs`: the release server binary on loopback under 64 clients, its
//!   memory at idle and under 10,000 outstanding ceremonies, and ceremony floods against the
//!   TTL purge and the rate limiter;
//! - the web shell, built as `cargo xtask build-web` builds it: its shipped `.wasm` and `.js`
//!   gzipped, against the 200 KB goal.
//!
//! The goals of issue #13 come first in the document: each server bench leaves its goal rows
//! in `goals-*.md` beside its section, and the web size adds its own.
//!
//! The server benches run one after the other, never alongside each other, so one does not
//! steal the other's cores.

use std::fmt::Write as _;
use std::process::Stdio;

use anyhow::Context as _;

use crate::shell::{cmd, output, root};
use crate::web;

/// The web shell's budget for its shipped code, gzipped; KB of 1024 bytes, as `build-web`
/// prints them.
const WEB_BUDGET_KB: f64 = 200.0;

pub fn bench() -> anyhow::Result<()> {
    let started = std::time::Instant::now();
    let out = std::env::temp_dir().join(format!("crux-bench-{}", std::process::id()));
    // A leftover from an earlier run with the same pid would be stale.
    let _ = std::fs::remove_dir_all(&out);
    std::fs::create_dir_all(&out).with_context(|| format!("creating {}", out.display()))?;
    // One cargo invocation for all three, so the shared dependencies resolve once.
    // Cargo runs them one after the other, so no bench steals another's cores.
    let mut benches = cmd(
        "cargo",
        &[
            "bench",
            "--locked",
            "-p",
            "crux_passkey",
            "-p",
            "server",
            "--bench",
            "core_flow",
            "--bench",
            "login",
            "--bench",
            "http",
        ],
    );
    benches.env("CRUX_BENCH_OUT", &out).stderr(Stdio::inherit());
    // The HTTP bench measures PostgreSQL too (one and two instances) when it has one.
    if let Some(url) = crate::tools::postgres() {
        benches.env("CRUX_TEST_POSTGRES_URL", url);
    }
    let printed = output(&mut benches)?;
    let printed = String::from_utf8_lossy(&printed).into_owned();
    print!("{printed}");
    // The core's bench prints its figures on lines of its own; the server benches leave
    // theirs in `out`.
    let core: Vec<&str> = printed
        .lines()
        .filter(|l| l.starts_with("core flow"))
        .collect();
    let core = core.join("\n");

    let mut fragments: Vec<_> = std::fs::read_dir(&out)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    fragments.sort();
    let (goal_files, sections): (Vec<_>, Vec<_>) = fragments.iter().partition(|p| {
        p.file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with("goals-"))
    });
    let mut goals = String::new();
    for file in goal_files {
        goals.push_str(&std::fs::read_to_string(file)?);
    }
    // After the benches, so its build does not share the cores with them.
    let (web_section, web_goal) = web_size();
    print!("\n{web_section}");
    goals.push_str(&web_goal);

    let mut doc = header()?;
    doc.push_str(&goals_table(&goals));
    for fragment in sections {
        doc.push_str(&std::fs::read_to_string(fragment)?);
    }
    doc.push_str(&web_section);
    doc.push_str("## Core flow (`cargo bench -p shared --bench core_flow`)\n\n```text\n");
    doc.push_str(core.trim_end());
    doc.push_str("\n```\n");
    let _ = writeln!(
        doc,
        "\n_The whole `cargo xtask bench` took {:.0} s, builds included._",
        started.elapsed().as_secs_f64()
    );
    let path = root().join("docs/benchmarks.md");
    std::fs::write(&path, doc).with_context(|| format!("writing {}", path.display()))?;
    let _ = std::fs::remove_dir_all(&out);
    eprintln!("wrote {}", path.display());
    Ok(())
}

/// Title, how to regenerate, and the machine: `nproc`, CPU model, date.
fn header() -> anyhow::Result<String> {
    let cpus = std::thread::available_parallelism().map_or(0, std::num::NonZero::get);
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find_map(|l| l.strip_prefix("model name"))
        .and_then(|l| l.split_once(':'))
        .map_or("unknown", |(_, m)| m.trim())
        .to_owned();
    let date = String::from_utf8_lossy(&output(&mut cmd("date", &["-u", "+%Y-%m-%d %H:%M UTC"]))?)
        .trim()
        .to_owned();
    let rustc = String::from_utf8_lossy(&output(&mut cmd("rustc", &["--version"]))?)
        .trim()
        .to_owned();
    let mut text = String::from(
        "# Benchmarks\n\nGenerated by `cargo xtask bench` (release builds); do not edit by hand. \
         Every figure is printed with what it was measured against, measured in the same run.\n\n",
    );
    let _ = writeln!(
        text,
        "| Machine | |\n|---|---|\n| CPUs (`nproc`) | {cpus} |\n| CPU model | {model} |\n| Date | {date} |\n| Compiler | {rustc} |\n"
    );
    Ok(text)
}

/// The goal rows in the issue's order (each starts with its number: "1a.", "2.", ...), the
/// benches' own order kept within one goal.
fn goals_table(rows: &str) -> String {
    let mut rows: Vec<&str> = rows.lines().filter(|l| l.starts_with('|')).collect();
    rows.sort_by_key(|row| row.split_whitespace().nth(1).unwrap_or_default().to_owned());
    let mut text = String::from(
        "## Goals of issue #13\n\nEach figure from the sections below, beside its reference \
         measured in the same run.\n\n\
         | Goal | Measured | Reference (same run) | Ratio | Met |\n|---|---|---|---|---|\n",
    );
    for row in rows {
        text.push_str(row);
        text.push('\n');
    }
    text.push('\n');
    text
}

/// Builds the web shell and measures what a browser downloads: every `.wasm` and `.js` in
/// `web-leptos/dist`, each gzipped alone as a server would send it. Answers the section and
/// the goal row; a failed build is reported there rather than losing the benches' figures.
fn web_size() -> (String, String) {
    let mut section = String::from(
        "## Web shell size\n\n`cargo xtask build-web` (its steps: docs/design-notes.md, \
         \"The web shell's size\"); every shipped `.wasm` and `.js` file in `web-leptos/dist`, each \
         gzipped alone with `gzip -9`. KB are 1024 bytes.\n\n",
    );
    let files = web::build().and_then(|()| web::shipped_sizes(&web::dist()));
    let files = match files {
        Ok(files) if !files.is_empty() => files,
        Ok(_) => return web_not_measured(section, "no .wasm or .js in web-leptos/dist"),
        Err(error) => return web_not_measured(section, &format!("{error:#}")),
    };
    section.push_str("| File | Raw | Gzipped |\n|---|---|---|\n");
    let kb = |bytes: u64| bytes as f64 / 1024.0;
    let dist = web::dist();
    for file in &files {
        let name = file.path.strip_prefix(&dist).unwrap_or(&file.path).display();
        let _ = writeln!(
            section,
            "| `{name}` | {:.1} KB | {:.1} KB |",
            kb(file.raw),
            kb(file.gzipped)
        );
    }
    let raw: u64 = files.iter().map(|f| f.raw).sum();
    let gzipped = kb(files.iter().map(|f| f.gzipped).sum());
    let _ = writeln!(
        section,
        "| **All shipped code** | {:.1} KB | **{gzipped:.1} KB** (goal ≤ {WEB_BUDGET_KB:.0} KB) |\n",
        kb(raw)
    );
    let ratio = gzipped / WEB_BUDGET_KB;
    let goal = format!(
        "| 4. Web shell: shipped .wasm + .js gzipped ≤ {WEB_BUDGET_KB:.0} KB | {gzipped:.1} KB | \
         {WEB_BUDGET_KB:.0} KB | {ratio:.3} | {} |\n",
        if ratio <= 1.0 { "yes" } else { "**no**" }
    );
    (section, goal)
}

fn web_not_measured(mut section: String, why: &str) -> (String, String) {
    eprintln!("web shell size not measured: {why}");
    let _ = writeln!(section, "Not measured: the build failed: `{why}`\n");
    let goal = format!(
        "| 4. Web shell: shipped .wasm + .js gzipped ≤ {WEB_BUDGET_KB:.0} KB | not measured \
         (build failed) | {WEB_BUDGET_KB:.0} KB | – | **no** |\n"
    );
    (section, goal)
}

