//! The web shell: runs `shared::App` in the browser and performs its effects with `fetch` and
//! `navigator.credentials`.

mod core;
mod effects;
mod views;

// Talc in place of Rust's default wasm allocator (dlmalloc): smaller code, for the shell's size
// budget (about 0.8 KB gzipped). The page is single-threaded (no `atomics`), which this
// allocator requires.
#[cfg(all(target_family = "wasm", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(views::App);
}
