//! The signed-in home: who you are, your passkeys, and what you can do with them.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use crux_passkey::auth::AuthEvent;
use crux_passkey::api::Passkey;

use crate::core::CoreHandle;

#[component]
pub fn Home() -> impl IntoView {
    let core = expect_context::<CoreHandle>();
    let view = core.view;
    let busy = Memo::new(move |_| view.with(|v| v.auth.busy));
    let greeting = Memo::new(move |_| {
        view.with(|v| {
            v.home
                .as_ref()
                .map(|home| home.greeting.clone())
                .unwrap_or_default()
        })
    });
    let summary = Memo::new(move |_| {
        view.with(|v| {
            v.home
                .as_ref()
                .map(|home| home.passkey_summary.clone())
                .unwrap_or_default()
        })
    });
    let username = Memo::new(move |_| {
        view.with(|v| {
            v.auth
                .user
                .as_ref()
                .map(|u| u.username.clone())
                .unwrap_or_default()
        })
    });
    let passkeys = Memo::new(move |_| view.with(|v| v.auth.passkeys.clone()));
    let new_name = RwSignal::new(String::new());

    let add = {
        let core = core.clone();
        move |ev: SubmitEvent| {
            ev.prevent_default();
            core.send(AuthEvent::AddPasskey {
                name: new_name.get_untracked(),
            });
            new_name.set(String::new());
        }
    };
    let sign_out = {
        let core = core.clone();
        move |_| core.send(AuthEvent::SignOut)
    };
    // Ends every session of the account once the server has; an ordinary intent, so it waits
    // while something is under way (sign-out never does).
    let sign_out_everywhere = {
        let core = core.clone();
        move |_| core.send(AuthEvent::SignOutEverywhere)
    };
    let display_name = RwSignal::new(String::new());
    let change_name = {
        let core = core.clone();
        move |ev: SubmitEvent| {
            ev.prevent_default();
            core.send(AuthEvent::ChangeDisplayName {
                display_name: display_name.get_untracked(),
            });
            display_name.set(String::new());
        }
    };

    view! {
        <section class="home" aria-labelledby="home-title">
            <div class="home-head">
                <div>
                    <h1 id="home-title">{move || greeting.get()}</h1>
                    <p class="muted">"Signed in as " <strong id="signed-in-username">{move || username.get()}</strong></p>
                </div>
                <div class="home-actions">
                    <button type="button" class="ghost" id="sign-out" on:click=sign_out>
                        "Sign out"
                    </button>
                    <button
                        type="button"
                        class="ghost"
                        id="sign-out-everywhere"
                        title="End your sessions on every device, this one included"
                        disabled=move || busy.get()
                        on:click=sign_out_everywhere
                    >
                        "Sign out everywhere"
                    </button>
                </div>
            </div>
            <form class="display-name" on:submit=change_name>
                <label for="display-name">"The name we greet you with"</label>
                <div class="row">
                    <input id="display-name" type="text" placeholder="Your name" bind:value=display_name />
                    <button type="submit" class="secondary" id="save-display-name" disabled=move || busy.get()>
                        "Save name"
                    </button>
                </div>
            </form>
            <h2>"Your passkeys"</h2>
            <p class="muted" id="passkey-summary">{move || summary.get()}</p>
            <ul class="passkeys" aria-label="Your passkeys">
                <For
                    each=move || passkeys.get()
                    key=|passkey| (passkey.id.clone(), passkey.name.clone(), passkey.last_used_at.clone())
                    children=move |passkey| view! { <PasskeyRow passkey=passkey busy=busy /> }
                />
            </ul>
            <form class="add" on:submit=add>
                <label for="new-passkey-name">"Add a passkey on another device or browser"</label>
                <div class="row">
                    <input
                        id="new-passkey-name"
                        type="text"
                        placeholder="Name (optional), e.g. Work laptop"
                        bind:value=new_name
                    />
                    <button type="submit" class="secondary" id="add-passkey" disabled=move || busy.get()>
                        "Add passkey"
                    </button>
                </div>
            </form>
        </section>
    }
}

fn day(rfc3339: &str) -> String {
    rfc3339.get(..10).unwrap_or(rfc3339).to_owned()
}

#[component]
fn PasskeyRow(passkey: Passkey, busy: Memo<bool>) -> impl IntoView {
    let core = expect_context::<CoreHandle>();
    let editing = RwSignal::new(false);
    let name = RwSignal::new(passkey.name.clone());
    let id = passkey.id.clone();
    let synced = passkey.backed_up;
    let created = day(&passkey.created_at);
    let last_used = passkey
        .last_used_at
        .as_deref()
        .map_or_else(|| "never".to_owned(), day);

    let rename = {
        let core = core.clone();
        let id = id.clone();
        move |ev: SubmitEvent| {
            ev.prevent_default();
            core.send(AuthEvent::RenamePasskey {
                id: id.clone(),
                name: name.get_untracked(),
            });
            editing.set(false);
        }
    };
    let delete = {
        let id = id.clone();
        move |_| core.send(AuthEvent::DeletePasskey { id: id.clone() })
    };
    let label = passkey.name.clone();
    // Where the passkey lives, from its AAGUID, when the server knows the provider.
    let provider = passkey.provider.clone().map(|provider| {
        let icon = provider.icon_light.clone().or_else(|| provider.icon_dark.clone());
        view! {
            <span class="provider" data-provider=provider.name.clone()>
                {icon.map(|src| view! { <img class="provider-icon" src=src alt="" width="16" height="16" /> })}
                {provider.name.clone()}
            </span>
        }
    });

    view! {
        <li class="passkey" data-passkey-name=passkey.name.clone()>
            <div class="passkey-main">
                <span class="passkey-name">{passkey.name.clone()}</span>
                {provider}
                {synced.then(|| view! { <span class="badge" title="Backed up to a password manager or cloud keychain">"Synced"</span> })}
                <span class="muted small">"Created " {created} " · Last used " {last_used}</span>
            </div>
            <Show
                when=move || editing.get()
                fallback=move || {
                    let label = label.clone();
                    let delete = delete.clone();
                    view! {
                        <div class="passkey-actions">
                            <button
                                type="button"
                                class="ghost"
                                aria-label=format!("Rename {label}")
                                disabled=move || busy.get()
                                on:click=move |_| editing.set(true)
                            >
                                "Rename"
                            </button>
                            <button
                                type="button"
                                class="danger"
                                aria-label=format!("Delete {label}")
                                disabled=move || busy.get()
                                on:click=delete.clone()
                            >
                                "Delete"
                            </button>
                        </div>
                    }
                }
            >
                <form class="rename" on:submit=rename.clone()>
                    <label class="visually-hidden" for=format!("rename-{id}")>"New name"</label>
                    <input id=format!("rename-{id}") type="text" bind:value=name />
                    <button type="submit" class="secondary">"Save"</button>
                    <button type="button" class="ghost" on:click=move |_| editing.set(false)>"Cancel"</button>
                </form>
            </Show>
        </li>
    }
}
