//! The SQLite settings the durability claims rest on (server/README.md, "Storage"): every
//! connection in WAL mode, accounts and sign-ins committed with `synchronous = FULL`, and
//! ceremonies, which are never written to the file, held in memory.

use server::store::Store;
use sqlx::{AnyPool, Row as _};

/// `(journal_mode, synchronous)` as every connection of `pool` reports them.
async fn settings(pool: &AnyPool) -> Vec<(String, i64)> {
    // Hold several connections at once, so fresh ones are opened and checked too.
    let mut held = Vec::new();
    for _ in 0..2 {
        held.push(pool.acquire().await.unwrap());
    }
    let mut seen = Vec::new();
    for conn in &mut held {
        let mode: String = sqlx::query("PRAGMA journal_mode")
            .fetch_one(&mut **conn)
            .await
            .unwrap()
            .get(0);
        let level: i64 = sqlx::query("PRAGMA synchronous")
            .fetch_one(&mut **conn)
            .await
            .unwrap()
            .get(0);
        seen.push((mode, level));
    }
    seen
}

#[tokio::test]
async fn every_connection_is_in_wal_mode_and_commits_wait_for_the_disk() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&format!("sqlite://{}/durability.db", dir.path().display()))
        .await
        .unwrap();
    // SQLite's numbers: 2 = FULL, 1 = NORMAL. The writer's own connection is checked in
    // `store::sqlite`'s unit tests.
    assert_eq!(settings(store.pool()).await, vec![("wal".to_owned(), 2); 2]);
    store.close().await;
}

#[tokio::test]
async fn a_sqlite_files_ceremonies_live_in_memory_and_end_with_the_process() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/durability.db", dir.path().display());
    let store = Store::open(&url).await.unwrap();
    store
        .put_ceremony("kept-in-memory", "login", "{}", i64::MAX / 2)
        .await
        .unwrap();
    store
        .put_ceremony("lost-on-restart", "login", "{}", i64::MAX / 2)
        .await
        .unwrap();
    let in_file: i64 = sqlx::query("SELECT COUNT(*) AS n FROM ceremonies")
        .fetch_one(store.pool())
        .await
        .unwrap()
        .get("n");
    assert_eq!((in_file, store.count_ceremonies().await.unwrap()), (0, 2));
    assert!(
        store
            .take_ceremony("kept-in-memory", 0)
            .await
            .unwrap()
            .is_some()
    );
    assert!(
        store
            .take_ceremony("kept-in-memory", 0)
            .await
            .unwrap()
            .is_none()
    );
    store.close().await;

    // What a restart loses (docs/design-notes.md): the pending ceremony, nothing else.
    let reopened = Store::open(&url).await.unwrap();
    assert_eq!(reopened.count_ceremonies().await.unwrap(), 0);
    assert!(
        reopened
            .take_ceremony("lost-on-restart", 0)
            .await
            .unwrap()
            .is_none()
    );
    reopened.close().await;
}
