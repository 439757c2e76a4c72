//! The web shell: runs `shared::App` in the browser and performs its effects with `fetch` and
//! `navigator.credentials`.

mod core;
mod effects;
mod views;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(views::App);
}
