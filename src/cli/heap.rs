//! The binary's heap for large inputs: glibc's malloc settings and one
//! piece of kernel advice, taken before a large file is read.
//!
//! Checking a file costs about fifteen bytes of heap per byte of text, and
//! on Linux every fresh 4 KiB page of it costs a page fault (≈ 1.8 µs here:
//! zeroing, memory-cgroup accounting). For a file of half a megabyte that is
//! ≈ 1,800 faults, a fifth of the whole process. glibc can back its heap
//! with transparent huge pages (its `glibc.malloc.hugetlb=1` tunable), but
//! only through an environment variable read at start-up. This module does
//! what that tunable does, for the one heap the checking thread uses, and
//! only when the input is large: a typical config (a few KiB) needs a few
//! hundred KiB of heap, and zeroing a 2 MiB page would cost it more than
//! its faults. Nothing here changes what the program computes; on other
//! systems, or when a call fails, the heap stays as it was.

/// Inputs at least this large get the huge-page heap (docs/performance.md,
/// "Eleventh round": measured, 66 KiB of text is 3 % slower with it,
/// 108 KiB 4 % faster, 467 KiB 25 % faster).
pub const LARGE_INPUT_BYTES: u64 = 128 * 1024;

/// Prepares the main thread's heap for checking `input_bytes` of text. Call
/// it once, before the files are read; it does nothing for small inputs.
pub fn prepare(input_bytes: u64) {
    if input_bytes >= LARGE_INPUT_BYTES {
        imp::huge_page_heap();
    }
}

#[cfg(all(target_os = "linux", target_env = "gnu"))]
mod imp {
    /// The heap is grown by this much at once: one region the advice below
    /// covers (address space only; pages are touched as they are used).
    const RESERVE: usize = 64 << 20;
    /// glibc's largest mmap threshold on 64-bit systems (32 MiB).
    const MMAP_THRESHOLD: libc::c_int = 32 << 20;
    /// Transparent huge pages are 2 MiB on x86-64 and on arm64 with 4 KiB
    /// pages; the advice is aligned to that.
    const HUGE_PAGE: usize = 2 << 20;

    /// glibc's `hugetlb=1`, by hand: blocks up to 32 MiB come from the
    /// break heap, freed memory stays in it for reuse (no trimming), the heap
    /// grows in one [`RESERVE`] step, and that range is advised
    /// `MADV_HUGEPAGE`.
    pub fn huge_page_heap() {
        // SAFETY: sbrk(0) only reads the current program break.
        let before = unsafe { libc::sbrk(0) } as usize;
        // SAFETY: mallopt only changes glibc's malloc parameters; each value
        // is within the range glibc accepts (it returns 0 otherwise and
        // keeps the old value, which is harmless).
        unsafe {
            libc::mallopt(libc::M_MMAP_THRESHOLD, MMAP_THRESHOLD);
            libc::mallopt(libc::M_TRIM_THRESHOLD, libc::c_int::MAX);
            libc::mallopt(libc::M_TOP_PAD, RESERVE as libc::c_int);
        }
        // One allocation larger than what is left at the top of the heap
        // makes glibc grow the break by it plus the new top pad; freed, it
        // stays at the top, untrimmed.
        drop(std::hint::black_box(Vec::<u8>::with_capacity(1 << 20)));
        // SAFETY: as above.
        let end = unsafe { libc::sbrk(0) } as usize;
        // The whole growth, from the first huge-page boundary in it: what
        // lies below `before` is the start-up heap, in use already.
        let start = before.next_multiple_of(HUGE_PAGE);
        if before == usize::MAX || end == usize::MAX || end <= start {
            return;
        }
        let len = (end - start) / HUGE_PAGE * HUGE_PAGE;
        if len == 0 {
            return;
        }
        // SAFETY: madvise with MADV_HUGEPAGE is advice: it changes how the
        // kernel backs the pages of [start, start + len), never their
        // contents or protection, and fails harmlessly (ENOMEM, EINVAL) on a
        // range that is not mapped or a kernel without THP.
        unsafe {
            libc::madvise(start as *mut libc::c_void, len, libc::MADV_HUGEPAGE);
        }
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
mod imp {
    /// Other systems' allocators manage their own heaps.
    pub fn huge_page_heap() {}
}

#[cfg(test)]
mod tests {
    /// The prepared heap is an ordinary heap: blocks of many sizes made
    /// after it, small and beyond glibc's usual mmap threshold, keep their
    /// contents, and freeing them in any order is fine.
    #[test]
    fn blocks_allocated_after_preparing_keep_their_contents() {
        super::prepare(super::LARGE_INPUT_BYTES);
        let fill = |i: usize| (i % 251) as u8;
        let mut blocks: Vec<Vec<u8>> = (0..600)
            .map(|i| vec![fill(i); (i * 7_919) % 300_000 + 1])
            .collect();
        for i in (0..blocks.len()).step_by(3) {
            blocks[i] = Vec::new();
        }
        for (i, block) in blocks.iter().enumerate() {
            assert!(block.iter().all(|&b| b == fill(i)), "block {i}");
        }
    }
}
