//! The page, drawn from the core's view model.

mod home;
mod notice;
mod signed_out;

use leptos::either::EitherOf3;
use leptos::prelude::*;
use crux_passkey::auth::{AuthEvent, Screen};

use crate::core::CoreHandle;

#[component]
pub fn App() -> impl IntoView {
    let core = CoreHandle::new();
    provide_context(core.clone());

    let origin = window().location().origin().unwrap_or_default();
    core.send(AuthEvent::Configure { base_url: origin });
    // Nothing is kept in the page: the restore asks the server about the session cookie.
    core.send(AuthEvent::RestoreSession);

    let view = core.view;
    // Only a change of screen rebuilds the page, so typing survives busy/notice updates.
    let screen = Memo::new(move |_| view.with(|v| v.auth.screen));

    view! {
        <div class="shell">
            <header class="brand">
                <span class="logo" aria-hidden="true">"◆"</span>
                <span class="name">"Crux Passkey"</span>
            </header>
            <main class="card" aria-busy=move || view.with(|v| v.auth.busy).to_string()>
                <notice::Notice />
                {move || match screen.get() {
                    // Either, not `into_any()`: static dispatch is smaller in the wasm.
                    Screen::Starting => EitherOf3::A(view! {
                        <p class="loading" role="status">"Checking your session…"</p>
                    }),
                    Screen::SignedOut => EitherOf3::B(view! { <signed_out::SignedOut /> }),
                    Screen::SignedIn => EitherOf3::C(view! { <home::Home /> }),
                }}
            </main>
            <footer class="foot">"Passwordless sign-in with passkeys"</footer>
        </div>
    }
}
