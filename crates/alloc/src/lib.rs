//! The allocator of the native programs (the `aspects` CLI and the
//! engine's benchmarks; the browser build has its own): mimalloc.
//!
//! Layer: none (a leaf the native binaries install as their global
//! allocator). Why mimalloc: an evaluation makes millions of small
//! allocations and frees them all at the end; mimalloc does both several
//! times faster than glibc's malloc (criterion, 203 aspects: 249 → 195 ms).
//!
//! Why not the `mimalloc` crate's `MiMalloc`: it asks for every block
//! through `mi_malloc_aligned`, whose v3 path works out the block's
//! natural alignment on each call. Nearly all of Rust's requests need at
//! most 8-byte alignment, which every mimalloc block has, so [`Mimalloc`]
//! calls plain `mi_malloc` for them (callgrind, `aspects eval` of 203
//! aspects: 450.3 → 429.2 M instructions, the same output).

use libmimalloc_sys as mi;
use std::alloc::{GlobalAlloc, Layout};
use std::ffi::c_void;

/// The alignment every mimalloc block has (a machine word).
const BLOCK_ALIGN: usize = std::mem::size_of::<usize>();

/// mimalloc as the global allocator: `#[global_allocator] static A:
/// Mimalloc = Mimalloc;`.
pub struct Mimalloc;

// SAFETY: each method returns what the matching mimalloc function does;
// requests needing more than BLOCK_ALIGN go through mimalloc's aligned
// functions, and mi_free frees blocks from either.
unsafe impl GlobalAlloc for Mimalloc {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if layout.align() <= BLOCK_ALIGN {
            mi::mi_malloc(layout.size()).cast()
        } else {
            mi::mi_malloc_aligned(layout.size(), layout.align()).cast()
        }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if layout.align() <= BLOCK_ALIGN {
            mi::mi_zalloc(layout.size()).cast()
        } else {
            mi::mi_zalloc_aligned(layout.size(), layout.align()).cast()
        }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
        mi::mi_free(ptr.cast::<c_void>())
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if layout.align() <= BLOCK_ALIGN {
            mi::mi_realloc(ptr.cast::<c_void>(), new_size).cast()
        } else {
            mi::mi_realloc_aligned(ptr.cast::<c_void>(), new_size, layout.align()).cast()
        }
    }
}

/// The memory mimalloc holds for the process (its committed bytes, freed
/// blocks included), for the evaluators' memory budget
/// (`aspects_nix::eval::set_heap_probe`).
pub fn committed_bytes() -> usize {
    let mut commit = 0usize;
    let none = std::ptr::null_mut();
    // SAFETY: every out-parameter but one is null, which mimalloc allows;
    // `commit` is a valid place for the one asked for.
    unsafe { mi::mi_process_info(none, none, none, none, none, &mut commit, none, none) };
    commit
}

/// mimalloc's `mi_option_purge_delay` (its place in `mi_option_e`,
/// mimalloc.h; libmimalloc-sys names no constant for it).
const MI_OPTION_PURGE_DELAY: mi::mi_option_t = 15;

/// Keeps freed memory instead of handing it back to the OS. A process
/// that runs one evaluation and ends would only fault it in again, which
/// cost more than the evaluation itself.
pub fn never_purge() {
    // SAFETY: sets a plain integer option; mimalloc reads options
    // atomically.
    unsafe { mi::mi_option_set(MI_OPTION_PURGE_DELAY, -1) };
}

/// mimalloc's `mi_option_arena_eager_commit` (its place in `mi_option_e`).
const MI_OPTION_ARENA_EAGER_COMMIT: mi::mi_option_t = 4;

/// Commits the memory of mimalloc's arenas as it is used rather than
/// all at once. With eager commits (v3's default on Linux) more of an
/// arena became resident than was ever used: the peak RSS of `aspects
/// eval` at N=1000 was 124 MB with them and 107 MB without (same speed
/// within the noise of alternating runs). It applies to arenas made after
/// it is set, so it is set when the program is loaded (below), before
/// the Rust runtime's first allocation makes the first arena.
pub fn commit_on_demand() {
    // SAFETY: sets a plain integer option; mimalloc reads options
    // atomically.
    unsafe { mi::mi_option_set(MI_OPTION_ARENA_EAGER_COMMIT, 0) };
}

/// [`commit_on_demand`] before `main`: the Rust runtime allocates (and
/// mimalloc makes its first arena) before `main` runs. On Linux only,
/// where a function listed in `.init_array` runs at load time.
#[cfg(all(target_os = "linux", not(test)))]
#[used]
#[link_section = ".init_array"]
static COMMIT_ON_DEMAND_AT_LOAD: extern "C" fn() = {
    extern "C" fn at_load() {
        commit_on_demand();
    }
    at_load
};

/// Whether arenas are committed eagerly now (0: no; 1: yes; 2: only
/// where the OS overcommits).
pub fn arena_eager_commit() -> std::ffi::c_long {
    // SAFETY: reads a plain integer option.
    unsafe { mi::mi_option_get(MI_OPTION_ARENA_EAGER_COMMIT) }
}

/// The purge delay now in force (milliseconds; -1: never).
pub fn purge_delay() -> std::ffi::c_long {
    // SAFETY: reads a plain integer option.
    unsafe { mi::mi_option_get(MI_OPTION_PURGE_DELAY) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_meet_every_alignment_asked_for() {
        let a = Mimalloc;
        for align in [1usize, 2, 4, 8, 16, 32, 64, 4096] {
            for size in [1usize, 3, 8, 12, 24, 40, 100, 1000, 70_000] {
                let layout = Layout::from_size_align(size, align).unwrap();
                // SAFETY: a non-zero layout; the block is written within
                // its size and freed once.
                unsafe {
                    let p = a.alloc(layout);
                    assert!(!p.is_null());
                    assert_eq!(p as usize % align, 0, "size {size} align {align}");
                    p.write_bytes(0xAB, size);
                    let z = a.alloc_zeroed(layout);
                    assert_eq!(z as usize % align, 0);
                    assert!(std::slice::from_raw_parts(z, size).iter().all(|b| *b == 0));
                    let q = a.realloc(p, layout, size * 3);
                    assert_eq!(q as usize % align, 0, "realloc size {size} align {align}");
                    assert!(std::slice::from_raw_parts(q, size)
                        .iter()
                        .all(|b| *b == 0xAB));
                    a.dealloc(q, Layout::from_size_align(size * 3, align).unwrap());
                    a.dealloc(z, layout);
                }
            }
        }
    }

    #[test]
    fn commit_on_demand_turns_off_eager_arena_commits() {
        // v3's default is 2 (eager where the OS overcommits, src/options.c).
        assert_eq!(arena_eager_commit(), 2);
        commit_on_demand();
        assert_eq!(arena_eager_commit(), 0);
    }

    #[test]
    fn never_purge_sets_mimallocs_purge_delay() {
        // mimalloc v3's default is 1000 ms (src/options.c): reading it
        // back first confirms the option's number.
        assert_eq!(purge_delay(), 1000);
        never_purge();
        assert_eq!(purge_delay(), -1);
    }
}
