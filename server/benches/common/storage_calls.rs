//! What one sign-in asks of storage, call by call, timed alone on the same kind of database
//! file the login bench uses: where the time of a sign-in goes besides the signature.

use std::time::Instant;

use server::store::{LoginUpdate, NewSession, Store};

const CALLS: usize = 1_000;

/// `(call, µs per call)`, in the order a sign-in makes them.
pub async fn per_call(url: &str) -> Vec<(&'static str, f64)> {
    let store = Store::open(url).await.unwrap();
    sqlx::query(
        "INSERT INTO users (id, username, display_name, created_at) \
         VALUES ('bench-user', 'bench-user', 'Bench', 0)",
    )
    .execute(store.pool())
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO passkeys (id, user_id, name, credential, counter, backup_eligible, \
         backed_up, transports, created_at) \
         VALUES ('bench-key', 'bench-user', 'Bench', '{}', 0, 0, 0, '[\"internal\"]', 0)",
    )
    .execute(store.pool())
    .await
    .unwrap();
    let micros = |started: Instant| started.elapsed().as_secs_f64() * 1e6 / CALLS as f64;

    let started = Instant::now();
    for _ in 0..CALLS {
        store.login_candidates("bench-user").await.unwrap().unwrap();
    }
    let candidates = micros(started);
    let started = Instant::now();
    for i in 0..CALLS {
        let id = format!("ceremony-{i}");
        store
            .put_ceremony(&id, "login", "{}", i64::MAX / 2)
            .await
            .unwrap();
    }
    let put = micros(started);
    let started = Instant::now();
    for i in 0..CALLS {
        let id = format!("ceremony-{i}");
        store.take_ceremony(&id, 0).await.unwrap().unwrap();
    }
    let take = micros(started);
    let started = Instant::now();
    for _ in 0..CALLS {
        store
            .passkey_with_owner("bench-key")
            .await
            .unwrap()
            .unwrap();
    }
    let lookup = micros(started);
    let started = Instant::now();
    for i in 0..CALLS {
        let counter = i64::try_from(i).unwrap();
        let update = LoginUpdate {
            passkey_id: "bench-key".to_owned(),
            expected_counter: counter,
            counter: counter + 1,
            credential: "{}".to_owned(),
            backed_up: false,
            now: 0,
        };
        let session = NewSession {
            token_hash: format!("token-{i}"),
            expires_at: i64::MAX / 2,
            passkey_id: "bench-key".to_owned(),
        };
        assert!(
            store
                .record_login(update, "bench-user", session)
                .await
                .unwrap()
        );
    }
    let record = micros(started);
    store.close().await;
    vec![
        (
            "start: user and passkey ids (`login_candidates`, 1 read)",
            candidates,
        ),
        (
            "start: store the ceremony (`put_ceremony`: in memory on a SQLite file)",
            put,
        ),
        (
            "finish: consume the ceremony (`take_ceremony`: in memory on a SQLite file)",
            take,
        ),
        (
            "finish: passkey and owner (`passkey_with_owner`, 1 read)",
            lookup,
        ),
        (
            "finish: counter and session (`record_login`: one write on the writer thread, committed alone here with its fsync)",
            record,
        ),
    ]
}
