//! The `logcheck` binary's global allocator: a bump arena in front of
//! mimalloc.
//!
//! A check is one burst of many small allocations that mostly live until the
//! report is printed. In a fresh process the cost that dominates is then not
//! `malloc` but the kernel handing out memory: every 2 MiB region touched is a
//! page fault that zeroes it, and mimalloc spreads the 5,000-logger bench
//! file's ≈ 10 MB heap over ≈ 28 MB of regions (its pages are per size
//! class). The arena packs allocations densely in one region marked for
//! transparent huge pages, so the process touches about what it allocates
//! (RSS 36 → 21 MB, the whole command ≈ 13 % faster; docs/performance.md).
//!
//! Freeing inside the arena gives memory back only when the block is the
//! most recent one (temporaries), and the most recent block grows in place.
//! Once the arena is used up, or if it cannot be mapped, requests go to
//! mimalloc, so a long run over thousands of files wastes at most the
//! arena's size. Linux only (the mapping uses `MADV_HUGEPAGE`); other targets
//! use mimalloc directly.

use std::alloc::{GlobalAlloc, Layout};
use std::sync::atomic::{AtomicUsize, Ordering};

const HUGE_PAGE: usize = 2 << 20;
/// `base` before the region is mapped.
const UNMAPPED: usize = 0;
/// `base` when mapping failed: everything goes to mimalloc.
const UNAVAILABLE: usize = usize::MAX;

pub struct ArenaFirst {
    /// Bytes of address space reserved (touched only as they are used).
    size: usize,
    base: AtomicUsize,
    /// First free byte; 0 until `base` is published.
    next: AtomicUsize,
}

impl ArenaFirst {
    pub const fn new(size: usize) -> Self {
        ArenaFirst {
            size,
            base: AtomicUsize::new(UNMAPPED),
            next: AtomicUsize::new(0),
        }
    }

    fn base(&self) -> Option<usize> {
        match self.base.load(Ordering::Acquire) {
            UNMAPPED => self.map(),
            UNAVAILABLE => None,
            base => Some(base),
        }
    }

    #[cold]
    fn map(&self) -> Option<usize> {
        let len = self.size + HUGE_PAGE;
        // SAFETY: an anonymous private mapping with no address hint; the
        // result is checked before use.
        let raw = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                len,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_NORESERVE,
                -1,
                0,
            )
        };
        let mapped = if raw == libc::MAP_FAILED {
            UNAVAILABLE
        } else {
            let base = (raw as usize).next_multiple_of(HUGE_PAGE);
            // SAFETY: the range lies inside the mapping just made; failure
            // only means small pages.
            unsafe { libc::madvise(base as *mut libc::c_void, self.size, libc::MADV_HUGEPAGE) };
            base
        };
        match self
            .base
            .compare_exchange(UNMAPPED, mapped, Ordering::AcqRel, Ordering::Acquire)
        {
            Ok(_) if mapped != UNAVAILABLE => self.next.store(mapped, Ordering::Release),
            Ok(_) => {}
            // Another thread mapped it first: drop ours.
            // SAFETY: our own mapping, never handed out.
            Err(_) if mapped != UNAVAILABLE => unsafe {
                libc::munmap(raw, len);
            },
            Err(_) => {}
        }
        match self.base.load(Ordering::Acquire) {
            UNAVAILABLE => None,
            base => {
                // The winner publishes `next` right after `base`.
                while self.next.load(Ordering::Acquire) == 0 {
                    std::hint::spin_loop();
                }
                Some(base)
            }
        }
    }

    /// Claims a fresh, non-overlapping range of the arena.
    #[inline]
    fn bump(&self, layout: Layout) -> Option<*mut u8> {
        // Acquire: a non-zero `next` was published after `base`.
        let mut next = self.next.load(Ordering::Acquire);
        if next == 0 {
            self.base()?;
            // Mapped (maybe by another thread that has yet to publish `next`).
            loop {
                next = self.next.load(Ordering::Acquire);
                if next != 0 {
                    break;
                }
                std::hint::spin_loop();
            }
        }
        let limit = self.base.load(Ordering::Relaxed) + self.size;
        // `align` is a power of two: round up with a mask, not a division.
        let mask = layout.align() - 1;
        loop {
            let start = next.checked_add(mask)? & !mask;
            let end = start.checked_add(layout.size())?;
            if end > limit {
                return None;
            }
            match self
                .next
                .compare_exchange_weak(next, end, Ordering::Relaxed, Ordering::Relaxed)
            {
                Ok(_) => return Some(start as *mut u8),
                Err(now) => next = now,
            }
        }
    }

    fn owns(&self, ptr: *mut u8) -> bool {
        let base = self.base.load(Ordering::Relaxed);
        let at = ptr as usize;
        base != UNMAPPED && base != UNAVAILABLE && at >= base && at < base + self.size
    }
}

// SAFETY: every block handed out is either a range of the arena that no other
// live block overlaps (claimed with a compare-exchange on `next`, returned only
// by its owner) or a mimalloc block; each block goes back to the allocator that
// made it.
unsafe impl GlobalAlloc for ArenaFirst {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        match self.bump(layout) {
            Some(p) => p,
            // SAFETY: the caller's contract, passed on.
            None => unsafe { mimalloc::MiMalloc.alloc(layout) },
        }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if self.owns(ptr) {
            // Only the most recent block can be given back (a plain load
            // first: most blocks are not, and a failed exchange is dear).
            let end = ptr as usize + layout.size();
            if self.next.load(Ordering::Relaxed) == end {
                let _ = self.next.compare_exchange(
                    end,
                    ptr as usize,
                    Ordering::Relaxed,
                    Ordering::Relaxed,
                );
            }
        } else {
            // SAFETY: a mimalloc block with this layout.
            unsafe { mimalloc::MiMalloc.dealloc(ptr, layout) }
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if !self.owns(ptr) {
            // SAFETY: a mimalloc block with this layout.
            return unsafe { mimalloc::MiMalloc.realloc(ptr, layout, new_size) };
        }
        if new_size <= layout.size() {
            return ptr;
        }
        // The most recent block grows in place.
        let start = ptr as usize;
        let limit = self.base.load(Ordering::Relaxed) + self.size;
        if let Some(new_end) = start.checked_add(new_size)
            && new_end <= limit
            && self
                .next
                .compare_exchange(
                    start + layout.size(),
                    new_end,
                    Ordering::Relaxed,
                    Ordering::Relaxed,
                )
                .is_ok()
        {
            return ptr;
        }
        // SAFETY: the caller guarantees `new_size` rounded to the alignment
        // does not overflow isize.
        let new_layout = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
        // SAFETY: as `alloc`.
        let new = unsafe { self.alloc(new_layout) };
        if !new.is_null() {
            // SAFETY: both blocks are valid for `layout.size()` bytes and
            // distinct live blocks never overlap.
            unsafe {
                std::ptr::copy_nonoverlapping(ptr, new, layout.size());
                self.dealloc(ptr, layout);
            }
        }
        new
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout(size: usize, align: usize) -> Layout {
        Layout::from_size_align(size, align).expect("layout")
    }

    #[test]
    fn blocks_are_aligned_and_the_latest_grows_in_place() {
        let arena = ArenaFirst::new(1 << 20);
        unsafe {
            let a = arena.alloc(layout(3, 1));
            let b = arena.alloc(layout(40, 16));
            assert!(arena.owns(a) && arena.owns(b));
            assert_eq!(b as usize % 16, 0);
            assert!(b as usize >= a as usize + 3);
            b.write_bytes(7, 40);
            let grown = arena.realloc(b, layout(40, 16), 4000);
            assert_eq!(grown, b, "the latest block grows where it is");
            assert!((0..40).all(|i| *grown.add(i) == 7));
            // `a` is not the latest: it moves, keeping its bytes.
            a.write_bytes(9, 3);
            let moved = arena.realloc(a, layout(3, 1), 100);
            assert_ne!(moved, a);
            assert!((0..3).all(|i| *moved.add(i) == 9));
            // freeing the latest block gives its bytes back
            arena.dealloc(moved, layout(100, 1));
            assert_eq!(arena.alloc(layout(100, 1)), moved);
        }
    }

    #[test]
    fn a_full_arena_hands_over_to_mimalloc() {
        let arena = ArenaFirst::new(1 << 20);
        unsafe {
            let big = arena.alloc(layout(1 << 20, 8));
            assert!(arena.owns(big));
            let more = arena.alloc(layout(64, 8));
            assert!(!more.is_null() && !arena.owns(more));
            more.write_bytes(1, 64);
            let grown = arena.realloc(more, layout(64, 8), 1 << 16);
            assert!(!arena.owns(grown) && *grown.add(63) == 1);
            arena.dealloc(grown, layout(1 << 16, 8));
            // a block that cannot grow in the arena moves out of it
            arena.dealloc(big, layout(1 << 20, 8));
            let small = arena.alloc(layout(16, 8));
            let _pin = arena.alloc(layout(16, 8));
            let out = arena.realloc(small, layout(16, 8), 2 << 20);
            assert!(!out.is_null() && !arena.owns(out));
            arena.dealloc(out, layout(2 << 20, 8));
        }
    }

    /// Threads allocating, growing and freeing at once never get blocks
    /// that overlap: each fills its blocks with its own byte and checks them.
    #[test]
    fn concurrent_blocks_never_overlap() {
        static ARENA: ArenaFirst = ArenaFirst::new(8 << 20);
        std::thread::scope(|scope| {
            for tag in 1..=4u8 {
                scope.spawn(move || unsafe {
                    let mut blocks: Vec<(*mut u8, Layout)> = Vec::new();
                    for round in 0..20_000usize {
                        let size = 1 + (round * 7 + tag as usize * 13) % 300;
                        let l = layout(size, 1 << (round % 4));
                        let p = ARENA.alloc(l);
                        p.write_bytes(tag, size);
                        blocks.push((p, l));
                        if round % 3 == 0 {
                            let (p, l) = blocks.swap_remove(round % blocks.len());
                            let new_size = l.size() * 2;
                            let q = ARENA.realloc(p, l, new_size);
                            q.add(l.size()).write_bytes(tag, new_size - l.size());
                            blocks.push((q, layout(new_size, l.align())));
                        }
                        if round % 5 == 0 {
                            let (p, l) = blocks.swap_remove(round % blocks.len());
                            assert!((0..l.size()).all(|i| *p.add(i) == tag));
                            ARENA.dealloc(p, l);
                        }
                    }
                    for (p, l) in blocks {
                        assert!((0..l.size()).all(|i| *p.add(i) == tag));
                        ARENA.dealloc(p, l);
                    }
                });
            }
        });
    }
}
