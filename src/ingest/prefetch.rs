//! The crate's one `unsafe`: a cache prefetch hint, kept alone in this file so it is easy to
//! audit. The guest index asks for a slot a few members before it compares it.

/// Asks for the cache line(s) holding `value` without waiting for them.
#[inline(always)]
pub(super) fn prefetch<T>(value: &T) {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
        let p = std::ptr::from_ref(value).cast::<i8>();
        // SAFETY: SSE is part of every x86_64 target, and a prefetch is only a hint: it never
        // faults and reads nothing the program sees.
        unsafe {
            _mm_prefetch::<_MM_HINT_T0>(p);
            _mm_prefetch::<_MM_HINT_T0>(p.wrapping_add(size_of::<T>() - 1));
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = value;
}
