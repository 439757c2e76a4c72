//! The core flows and the store's concurrency guarantees, run on SQLite and on PostgreSQL
//! (when `CRUX_TEST_POSTGRES_URL` is set). These are the places where the two databases
//! could behave differently: locking, unique violations, `DELETE … RETURNING`, types.

use std::future::Future;

use axum::http::Method;
use server::store::{LoginUpdate, NewSession, Store};

use crate::authenticator::{Alg, SoftKey};
use crate::harness::{Db, TestServer};

/// Two tests per flow, `<flow>::sqlite` and `<flow>::postgres`.
macro_rules! on_both {
    ($($flow:ident),* $(,)?) => {$(
        mod $flow {
            use crate::harness::Db;

            #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
            async fn sqlite() {
                super::run(Db::Sqlite, stringify!($flow), super::$flow).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
            async fn postgres() {
                super::run(Db::Postgres, stringify!($flow), super::$flow).await;
            }
        }
    )*};
}

on_both!(
    sign_up_sign_in_and_log_out,
    replays_are_refused,
    concurrent_sign_ups_of_one_username,
    a_ceremony_is_taken_once_under_concurrency,
    the_last_passkey_survives_concurrent_deletes,
    concurrent_sign_ins_move_the_counter_once,
);

async fn run<F, Fut>(db: Db, name: &str, flow: F)
where
    F: FnOnce(TestServer) -> Fut,
    Fut: Future<Output = ()>,
{
    if let Some(server) = TestServer::on(db, name).await {
        assert_eq!(
            server.state.store.backend() == server::store::Backend::Postgres,
            db == Db::Postgres
        );
        flow(server).await;
    }
}

async fn sign_up_sign_in_and_log_out(server: TestServer) {
    let (mut alice, token) = server.sign_up("alice", Alg::Es256).await;
    let me = server.get_as(&token, "/auth/session").await;
    assert_eq!(me.assert_status(200)["user"]["username"], "alice");

    server.sign_in(Some("alice"), &mut alice).await;
    assert!(server.stored_counter(&alice.id()).await > 0);
    let snapshot = server.snapshot().await;
    assert!(snapshot.passkeys[0].2.is_some(), "last use not recorded");

    let (mut bob, _) = server.sign_up("bob", Alg::EdDsa).await;
    let bob_token = server.sign_in(None, &mut bob).await;
    assert_eq!(
        server
            .get_as(&bob_token, "/auth/session")
            .await
            .assert_status(200)["user"]["username"],
        "bob"
    );

    server
        .call(Method::POST, "/auth/logout", None, Some(&token))
        .await
        .assert_status(204);
    server
        .get_as(&token, "/auth/session")
        .await
        .assert_error(401, "UNAUTHENTICATED");
    assert_eq!(server.snapshot().await.sessions, 3);
}

async fn replays_are_refused(server: TestServer) {
    let (ceremony, options) = server.register_start("carol").await;
    let mut key = SoftKey::generate(Alg::Es256);
    let credential = key.register(&options);
    server
        .register_finish(&ceremony, credential.clone())
        .await
        .assert_status(201);
    let before = server.snapshot().await;
    server
        .register_finish(&ceremony, credential)
        .await
        .assert_error(404, "CEREMONY_NOT_FOUND");

    let (ceremony, options) = server.login_start(Some("carol")).await;
    let credential = key.sign_in(&options);
    server
        .login_finish(&ceremony, credential.clone())
        .await
        .assert_status(200);
    let after_login = server.snapshot().await;
    assert_ne!(after_login, before);
    server
        .login_finish(&ceremony, credential)
        .await
        .assert_error(404, "CEREMONY_NOT_FOUND");
    assert_eq!(server.snapshot().await, after_login);
    assert_eq!(server.ceremonies().await, 0);
}

/// Both finishes pass the "is the name free" check; the unique index decides, and the loser
/// must read as `USERNAME_TAKEN`, not as an internal error.
async fn concurrent_sign_ups_of_one_username(server: TestServer) {
    let (first, first_options) = server.register_start("dave").await;
    let (second, second_options) = server.register_start("dave").await;
    let one = SoftKey::generate(Alg::Es256).register(&first_options);
    let two = SoftKey::generate(Alg::Es256).register(&second_options);
    let (a, b) = tokio::join!(
        server.register_finish(&first, one),
        server.register_finish(&second, two)
    );
    let mut statuses = [a.status.as_u16(), b.status.as_u16()];
    statuses.sort_unstable();
    assert_eq!(statuses, [201, 409], "{} / {}", a.text, b.text);
    let loser = if a.status.as_u16() == 409 { a } else { b };
    loser.assert_error(409, "USERNAME_TAKEN");
    let snapshot = server.snapshot().await;
    assert_eq!((snapshot.users, snapshot.passkeys.len()), (1, 1));
}

/// Several instances are a PostgreSQL setup: on SQLite a second one is refused at start
/// (`a_second_instance_on_one_sqlite_file_is_refused`).
mod a_ceremony_finishes_on_another_instance {
    use crate::harness::Db;

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn postgres() {
        super::run(
            Db::Postgres,
            "a_ceremony_finishes_on_another_instance",
            super::a_ceremony_finishes_on_another_instance,
        )
        .await;
    }
}

/// Ceremonies live in the serving process's memory, so a second process on the file would
/// not find them; it is refused with a message that says what to do instead.
#[tokio::test]
async fn a_second_instance_on_one_sqlite_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/one.db", dir.path().display());
    let first = Store::open(&url).await.unwrap();
    first
        .put_ceremony("pending", "login", "{}", i64::MAX / 2)
        .await
        .unwrap();
    let refused = Store::open(&url)
        .await
        .err()
        .expect("a second instance must be refused");
    let message = format!("{refused:#}");
    assert!(
        message.contains("already served by another server process")
            && message.contains("PostgreSQL"),
        "{message}"
    );
    // The refusal changed nothing for the instance that serves the file.
    assert!(first.take_ceremony("pending", 0).await.unwrap().is_some());
    first.close().await;
    // Once it has stopped, another may serve the file.
    Store::open(&url).await.unwrap().close().await;
}

/// Two instances share only the database: ceremonies, sessions and the decoy secret.
async fn a_ceremony_finishes_on_another_instance(server: TestServer) {
    let other = server.sibling().await;
    assert_eq!(
        server.state.decoy_secret, other.state.decoy_secret,
        "the decoy secret must come from the database"
    );
    let (ceremony, options) = server.register_start("erin").await;
    let mut key = SoftKey::generate(Alg::Es256);
    let token = other
        .register_finish(&ceremony, key.register(&options))
        .await
        .assert_status(201)["session"]["token"]
        .as_str()
        .unwrap()
        .to_owned();
    server
        .get_as(&token, "/auth/session")
        .await
        .assert_status(200);

    let (ceremony, options) = other.login_start(Some("erin")).await;
    let credential = key.sign_in(&options);
    server
        .login_finish(&ceremony, credential.clone())
        .await
        .assert_status(200);
    other
        .login_finish(&ceremony, credential)
        .await
        .assert_error(404, "CEREMONY_NOT_FOUND");
    drop(other);
}

async fn a_ceremony_is_taken_once_under_concurrency(server: TestServer) {
    let store = server.state.store.clone();
    for round in 0..5 {
        let id = format!("ceremony-{round}");
        store
            .put_ceremony(&id, "login", "{}", i64::MAX / 2)
            .await
            .unwrap();
        let takers: Vec<_> = (0..8)
            .map(|_| {
                let (store, id) = (store.clone(), id.clone());
                tokio::spawn(async move { store.take_ceremony(&id, 0).await.unwrap() })
            })
            .collect();
        let mut taken = 0;
        for taker in takers {
            taken += usize::from(taker.await.unwrap().is_some());
        }
        assert_eq!(
            taken, 1,
            "round {round}: the ceremony was taken {taken} times"
        );
    }
}

/// Many concurrent deletes of one user's passkeys: all but one go, and one always stays.
async fn the_last_passkey_survives_concurrent_deletes(server: TestServer) {
    let store = server.state.store.clone();
    for round in 0..5 {
        let user = format!("user-{round}");
        seed_user(&server, &user, 8).await;
        let deleters: Vec<_> = (0..8)
            .map(|i| {
                let (store, user) = (store.clone(), user.clone());
                tokio::spawn(async move {
                    store
                        .delete_passkey(&user, &format!("{user}-key-{i}"))
                        .await
                })
            })
            .collect();
        let mut deleted = 0;
        for deleter in deleters {
            match deleter.await.unwrap() {
                Ok(()) => deleted += 1,
                Err(err) => assert_eq!(err.code, crux_passkey_api::ErrorCode::LastPasskey),
            }
        }
        let left = store.passkeys_of(&user).await.unwrap().len();
        assert_eq!((deleted, left), (7, 1), "round {round}");
    }
}

/// The counter update is a compare-and-swap: of concurrent sign-ins verified against the
/// same counter, exactly one lands (and opens a session).
async fn concurrent_sign_ins_move_the_counter_once(server: TestServer) {
    let store = server.state.store.clone();
    seed_user(&server, "frank", 1).await;
    let sessions_before = server.snapshot().await.sessions;
    let logins: Vec<_> = (0..8)
        .map(|i| {
            let store = store.clone();
            tokio::spawn(async move { record_login(&store, i).await })
        })
        .collect();
    let mut landed = 0;
    for login in logins {
        landed += usize::from(login.await.unwrap());
    }
    assert_eq!(landed, 1);
    assert_eq!(server.stored_counter("frank-key-0").await, 5);
    assert_eq!(server.snapshot().await.sessions, sessions_before + 1);
}

async fn record_login(store: &Store, i: usize) -> bool {
    let token_hash = format!("hash-{i}");
    store
        .record_login(
            LoginUpdate {
                passkey_id: "frank-key-0".to_owned(),
                expected_counter: 0,
                counter: 5,
                credential: "{}".to_owned(),
                backed_up: false,
                now: 1,
            },
            "frank",
            NewSession {
                token_hash,
                expires_at: i64::MAX / 2,
                passkey_id: "frank-key-0".to_owned(),
            },
        )
        .await
        .unwrap()
}

/// A user `id` with `keys` passkeys named `<id>-key-<n>`, straight into the tables.
async fn seed_user(server: &TestServer, id: &str, keys: usize) {
    server
        .exec(&format!(
            "INSERT INTO users (id, username, display_name, created_at) VALUES ('{id}', '{id}', '{id}', 0)"
        ))
        .await;
    for n in 0..keys {
        server
            .exec(&format!(
                "INSERT INTO passkeys (id, user_id, name, credential, counter, backup_eligible, \
                 backed_up, transports, created_at, last_used_at) \
                 VALUES ('{id}-key-{n}', '{id}', 'key', '{{}}', 0, 0, 0, '[]', 0, NULL)"
            ))
            .await;
    }
}
