//! The child's memory limit on Windows: a Job Object capping the memory its process commits,
//! as `setrlimit` caps the address space on Unix. The job is closed with the child's run, and
//! closing it ends a child still inside (KILL_ON_JOB_CLOSE).
//!
//! The child is put in the job just after it starts (std starts it running, not suspended):
//! what it allocates before then is bounded by the time it takes to spawn, well under the
//! limit, and from then on every allocation is counted.

use std::os::windows::io::AsRawHandle;
use windows_sys::Win32::Foundation::{CloseHandle, HANDLE};
use windows_sys::Win32::System::JobObjects::{
    AssignProcessToJobObject, CreateJobObjectW, JobObjectExtendedLimitInformation, SetInformationJobObject,
    JOBOBJECT_EXTENDED_LIMIT_INFORMATION, JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE,
    JOB_OBJECT_LIMIT_PROCESS_MEMORY,
};

/// A job holding one child; closed (and the child ended, if still running) when dropped.
pub(super) struct Job(HANDLE);

impl Drop for Job {
    fn drop(&mut self) {
        // SAFETY: the handle came from CreateJobObjectW and is closed once, here.
        unsafe { CloseHandle(self.0) };
    }
}

/// Puts `child` in a new job whose processes may commit at most `memory_mb` MB. None where
/// Windows refuses (the child then runs under the time limit only, as before).
pub(super) fn limit(child: &std::process::Child, memory_mb: u64) -> Option<Job> {
    // SAFETY: plain Win32 calls on a job made here and the child's live process handle; the
    // information block is a local of the size given.
    unsafe {
        let job = CreateJobObjectW(std::ptr::null(), std::ptr::null());
        if job.is_null() {
            return None;
        }
        let job = Job(job);
        let mut info: JOBOBJECT_EXTENDED_LIMIT_INFORMATION = std::mem::zeroed();
        info.BasicLimitInformation.LimitFlags =
            JOB_OBJECT_LIMIT_PROCESS_MEMORY | JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE;
        info.ProcessMemoryLimit = usize::try_from(memory_mb.saturating_mul(1 << 20)).unwrap_or(usize::MAX);
        let set = SetInformationJobObject(
            job.0,
            JobObjectExtendedLimitInformation,
            (&raw const info).cast(),
            std::mem::size_of::<JOBOBJECT_EXTENDED_LIMIT_INFORMATION>() as u32,
        );
        let process = child.as_raw_handle() as HANDLE;
        (set != 0 && AssignProcessToJobObject(job.0, process) != 0).then_some(job)
    }
}
