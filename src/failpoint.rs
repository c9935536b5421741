//! Fault injection for the crash-safety tests: `NEWSFACTS_FAILPOINT=<name>[@<n>][:<action>]` makes the
//! n-th time (default first) the run reaches the point `<name>` either kill the process with SIGKILL
//! (`kill`, the default: no destructor, no flush, exactly what an OOM killer or a power cut leaves) or
//! fail the write there with "No space left on device" (`enospc`). Unset, a point costs one load of a
//! cached value. The names are listed in ARCHITECTURE.md ("Crash safety").

use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

struct Armed {
    name: String,
    nth: u64,
    enospc: bool,
    hits: AtomicU64,
}

fn armed() -> Option<&'static Armed> {
    static ARMED: OnceLock<Option<Armed>> = OnceLock::new();
    ARMED
        .get_or_init(|| {
            let spec = std::env::var("NEWSFACTS_FAILPOINT").ok()?;
            let (point, action) = spec.split_once(':').unwrap_or((spec.as_str(), "kill"));
            let (name, nth) = point.split_once('@').unwrap_or((point, "1"));
            Some(Armed {
                name: name.to_string(),
                nth: nth.parse().unwrap_or(1),
                enospc: action == "enospc",
                hits: AtomicU64::new(0),
            })
        })
        .as_ref()
}

/// Marks a point of the run. Returns an error only when the point is armed with `enospc`.
///
/// # Errors
/// The injected "No space left on device".
pub fn hit(name: &str) -> std::io::Result<()> {
    let Some(a) = armed() else {
        return Ok(());
    };
    if a.name != name || a.hits.fetch_add(1, Ordering::SeqCst) + 1 != a.nth {
        return Ok(());
    }
    if a.enospc {
        return Err(std::io::Error::from_raw_os_error(libc::ENOSPC));
    }
    // SAFETY: sending a signal to our own process has no memory-safety preconditions.
    unsafe {
        libc::kill(libc::getpid(), libc::SIGKILL);
    }
    std::process::abort()
}
