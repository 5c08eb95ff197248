//! The tutorial (work in progress).
