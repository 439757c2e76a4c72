//! The SQLite settings the durability claims rest on (server/README.md, "Storage"): every
//! connection in WAL mode, accounts and sign-ins committed with `synchronous = FULL`, and
//! only ceremonies with `NORMAL`.

use server::store::Store;
use sqlx::{AnyPool, Row as _};

/// `(journal_mode, synchronous)` as every connection of `pool` reports them.
async fn settings(pool: &AnyPool) -> Vec<(String, i64)> {
    // Hold several connections at once, so fresh ones are opened and checked too.
    let mut held = Vec::new();
    for _ in 0..3 {
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
async fn only_ceremonies_skip_the_fsync_and_every_connection_is_in_wal_mode() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&format!("sqlite://{}/durability.db", dir.path().display()))
        .await
        .unwrap();
    // SQLite's numbers: 2 = FULL, 1 = NORMAL.
    assert_eq!(settings(store.pool()).await, vec![("wal".to_owned(), 2); 3]);
    assert_eq!(
        settings(store.scratch_pool()).await,
        vec![("wal".to_owned(), 1); 3]
    );
    store.close().await;
}

#[tokio::test]
async fn a_ceremony_written_without_fsync_is_visible_to_the_durable_side_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&format!("sqlite://{}/durability.db", dir.path().display()))
        .await
        .unwrap();
    store
        .put_ceremony("seen-by-both", "login", "{}", i64::MAX / 2)
        .await
        .unwrap();
    let n: i64 = sqlx::query("SELECT COUNT(*) AS n FROM ceremonies WHERE id = 'seen-by-both'")
        .fetch_one(store.pool())
        .await
        .unwrap()
        .get("n");
    assert_eq!(n, 1);
    assert!(
        store
            .take_ceremony("seen-by-both", 0)
            .await
            .unwrap()
            .is_some()
    );
    assert!(
        store
            .take_ceremony("seen-by-both", 0)
            .await
            .unwrap()
            .is_none()
    );
    store.close().await;
}
