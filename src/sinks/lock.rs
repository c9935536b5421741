//! One writer per output folder. The lock is an advisory `flock` on `<output>/.lock`: the kernel
//! releases it when its process ends in any way (exit, panic, SIGKILL, OOM kill), so a lock left by
//! a killed run is never stuck; the file keeps the holder's run id and pid so a waiting run can say
//! who holds it, and a run that takes over after a dead holder says so in its log.

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::Path;
use std::time::{Duration, Instant};

use crate::error::{Error, Result};

/// The held lock; dropped (or the process ended) = released.
#[derive(Debug)]
pub struct OutputLock {
    file: File,
}

impl OutputLock {
    /// Takes the lock of `root`, waiting up to `wait` for a running run to finish.
    ///
    /// # Errors
    /// `Error::Locked` (with the holder) when it is still held after `wait`; an IO error otherwise.
    pub fn acquire(root: &Path, run_id: &str, wait: Duration) -> Result<OutputLock> {
        std::fs::create_dir_all(root).map_err(|source| Error::Write {
            path: root.to_path_buf(),
            source,
        })?;
        let path = root.join(".lock");
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(|source| Error::Write {
                path: path.clone(),
                source,
            })?;
        let started = Instant::now();
        loop {
            match file.try_lock() {
                Ok(()) => break,
                Err(std::fs::TryLockError::WouldBlock) => {
                    if started.elapsed() >= wait {
                        let mut holder = String::new();
                        let _ = file.read_to_string(&mut holder);
                        return Err(Error::Locked {
                            path: root.to_path_buf(),
                            holder: holder.trim().to_string(),
                        });
                    }
                    std::thread::sleep(Duration::from_millis(100));
                }
                Err(std::fs::TryLockError::Error(source)) => {
                    return Err(Error::Write { path, source });
                }
            }
        }
        let mut previous = String::new();
        let _ = file.read_to_string(&mut previous);
        if !previous.trim().is_empty() {
            tracing::warn!(
                previous = previous.trim(),
                "the last run on this output did not release its lock (it was killed or crashed); taking over"
            );
        }
        let info = format!(
            "run {run_id}, pid {}, started {}",
            std::process::id(),
            chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ")
        );
        let write = |file: &mut File| -> std::io::Result<()> {
            file.set_len(0)?;
            file.seek(SeekFrom::Start(0))?;
            file.write_all(info.as_bytes())?;
            file.sync_all()
        };
        write(&mut file).map_err(|source| Error::Write { path, source })?;
        Ok(OutputLock { file })
    }

    /// Releases the lock (the same as dropping it).
    pub fn release(self) {}
}

impl Drop for OutputLock {
    /// An empty lock file means the last holder finished (normally or with an error); a killed
    /// holder cannot run this, so the next run can tell that it died.
    fn drop(&mut self) {
        let _ = self.file.set_len(0);
        let _ = self.file.unlock();
    }
}
