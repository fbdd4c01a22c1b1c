//! Stamps: what the file system says of a file or folder, to tell cheaply that it did not
//! change since it was last looked at.
//!
//! Reading the content folder and writing the output folder both use them to skip work on
//! files nobody touched; both fall back to reading or checking the file itself when there is
//! no stamp or it cannot vouch.

use std::path::Path;
use std::time::{Duration, SystemTime};

/// How long before a stamp is relied on a file must have last changed for the stamp to
/// vouch for it. A change within one tick of the file system's clock may leave the stamp as
/// it was; the tick is a few milliseconds on Linux, but FAT (a memory stick) keeps times in
/// steps of two seconds.
pub(crate) const SETTLED: Duration = Duration::from_millis(2100);

/// What the file system says of a file or folder that changes whenever its bytes (or, for a
/// folder, its entries) do. Unix only: elsewhere there is no stamp and callers look closer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Stamp {
    device: u64,
    inode: u64,
    len: u64,
    modified: (i64, i64),
    changed: (i64, i64),
}

impl Stamp {
    #[cfg(unix)]
    pub(crate) fn of(path: &Path) -> Option<Stamp> {
        use std::os::unix::fs::MetadataExt;
        let meta = std::fs::metadata(path).ok()?;
        Some(Stamp {
            device: meta.dev(),
            inode: meta.ino(),
            len: meta.len(),
            modified: (meta.mtime(), meta.mtime_nsec()),
            changed: (meta.ctime(), meta.ctime_nsec()),
        })
    }

    #[cfg(not(unix))]
    pub(crate) fn of(_: &Path) -> Option<Stamp> {
        None
    }

    /// Whether the file last changed at least [`SETTLED`] before `time`.
    pub(crate) fn settled_before(&self, time: SystemTime) -> bool {
        let Some(limit) = time
            .checked_sub(SETTLED)
            .and_then(|t| t.duration_since(SystemTime::UNIX_EPOCH).ok())
        else {
            return false;
        };
        let (secs, nanos) = self.changed;
        (secs, nanos) < (limit.as_secs() as i64, i64::from(limit.subsec_nanos()))
    }
}
