//! Where things are in an output folder, run ids, and the `current` pointer.

use std::fs;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// The folders and files of one output folder.
#[derive(Debug, Clone)]
pub struct Layout {
    /// The output folder.
    pub root: PathBuf,
}

fn io_err(path: &Path) -> impl Fn(std::io::Error) -> Error + '_ {
    move |source| Error::Write {
        path: path.to_path_buf(),
        source,
    }
}

/// The number in a run id (`r000012` → 12).
pub fn run_number(id: &str) -> Option<u64> {
    id.strip_prefix('r')?.parse().ok()
}

/// The run id of a number.
pub fn run_id(n: u64) -> String {
    format!("r{n:06}")
}

impl Layout {
    /// The layout of `root`.
    pub fn new(root: &Path) -> Layout {
        Layout {
            root: root.to_path_buf(),
        }
    }

    /// `<root>/current`, the symlink readers follow.
    pub fn current(&self) -> PathBuf {
        self.root.join("current")
    }

    /// `<root>/snapshots`.
    pub fn snapshots(&self) -> PathBuf {
        self.root.join("snapshots")
    }

    /// `<root>/runs`, one manifest per run.
    pub fn runs(&self) -> PathBuf {
        self.root.join("runs")
    }

    /// The staging folder of a run.
    pub fn staging(&self, run_id: &str) -> PathBuf {
        self.root.join(format!(".staging-{run_id}"))
    }

    /// The snapshot `current` points at, if any.
    pub fn current_snapshot(&self) -> Option<PathBuf> {
        let target = fs::read_link(self.current()).ok()?;
        let dir = self.root.join(target);
        dir.join("manifest.json").is_file().then_some(dir)
    }

    /// Refuses a folder that holds something other than newsfacts output, so a typo in `--output`
    /// never replaces someone's files.
    ///
    /// # Errors
    /// `Error::NotAnOutput` naming the folder; `Error::ConfigValue` when the folder is a symlink to
    /// nothing.
    pub fn check_ours(&self) -> Result<()> {
        if let Ok(target) = fs::read_link(&self.root)
            && fs::metadata(&self.root).is_err()
        {
            return Err(Error::ConfigValue {
                key: "output.dir".into(),
                message: format!(
                    "{} is a symlink to {}, which does not exist: create that folder (is a volume not mounted?), or choose another output folder",
                    self.root.display(),
                    target.display()
                ),
            });
        }
        let Ok(entries) = fs::read_dir(&self.root) else {
            return Ok(());
        };
        let known = ["current", "snapshots", "runs", ".lock", "current.tmp"];
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if !known.contains(&name.as_str()) && !name.starts_with(".staging-") {
                return Err(Error::NotAnOutput {
                    path: self.root.clone(),
                    found: name,
                });
            }
        }
        Ok(())
    }

    /// The id of every run that left a trace (history, snapshot or staging folder), sorted.
    pub fn known_runs(&self) -> Vec<u64> {
        let mut ids = Vec::new();
        for dir in [self.runs(), self.snapshots(), self.root.clone()] {
            if let Ok(entries) = fs::read_dir(&dir) {
                for e in entries.flatten() {
                    let name = e.file_name().to_string_lossy().into_owned();
                    let id = name.strip_suffix(".json").unwrap_or(&name);
                    let id = id.strip_prefix(".staging-").unwrap_or(id);
                    if let Some(n) = run_number(id) {
                        ids.push(n);
                    }
                }
            }
        }
        ids.sort_unstable();
        ids.dedup();
        ids
    }

    /// The next run id: one more than any run seen.
    pub fn next_run_id(&self) -> String {
        run_id(self.known_runs().last().map_or(1, |n| n + 1))
    }

    /// Removes staging folders of runs that died. Only call while holding the lock (no live run then
    /// has a staging folder). Returns their run ids.
    pub fn remove_stale_staging(&self) -> Vec<String> {
        let mut ids = Vec::new();
        if let Ok(entries) = fs::read_dir(&self.root) {
            for e in entries.flatten() {
                let name = e.file_name().to_string_lossy().into_owned();
                if let Some(id) = name.strip_prefix(".staging-") {
                    ids.push(id.to_string());
                    let _ = fs::remove_dir_all(e.path());
                }
            }
        }
        let _ = fs::remove_file(self.root.join("current.tmp"));
        ids.sort();
        ids
    }

    /// Removes snapshots newer than the current one: a run that died after moving its snapshot into
    /// place but before pointing `current` at it. Only call while holding the lock. Returns their ids.
    pub fn remove_unpublished_snapshots(&self) -> Vec<String> {
        let current = fs::read_link(self.current())
            .ok()
            .and_then(|t| t.file_name().and_then(|n| run_number(&n.to_string_lossy())))
            .unwrap_or(0);
        let mut ids = Vec::new();
        for e in fs::read_dir(self.snapshots())
            .into_iter()
            .flatten()
            .flatten()
        {
            let name = e.file_name().to_string_lossy().into_owned();
            if run_number(&name).is_some_and(|n| n > current) {
                let _ = fs::remove_dir_all(e.path());
                ids.push(name);
            }
        }
        ids.sort();
        ids
    }

    /// Points `current` at `snapshots/<run_id>` in one atomic rename, and makes it durable.
    ///
    /// # Errors
    /// The symlink cannot be created or renamed.
    pub fn swap_current(&self, run_id: &str) -> Result<()> {
        let tmp = self.root.join("current.tmp");
        let _ = fs::remove_file(&tmp);
        symlink(Path::new("snapshots").join(run_id).as_path(), &tmp).map_err(io_err(&tmp))?;
        crate::failpoint::hit("publish.before_swap").map_err(io_err(&tmp))?;
        fs::rename(&tmp, self.current()).map_err(io_err(&self.current()))?;
        sync_dir(&self.root);
        Ok(())
    }

    /// Deletes snapshots beyond the newest `keep` (never the current one). Data files live on as long
    /// as a kept snapshot links them.
    pub fn prune(&self, keep: usize) {
        let current = fs::read_link(self.current())
            .ok()
            .and_then(|t| t.file_name().map(|n| n.to_string_lossy().into_owned()));
        let mut snaps: Vec<(u64, PathBuf, String)> = fs::read_dir(self.snapshots())
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                run_number(&name).map(|n| (n, e.path(), name))
            })
            .collect();
        snaps.sort();
        let excess = snaps.len().saturating_sub(keep.max(1));
        for (_, path, name) in snaps.into_iter().take(excess) {
            if Some(&name) == current.as_ref() {
                continue;
            }
            // A reader that pinned the snapshot (`newsfacts verify`) holds a shared lock on its
            // manifest: the snapshot stays until a later run finds it free.
            let manifest = fs::File::open(path.join("manifest.json"));
            if let Ok(m) = &manifest
                && m.try_lock().is_err()
            {
                tracing::info!(snapshot = %name, "snapshot is being read; a later run deletes it");
                continue;
            }
            let _ = fs::remove_dir_all(path);
            drop(manifest);
        }
    }
}

#[cfg(unix)]
fn symlink(target: &Path, link: &Path) -> std::io::Result<()> {
    std::os::unix::fs::symlink(target, link)
}

#[cfg(not(unix))]
fn symlink(target: &Path, link: &Path) -> std::io::Result<()> {
    std::os::windows::fs::symlink_dir(target, link)
}

/// Flushes a folder's entries to disk (a rename is durable only once its folder is synced).
pub fn sync_dir(dir: &Path) {
    if let Ok(f) = fs::File::open(dir) {
        let _ = f.sync_all();
    }
}

/// Every file under `dir` (recursively), sorted; an unreadable folder contributes nothing.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// The snapshot `path` resolves to (see `resolve_snapshot`), pinned: the returned file holds a shared
/// lock on its manifest, and a run does not delete a snapshot whose manifest is locked
/// (`Layout::prune`), so the folder stays whole for as long as the file is kept.
///
/// # Errors
/// As `resolve_snapshot`, or when runs keep rotating snapshots out faster than one can be pinned.
pub fn pin_snapshot(path: &Path) -> Result<(PathBuf, fs::File)> {
    let mut last_failure = None;
    for _ in 0..20 {
        let dir = resolve_snapshot(path)?;
        let manifest = dir.join("manifest.json");
        let file = match fs::File::open(&manifest) {
            Ok(file) => file,
            Err(source) => {
                last_failure = Some(Error::Read {
                    path: manifest,
                    source,
                });
                continue;
            }
        };
        // Blocks while a run deletes this snapshot; then it is gone and the next round resolves anew.
        if file.lock_shared().is_ok() && manifest.is_file() {
            return Ok((dir, file));
        }
    }
    // Twenty rounds lost to rotation: say so, unless the manifest failed for a reason of its own.
    Err(match last_failure {
        Some(Error::Read { path, source }) if source.kind() != std::io::ErrorKind::NotFound => {
            Error::Read { path, source }
        }
        _ => Error::NotAnOutput {
            path: path.to_path_buf(),
            found: "snapshots deleted faster than one could be read (raise output.keep_snapshots)"
                .into(),
        },
    })
}

/// The snapshot folder to read for a path a user gives: `<output>/current` when `path` is an output
/// folder, or `path` itself when it is a snapshot (holds `manifest.json`).
///
/// # Errors
/// Neither: `Error::NotAnOutput`.
pub fn resolve_snapshot(path: &Path) -> Result<PathBuf> {
    let layout = Layout::new(path);
    if let Some(dir) = layout.current_snapshot() {
        return Ok(dir);
    }
    if path.join("manifest.json").is_file() {
        return Ok(path.to_path_buf());
    }
    Err(Error::NotAnOutput {
        path: path.to_path_buf(),
        found: "no current snapshot (has a run published here yet?)".into(),
    })
}
