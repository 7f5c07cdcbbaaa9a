//! Signal handling for the long-running commands (`listen`, `sandbox`).

use anyhow::Context as _;

/// Ctrl-C and SIGTERM, a server's normal end. Install the handlers before announcing the
/// address, so a signal sent as soon as the address is known is never missed.
pub(crate) struct Signals {
    #[cfg(unix)]
    int: tokio::signal::unix::Signal,
    #[cfg(unix)]
    term: tokio::signal::unix::Signal,
    /// A closed terminal: the same clean end, so a tunnel and a registered webhook go too.
    #[cfg(unix)]
    hup: tokio::signal::unix::Signal,
}

impl Signals {
    pub(crate) fn install() -> anyhow::Result<Signals> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            Ok(Signals {
                int: signal(SignalKind::interrupt()).context("could not handle Ctrl-C")?,
                term: signal(SignalKind::terminate()).context("could not handle SIGTERM")?,
                hup: signal(SignalKind::hangup()).context("could not handle SIGHUP")?,
            })
        }
        #[cfg(not(unix))]
        Ok(Signals {})
    }

    pub(crate) async fn recv(&mut self) {
        #[cfg(unix)]
        tokio::select! {
            _ = self.int.recv() => {}
            _ = self.term.recv() => {}
            _ = self.hup.recv() => {}
        }
        #[cfg(not(unix))]
        let _ = tokio::signal::ctrl_c().await;
    }
}
