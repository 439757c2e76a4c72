//! Sign in (username with autofill, or usernameless) and create an account.

use leptos::ev::SubmitEvent;
use leptos::either::Either;
use leptos::prelude::*;
use leptos::task::spawn_local;
use crux_passkey::auth::AuthEvent;

use crate::core::CoreHandle;
use crate::effects::passkey;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Tab {
    SignIn,
    SignUp,
}

#[component]
pub fn SignedOut() -> impl IntoView {
    let tab = RwSignal::new(Tab::SignIn);
    view! {
        <div class="tabs" role="tablist">
            <button
                type="button"
                role="tab"
                id="tab-sign-in"
                aria-selected=move || (tab.get() == Tab::SignIn).to_string()
                on:click=move |_| tab.set(Tab::SignIn)
            >
                "Sign in"
            </button>
            <button
                type="button"
                role="tab"
                id="tab-sign-up"
                aria-selected=move || (tab.get() == Tab::SignUp).to_string()
                on:click=move |_| tab.set(Tab::SignUp)
            >
                "Create account"
            </button>
        </div>
        {move || match tab.get() {
            Tab::SignIn => Either::Left(view! { <SignIn /> }),
            Tab::SignUp => Either::Right(view! { <SignUp /> }),
        }}
    }
}

#[component]
fn SignIn() -> impl IntoView {
    let core = expect_context::<CoreHandle>();
    let view = core.view;
    let busy = Memo::new(move |_| view.with(|v| v.auth.busy));
    let username = RwSignal::new(String::new());

    // Offer passkeys in the username field's autofill while this form is shown.
    {
        let core = core.clone();
        spawn_local(async move {
            if passkey::autofill_available().await {
                core.send(AuthEvent::StartAutofill);
            }
        });
    }
    {
        let core = core.clone();
        on_cleanup(move || core.send(AuthEvent::CancelAutofill));
    }

    let submit = {
        let core = core.clone();
        move |ev: SubmitEvent| {
            ev.prevent_default();
            core.send(AuthEvent::SignIn {
                username: username.get_untracked(),
            });
        }
    };
    let usernameless = move |_| core.send(AuthEvent::SignInWithPasskey);

    view! {
        <form class="form" on:submit=submit aria-labelledby="tab-sign-in">
            <h1>"Welcome back"</h1>
            <label for="sign-in-username">"Username"</label>
            <input
                id="sign-in-username"
                name="username"
                type="text"
                autocomplete="username webauthn"
                autocapitalize="none"
                spellcheck="false"
                bind:value=username
            />
            <button type="submit" class="primary" disabled=move || busy.get()>
                {move || if busy.get() { "Working…" } else { "Sign in" }}
            </button>
            <div class="or" aria-hidden="true">"or"</div>
            <button
                type="button"
                class="secondary"
                id="sign-in-passkey"
                disabled=move || busy.get()
                on:click=usernameless
            >
                "Sign in with a passkey"
            </button>
        </form>
    }
}

#[component]
fn SignUp() -> impl IntoView {
    let core = expect_context::<CoreHandle>();
    let view = core.view;
    let busy = Memo::new(move |_| view.with(|v| v.auth.busy));
    let username = RwSignal::new(String::new());
    let display_name = RwSignal::new(String::new());

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        core.send(AuthEvent::SignUp {
            username: username.get_untracked(),
            display_name: display_name.get_untracked(),
        });
    };

    view! {
        <form class="form" on:submit=submit aria-labelledby="tab-sign-up">
            <h1>"Create your account"</h1>
            <p class="hint">"No password: your device keeps a passkey for this site."</p>
            <label for="sign-up-username">"Username"</label>
            <input
                id="sign-up-username"
                name="username"
                type="text"
                autocomplete="username"
                autocapitalize="none"
                spellcheck="false"
                required
                bind:value=username
            />
            <label for="sign-up-display-name">"Your name " <span class="optional">"(optional)"</span></label>
            <input
                id="sign-up-display-name"
                name="display-name"
                type="text"
                autocomplete="name"
                bind:value=display_name
            />
            <button type="submit" class="primary" disabled=move || busy.get()>
                {move || if busy.get() { "Working…" } else { "Create account with a passkey" }}
            </button>
        </form>
    }
}
