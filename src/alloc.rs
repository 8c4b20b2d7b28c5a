//! The binary's global allocator: mimalloc for everything Rust allocates, and C's `free` for
//! memory that C code allocated and Rust code frees.
//!
//! Oxigraph takes ownership of RocksDB's error messages with `CString::from_raw`, so the
//! message that RocksDB `strdup`ed (glibc's malloc) is freed through the global allocator.
//! Plain mimalloc looks such a pointer up in its page map, finds no page and crashes: every
//! RocksDB error (a full disk) ended the process with SIGSEGV after its message was printed.
//! mimalloc knows its own memory (`mi_is_in_heap_region`, one page-map read), so whatever is
//! not its own goes back to the allocator that made it.

use libmimalloc_sys::mi_is_in_heap_region;
use mimalloc::MiMalloc;
use std::alloc::{GlobalAlloc, Layout};
use std::ffi::c_void;

pub struct Allocator;

// SAFETY: every block is allocated by mimalloc, and freed by mimalloc or, when mimalloc did not
// allocate it, by the C allocator that did.
unsafe impl GlobalAlloc for Allocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        unsafe { MiMalloc.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        unsafe { MiMalloc.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe {
            if mi_is_in_heap_region(ptr.cast()) {
                MiMalloc.dealloc(ptr, layout);
            } else {
                libc::free(ptr.cast::<c_void>());
            }
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        unsafe {
            if mi_is_in_heap_region(ptr.cast()) {
                return MiMalloc.realloc(ptr, layout, new_size);
            }
            let Ok(new_layout) = Layout::from_size_align(new_size, layout.align()) else {
                return std::ptr::null_mut();
            };
            let moved = MiMalloc.alloc(new_layout);
            if !moved.is_null() {
                std::ptr::copy_nonoverlapping(ptr, moved, layout.size().min(new_size));
                libc::free(ptr.cast::<c_void>());
            }
            moved
        }
    }
}

#[cfg(test)]
mod tests {
    use std::ffi::CString;

    /// What oxigraph does with a RocksDB error message; with plain mimalloc this crashes.
    #[test]
    fn strings_c_allocated_are_freed_by_c() {
        for text in [c"IO error: No space left on device", c""] {
            // SAFETY: strdup returns a NUL-terminated copy (or null, checked).
            let owned = unsafe {
                let copy = libc::strdup(text.as_ptr());
                assert!(!copy.is_null());
                CString::from_raw(copy)
            };
            assert_eq!(owned.as_c_str(), text);
            let mut bytes = owned.into_bytes();
            // Growing it reallocates the C block.
            bytes.extend_from_slice(b" and more");
            assert!(bytes.ends_with(b"and more"));
        }
    }
}
