//! A size-class allocator that replaces Rust's default dlmalloc, whose code took about 8 KB of
//! this crate's wasm after `wasm-opt -Oz`.
//!
//! Every block is a power of two in size and aligned to its size, so it satisfies any alignment
//! up to its size. Freed blocks go to a free list per size and are reused by the next request of
//! that size, so a page that receives many resize messages reuses the same few blocks. Memory
//! is never returned, which wasm linear memory cannot do anyway.

use core::alloc::{GlobalAlloc, Layout};
use core::arch::wasm32;
use core::cell::UnsafeCell;
use core::ptr;

const PAGE_SIZE: usize = 65536;
/// One class per power of two that fits in a wasm32 address.
const CLASS_COUNT: usize = usize::BITS as usize;

#[global_allocator]
static ALLOCATOR: SizeClassAllocator =
    SizeClassAllocator { state: UnsafeCell::new(State { free_lists: [0; CLASS_COUNT], next: 0, end: 0 }) };

struct SizeClassAllocator {
    state: UnsafeCell<State>,
}

/// Addresses in linear memory. Each free block stores the address of the next free block of
/// its class in its first word, and 0 ends a list.
struct State {
    free_lists: [usize; CLASS_COUNT],
    /// Start of the part of the heap that no block has used yet.
    next: usize,
    /// End of linear memory, or 0 before the first allocation.
    end: usize,
}

// SAFETY: wasm32-unknown-unknown without the `atomics` feature runs on one thread only.
unsafe impl Sync for SizeClassAllocator {}

/// Returns log2 of the block size for `layout`. A block is at least one word long, so that it
/// can hold the free-list link, and at least as long as the alignment.
fn size_class(layout: Layout) -> Option<usize> {
    let size = layout.size().max(layout.align()).max(size_of::<usize>());
    Some(size.checked_next_power_of_two()?.trailing_zeros() as usize)
}

impl State {
    /// Takes an unused block of `1 << class` bytes from the heap end, growing memory when needed.
    fn take_new_block(&mut self, class: usize) -> Option<usize> {
        let block_size = 1usize.checked_shl(class as u32)?;
        if self.end == 0 {
            // The heap starts in fresh pages, above the stack and static data of the module.
            let first_page = wasm32::memory_grow(0, 1);
            if first_page == usize::MAX {
                return None;
            }
            self.next = first_page * PAGE_SIZE;
            self.end = self.next + PAGE_SIZE;
        }
        let start = self.next.checked_next_multiple_of(block_size)?;
        let block_end = start.checked_add(block_size)?;
        if block_end > self.end {
            let pages = (block_end - self.end).div_ceil(PAGE_SIZE);
            // Only this allocator grows memory, so the old size always equals `self.end`.
            if wasm32::memory_grow(0, pages) == usize::MAX {
                return None;
            }
            self.end += pages * PAGE_SIZE;
        }
        self.next = block_end;
        Some(start)
    }
}

unsafe impl GlobalAlloc for SizeClassAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: single-threaded, and no other reference to the state exists during this call.
        let state = unsafe { &mut *self.state.get() };
        let Some(class) = size_class(layout) else {
            return ptr::null_mut();
        };
        // `get_mut` instead of indexing keeps panic code out, although every class is in range.
        if let Some(head) = state.free_lists.get_mut(class).filter(|head| **head != 0) {
            let block = *head;
            // SAFETY: `block` is a free block of this class, and its first word holds the link.
            *head = unsafe { *(block as *const usize) };
            return block as *mut u8;
        }
        state.take_new_block(class).map_or(ptr::null_mut(), |block| block as *mut u8)
    }

    unsafe fn dealloc(&self, pointer: *mut u8, layout: Layout) {
        // SAFETY: single-threaded, and no other reference to the state exists during this call.
        let state = unsafe { &mut *self.state.get() };
        if let Some(head) = size_class(layout).and_then(|class| state.free_lists.get_mut(class)) {
            // SAFETY: the caller gives back a block of this class, at least one word long and
            // aligned to a word, that nothing uses any more.
            unsafe { *(pointer as *mut usize) = *head };
            *head = pointer as usize;
        }
    }

    unsafe fn realloc(&self, pointer: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: the caller guarantees that `new_size` with this alignment is a valid layout.
        let new_layout = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
        if size_class(layout) == size_class(new_layout) {
            return pointer;
        }
        // SAFETY: the blocks do not overlap, and both hold at least the bytes copied.
        unsafe {
            let new_pointer = self.alloc(new_layout);
            if !new_pointer.is_null() {
                ptr::copy_nonoverlapping(pointer, new_pointer, layout.size().min(new_size));
                self.dealloc(pointer, layout);
            }
            new_pointer
        }
    }
}
