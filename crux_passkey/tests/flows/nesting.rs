//! A second host app, unlike the demo, nests the auth sub-app next to an effect of its own.

use crux_core::{Command, Request, capability::Operation, macros::effect, render::RenderOperation};
use crux_http::HttpRequest;
use facet::Facet;
use serde::{Deserialize, Serialize};
use crux_passkey::auth::{self, Auth, Screen};
use crux_passkey::passkey::PasskeyOperation;
use crux_passkey::session_store::SessionStoreOperation;
use crux_time::TimeRequest;

/// The host's own capability: record an analytics event.
#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Track {
    pub name: String,
}

impl Operation for Track {
    type Output = ();
}

#[effect]
#[derive(Debug)]
pub enum HostEffect {
    Render(RenderOperation),
    Http(HttpRequest),
    Passkey(PasskeyOperation),
    SessionStore(SessionStoreOperation),
    Time(TimeRequest),
    Track(Track),
}

#[derive(Debug)]
pub enum HostEvent {
    Login(auth::AuthEvent),
    OpenSettings,
}

#[derive(Default)]
pub struct HostModel {
    login: auth::Model,
    settings_opened: u32,
}

#[derive(Default)]
pub struct Host {
    auth: Auth,
}

impl crux_core::App for Host {
    type Event = HostEvent;
    type Model = HostModel;
    type ViewModel = (Screen, u32);
    type Effect = HostEffect;

    fn update(&self, event: HostEvent, model: &mut HostModel) -> Command<HostEffect, HostEvent> {
        match event {
            HostEvent::Login(event) => crux_core::App::update(&self.auth, event, &mut model.login)
                .map_event(HostEvent::Login)
                .map_effect(auth::Effect::into_host),
            HostEvent::OpenSettings => {
                model.settings_opened += 1;
                Command::notify_shell(Track {
                    name: "settings".to_owned(),
                })
                .into()
            }
        }
    }

    fn view(&self, model: &HostModel) -> Self::ViewModel {
        (
            crux_core::App::view(&self.auth, &model.login).screen,
            model.settings_opened,
        )
    }
}

#[test]
fn another_host_app_runs_the_auth_flows_beside_its_own_effect() {
    use crux_core::App as _;
    let host = Host::default();
    let mut model = HostModel::default();

    let mut cmd = host.update(
        HostEvent::Login(auth::AuthEvent::Configure {
            base_url: "https://id.example.org".to_owned(),
        }),
        &mut model,
    );
    assert!(matches!(cmd.effects().next(), Some(HostEffect::Render(_))));

    let mut cmd = host.update(
        HostEvent::Login(auth::AuthEvent::SignInWithPasskey),
        &mut model,
    );
    let effects: Vec<_> = cmd.effects().collect();
    assert!(effects.iter().any(|e| matches!(e, HostEffect::Render(_))));
    let mut http: Request<HttpRequest> = effects
        .into_iter()
        .find_map(|effect| match effect {
            HostEffect::Http(request) => Some(request),
            _ => None,
        })
        .expect("the nested app's HTTP request reaches the host");
    assert_eq!(
        http.operation.url,
        "https://id.example.org/auth/login/start"
    );

    http.resolve(crux_http::protocol::HttpResult::Err(
        crux_http::HttpError::Timeout,
    ))
    .unwrap();
    let event = cmd
        .events()
        .next()
        .expect("the answer comes back as a host event");
    assert!(matches!(
        event,
        HostEvent::Login(auth::AuthEvent::Answer(_))
    ));
    let mut cmd = host.update(event, &mut model);
    assert!(matches!(cmd.effects().next(), Some(HostEffect::Render(_))));
    assert_eq!(host.view(&model).0, Screen::Starting);

    let mut cmd = host.update(HostEvent::OpenSettings, &mut model);
    match cmd.effects().next() {
        Some(HostEffect::Track(request)) => assert_eq!(request.operation.name, "settings"),
        other => panic!("expected the host's own effect, got {other:?}"),
    }
    assert_eq!(host.view(&model).1, 1);
}
