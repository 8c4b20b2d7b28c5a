//! Ctrl-C during a build: SIGINT and SIGTERM set a flag that the build checks between steps and
//! between loaded chunks, so that it stops, deletes its staging copy and says the store is
//! unchanged. A second signal ends the process at once (the staging copy is then removed by the
//! next build).

use super::BuildError;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

pub(super) struct Interrupt {
    flag: Arc<AtomicBool>,
    handlers: Vec<signal_hook::SigId>,
}

impl Interrupt {
    pub(super) fn install() -> Result<Self, BuildError> {
        use signal_hook::consts::{SIGINT, SIGTERM};
        let flag = Arc::new(AtomicBool::new(false));
        let mut handlers = Vec::new();
        for signal in [SIGINT, SIGTERM] {
            // Registered first, so it sees the flag as it was before this signal set it.
            handlers.push(
                signal_hook::flag::register_conditional_shutdown(signal, 130, flag.clone())
                    .map_err(BuildError::Signals)?,
            );
            handlers.push(
                signal_hook::flag::register(signal, flag.clone()).map_err(BuildError::Signals)?,
            );
        }
        Ok(Self { flag, handlers })
    }

    /// A flag no signal sets, for the stages' unit tests.
    #[cfg(test)]
    pub(super) fn unhooked() -> Self {
        Self {
            flag: Arc::default(),
            handlers: Vec::new(),
        }
    }

    /// Sets the flag as a signal would, for the stages' unit tests.
    #[cfg(test)]
    pub(super) fn raise(&self) {
        self.flag.store(true, Ordering::Relaxed);
    }

    pub(super) fn is_set(&self) -> bool {
        self.flag.load(Ordering::Relaxed)
    }

    pub(super) fn check(&self) -> Result<(), BuildError> {
        if self.is_set() {
            Err(BuildError::Interrupted)
        } else {
            Ok(())
        }
    }
}

impl Drop for Interrupt {
    fn drop(&mut self) {
        for id in self.handlers.drain(..) {
            signal_hook::low_level::unregister(id);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_raised_flag_stops_the_next_check() {
        let interrupt = Interrupt::unhooked();
        assert!(interrupt.check().is_ok());
        interrupt.raise();
        assert!(matches!(interrupt.check(), Err(BuildError::Interrupted)));
    }
}
