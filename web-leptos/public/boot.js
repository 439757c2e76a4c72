// A file rather than an inline script, so the server's Content-Security-Policy can forbid
// inline scripts ('self' plus 'wasm-unsafe-eval' is all the shell needs).
import init from "/web-leptos.js";
init({ module_or_path: "/web-leptos_bg.wasm" });
