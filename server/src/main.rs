use anyhow::Context as _;
use clap::Parser as _;
use server::config::LogFormat;
use server::{AppState, Config, purge, router, serve};
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let config = Config::parse();
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,tower_http=info,sqlx=warn"));
    match config.log_format {
        LogFormat::Text => tracing_subscriber::fmt().with_env_filter(filter).init(),
        LogFormat::Json => tracing_subscriber::fmt()
            .json()
            .with_current_span(true)
            .with_env_filter(filter)
            .init(),
    }

    let bind = config.bind;
    let metrics_bind = config.metrics_bind;
    let state = AppState::new(config).await?;
    log_startup(&state);
    if let Some(address) = metrics_bind {
        let handle = server::metrics::install()?;
        server::metrics::serve(address, handle, state.store.clone())
            .await
            .with_context(|| format!("binding the metrics address {address}"))?;
    }
    let purger = purge::spawn(state.clone());

    let listener = tokio::net::TcpListener::bind(bind)
        .await
        .with_context(|| format!("binding {bind}"))?;
    tracing::info!("listening on http://{}", listener.local_addr()?);
    let limits = serve::Limits {
        header_read_timeout: state.config.header_read_timeout,
        shutdown_grace: state.config.shutdown_grace,
    };
    let store = state.store.clone();
    serve::serve(listener, router(state), &limits, shutdown_signal()).await;
    purger.abort();
    store.close().await;
    tracing::info!("database closed");
    tracing::info!("stopped");
    Ok(())
}

fn log_startup(state: &AppState) {
    let config = &state.config;
    tracing::info!(
        rp_id = %config.rp_id,
        origins = ?config.all_origins(),
        database = %server::store::redact(&config.database),
        user_verification = ?config.user_verification,
        "configured"
    );
    if config.web_root.join("index.html").is_file() {
        tracing::info!(web_root = %config.web_root.display(), "serving the web shell");
    } else {
        tracing::warn!(
            web_root = %config.web_root.display(),
            "web shell not built; / explains how to build it"
        );
    }
}

/// Ctrl-C or SIGTERM: stop accepting, let in-flight requests finish.
async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(err) = tokio::signal::ctrl_c().await {
            tracing::error!(%err, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(err) => {
                tracing::error!(%err, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
