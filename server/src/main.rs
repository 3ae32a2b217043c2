//! `kontaktpunkt`: serve the API and the app.

use anyhow::Context;
use clap::Parser;
use kontaktpunkt_server::{Command, Config, prepare, router, serve};
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let config = Config::parse();
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")))
        // Logs to stderr; stdout carries only the lines meant for the person starting the server.
        .with_writer(std::io::stderr)
        .init();
    tracing::debug!(?config, "configuration");
    match config.command.clone().unwrap_or(Command::Serve) {
        Command::Serve => run(&config).await,
        Command::Import(args) => {
            let code = kontaktpunkt_server::import::cli::run(&config, &args).await?;
            std::process::exit(code)
        }
    }
}

async fn run(config: &Config) -> anyhow::Result<()> {
    let state = prepare(config).await?;
    let listener = tokio::net::TcpListener::bind((config.host.as_str(), config.port))
        .await
        .with_context(|| format!("cannot listen on {}:{}", config.host, config.port))?;
    let address = listener.local_addr()?;
    println!("Kontaktpunkt kører på http://{address}");
    print_demo_logins(state.seeded_demo_users());
    let cleanup = tokio::spawn(kontaktpunkt_server::admin_import::discard_stale_periodically(state.clone()));
    serve(listener, router(state.clone()), shutdown_signal()).await?;
    cleanup.abort();
    state.store().close().await;
    Ok(())
}

fn print_demo_logins(users: &[kontaktpunkt_domain::User]) {
    if users.is_empty() {
        return;
    }
    println!(
        "Demo-kommunen er indlæst. Log ind med adgangskoden \"{}\" som:",
        kontaktpunkt_demo::DEMO_PASSWORD
    );
    const SHOWN: usize = 30;
    for user in users.iter().take(SHOWN) {
        println!("  {:<16} {} ({})", user.username, user.display_name, user.role.as_str());
    }
    if users.len() > SHOWN {
        println!("  … og {} flere", users.len() - SHOWN);
    }
}

/// Completes on Ctrl-C or, on Unix, SIGTERM (what `docker stop` and systemd send).
async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::error!(%error, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::error!(%error, "cannot listen for SIGTERM");
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
