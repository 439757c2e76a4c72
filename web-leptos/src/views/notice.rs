//! The one message the core has for the person, where they are looking.

use leptos::prelude::*;
use crux_passkey::auth::{AuthEvent, NoticeKind};

use crate::core::CoreHandle;

#[component]
pub fn Notice() -> impl IntoView {
    let core = expect_context::<CoreHandle>();
    let view = core.view;
    let notice = Memo::new(move |_| view.with(|v| v.auth.notice.clone()));
    move || {
        notice.get().map(|notice| {
            let core = core.clone();
            let (class, role) = match notice.kind {
                NoticeKind::Error => ("notice error", "alert"),
                NoticeKind::Info => ("notice info", "status"),
            };
            view! {
                <div class=class role=role data-code=notice.code.clone()>
                    <p>{notice.text.clone()}</p>
                    <button
                        type="button"
                        class="dismiss"
                        aria-label="Dismiss message"
                        on:click=move |_| core.send(AuthEvent::DismissNotice)
                    >
                        "×"
                    </button>
                </div>
            }
        })
    }
}
