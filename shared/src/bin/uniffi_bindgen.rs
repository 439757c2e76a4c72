//! Generates the Swift, Kotlin and Python bindings for the `shared` cdylib.
fn main() {
    uniffi::uniffi_bindgen_main();
}
