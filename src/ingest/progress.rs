//! Progress of long reads, for a person watching: the library never prints, it calls a hook
//! the binary installs.

/// How far a long read has got: the file (as displayed) and its bytes read so far of its size.
#[derive(Debug, Clone, Copy)]
pub struct Progress<'a> {
    pub file: &'a str,
    pub read: u64,
    pub total: u64,
}

static PROGRESS: std::sync::OnceLock<fn(Progress<'_>)> = std::sync::OnceLock::new();

/// Installs a function told of progress while large files are streamed (once per chunk). The
/// library never prints; the binary installs one when standard error is a terminal.
pub fn set_progress_hook(hook: fn(Progress<'_>)) {
    let _ = PROGRESS.set(hook);
}

/// The file whose progress owns the line, while it is being read.
static LINE_OWNER: std::sync::Mutex<Option<String>> = std::sync::Mutex::new(None);

/// Tells the hook how far `file` has got. Files are streamed on two threads at once (sites
/// beside guests and groups), but the hook is told of one file at a time: the file that first
/// claims the line keeps it until it is done, and the hook is only called under the lock, so
/// there is one writer and no thread erases another's line.
pub(super) fn report_progress(file: &str, read: u64, total: u64) {
    let Some(hook) = PROGRESS.get() else { return };
    let mut owner = LINE_OWNER
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if owner.as_deref().is_some_and(|o| o != file) {
        return;
    }
    hook(Progress { file, read, total });
    *owner = (read < total).then(|| file.to_string());
}
